"""Teaching from the reader: what the analyst does in one article is suggested in the others.

After an edit of this article (the app's `store_changed` names it), the
corpus-wide teaching index is updated at once (cheap); a thread worker then
searches every other article's text for the texts whose teaching changed and
posts `TaughtFound`; the handler stores the taught suggestions a few articles
per turn of the event loop (one save each), so keys stay instant. Detection
applies what was taught (`annotations.pipeline`), so opening an article only
builds the index. The index and the text snapshot are the app's
(`tui.services.Services.teacher`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from annotations.entities import TaughtPatterns
from annotations.review.teaching import Found, article_texts, find_taught, store_taught
from annotations.store import Store, StoreError
from tui.services import Teacher

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

SAVE_CHUNK = 4  # articles stored per turn of the event loop: keys are handled in between
SEARCH_CHUNK = 50  # texts the worker searches between pauses


@dataclass
class TaughtFound(Message):
    """The teaching worker found the articles that hold changed texts."""

    found: dict[str, Found]
    patterns: TaughtPatterns
    changed: set[str]


class Teaching:
    """Builds the corpus teaching index while an article is open, and teaches the other
    articles after each of its edits. Its workers run on the reader screen; the screen hands
    their `TaughtFound` message back to `store_found`."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader

    @property
    def store(self) -> Store:
        return self.reader.store

    @property
    def teacher(self) -> Teacher:
        return self.reader.services.teacher

    def article_opened(self) -> None:
        self.reader.run_worker(self._teach_here(), group="teach-here", exclusive=True)

    async def _teach_here(self) -> None:
        """Build the corpus teaching index before the analyst's first edit here (so the
        edit is compared with the state before it), a few articles per turn of the
        event loop so keys are handled in between. Detection applies what was taught
        (`annotations.pipeline`): opening an article changes nothing."""
        await asyncio.sleep(0)  # after the article is shown
        if self.store.read_only:
            return
        while not self.teacher.build_step():
            await asyncio.sleep(0)

    def article_edited(self) -> None:
        """Update the index from this article (cheap) and search the others in a worker."""
        if self.store.read_only:
            return
        reader = self.reader
        teacher = self.teacher
        teacher.learn(reader.article_id, reader.editor.entities.values())
        if not teacher.pending:
            return
        teacher.texts = article_texts(self.store, teacher.texts)
        search = partial(
            self._find_taught,
            teacher.index.patterns(),
            dict(teacher.texts),
            set(teacher.pending),
            reader.article_id,
        )
        # Start the search after this key's repaint: the thread competes for the GIL.
        reader.call_after_refresh(
            reader.run_worker, search, thread=True, exclusive=True, group="teach"
        )

    def _find_taught(
        self,
        patterns: TaughtPatterns,
        texts: dict[str, tuple[str, str]],
        changed: set[str],
        exclude: str,
    ) -> None:
        """Compute only (in a thread): which other articles hold the changed texts, and
        where. Slices of texts with a pause between them, so the UI thread gets the GIL."""
        worker, found, ids = get_current_worker(), {}, list(texts)
        for start in range(0, len(ids), SEARCH_CHUNK):
            if worker.is_cancelled:
                return
            part = {i: texts[i] for i in ids[start : start + SEARCH_CHUNK]}
            found.update(find_taught(patterns, part, changed, exclude))
            time.sleep(0.001)
        self.reader.post_message(TaughtFound(found, patterns, changed))

    def store_found(self, message: TaughtFound) -> None:
        self.reader.run_worker(self._save_taught(message), group="teach-save")

    async def _save_taught(self, message: TaughtFound) -> None:
        """Store a few articles' taught suggestions at a time (one save each) on the
        event loop, yielding in between so keys and repaints are never held up."""
        from annotations.pipeline import detection_cache  # not needed to start the app

        items, touched = list(message.found.items()), []
        cache = detection_cache(self.store)  # what a text no longer refused gets back
        for start in range(0, len(items), SAVE_CHUNK):
            chunk = dict(items[start : start + SAVE_CHUNK])
            try:
                touched += store_taught(self.store, chunk, message.patterns, message.changed, cache)
            except StoreError as exc:
                self.reader.notify(str(exc), severity="error", timeout=8)
                return
            await asyncio.sleep(0)
        self.teacher.pending -= message.changed
        if touched:
            self.reader.app.store_changed(*touched)  # type: ignore[attr-defined]
            self.reader.notify(
                f"Taught: updated suggestions in {len(touched)} other articles.", timeout=3
            )


__all__ = ["TaughtFound", "Teaching"]
