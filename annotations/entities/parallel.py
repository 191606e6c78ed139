"""Detection in forked processes: the model is loaded once, shared copy-on-write.

`ParallelDetector` has the `detect_many` interface of `Detector`; texts go to
the processes in small chunks, a few chunks ahead, and results come back in
order (mentions are small to pickle; spaCy docs never cross a process). Use it
from single-threaded command-line paths: forking a process with threads
(the Textual app) is not safe. Workers die with their parent (SIGKILL included:
`PR_SET_PDEATHSIG` on Linux, a watcher thread elsewhere) and never hold the
database's writer lock (`annotations.store.lock` closes it in forked children).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from annotations.entities.detector import Mention

_CHILD: Any = None  # the detector inside a worker process
PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>


def _adopt(detector: Any, parent: int) -> None:
    global _CHILD
    _die_with_parent(parent)
    _CHILD = detector


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this worker when its parent dies (Linux), and watch
    for it elsewhere: a worker must never outlive the ingest that forked it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


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
                initargs=(self.detector, os.getpid()),
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
