"""Kill test: SIGKILL a saving process at random moments, count lost acknowledged saves.

    python bench/kill_test.py [--trials 100] [--seed 0] [--ingest-trials 3]

Each trial starts a child that saves annotations in a loop (frequent
compactions, so kills also land inside snapshot rewrites) and reports each
acknowledged save; the parent kills it after a random delay, then opens the
database, validates every document (`doctor`) and checks every acknowledged
save is there and every acknowledged delete stays deleted.

Then `--ingest-trials` times: SIGKILL a `newsdesk ingest` of 240 articles while
its detection workers run; count workers still alive 2 s later (orphans) and
the articles a plain rerun of the same ingest leaves undetected (both must be 0).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.store_fixtures.killing import kill_ingest_trial, kill_trial, write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ingest-trials", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    path = Path(tempfile.mkdtemp(prefix="kill-test-")) / "newsdesk.json"
    acked = lost = 0
    t0 = time.perf_counter()
    for trial in range(args.trials):
        a, gone = kill_trial(path, trial * 1_000_000, rng)
        acked, lost = acked + a, lost + gone
        if gone:
            print(f"trial {trial}: {gone} acknowledged saves lost")
    print(
        f"{args.trials} kill trials, {acked:,} acknowledged saves, {lost} lost "
        f"({time.perf_counter() - t0:.0f} s; database {path})"
    )
    folder = path.parent
    write_corpus(folder / "corpus", 240)
    workers = orphans = undetected = 0
    t0 = time.perf_counter()
    for trial in range(args.ingest_trials):
        w, o, u = kill_ingest_trial(folder / "corpus", folder / f"ingest{trial}.json", rng)
        workers, orphans, undetected = workers + w, orphans + o, undetected + u
    print(
        f"{args.ingest_trials} killed ingests, {workers} detection workers, {orphans} orphans, "
        f"{undetected} articles left undetected after a rerun ({time.perf_counter() - t0:.0f} s)"
    )
    sys.exit(1 if lost or orphans or undetected else 0)


if __name__ == "__main__":
    main()
