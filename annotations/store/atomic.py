"""A TinyDB storage that never writes in place.

Every write goes to a temporary file in the same folder, is fsynced, and then
replaces the database with `os.replace`, so a crash leaves either the old or the
new file, never a mix. The parsed data is cached: TinyDB reads the whole
database before every query, and re-parsing the file each time would make every
keystroke cost the size of the corpus.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotations.store.errors import DamagedStoreError, StoreError

Data = dict[str, dict[str, Any]]


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` atomically (temp file, fsync, replace, fsync folder)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open folders; the replace is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json_file(path: Path) -> Data | None:
    """The parsed database, None when the file does not exist or is empty."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}.") from exc
    if not payload.strip():
        return None
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedStoreError(
            f"The database {path} is damaged (not valid JSON: {exc}); it was left untouched."
        ) from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedStoreError(
            f"The database {path} is damaged (its top level is not a set of tables); "
            "it was left untouched."
        )
    return data


class AtomicJSONStorage(Storage):
    """JSON storage with atomic replace on write and a parsed-data cache."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._cache: Data | None = None

    def read(self) -> Data | None:
        if self._cache is None:
            self._cache = read_json_file(self.path)
        return self._cache

    def write(self, data: Data) -> None:
        if self.read_only:
            raise StoreError(f"The database {self.path} is open read-only.")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write_bytes(self.path, payload)
        except BaseException:
            self._cache = None  # TinyDB mutated the cached dict; re-read what is on disk
            raise
        self._cache = data

    def close(self) -> None:
        self._cache = None
