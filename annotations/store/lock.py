"""One writer per database: an exclusive `flock` on `<db>.lock` holding the writer's pid.

The kernel releases a `flock` when its process dies, so the lock file a killed
process leaves behind is stale by construction and the next writer simply takes
it. Forked children (detection workers) close their copy at once, so they
never keep a dead writer's lock. A lock file that is a symlink is refused.
Readers take no lock. Assumes a local filesystem (`flock` over NFS is not
reliable) and a POSIX system.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from pathlib import Path

from annotations.store.errors import StoreError


class StoreLockedError(StoreError):
    """Another process holds the database for writing."""

    def __init__(self, message: str, pid: int | None) -> None:
        super().__init__(message)
        self.pid = pid


class WriterLock:
    """The exclusive writer lock of one database; `release()` frees it."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:  # O_NOFOLLOW: a lock file that is a symlink must not truncate its target
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if os.path.islink(self.path):
                raise StoreError(
                    f"The lock file {self.path} is a symbolic link; newsdesk will not write "
                    "through it (remove it if no newsdesk is running)."
                ) from exc
            raise StoreError(f"Cannot create the lock file {self.path}: {exc.strerror}.") from exc
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise StoreError(f"The lock file {self.path} is not a regular file.")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid = self.holder()
            who = f"newsdesk process {pid}" if pid else "another newsdesk process"
            if pid and not _alive(pid):
                who = f"a process left over from newsdesk process {pid}, which has ended"
            raise StoreLockedError(
                f"The database {self.db_path} is in use by {who}; open it read-only with "
                "--read-only, or close the other newsdesk first.",
                pid,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        _HELD.add(fd)

    def holder(self) -> int | None:
        """The pid written in the lock file (whether or not it still holds the lock)."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def is_held_elsewhere(self) -> bool:
        """True when some other open file (any process) holds the lock now."""
        if self._fd is not None or not self.path.exists():
            return False
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing drops a lock we may have just taken
        return False

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _HELD.discard(fd)
            os.close(fd)  # the flock goes with the descriptor; the file stays (no unlink race)


_HELD: set[int] = set()
"""Descriptors of the writer locks this process holds."""


def _close_inherited() -> None:
    """In a forked child: drop the inherited lock descriptors. The flock belongs to the
    open file, so while any child kept a copy it would outlive its parent (orphan
    workers holding the database); closing the child's copy leaves the parent's lock."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_inherited)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
