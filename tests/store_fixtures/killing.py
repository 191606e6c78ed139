"""Kill trials shared by the test suite and `bench/kill_test.py`."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotations.store import Store
from annotations.store.doctor import check
from tests.store_fixtures.factory import make_article

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


def write_corpus(folder: Path, count: int) -> None:
    """`count` distinct plain-text articles (enough for parallel detection)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{n:05d}.txt").write_text(make_article(n, words=120).text + "\n")


def kill_ingest_trial(corpus: Path, db: Path, rng: random.Random) -> tuple[int, int, int]:
    """SIGKILL an ingest during detection; return (workers, orphans, undetected after rerun).

    Orphans are workers still alive 2 s after their parent died; the rerun is a
    plain `newsdesk ingest` of the same folder, which must detect what was left.
    """
    command = [sys.executable, "-m", "annotations", "--db", str(db), "ingest", str(corpus)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    children = Path(f"/proc/{child.pid}/task/{child.pid}/children")
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
        with contextlib.suppress(OSError):
            workers = {int(p) for p in children.read_text().split()}
    time.sleep(rng.uniform(0.0, 1.0))
    child.send_signal(signal.SIGKILL)
    child.wait()
    time.sleep(2)
    orphans = sum(_running(pid) for pid in workers)
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, timeout=300, check=True)
    with Store(db, read_only=True) as store:
        undetected = sum(h.detected_with is None for h in store.article_heads())
    return len(workers), orphans, undetected


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(") ", 1)[1][0] != "Z"
