"""One writer at a time: a clear refusal naming the pid, read-only meanwhile, stale locks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations.store import Store, StoreLockedError
from tests.store_fixtures.factory import make_article

ROOT = Path(__file__).resolve().parent.parent


def test_second_writer_is_refused_and_reader_sees_saves(db_path: Path) -> None:
    with Store(db_path) as writer:
        writer.add_articles([make_article(1, words=10)])
        with pytest.raises(StoreLockedError, match=f"in use by newsdesk process {os.getpid()}"):
            Store(db_path)
        with Store(db_path, read_only=True) as reader:
            assert len(reader) == 1
    with Store(db_path) as again:  # released on close
        assert len(again) == 1


def test_stale_lock_of_a_dead_process_is_recovered(db_path: Path) -> None:
    code = (
        "import sys,time; from annotations.store import Store; s=Store(sys.argv[1]); "
        "print('locked', flush=True); time.sleep(60)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    with pytest.raises(StoreLockedError, match=f"process {child.pid}") as info:
        Store(db_path)
    assert info.value.pid == child.pid
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert db_path.with_name(db_path.name + ".lock").read_text().strip() == str(child.pid)
    with Store(db_path) as store:  # the dead process's lock file is simply taken over
        assert store.is_empty()


def test_detection_workers_die_with_a_killed_parent_and_free_the_lock(db_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store_fixtures.orphans", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    workers = [int(p) for p in child.stdout.readline().split()]
    assert len(workers) == 2
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.05)
    assert not any(_alive(p) for p in workers), "orphan workers outlived their parent"
    with Store(db_path) as store:  # nothing holds the dead writer's lock
        assert store.is_empty()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie awaiting its reaper is dead
        return stat.read().split(") ", 1)[1][0] != "Z"
