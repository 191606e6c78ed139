"""Key press to repaint in a long article, and the time to open it from the library.

Usage: python bench/bench_keys.py [--words 5000] [--entities 500] [--rounds 3]

Builds an article of N words with M suggested entities in a temporary
database, opens it with the Pilot and times each key press until the app has
processed it and repainted (Pilot.press waits for the screen to settle).
Movement, jumps, selection, review and undo keys are mixed. Prints the median
and 95th percentile per key kind and overall, and the median time from Enter
in the library to a painted reader.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.models import Article, ArticleMeta, Entity  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.text import content_hash  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.screens.reader import ReaderScreen  # noqa: E402

VOCAB = (
    "the minister said that India and Russia will sign a defence agreement in New Delhi "
    "next month while the delegation visited formations of the army and discussed "
    "missiles deals summit cooperation partnership talks"
).split()
KEYS = {
    "char": ["right", "left"],
    "word": ["w", "b"],
    "line": ["down", "up"],
    "entity": ["tab", "shift+tab"],
    "suggestion": ["full_stop"],
    "select": ["shift+right"],
    "review": ["a", "x"],
    "undo": ["u", "U"],
}


class NoDetector:
    version = "bench"

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        raise AssertionError("stored entities are used")


def build(path: Path, words: int, entities: int) -> None:
    rng = random.Random(7)
    tokens = [rng.choice(VOCAB) for _ in range(words)]
    for i in range(0, words, 60):
        tokens[i] = tokens[i].capitalize()
        tokens[i + 59 if i + 59 < words else words - 1] += ".\n\n" if i % 300 == 0 else "."
    text = " ".join(tokens)
    article = Article(
        id=content_hash(text), origin="bench", raw=text, text=text, text_hash=content_hash(text),
        meta=ArticleMeta(title="Long article"), detected_with="bench",
    )  # fmt: skip
    offsets, pos = [], 0
    for token in tokens:
        offsets.append((pos, pos + len(token.rstrip(".\n"))))
        pos += len(token) + 1
    chosen = sorted(rng.sample(range(words), entities))
    with Store(path) as store:
        store.add_articles([article])
        with store.transaction():
            for index in chosen:
                start, end = offsets[index]
                store.put_entity(
                    Entity(article_id=article.id, start=start, end=end, label="ORG",
                           text=text[start:end])
                )  # fmt: skip


async def run(path: Path, rounds: int) -> tuple[dict[str, list[float]], list[float]]:
    timings: dict[str, list[float]] = {kind: [] for kind in KEYS}
    opens: list[float] = []
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(rounds):
                t = time.perf_counter()
                await pilot.press("enter")
                assert isinstance(app.screen, ReaderScreen)
                await pilot.pause()
                opens.append(time.perf_counter() - t)
                for _ in range(25):
                    for kind, keys in KEYS.items():
                        for key in keys:
                            t = time.perf_counter()
                            await pilot.press(key)
                            timings[kind].append(time.perf_counter() - t)
                await pilot.press("escape", "escape")
    return timings, opens


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.json"
        build(path, args.words, args.entities)
        timings, opens = asyncio.run(run(path, args.rounds))
    every = [t for values in timings.values() for t in values]
    print(f"article: {args.words} words, {args.entities} entities, terminal 120x40")
    for kind, values in timings.items():
        print(
            f"  {kind:<10} median {statistics.median(values) * 1000:6.1f} ms"
            f"   p95 {p95(values) * 1000:6.1f} ms   ({len(values)} presses)"
        )
    print(
        f"all keys: median {statistics.median(every) * 1000:.1f} ms, p95 {p95(every) * 1000:.1f} ms"
        f" over {len(every)} presses"
    )
    print(
        f"open from library: median {statistics.median(opens) * 1000:.0f} ms ({len(opens)} opens)"
    )


if __name__ == "__main__":
    main()
