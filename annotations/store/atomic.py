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
import re
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotations.store.errors import DamagedStoreError, StoreError

Data = dict[str, dict[str, Any]]
Chunk = bytes | memoryview
"""One table's JSON in the snapshot (a deferred table's is a view into the file's bytes,
not a copy)."""


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


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic GC while many long-lived objects are made (it dominates parsing
    and indexing many small dicts), then freeze what exists: the documents and their
    indexes live as long as the store, and a full collection would otherwise rescan
    every one of them at the next allocations."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def loads(payload: bytes | str) -> Any:
    """Parse JSON with the cyclic GC paused (`collector_paused`)."""
    with collector_paused():
        return json.loads(payload)


HEAD = '{"_meta":'
"""A sealed snapshot starts with its header table; its `crc32` covers every other table
and its `header_crc32` the header itself."""
SIZE = "header_bytes"
"""The header's first field: how many bytes the snapshot's start holds the header in, so
an open decodes exactly those (the header holds the tallies and the listing index)."""
HEADER_CRC = "header_crc32"
"""The header's second field: the crc32 (8 hex digits) of the header's own bytes, those
digits left out, so what the header derives (tallies, listing index) is covered too."""
_SIZED = re.compile(
    rb'\{"_meta":\{"1":\{"header_bytes":([0-9]{1,15}),(?:"header_crc32":"([0-9a-f]{8})",)?'
)


def seal(header: dict[str, Any], data: Data) -> bytes:
    """The snapshot bytes of `data` under a `_meta` header holding the crc32 of the rest
    and where each table's JSON lies in it (`segments`: `[start, end]` byte offsets in
    the bytes the crc covers), so a reader can parse one table without the others."""
    parts: list[bytes] = []
    segments: dict[str, list[int]] = {}
    at = 1  # after the opening brace
    for table, docs in data.items():
        name, value = dumps(table), dumps(docs)
        start = at + len(name) + 1
        segments[table] = [start, start + len(value)]
        parts.append(name + b":" + value)
        at = start + len(value) + 1  # past the comma
    body = b"{" + b",".join(parts) + b"}"
    fields = {k: v for k, v in header.items() if k not in (SIZE, HEADER_CRC)}
    fields |= {"crc32": zlib.crc32(body), "segments": segments}
    lead = b'{"_meta":{"1":{"' + SIZE.encode() + b'":'
    mid = b',"' + HEADER_CRC.encode() + b'":"'
    tail = b'",' + dumps(fields)[1:] + b"}}"
    size = len(lead) + len(mid) + 8 + len(tail)
    size += len(str(size + len(str(size))))  # the header's length counts its own digits
    covered = lead + str(size).encode() + mid
    crc = zlib.crc32(tail[:-1], zlib.crc32(covered))  # the last brace becomes the comma
    head = covered + b"%08x" % crc + tail
    return head if body == b"{}" else head[:-1] + b"," + body[1:]


@dataclass
class Snapshot:
    """A snapshot as read: its parsed tables, the tables left unparsed (their JSON
    bytes, only from a sealed snapshot), and whether its seal holds."""

    tables: Data
    deferred: dict[str, Chunk] = field(default_factory=dict)
    sealed: bool = False


def _sealed_body(payload: bytes) -> tuple[dict[str, Any], int] | None:
    """The header document and the byte offset where the sealed tables start (the body
    the crc covers is `{` + what follows that offset); None when no seal holds.
    Only the header's bytes are decoded: as many as its first field says, else (or when
    they do not parse) a prefix of growing length until it parses."""
    if not payload.startswith(HEAD.encode()):
        return None
    sized = _SIZED.match(payload)
    if sized and sized[2] and not _header_holds(payload, sized):
        return None
    size = int(sized[1]) if sized else 1 << 16
    while True:
        prefix = payload[:size].decode("utf-8", errors="ignore")  # a cut last character
        try:
            meta, end = json.JSONDecoder().raw_decode(prefix, len(HEAD))
            break
        except ValueError:
            if size >= len(payload):
                return None
            size *= 8
    header = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(header, dict) or not isinstance(crc := header.get("crc32"), int):
        return None
    at = len(prefix[:end].encode("utf-8"))  # a byte the decoder dropped fails the crc
    view = memoryview(payload)[at + 1 :] if payload[at : at + 1] == b"," else b"}"
    if zlib.crc32(view, zlib.crc32(b"{")) != crc:
        return None
    if not (sized and sized[2]):  # an older newsdesk's header: what it derives is not covered
        header.pop("derived", None)
    return header, at


def _header_holds(payload: bytes, sized: re.Match[bytes]) -> bool:
    """The header's own crc32 matches its bytes (all but the last its size counts)."""
    end = int(sized[1]) - 1
    if end > len(payload):
        return False
    crc = zlib.crc32(payload[sized.end(2) : end], zlib.crc32(payload[: sized.start(2)]))
    return crc == int(sized[2], 16)


def seal_holds(payload: bytes) -> bool:
    """True when the snapshot carries a header whose crc32 matches the tables after it."""
    return _sealed_body(payload) is not None


def read_snapshot(path: Path) -> tuple[Data | None, bool]:
    """The parsed TinyDB file (None when absent or empty) and whether its seal holds."""
    found = read_snapshot_deferring(path, frozenset())
    return (None, False) if found is None else (found.tables, found.sealed)


def read_snapshot_deferring(path: Path, deferrable: frozenset[str]) -> Snapshot | None:
    """The snapshot file (None when absent or empty); the tables named in `deferrable`
    are left unparsed when its seal holds and says where they lie (`parse_table`
    parses one later: the crc checked here already covers its bytes)."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}.") from exc
    if not payload.strip():
        return None
    sealed = _sealed_body(payload)
    segments = sealed[0].get("segments") if sealed else None
    if sealed and deferrable and _segments_fit(segments, len(payload) - sealed[1]):
        header, at = sealed
        snapshot = Snapshot({"_meta": {"1": header}}, sealed=True)
        view = memoryview(payload)
        for table, (start, end) in segments.items():  # type: ignore[union-attr]
            chunk = view[at + start : at + end]
            if table in deferrable:
                snapshot.deferred[table] = chunk
            else:
                snapshot.tables[table] = parse_table(path, table, chunk)
        return snapshot
    try:
        data = loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _not_json(path, exc) from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedStoreError(
            f"The database {path} is damaged (its top level is not a set of tables); "
            "it was left untouched."
        )
    return Snapshot(data, sealed=sealed is not None)


def _segments_fit(segments: Any, size: int) -> bool:
    return isinstance(segments, dict) and all(
        isinstance(s, list) and len(s) == 2 and all(type(n) is int for n in s)
        and 0 < s[0] <= s[1] <= size
        for s in segments.values()
    )  # fmt: skip


def parse_table(path: Path, table: str, chunk: Chunk) -> dict[str, Any]:
    """One table's documents from its JSON bytes in the snapshot."""
    try:
        docs = loads(bytes(chunk) if isinstance(chunk, memoryview) else chunk)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _not_json(path, exc) from exc
    if not isinstance(docs, dict):
        raise DamagedStoreError(
            f"The database {path} is damaged (table '{table}' is not a set of documents); "
            "it was left untouched."
        )
    return docs


def _not_json(path: Path, exc: ValueError) -> DamagedStoreError:
    return DamagedStoreError(
        f"The database {path} is damaged (not valid JSON: {exc}); it was left untouched."
    )


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

    def read_deferring(self, deferrable: frozenset[str]) -> Snapshot | None:
        """The snapshot with the tables `deferrable` left unparsed where its seal allows."""
        found = read_snapshot_deferring(self.path, deferrable)
        self._cache, self.sealed = None, found is not None and found.sealed
        return found

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
