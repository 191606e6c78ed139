"""Kill trials shared by the test suite and `bench/kill_test.py`."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotations.store import Store
from annotations.store.doctor import check

ROOT = Path(__file__).resolve().parent.parent.parent


def kill_trial(path: Path, start: int, rng: random.Random) -> tuple[int, int]:
    """Run the saver, SIGKILL it at a random moment; return (acknowledged, lost).

    Lost counts acknowledged saves missing and acknowledged deletes undone.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store_fixtures.saver", str(path), str(start)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 0.4))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    seen: dict[str, set[str]] = {"ack": set(), "deleting": set(), "gone": set()}
    for line in out.splitlines():
        kind, _, ident = line.partition(" ")
        seen[kind].add(ident)
    Store(path).close()  # the next run: it drops a save the kill cut off mid-line
    with Store(path, read_only=True) as store:
        stored = {e.id for a in store.article_ids() for e in store.entities(a)}
    found = check(path)
    assert found.healthy, found.problems
    lost = {i for i in seen["ack"] - seen["deleting"] if i not in stored}
    resurrected = seen["gone"] & stored  # an acknowledged delete must stay deleted
    return len(seen["ack"]) + len(seen["gone"]), len(lost) + len(resurrected)
