"""The writer lock within one process: flock belongs to the open file, so a second lock
object on the same database sees the first one's lock exactly as another process would."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from annotations.store import Store
from annotations.store.doctor import check
from annotations.store.lock import StoreLockedError, WriterLock


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        pid += 1


def test_a_held_lock_is_seen_by_another_lock_and_named_by_its_pid(db_path: Path) -> None:
    first, second = WriterLock(db_path), WriterLock(db_path)
    assert not second.is_held_elsewhere()  # no lock file yet
    first.acquire()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(first.path).st_mode) == 0o644 & ~umask
    assert first.path == db_path.with_name("newsdesk.json.lock")
    assert first.holder() == second.holder() == os.getpid()
    assert second.is_held_elsewhere() and not first.is_held_elsewhere()
    with pytest.raises(StoreLockedError) as info:
        second.acquire()
    assert info.value.pid == os.getpid()
    assert str(info.value) == (
        f"The database {db_path} is in use by newsdesk process {os.getpid()}; open it "
        "read-only with --read-only, or close the other newsdesk first."
    )
    first.release()
    assert not second.is_held_elsewhere()
    second.acquire()
    assert first.is_held_elsewhere()
    second.release()


def test_a_lock_held_by_a_leftover_of_an_ended_process_says_so(db_path: Path) -> None:
    first = WriterLock(db_path)
    first.acquire()
    dead = _dead_pid()
    first.path.write_text(f"{dead}\n")  # as a worker that outlived its parent would see it
    with pytest.raises(StoreLockedError) as info:
        WriterLock(db_path).acquire()
    assert str(info.value).startswith(
        f"The database {db_path} is in use by a process left over from newsdesk process "
        f"{dead}, which has ended; "
    )
    first.path.write_bytes(b"\xff\xfe")  # not a pid
    assert WriterLock(db_path).holder() is None
    with pytest.raises(StoreLockedError, match="in use by another newsdesk process;"):
        WriterLock(db_path).acquire()
    first.release()


def test_doctor_notes_a_database_open_for_writing(db_path: Path) -> None:
    with Store(db_path):
        found = check(db_path)
        assert found.notes[0] == f"The database is open for writing by process {os.getpid()}."
    assert not any("open for writing" in n for n in check(db_path).notes)


def test_a_lock_path_that_is_not_a_plain_file_is_refused_in_one_sentence(
    db_path: Path, tmp_path: Path
) -> None:
    from annotations.store import StoreError

    lock = WriterLock(db_path)
    lock.path.mkdir()
    with pytest.raises(StoreError) as info:
        lock.acquire()
    assert str(info.value) == f"Cannot create the lock file {lock.path}: Is a directory."
    lock.path.rmdir()
    os.mkfifo(lock.path)
    with pytest.raises(StoreError) as info:
        lock.acquire()
    assert str(info.value) == f"The lock file {lock.path} is not a regular file."
    lock.path.unlink()
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    lock.path.symlink_to(target)
    assert not lock.is_held_elsewhere()  # a symlink is never followed
    with pytest.raises(StoreError) as info:
        lock.acquire()
    assert str(info.value) == (
        f"The lock file {lock.path} is a symbolic link; newsdesk will not write through it "
        "(remove it if no newsdesk is running)."
    )


def test_a_forked_child_does_not_keep_its_parents_lock(db_path: Path) -> None:
    lock = WriterLock(db_path)
    lock.acquire()
    released_r, released_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: wait until the parent let go, then look
        os.close(released_w)
        os.read(released_r, 1)
        os._exit(1 if WriterLock(db_path).is_held_elsewhere() else 0)
    os.close(released_r)
    lock.release()
    os.write(released_w, b"x")
    os.close(released_w)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0  # nobody holds it once the parent let go
