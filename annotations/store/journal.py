"""The append-only journal of committed transactions beside the snapshot file.

One line per transaction: `<crc32 hex> <json>\\n`, where the JSON is
`{"ops": [op, ...]}` and an op is `[table, doc_key, document or null]` (the document
put, or removed), or `[table, doc_key, fields, "set"]`: the stored document with
those top-level fields replaced (a detection or a status change journals the few
fields it changed, not the article's body again). The first line is a header
naming the snapshot generation the journal applies to. A line is acknowledged
only after `fsync` returns. A last line without its newline is an interrupted
save (never acknowledged) or a cut file: a writer drops it, `doctor` reports
it. Any other bad line (checksum, or a good checksum over the wrong shape) is
damage: the saves before it are kept and read, the store refuses to write,
and `doctor` reports it with counts.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.store.atomic import atomic_write_bytes, dumps, write_all
from annotations.store.schema import INDEXES

Op = list[Any]  # [table, doc_key, document | None] or [table, doc_key, fields, SET]
MAGIC = "newsdesk-journal"
SET = "set"
"""The fourth element of an op that replaces some fields of a stored document."""


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
    """What a journal file holds: its generation, the transactions before any damage,
    their length in bytes, and what is wrong after them (`torn`, `damage`)."""

    generation: int | None = None
    transactions: list[list[Op]] = field(default_factory=list)
    good_length: int = 0
    torn: bool = False
    """The last line lacks its newline: an interrupted save (never acknowledged) or a cut file."""
    damage: str | None = None
    """One sentence naming the first bad line and what it cost, None when there is none."""


def read_journal(path: Path, indexes: Mapping[str, tuple[str, ...]] = INDEXES) -> JournalContents:
    """Parse the journal up to its first bad line; never raises for its content.

    A cut-off last line (no newline) is `torn`; any other bad line, or a good
    line of the wrong shape (a document without the text fields its table is
    indexed by, `indexes`), is `damage`; everything before it is kept.
    """
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return JournalContents()
    found = JournalContents()
    lines = payload.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if not line.endswith(b"\n"):
            found.torn = True
            break
        record = _decode(line[:-1])
        why = "fails its checksum" if record is None else _shape_problem(record, number, indexes)
        if why:
            lost = len(lines) - number + 1
            found.damage = (
                f"The journal {path} is damaged: line {number} {why}; the "
                f"{len(found.transactions)} saves before it are intact and {lost} lines "
                f"({len(payload) - found.good_length:,} bytes) from it on cannot be read"
            )
            break
        if number == 1:
            found.generation = record["generation"]  # type: ignore[index]
        else:
            found.transactions.append(record["ops"])  # type: ignore[index]
        found.good_length += len(line)
    if found.generation is None and found.damage is None:  # newsdesk never leaves it empty
        found.damage = f"The journal {path} is damaged: its header line is cut off or missing"
    return found


def _shape_problem(
    record: dict[str, Any], number: int, indexes: Mapping[str, tuple[str, ...]]
) -> str | None:
    """Why a checksummed line is not a journal line of its place, None when it is."""
    if number == 1:
        if record.get("journal") != MAGIC or type(record.get("generation")) is not int:
            return "is not a newsdesk journal header"
        return None
    ops = record.get("ops")
    if not isinstance(ops, list):
        return "has no 'ops' list"
    for op in ops:
        if not (
            isinstance(op, list)
            and (len(op) == 3 or (len(op) == 4 and op[3] == SET))
            and isinstance(op[0], str)
        ):
            return "holds a malformed operation"
        table, key, doc = op[:3]
        if not (isinstance(key, str) and key.isdigit()):
            return f"holds an operation on table '{table}' without a document number"
        if len(op) == 4:
            if not _fields_fit(doc, indexes.get(table, ())):
                return f"holds a change of table '{table}' that is not a newsdesk change"
        elif doc is not None and not (
            isinstance(doc, dict)
            and isinstance(doc.get("id"), str)
            and type(doc.get("schema_version")) is int
            and all(isinstance(doc.get(name), str) for name in indexes.get(table, ()))
        ):
            return f"holds a document of table '{table}' that is not a newsdesk document"
    return None


def _fields_fit(fields: Any, indexed: tuple[str, ...]) -> bool:
    """The fields of a SET op are a non-empty object whose id, schema version and
    indexed fields, where present, have the types a document needs."""
    if not (isinstance(fields, dict) and fields):
        return False
    return (
        ("id" not in fields or isinstance(fields["id"], str))
        and ("schema_version" not in fields or type(fields["schema_version"]) is int)
        and all(isinstance(fields[name], str) for name in indexed if name in fields)
    )


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
