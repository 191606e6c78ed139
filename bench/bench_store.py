"""Store benchmark: save latency as annotations grow, open time, library load time.

Builds 10,000 articles, then measures the latency of single annotation saves
(one `put_entity`, acknowledged = fsynced) at 1,000, 10,000 and 100,000 stored
annotations, then the time to open that database and list its library.

    /work/venv/bin/python bench/bench_store.py [--articles 10000] [--saves 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.store import Store
from tests.store_fixtures.factory import entities_for, make_article

LEVELS = (1_000, 10_000, 100_000)


def grow(store: Store, articles: list, target: int, made: int) -> int:
    """Add annotations in bulk (one save per 1,000) until `target` are stored."""
    while made < target:
        with store.transaction():
            for _ in range(min(1_000, target - made) // 10):
                article = articles[(made // 10) % len(articles)]
                for entity in entities_for(article, 10, start_id=made):
                    store.put_entity(entity)
                made += 10
    return made


def timed_saves(store: Store, articles: list, count: int, made: int) -> list[float]:
    """Latency (ms) of `count` single saves of a new annotation."""
    latencies = []
    for i in range(count):
        article = articles[(i * 7919) % len(articles)]
        entity = entities_for(article, 1, start_id=10_000_000 + made + i)[0]
        t0 = time.perf_counter()
        store.put_entity(entity)
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies


def report(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{label}: median {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    path = folder / "newsdesk.json"
    articles = [make_article(n) for n in range(args.articles)]
    t0 = time.perf_counter()
    store = Store(path)
    for i in range(0, len(articles), 1_000):
        store.add_articles(articles[i : i + 1_000])
    print(f"stored {len(articles):,} articles in {time.perf_counter() - t0:.1f} s ({folder})")
    made, p95s = 0, {}
    for level in LEVELS:
        made = grow(store, articles, level, made)
        store.compact()  # start each level from a fresh snapshot, as after a restart
        lat = timed_saves(store, articles, args.saves, made)
        made += args.saves
        p95s[level] = sorted(lat)[int(0.95 * (len(lat) - 1))]
        print(report(f"save @ {level:>7,} annotations", lat))
    print(f"p95 ratio 100k / 1k: {p95s[LEVELS[-1]] / p95s[LEVELS[0]]:.2f} (goal <= 2)")
    t0 = time.perf_counter()
    store.close()
    print(f"close (compaction) on {made:,} annotations: {time.perf_counter() - t0:.2f} s")
    sizes = {p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()}
    print("files: " + ", ".join(f"{n} {s / 1e6:.1f} MB" for n, s in sorted(sizes.items())))
    opens, libraries = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        with Store(path, read_only=True) as reader:
            opens.append(time.perf_counter() - t0)
            rows = [(a.meta.title, reader.entity_count(a.id)) for a in reader.articles()]
            libraries.append(time.perf_counter() - t0)
    print(f"open: median {statistics.median(opens) * 1000:.0f} ms (min {min(opens) * 1000:.0f})")
    print(
        f"open + list {len(rows):,} articles with entity counts: median "
        f"{statistics.median(libraries) * 1000:.0f} ms (min {min(libraries) * 1000:.0f})"
    )


if __name__ == "__main__":
    main()
