"""Atomic whole-file writes and the TinyDB storage of the snapshot file.

Every write goes to a temporary file in the same folder, is fsynced, and then
replaces the target with `os.replace`, so a crash leaves either the old or the
new file, never a mix; the temporary file is removed on any failure. All bytes
go through `os.write`/`os.fsync`/`os.replace` so tests can inject faults there.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotations.store.errors import DamagedStoreError, StoreError

Data = dict[str, dict[str, Any]]


def write_all(fd: int, payload: bytes) -> None:
    """`os.write` until every byte is written."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def atomic_write_bytes(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Write `payload` to `path` atomically (temp file, fsync, replace, fsync folder)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            write_all(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open folders; the replace is still atomic
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # EINVAL: the filesystem cannot sync folders
            raise
    finally:
        os.close(fd)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(payload: bytes) -> Any:
    """Parse JSON with the cyclic GC paused (it dominates parsing of many small dicts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(payload)
    finally:
        if enabled:
            gc.enable()


HEAD = '{"_meta":'
"""A sealed snapshot starts with its header table; its crc32 covers every other table."""


def seal(header: dict[str, Any], data: Data) -> bytes:
    """The snapshot bytes of `data` under a `_meta` header holding the crc32 of the rest."""
    body = dumps(data)
    head = dumps({"_meta": {"1": {**header, "crc32": zlib.crc32(body)}}})
    return head if body == b"{}" else head[:-1] + b"," + body[1:]


def seal_holds(payload: bytes, text: str) -> bool:
    """True when the snapshot carries a header whose crc32 matches the tables after it."""
    if not text.startswith(HEAD):
        return False
    try:
        meta, end = json.JSONDecoder().raw_decode(text, len(HEAD))
    except ValueError:
        return False
    crc = meta.get("1", {}).get("crc32") if isinstance(meta, dict) else None
    at = len(text[:end].encode("utf-8"))
    body = b"{" + payload[at + 1 :] if payload[at : at + 1] == b"," else b"{}"
    return isinstance(crc, int) and zlib.crc32(body) == crc


def read_json_file(path: Path) -> Data | None:
    """The parsed TinyDB file, None when it does not exist or is empty."""
    return read_snapshot(path)[0]


def read_snapshot(path: Path) -> tuple[Data | None, bool]:
    """The parsed TinyDB file (None when absent or empty) and whether its seal holds."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None, False
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}.") from exc
    if not payload.strip():
        return None, False
    try:
        text = payload.decode("utf-8")
        data = loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedStoreError(
            f"The database {path} is damaged (not valid JSON: {exc}); it was left untouched."
        ) from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedStoreError(
            f"The database {path} is damaged (its top level is not a set of tables); "
            "it was left untouched."
        )
    return data, seal_holds(payload, text)


class AtomicJSONStorage(Storage):
    """TinyDB storage of the snapshot file: atomic replace on write, parsed once."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._cache: Data | None = None
        self.sealed = False
        """Whether the file read last carries a seal that holds (newsdesk wrote it as is)."""

    def read(self) -> Data | None:
        if self._cache is None:
            self._cache, self.sealed = read_snapshot(self.path)
        return self._cache

    def write(self, data: Data) -> None:
        """Write `data` (`_meta` first: its header document seals the other tables)."""
        if self.read_only:
            raise StoreError(f"The database {self.path} is open read-only.")
        tables = {t: docs for t, docs in data.items() if t != "_meta"}
        header = data.get("_meta", {}).get("1")
        try:
            atomic_write_bytes(self.path, seal(header, tables) if header else dumps(data))
        except BaseException:
            self._cache = None  # TinyDB mutated the cached dict; re-read what is on disk
            raise
        self._cache, self.sealed = data, bool(header)

    def close(self) -> None:
        self._cache = None
