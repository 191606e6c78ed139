"""Detection runs once per (text content, detector version).

`DetectionCache` keeps results in memory and, given a folder, on disk (one
JSON file per key, written atomically). `CachedDetector` wraps a `Detector`
with the same `detect`/`detect_many` interface and runs the model only on
texts it has not seen, still batched through `nlp.pipe`. A folder that cannot
be written (read-only, full) turns the cache memory-only, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Protocol

from annotations.entities.detector import Mention


class _Detects(Protocol):
    @property
    def version(self) -> str: ...

    def detect_many(
        self, texts: Iterable[str], batch_size: int = 32
    ) -> Iterator[list[Mention]]: ...


def text_hash(text: str) -> str:
    """The content hash of a text (SHA-256 of its UTF-8 bytes, hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_key(text: str, version: str) -> str:
    """Key of one detection: content hash and detector version."""
    return hashlib.sha256(f"{version}\0{text_hash(text)}".encode()).hexdigest()


class DetectionCache:
    """Mentions by cache key; in memory, and on disk when `folder` is given."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._memory: dict[str, list[Mention]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> list[Mention] | None:
        found = self._memory.get(key)
        if found is None and self.folder is not None:
            found = self._read(self._path(key))
            if found is not None:
                self._memory[key] = found
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return list(found)

    def put(self, key: str, mentions: list[Mention]) -> None:
        self._memory[key] = list(mentions)
        if self.folder is not None:
            try:
                self._write(self._path(key), mentions)
            except OSError:  # read-only or full folder: the cache is an optimisation only
                self.folder = None

    @staticmethod
    def _write(path: Path, mentions: list[Mention]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [[m.start, m.end, m.label, m.text, m.source] for m in mentions]
        data = json.dumps(rows, ensure_ascii=False)  # rows, not dicts: 4x faster
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def __contains__(self, key: str) -> bool:
        return key in self._memory or (self.folder is not None and self._path(key).exists())

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    @staticmethod
    def _read(path: Path) -> list[Mention] | None:
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            return [Mention(**row) if isinstance(row, dict) else Mention(*row) for row in rows]
        except (OSError, ValueError, TypeError):
            return None  # missing or damaged: detect again


class CachedDetector:
    """A detector that looks each text up before running the model."""

    def __init__(self, detector: _Detects, cache: DetectionCache | None = None) -> None:
        self.detector = detector
        self.cache = cache if cache is not None else DetectionCache()

    @property
    def version(self) -> str:
        return self.detector.version

    def detect(self, text: str) -> list[Mention]:
        return next(self.detect_many([text]))

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        """Mentions for each text, in order; only unseen texts reach the model."""
        it = iter(texts)
        while batch := list(islice(it, batch_size)):
            keys = [cache_key(t, self.version) for t in batch]
            found = [self.cache.get(k) for k in keys]
            todo = {k: t for k, t, f in zip(keys, batch, found, strict=True) if f is None}
            fresh = dict(
                zip(todo, self.detector.detect_many(todo.values(), batch_size), strict=True)
            )
            for key, mentions in fresh.items():
                self.cache.put(key, mentions)
            for key, cached in zip(keys, found, strict=True):
                yield cached if cached is not None else list(fresh[key])
