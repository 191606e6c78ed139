"""The append-only journal of committed transactions beside the snapshot file.

One line per transaction: `<crc32 hex> <json>\\n`, where the JSON is
`{"ops": [[table, doc_key, document or null], ...]}`. The first line is a header
naming the snapshot generation the journal applies to. A line is acknowledged
only after `fsync` returns. On open, a bad or torn tail (a line that fails its
checksum with no good line after it) was never acknowledged and is dropped; a
bad line followed by good ones is damage and is reported, never repaired.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.store.atomic import atomic_write_bytes, dumps, fsync_dir, write_all
from annotations.store.errors import DamagedStoreError

Op = list[Any]  # [table, doc_key, document | None]
MAGIC = "newsdesk-journal"


def encode(record: dict[str, Any]) -> bytes:
    body = dumps(record)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _decode(line: bytes) -> dict[str, Any] | None:
    """The record on one line, None when the line fails its checksum or syntax."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        record = json.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


@dataclass
class JournalContents:
    """What a journal file holds: its generation, transactions, and its good length."""

    generation: int | None = None
    transactions: list[list[Op]] = field(default_factory=list)
    good_length: int = 0
    torn: bool = False


def read_journal(path: Path) -> JournalContents:
    """Parse the journal; raise DamagedStoreError for damage before the tail."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return JournalContents()
    found = JournalContents()
    offset, bad_at = 0, None
    for number, line in enumerate(payload.splitlines(keepends=True), start=1):
        record = _decode(line.rstrip(b"\n")) if line.endswith(b"\n") else None
        if record is None:
            bad_at = bad_at or number
        elif bad_at is not None:
            raise DamagedStoreError(
                f"The journal {path} is damaged at line {bad_at} (it fails its checksum but "
                "later lines are intact); it was left untouched."
            )
        elif number == 1:
            if record.get("journal") != MAGIC or not isinstance(record.get("generation"), int):
                raise DamagedStoreError(
                    f"The journal {path} is damaged: line 1 is not a newsdesk journal header; "
                    "it was left untouched."
                )
            found.generation = record["generation"]
        elif not isinstance(record.get("ops"), list):
            raise DamagedStoreError(
                f"The journal {path} is damaged: line {number} has no 'ops' list; "
                "it was left untouched."
            )
        else:
            found.transactions.append(record["ops"])
        offset += len(line)
        if bad_at is None:
            found.good_length = offset
    found.torn = found.good_length < len(payload)
    return found


class JournalWriter:
    """Appends fsynced transaction lines to the journal of one snapshot generation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generation: int | None = None
        self.size = 0
        self._fd: int | None = None

    def resume(self, generation: int, good_length: int) -> None:
        """Continue the existing journal, cutting off a torn, unacknowledged tail."""
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            if os.fstat(fd).st_size != good_length:
                os.ftruncate(fd, good_length)
                os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._set(fd, generation, good_length)

    def start(self, generation: int) -> None:
        """Replace the journal, atomically, by an empty one for `generation`."""
        self.close()
        header = encode({"journal": MAGIC, "generation": generation})
        atomic_write_bytes(self.path, header)
        self._set(os.open(self.path, os.O_WRONLY | os.O_APPEND), generation, len(header))

    def _set(self, fd: int, generation: int, size: int) -> None:
        self._fd, self.generation, self.size = fd, generation, size

    @property
    def ready(self) -> bool:
        return self._fd is not None

    def append(self, ops: list[Op]) -> None:
        """Write one transaction and fsync it; on failure remove any partial line.

        If even that cleanup fails the writer turns unready, and the caller must
        start a fresh journal (after a new snapshot) before appending again.
        """
        assert self._fd is not None, "journal not started"
        line = encode({"ops": ops})
        try:
            write_all(self._fd, line)
            os.fsync(self._fd)
        except BaseException:
            try:
                os.ftruncate(self._fd, self.size)
                os.fsync(self._fd)
            except OSError:
                self.close()
            raise
        self.size += len(line)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def remove_journal(path: Path) -> None:
    """Delete the journal (used only after its content is in a durable snapshot)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    fsync_dir(path.parent)
