"""Long work on the app's own thread, a slice at a time, so keys stay answered.

Comparing or scanning a large corpus takes seconds. A thread worker would hold
the interpreter (CPython's global lock) against the painting and slow every
frame several times over until it finished; instead the work is a generator
that yields after each small step, and `run_in_slices` runs it for a few
milliseconds per turn of the event loop. The work reads the store the screen
uses, on the thread that writes it, so it needs no lock and no second copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from textual.message_pump import MessagePump

from annotations.errors import UserError
from annotations.store import StoreError

SLICE = 0.015  # seconds of work per turn: well under a frame


def run_in_slices(
    owner: MessagePump, steps: Iterator[object], failed: Callable[[str], None]
) -> None:
    """Run `steps` to the end, a slice per turn, starting after the next paint;
    a store or user error stops it and is passed to `failed` in one sentence.
    It stops with `owner` (its timers go when the screen goes)."""

    def step() -> None:
        deadline = time.perf_counter() + SLICE
        try:
            for _ in steps:
                if time.perf_counter() >= deadline:
                    owner.set_timer(0.001, step)
                    return
        except (UserError, StoreError) as exc:
            failed(str(exc))

    owner.call_after_refresh(step)
