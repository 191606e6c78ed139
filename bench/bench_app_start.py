"""Time from a fresh interpreter to an interactive library, and per-article detection.

Usage: python bench/bench_app_start.py [--runs N] [--articles 10000] [--bytecode as-is]

Builds a database with the bundled seeds (entities detected) — or, with
`--articles N`, N synthetic articles with 10 annotations each — then starts a
new Python process N times that imports the app, opens the database and runs
the app headless until the library table is filled. A bare Textual app with the
same widgets (Header, DataTable, Footer) is started the same way, alternated in
the same run. Prints medians, spread, CPU time to the table, peak memory and the ratios of the
medians, wall and CPU (goal: <= 1.5x on the samples, <= 2x at 10,000 articles /
100,000 annotations; on a busy machine the CPU ratio is the steadier one).
Also prints the median detection time per seed article.

Both sides start from compiled bytecode, as an installed newsdesk does (pip writes
it at install): the children share a fresh `PYTHONPYCACHEPREFIX`, filled by one
untimed start of each. `--bytecode as-is` keeps the caller's environment instead;
with `PYTHONDONTWRITEBYTECODE` set and a source tree without `__pycache__` (a git
checkout), newsdesk then compiles its own modules on every start and Textual does not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHILD = """
import asyncio, sys, time
__PEAK__from annotations.store import Store
from tui.app import make_app
from tui.widgets.row_table import RowTable

async def main():
    with Store(sys.argv[1]) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            while app.screen.query(RowTable).first().row_count == 0:
                await pilot.pause(0.01)
            print(time.time(), peak_kib(), time.process_time(), flush=True)

asyncio.run(main())
"""

# VmHWM is this process's own peak (ru_maxrss would carry the parent's over exec).
PEAK = """
def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""
CHILD = CHILD.replace("__PEAK__", PEAK)

# The baseline: a bare Textual app with the same widgets (Header, a filled table, Footer).
BARE = """
import asyncio, time
__PEAK__from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("title", "date", "source", "entities")
        for n in range(40):
            table.add_row(f"article {n}", "2025-12-04", "seed", str(n))

async def main():
    app = Bare()
    async with app.run_test(size=(120, 36)) as pilot:
        while app.query_one(DataTable).row_count == 0:
            await pilot.pause(0.01)
        print(time.time(), peak_kib(), time.process_time(), flush=True)

asyncio.run(main())
""".replace("__PEAK__", PEAK)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=0, help="synthetic articles instead")
    parser.add_argument(
        "--bytecode", choices=("compiled", "as-is"), default="compiled",
        help="start both sides from compiled bytecode (default), or as the environment has it",
    )  # fmt: skip
    args = parser.parse_args()
    if args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "newsdesk.json"
            build_synthetic(db, args.articles)
            print(f"{args.articles:,} articles, {args.articles * 10:,} annotations")
            time_starts(db, args.runs, args.bytecode)
        return

    from annotations.entities import Detector
    from annotations.pipeline import SEEDS_DIR, ingest
    from annotations.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "newsdesk.json"
        detector = Detector()
        t = time.perf_counter()
        detector.nlp  # noqa: B018
        load = time.perf_counter() - t
        with Store(db) as store:
            articles = ingest(store, [SEEDS_DIR]).added
            per_article = []
            for _ in range(5):
                for article in articles:
                    t = time.perf_counter()
                    detector.detect(article.text)
                    per_article.append(time.perf_counter() - t)
            from annotations.pipeline import detect

            detect(store, detector, [a.id for a in articles])
        words = statistics.mean(len(a.text.split()) for a in articles)
        print(f"model load: {load * 1000:.0f} ms")
        print(
            f"detection per seed article (~{words:.0f} words): median "
            f"{statistics.median(per_article) * 1000:.1f} ms over {len(per_article)} runs"
        )
        time_starts(db, args.runs, args.bytecode)


def build_synthetic(db: Path, count: int) -> None:
    from annotations.store import Store
    from tests.store_fixtures.factory import entities_for, make_article

    with Store(db) as store:
        for first in range(0, count, 1_000):
            articles = [
                make_article(n).model_copy(update={"detected_with": "bench"})
                for n in range(first, min(first + 1_000, count))
            ]
            store.add_articles(articles)
            with store.transaction():
                for article in articles:
                    for entity in entities_for(article, 10, start_id=0):
                        store.put_entity(entity)


def start_once(
    code: str, *argv: str, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """(seconds from spawning a fresh interpreter to an interactive table, peak MiB,
    CPU seconds the process spent until then: steadier than wall time on a busy machine)."""
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True, env=env
    )
    ready, peak_kib, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(ready) - t0, int(peak_kib) / 1024, float(cpu)


def time_starts(db: Path, runs: int, bytecode: str = "compiled") -> None:
    """Newsdesk and the bare Textual app, alternated in the same run, whole processes."""
    with tempfile.TemporaryDirectory() as cache:
        env = None
        if bytecode == "compiled":
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = cache
            start_once(CHILD, str(db), env=env)  # untimed: fills the bytecode cache
            start_once(BARE, env=env)
        ours: list[tuple[float, float, float]] = []
        bare: list[tuple[float, float, float]] = []
        for _ in range(runs):
            ours.append(start_once(CHILD, str(db), env=env))
            bare.append(start_once(BARE, env=env))
    print(f"bytecode: {bytecode}")
    for name, rows in (("newsdesk", ours), ("bare Textual app", bare)):
        starts = [r[0] for r in rows]
        print(
            f"{name:<17} start to interactive table: median {statistics.median(starts) * 1000:5.0f}"
            f" ms (min {min(starts) * 1000:.0f}, max {max(starts) * 1000:.0f}),"
            f" CPU {statistics.median(r[2] for r in rows) * 1000:.0f} ms,"
            f" peak {statistics.median(r[1] for r in rows):.0f} MiB"
        )
    wall, cpu = (statistics.median(o[i] for o in ours) / statistics.median(b[i] for b in bare)
                 for i in (0, 2))  # fmt: skip
    print(
        f"ratio of the medians: {wall:.2f}x wall, {cpu:.2f}x CPU "
        f"({runs} runs each, alternated, whole processes)"
    )


if __name__ == "__main__":
    main()
