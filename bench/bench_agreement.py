"""Agreement time for two analysts' layers of many articles.

    python bench/bench_agreement.py [--articles 10000] [--per-article 10]

Writes two jsonl exports of the same synthetic articles (10 annotations each
by default, so 100,000 per layer at 10,000 articles); the second analyst
relabels, drops or shifts about one annotation in five. Then times, in this
process, what `newsdesk agreement` does: reading both files and comparing
them, and prints the peak resident memory beside the size of the files.
Then the same two layers kept in a database (`import --as`) and compared
there, as `newsdesk agreement` without files and the F4 screen do.
Last, the F4 screen on that database in the app (Pilot): the time until it
shows, and until its figures arrive from its worker.
Goal: under 5 s for 10,000 articles / 100,000 annotations per layer.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.models import Article, ArticleMeta, Entity
from annotations.store import Store
from annotations.team.agreement import compare
from annotations.team.documents import LAYERS, AnalystLayer, layer_id
from annotations.team.files import LayerArticle, paired, read_layer
from annotations.team.layers import Layers
from annotations.text import content_hash
from bench.vocabulary import NEWS_WORDS

LABELS = ("PERSON", "ORG", "GPE", "DATE", "WEAPON")


def write_layers(folder: Path, articles: int, per_article: int) -> tuple[Path, Path]:
    rng = random.Random(11)
    a_path, b_path = folder / "ana.jsonl", folder / "ben.jsonl"
    with a_path.open("w") as a_out, b_path.open("w") as b_out:
        for n in range(articles):
            words = [rng.choice(NEWS_WORDS) for _ in range(per_article * 6)] + [str(n)]
            text = " ".join(words)
            starts = [0]
            for w in words[:-1]:
                starts.append(starts[-1] + len(w) + 1)
            aid = content_hash(text)
            article = {
                "id": aid, "origin": "bench", "raw": text, "text": text, "text_hash": aid,
                "meta": {"title": f"article {n}"},
            }  # fmt: skip
            a_ents, b_ents = [], []
            for k in range(per_article):
                i = k * 6 + rng.randrange(5)
                start, end = starts[i], starts[i] + len(words[i])
                label = rng.choice(LABELS)
                a_ents.append(entity(aid, text, start, end, label))
                roll = rng.random()
                if roll < 0.07:
                    continue  # ben left it out
                if roll < 0.14:
                    label = rng.choice(LABELS)
                elif roll < 0.2:
                    start, end = starts[i + 1], starts[i + 1] + len(words[i + 1])
                b_ents.append(entity(aid, text, start, end, label))
            for out, ents in ((a_out, a_ents), (b_out, b_ents)):
                line = {"newsdesk": 1, "article": article, "entities": ents, "events": []}
                out.write(json.dumps(line) + "\n")
    return a_path, b_path


def entity(aid: str, text: str, start: int, end: int, label: str) -> dict[str, object]:
    return {
        "article_id": aid, "start": start, "end": end, "label": label, "text": text[start:end],
        "source": "analyst", "state": "accepted",
    }  # fmt: skip


def build_database(db: Path, *layers: dict[str, LayerArticle]) -> None:
    """A database holding the articles, and each layer as `import --as` keeps it."""
    with Store(db) as store:
        first = layers[0]
        store.add_articles(
            Article(id=x.article_id, origin="bench", raw=x.text, text=x.text,
                    text_hash=content_hash(x.text), meta=ArticleMeta(title=x.title),
                    detected_with="bench")  # no detection starts when the app opens it
            for x in first.values()
        )  # fmt: skip
        for name, layer in zip(("ana", "ben"), layers, strict=True):
            docs = [
                AnalystLayer(
                    id=layer_id(name, x.article_id),
                    analyst=name,
                    article_id=x.article_id,
                    text_hash=key,
                    entities=[
                        Entity(
                            article_id=x.article_id,
                            start=s.start,
                            end=s.end,
                            label=s.label,
                            text=x.text[s.start : s.end],
                            source="analyst",
                            state="accepted",
                        )
                        for s in x.layer.spans
                    ],
                )
                for key, x in layer.items()
            ]
            store.put_many(LAYERS, docs)  # type: ignore[arg-type]


def peak_mib() -> float:
    """This process's peak resident memory so far (VmHWM)."""
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


async def f4_times(db: Path) -> tuple[float, float, float]:
    """Seconds from F4 until the agreement screen has painted (its sliced work starts
    after the first paint), the longest single step of that work (how long a key can
    wait), and until its figures are in."""
    from collections.abc import Iterator

    from textual.widgets import DataTable

    import tui.screens.team as team_screen
    from tui.app import make_app

    marks: list[float] = []
    real = team_screen.run_in_slices

    def timed(owner, steps, failed):  # type: ignore[no-untyped-def]
        def stamped() -> Iterator[object]:
            for step in steps:
                marks.append(time.perf_counter())
                yield step

        real(owner, stamped(), failed)

    team_screen.run_in_slices = timed  # type: ignore[assignment]
    with Store(db) as store:
        app = make_app(store)
        async with app.run_test(size=(140, 40)) as pilot:
            while not app.background_done():  # the library is up and settled
                await pilot.pause(0.02)
            t0 = time.perf_counter()
            await pilot.press("f4")
            while type(app.screen).__name__ != "AgreementScreen" or not marks:
                await pilot.pause(0.005)
            while not app.screen.query_one("#agreement", DataTable).row_count:
                await pilot.pause(0.01)
            longest = max(b - a for a, b in itertools.pairwise(marks))
            return marks[0] - t0, longest, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-article", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a_path, b_path = write_layers(Path(tmp), args.articles, args.per_article)
        size = (a_path.stat().st_size + b_path.stat().st_size) / 2**20
        before = peak_mib()
        t0 = time.perf_counter()
        a, _ = read_layer(a_path)
        b, _ = read_layer(b_path)
        t1 = time.perf_counter()
        report = compare("ana", "ben", paired(a, b))
        t2 = time.perf_counter()
        peak = peak_mib()
    total = args.articles * args.per_article
    print(f"{args.articles:,} articles, {total:,} annotations per layer, files {size:.0f} MiB")
    print(f"  read both exports  {t1 - t0:6.2f} s")
    print(f"  compare            {t2 - t1:6.2f} s")
    print(f"  total              {t2 - t0:6.2f} s   (goal < 5 s)")
    print(f"  peak RSS           {peak:6.0f} MiB (was {before:.0f} MiB before reading)")
    print(f"  span F1 {report.spans.f1:.3f}, kappa {report.kappa:.3f}, {report.tokens:,} tokens")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "lead.json"
        build_database(db, a, b)
        with Store(db, read_only=True) as store:
            layers = Layers(store, "lead")
            t0 = time.perf_counter()
            in_db = compare("ana", "ben", layers.compared("ana", "ben"))
            t1 = time.perf_counter()
        print(
            f"  in a database: compare {t1 - t0:6.2f} s"
            f" (peak RSS {peak_mib():.0f} MiB, building it included)"
        )
        assert in_db.spans == report.spans  # the same figures either way
        shown, longest, figures = asyncio.run(f4_times(db))
        print(
            f"  F4 in the app: painted after {shown:5.2f} s, longest step {longest:5.2f} s,"
            f" figures in {figures:5.2f} s"
        )


if __name__ == "__main__":
    main()
