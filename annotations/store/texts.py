"""The append-only pack of article bodies (`raw` and `text`), kept out of the snapshot.

Article bodies are large and rarely change, so they are written once to
`<db>.texts` (one JSON line per body) and the article document in TinyDB holds
only a reference `[offset, length, crc32]`. Bodies are fsynced before the
journal line that refers to them, so a crash can only leave unreferenced bytes
at the end, which are harmless. Nothing in the pack is ever rewritten, so
snapshot backups stay valid against it.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

from annotations.store.atomic import dumps, write_all
from annotations.store.errors import DamagedStoreError, StoreError

Ref = list[int]  # [offset, length, crc32]
Body = dict[str, str]  # {"raw": ..., "text": ...}
BODY_FIELDS = ("raw", "text")


class TextPack:
    """Reads and appends article bodies; a small cache keeps recent ones parsed."""

    def __init__(self, path: Path, *, cache_size: int = 64) -> None:
        self.path = path
        self._read_fd: int | None = None
        self._write_fd: int | None = None
        self._cache: OrderedDict[int, Body] = OrderedDict()
        self._cache_size = cache_size

    def append(self, bodies: list[tuple[str, Body]]) -> list[Ref]:
        """Append `(article_id, body)` pairs durably; return their references."""
        if self._write_fd is None:
            self._write_fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        start = offset = os.fstat(self._write_fd).st_size
        chunks, refs = [], []
        for article_id, body in bodies:
            line = dumps({"id": article_id, **body})
            refs.append([offset, len(line), zlib.crc32(line)])
            chunks.append(line + b"\n")
            offset += len(line) + 1
        try:
            write_all(self._write_fd, b"".join(chunks))
            os.fsync(self._write_fd)
        except BaseException:
            with contextlib.suppress(OSError):  # unreferenced bytes are harmless anyway
                os.ftruncate(self._write_fd, start)
            raise
        return refs

    def read(self, article_id: str, ref: Any) -> Body:
        """The body `ref` points to, checked against its checksum and article id."""
        if not (isinstance(ref, list) and len(ref) == 3 and all(isinstance(n, int) for n in ref)):
            raise self._damaged(article_id, "its text reference is malformed")
        offset, length, crc = ref
        if (cached := self._cache.get(offset)) is not None:
            self._cache.move_to_end(offset)
            return cached
        try:
            if self._read_fd is None:
                self._read_fd = os.open(self.path, os.O_RDONLY)
            payload = os.pread(self._read_fd, length, offset)
        except FileNotFoundError:
            raise self._damaged(article_id, "the text file is missing") from None
        except OSError as exc:
            raise StoreError(f"Cannot read the article texts {self.path}: {exc.strerror}.") from exc
        if len(payload) != length or zlib.crc32(payload) != crc:
            raise self._damaged(article_id, f"its text at byte {offset} fails its checksum")
        try:
            body = json.loads(payload)
        except ValueError:
            raise self._damaged(article_id, f"its text at byte {offset} is not JSON") from None
        if not isinstance(body, dict):
            raise self._damaged(article_id, f"its text at byte {offset} is not a JSON object")
        if body.pop("id", None) != article_id:
            raise self._damaged(article_id, f"the text at byte {offset} belongs to another article")
        self._cache[offset] = body
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return body

    def _damaged(self, article_id: str, why: str) -> DamagedStoreError:
        return DamagedStoreError(
            f"The article texts {self.path} are damaged: article {article_id}, field 'text': "
            f"{why}; they were left untouched."
        )

    def close(self) -> None:
        for fd in (self._read_fd, self._write_fd):
            if fd is not None:
                os.close(fd)
        self._read_fd = self._write_fd = None
        self._cache.clear()
