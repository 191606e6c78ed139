"""Ingest throughput and the cost of teaching across a corpus.

    python bench/bench_ingest.py [--articles 1000] [--runs 3] [--processes 1]

Articles are synthetic but realistic: the seeds' cleaned sentences shuffled
into paragraphs under a title, wrapped in the page residue the seeds carry
(section line, share buttons, a dateline). Each run ingests them into a fresh
database (read + clean + dedupe + store) and detects their entities (model +
rules + taught patterns + store, cold on-disk cache), and runs two baselines of
bare spaCy over the same cleaned texts with the same number of processes
(--processes, default 1), the order of the three sides reversed every other
run: the model loaded with its `ner` component alone (the small model's `ner`
embeds tokens itself; its shared `tok2vec` feeds only the tagger and parser),
and with that shared `tok2vec` too (as this bench ran it before newsdesk
stopped loading it). Figures are medians of the runs, in words of cleaned text
per second of wall time, and per CPU second (this process and its forked
workers): the steadier ratio on a busy machine; the ratios are medians of the
per-run ratios. With --processes above 1, each run also ingests with one
process, and the bench says what the extra processes gain.

Then, on the last database: a warm-cache re-detection, and what teaching
costs when the analyst accepts one entity (the edit, the index update, the
worker's search of every text, the main thread's save).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.corpus import load  # noqa: E402
from annotations.entities.detector import Detector, model_path  # noqa: E402
from annotations.models import Article  # noqa: E402
from annotations.pipeline import SEEDS_DIR, detect, ingest  # noqa: E402
from annotations.review.editor import Editor  # noqa: E402
from annotations.review.teaching import (  # noqa: E402
    TeachingIndex,
    article_texts,
    find_taught,
    store_taught,
)
from annotations.store import Store  # noqa: E402

SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])")
RESIDUE = "News\n\n{title}\n\nSocialTwist Tell-a-Friend    Print this Page   COMMENT\n\n"
DATELINE = "{place} | {month} {day}, 2025 {hour}:{minute:02d}:11 AM IST\n"
PLACES = ("New Delhi", "Moscow", "Mumbai", "Chennai", "Bengaluru")
MONTHS = ("October", "November", "December")


def seed_sentences() -> list[str]:
    """Sentences of the seeds' cleaned bodies."""
    bodies = [a.text for a in load([SEEDS_DIR]) if isinstance(a, Article)]
    return [s.strip() for b in bodies for s in SENTENCE.split(b) if len(s.split()) >= 5]


def synthetic_pages(n: int, folder: Path, seed: int = 7) -> None:
    """Write `n` scraped-looking .txt pages built from shuffled seed sentences."""
    rng = random.Random(seed)
    pool = seed_sentences()
    for i in range(n):
        picked = rng.sample(pool, min(len(pool), rng.randint(18, 30)))
        paragraphs, at = [], 0
        while at < len(picked):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(picked[at : at + size]))
            at += size
        title = " ".join(picked[0].split()[:9]).rstrip(",.;:")
        head = RESIDUE.format(title=f"{title} ({i})") + DATELINE.format(
            place=rng.choice(PLACES),
            month=rng.choice(MONTHS),
            day=rng.randint(1, 28),
            hour=rng.randint(1, 11),
            minute=rng.randint(0, 59),
        )
        (folder / f"{i:05d}.txt").write_text(head + "\n\n".join(paragraphs) + "\n")


def bare_ner(with_tok2vec: bool = False):  # type: ignore[no-untyped-def]
    """The default model with only its `ner` component (and, `with_tok2vec`, its shared
    `tok2vec`)."""
    import spacy

    path = model_path()
    keep = {"ner", "tok2vec"} if with_tok2vec else {"ner"}
    pipeline = spacy.util.load_config(path / "config.cfg")["nlp"]["pipeline"]
    return spacy.load(path, exclude=[c for c in pipeline if c not in keep])


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (forked workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_cpu(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result): CPU is the steadier one on a busy machine."""
    c0 = cpu_seconds()
    wall, out = timed(fn)
    return wall, cpu_seconds() - c0, out


Side = Callable[[], object]


def one_run(sides: dict[str, Side], reverse: bool) -> dict[str, tuple[float, float]]:
    """(wall seconds, CPU seconds) of each side, run in order (reversed when `reverse`)."""
    order = list(reversed(sides)) if reverse else list(sides)
    found: dict[str, tuple[float, float]] = {}
    for name in order:
        wall, cpu, _ = timed_cpu(sides[name])
        found[name] = (wall, cpu)
    return found


def whole_ingest(pages: Path, work: Path, detector: Detector, processes: int) -> Side:
    """Ingest (read + clean + dedupe + store) then detect (model + rules + taught
    patterns + store) into a fresh database in `work`."""

    def run() -> None:
        with Store(work / "newsdesk.json") as store:
            report = ingest(store, [pages])
            ids = [a.id for a in report.added]
            detect(store, detector, ids, cache_dir=work / "cache", processes=processes)

    return run


def bare_run(nlp, texts: list[str], processes: int) -> Side:  # type: ignore[no-untyped-def]
    """Bare spaCy over the cleaned texts, with spaCy's own `n_process`."""

    def run() -> None:
        for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
            pass

    return run


def teaching_cost(db: Path, detector: Detector) -> None:
    """Warm re-detection, then what accepting one entity costs across the corpus."""
    with Store(db) as store:
        ids = store.article_ids()
        t, _ = timed(
            lambda: detect(store, detector, ids, cache_dir=db.parent / "cache", processes=1)
        )
        print(f"  re-detect, warm cache: {len(ids)} articles in {t:.2f} s")
        t_index, index = timed(lambda: TeachingIndex.from_store(store))
        t_texts, texts = timed(lambda: article_texts(store))
        print(f"  first edit only: index {t_index * 1000:.0f} ms, texts {t_texts * 1000:.0f} ms")
        first = store.entities(ids[0])
        cases = [
            ("accept", next(e for e in first if e.label == "PERSON" and " " in e.text)),
            ("relabel as NORP", next(e for e in first if e.label == "GPE")),
        ]
        for kind, target in cases:
            editor = Editor(store, ids[0])
            if kind == "accept":
                t_edit, _ = timed(lambda: editor.accept([target.id]))  # noqa: B023
            else:
                t_edit, _ = timed(lambda: editor.relabel(target.id, "NORP"))  # noqa: B023
            t_update, changed = timed(lambda: index.update(ids[0], editor.entities.values()))  # noqa: B023
            patterns = index.patterns()
            t_find, found = timed(lambda: find_taught(patterns, texts, changed, ids[0]))  # noqa: B023
            t_store, touched = timed(lambda: store_taught(store, found, patterns, changed))  # noqa: B023
            print(f"  {kind} {target.text!r} ({target.label}) in one of {len(ids)} articles:")
            ms = {k: v * 1000 for k, v in (("e", t_edit), ("u", t_update), ("f", t_find))}
            print(f"    edit {ms['e']:.1f} ms + index update {ms['u']:.1f} ms (keystroke)")
            print(f"    worker search {ms['f']:.0f} ms; main-thread save {t_store * 1000:.0f} ms")
            print(f"    {len(found)} articles hold it, {len(touched)} changed")


BASELINES = {"ner": "bare spaCy `ner` alone", "ner+tok2vec": "bare `ner` + shared `tok2vec`"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--processes", type=int, default=1, help="processes for ingest and both baselines"
    )
    args = parser.parse_args()
    detector = Detector()
    bare = {"ner": bare_ner(), "ner+tok2vec": bare_ner(with_tok2vec=True)}
    detector.nlp  # noqa: B018 - load outside the timing
    print(f"newsdesk's model runs {detector.nlp.pipe_names}")
    for name, nlp in bare.items():
        print(f"{BASELINES[name]} runs {nlp.pipe_names}")
    n = args.processes
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        synthetic_pages(args.articles, pages)
        texts = [a.text for a in load([pages]) if isinstance(a, Article)]
        words = sum(len(t.split()) for t in texts)
        runs: list[dict[str, tuple[float, float]]] = []
        db = Path()
        for run in range(args.runs):
            work = Path(tmp) / f"run{run}"
            sides = {"ingest": whole_ingest(pages, work, detector, n)}
            sides |= {name: bare_run(nlp, texts, n) for name, nlp in bare.items()}
            if n > 1:  # what the extra processes gain: the same ingest with one
                sides["one"] = whole_ingest(pages, Path(tmp) / f"one{run}", detector, 1)
            runs.append(one_run(sides, reverse=run % 2 == 1))
            db = work / "newsdesk.json"
            figures = "   ".join(
                f"{name} {words / runs[-1][name][0]:6.0f} words/s, "
                f"{words / runs[-1][name][1]:5.0f} per CPU s"
                for name in ("ingest", *BASELINES)
            )
            print(f"run {run}: {figures}")

        def median(side: str, which: int) -> float:
            return statistics.median(r[side][which] for r in runs)

        def ratio(a: str, b: str, which: int) -> float:
            return statistics.median(r[b][which] / r[a][which] for r in runs)

        mode = f"processes={n} on every side"
        print(f"\n{args.articles} articles, {words} words, median of {args.runs} runs, {mode}:")
        print(f"  {'':36} {'words/s':>8} {'per CPU s':>9} {'CPU s':>6}")
        rows = (("ingest", "whole ingest (clean + detect + store)"), *BASELINES.items())
        for side, label in rows:
            wall, cpu = words / median(side, 0), words / median(side, 1)
            print(f"  {label:36} {wall:8.0f} {cpu:9.0f} {median(side, 1):6.2f}")
        print("  ingest / baseline (median of the per-run ratios; goal >= 1.0 against `ner`):")
        for side, label in BASELINES.items():
            print(
                f"    against {label:30} {ratio('ingest', side, 0):5.2f} wall, "
                f"{ratio('ingest', side, 1):5.2f} per CPU second"
            )
        if n > 1:
            print(
                f"  {n} processes vs 1 (newsdesk)           {ratio('ingest', 'one', 0):8.2f}x "
                f"wall, {ratio('ingest', 'one', 1):.2f}x words per CPU second "
                f"(1 process: {words / median('one', 0):.0f} words/s)"
            )
        print(f"  load average (1 min) at the end       {os.getloadavg()[0]:8.2f}")
        teaching_cost(db, detector)


if __name__ == "__main__":
    main()
