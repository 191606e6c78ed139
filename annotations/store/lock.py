"""One writer per database: an exclusive `flock` on `<db>.lock` holding the writer's pid.

The kernel releases a `flock` when its process dies, so the lock file a killed
process leaves behind is stale by construction and the next writer simply takes
it. Readers take no lock. Assumes a local filesystem (`flock` over NFS is not
reliable) and a POSIX system.
"""

from __future__ import annotations

import fcntl
import os
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
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"Cannot create the lock file {self.path}: {exc.strerror}.") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid = self.holder()
            who = f"newsdesk process {pid}" if pid else "another newsdesk process"
            raise StoreLockedError(
                f"The database {self.db_path} is in use by {who}; open it read-only with "
                "--read-only, or close the other newsdesk first.",
                pid,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

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
        fd = os.open(self.path, os.O_RDONLY)
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
            os.close(fd)  # the flock goes with the descriptor; the file stays (no unlink race)
