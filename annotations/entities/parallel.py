"""Detection in forked processes: the model is loaded once, shared copy-on-write.

`ParallelDetector` has the `detect_many` interface of `Detector`; texts go to
the processes in small chunks, a few chunks ahead, and results come back in
order (mentions are small to pickle; spaCy docs never cross a process). Use it
from single-threaded command-line paths: forking a process with threads
(the Textual app) is not safe.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from annotations.entities.detector import Mention

_CHILD: Any = None  # the detector inside a worker process


def _adopt(detector: Any) -> None:
    global _CHILD
    _CHILD = detector


def _detect_chunk(texts: list[str]) -> list[list[Mention]]:
    return list(_CHILD.detect_many(texts, batch_size=len(texts)))


class ParallelDetector:
    """`detector` run in `processes` forked worker processes."""

    def __init__(self, detector: Any, processes: int = 2, chunk: int = 8) -> None:
        self.detector = detector
        self.version: str = detector.version
        self.processes = processes
        self.chunk = chunk
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelDetector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            getattr(self.detector, "nlp", None)  # load the model before forking
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_adopt,
                initargs=(self.detector,),
            )
        return self._pool

    def detect(self, text: str) -> list[Mention]:
        return next(self.detect_many([text]))

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        """Mentions for each text, in order."""
        pool, it = self._started(), iter(texts)
        pending: deque[Future[list[list[Mention]]]] = deque()

        def submit() -> None:
            if chunk := list(islice(it, self.chunk)):
                pending.append(pool.submit(_detect_chunk, chunk))

        for _ in range(self.processes * 3):
            submit()
        while pending:
            done = pending.popleft().result()
            submit()
            yield from done
