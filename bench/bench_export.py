"""Export speed and memory: 10,000 synthetic articles (~500 words, ~40 entities and
2 events each: a VISIT with Visitor/Host/Time, a suggested RATIFY).

Prints seconds per format for 10k articles, and peak traced memory (tracemalloc)
at 1k and 10k articles to show whether it stays flat. The articles come from a
lazy in-memory source with the store's reads (and `events(article_id)`), so the
figures measure the exporters, not the database.

    python bench/bench_export.py [--articles 10000] [--formats jsonl,csv,...]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.formats import FORMATS, export
from annotations.models import Argument, Article, ArticleMeta, Entity, Event
from annotations.text import content_hash

WORDS = [
    "the",
    "delegation",
    "visited",
    "defence",
    "cooperation",
    "talks",
    "on“",
    "security”",
    "café",
    "ministers",
]
NAMES = [
    ("Sergey Lavrov", "PERSON"),
    ("New Delhi", "GPE"),
    ("S-400", "WEAPON"),
    ("Rosoboronexport", "ORG"),
    ("5 December 2025", "DATE"),
    ("Indian", "NORP"),
]


class SyntheticSource:
    """`n` articles made on demand; article i is the same on every pass."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._last: tuple[Article, list[Entity], list[Event]] | None = None

    def articles(self) -> Iterator[Article]:
        for i in range(self.n):
            self._last = self._article(i)
            yield self._last[0]

    def entities(self, article_id: str) -> list[Entity]:
        return self._made(article_id)[1]

    def events(self, article_id: str) -> list[Event]:
        return self._made(article_id)[2]

    def _made(self, article_id: str) -> tuple[Article, list[Entity], list[Event]]:
        if self._last is not None and self._last[0].id == article_id:
            return self._last
        return self._article(int(article_id[1:]))

    def _article(self, i: int) -> tuple[Article, list[Entity], list[Event]]:
        rng = random.Random(i)
        parts: list[str] = []
        entities: list[tuple[int, int, str, str]] = []
        pos = 0
        words = rng.choices(WORDS, k=500)
        names = rng.choices(NAMES, k=42)
        for w in range(500):
            if w % 12 == 0:
                name, label = names[w // 12]
                entities.append((pos, pos + len(name), label, name))
                piece = name
            else:
                piece = words[w]
            piece += "\n\n" if w % 80 == 79 else " "
            parts.append(piece)
            pos += len(piece)
        text = "".join(parts)
        article = Article(
            id=f"a{i}",
            origin="bench",
            raw=text,
            text=text,
            text_hash=content_hash(text),
            meta=ArticleMeta(title=f"Article {i}"),
        )
        states = ("suggested", "accepted", "rejected")
        found = [
            Entity(article_id=article.id, start=s, end=e, label=lab, text=t, state=states[k % 3])
            for k, (s, e, lab, t) in enumerate(entities)
        ]
        return article, found, _events(article, found)


def _events(article: Article, found: list[Entity]) -> list[Event]:
    """A VISIT (first PERSON visits first GPE, at the first DATE) and a suggested RATIFY."""
    first = {}
    for entity in found:
        first.setdefault(entity.label, entity)
    roles = (("Visitor", "PERSON"), ("Host", "GPE"), ("Time", "DATE"))
    args = [Argument(role=r, entity_id=first[lab].id) for r, lab in roles if lab in first]
    start = article.text.index("delegation") if "delegation" in article.text else 0
    end = start + (10 if start else 3)
    trigger = article.text[start:end]
    common = {"article_id": article.id, "trigger_start": start, "trigger_end": end}
    return [
        Event(type="VISIT", trigger_text=trigger, arguments=args, status="planned", **common),
        Event(type="RATIFY", trigger_text=trigger, arguments=args[:1], state="suggested", **common),
    ]


def run(name: str, n: int, folder: Path, traced: bool) -> tuple[float, float]:
    """Seconds and peak traced MiB (0 when not traced) for one export."""
    kind = FORMATS[name].kind
    out = folder / f"{name}-{n}-{traced}{'' if kind == 'folder' else '.out'}"
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    export(SyntheticSource(n), name, out)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    if traced:
        tracemalloc.stop()
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    small = max(args.articles // 10, 1)
    base = time.perf_counter()
    for _ in SyntheticSource(small).articles():
        pass
    make = (time.perf_counter() - base) * args.articles / small
    print(
        f"making the synthetic articles alone: ~{make:.1f} s per {args.articles} (included below)"
    )
    print(
        f"{'format':<12} {'time ' + str(args.articles):>12} {'peak MiB ' + str(small):>14} "
        f"{'peak MiB ' + str(args.articles):>15}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.formats.split(","):
            seconds, _ = run(name, args.articles, Path(tmp), traced=False)
            for leftover in Path(tmp).iterdir():  # keep the disk use of one export at a time
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
            _, peak_small = run(name, small, Path(tmp), traced=True)
            _, peak_big = run(name, args.articles, Path(tmp), traced=True)
            print(
                f"{name:<12} {seconds:>10.1f} s {peak_small:>14.1f} {peak_big:>15.1f}", flush=True
            )


if __name__ == "__main__":
    main()
