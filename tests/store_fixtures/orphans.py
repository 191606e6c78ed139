"""Orphan-test child: hold the writer lock, fork detection workers, print their pids.

python -m tests.store_fixtures.orphans DB
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations.entities.parallel import ParallelDetector
from annotations.store import Store


class SlowDetector:
    """Takes a second per text, so the workers are busy when the parent is killed."""

    version = "slow"

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list]:
        for _ in texts:
            time.sleep(1)
            yield []


def main() -> None:
    store = Store(Path(sys.argv[1]))
    runner = ParallelDetector(SlowDetector(), processes=2, chunk=1)
    found = runner.detect_many(["x"] * 100)
    next(found)
    pids = [p.pid for p in multiprocessing.active_children()]
    print(" ".join(map(str, pids)), flush=True)
    time.sleep(60)
    store.close()


if __name__ == "__main__":
    main()
