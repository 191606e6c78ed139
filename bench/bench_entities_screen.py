"""Time to open the entities screen (`E`) on a large corpus, in a fresh process.

Usage: python bench/bench_entities_screen.py [--runs N] [--articles 1000 10000]

For each size, builds N synthetic articles with 10 annotations each, links the
corpus once (`sync_canonical`, as detection does when it finishes: the steady
state of a detected corpus), then starts a new Python process per run that
opens the app headless, waits for the library, lets the app finish what it does
in the background after the library shows (`--no-wait` presses `E` at once),
and times `E` until the entity list is filled. Prints the medians
(goal: < 300 ms at 10,000 articles).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_app_start import build_synthetic

CHILD = """
import asyncio, sys, time
from annotations.store import Store
from tui.app import make_app
from tui.widgets.row_table import RowTable

async def main():
    with Store(sys.argv[1]) as store:
        app = make_app(store)
        async with app.run_test(size=(160, 40)) as pilot:
            t0 = time.perf_counter()
            while app.screen.query(RowTable).first().row_count == 0:
                await pilot.pause(0.01)
            library = time.perf_counter() - t0
            t0 = time.perf_counter()
            if sys.argv[2] == "wait":
                while not app.background_done():
                    await pilot.pause(0.02)
            background = time.perf_counter() - t0
            t0 = time.perf_counter()
            await pilot.press("E")
            while type(app.screen).__name__ != "EntitiesScreen" or not app.screen.table.row_count:
                await pilot.pause(0.005)
            opened = time.perf_counter() - t0
            print(library, background, opened, app.screen.table.row_count, flush=True)

asyncio.run(main())
"""


def link_once(db: Path) -> None:
    from annotations.models import Entity
    from annotations.review.links import load_overrides, sync_canonical
    from annotations.store import Store

    with Store(db) as store:
        sync_canonical(store, store.all("entities", Entity), load_overrides(store))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-wait", action="store_true", help="press E as soon as it shows")
    args = parser.parse_args()
    for count in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "newsdesk.json"
            build_synthetic(db, count)
            link_once(db)
            rows = []
            for _ in range(args.runs):
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(db), "now" if args.no_wait else "wait"],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                rows.append([float(x) for x in out.stdout.split()])
            med = [statistics.median(r[i] for r in rows) * 1000 for i in range(3)]
            print(
                f"{count:>6,} articles, {count * 10:,} annotations: entities screen opens in "
                f"{med[2]:.0f} ms median (max {max(r[2] for r in rows) * 1000:.0f}); "
                f"library {med[0]:.0f} ms, background work before E {med[1]:.0f} ms, "
                f"{int(rows[0][3])} entities listed ({args.runs} runs)"
            )


if __name__ == "__main__":
    main()
