"""Teaching from the reader: what the analyst does in one article is suggested in the others.

After an edit of this article (the app's `store_changed` names it), the
corpus-wide teaching index is updated at once (cheap); a thread worker then
searches every other article's text for the texts whose teaching changed and
posts `TaughtFound`; the handler stores the taught suggestions a few articles
per turn of the event loop (one save each), so keys stay instant. Opening an
article brings it up to date with what was taught since it was detected.
The index and the text snapshot live as long as the store.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.message import Message
from textual.worker import get_current_worker

from annotations.entities import TaughtPatterns
from annotations.review.teaching import (
    Found,
    TeachingIndex,
    article_texts,
    find_taught,
    store_taught,
    switched_off,
)
from annotations.store import Store, StoreError

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

SAVE_CHUNK = 4  # articles stored per turn of the event loop: keys are handled in between
SEARCH_CHUNK = 50  # texts the worker searches between pauses
INDEX_CHUNK = 25  # articles indexed per turn while the index is first built


@dataclass
class Teacher:
    """Teaching state of one store: the index, the texts, texts not yet propagated.

    The index is built a few articles per turn (`build_step`) so that opening
    the first article never freezes the screen; `finish` completes it at once."""

    store: Store
    index: TeachingIndex = field(default_factory=TeachingIndex)
    todo: list[str] = field(default_factory=list)
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)

    @property
    def ready(self) -> bool:
        return not self.todo

    def build_step(self, count: int = INDEX_CHUNK) -> bool:
        """Index the next `count` articles; True once the index is complete."""
        step, self.todo = self.todo[:count], self.todo[count:]
        for article_id in step:
            if article_id in self.store:
                self.index.update(article_id, self.store.entities(article_id), report=False)
                article = self.store.article(article_id)
                self.texts[article_id] = (article.text_hash, article.text)
        return self.ready

    def finish(self) -> TeachingIndex:
        while not self.build_step(len(self.todo)):
            pass
        return self.index


_TEACHERS: WeakKeyDictionary[Store, Teacher] = WeakKeyDictionary()


def teacher_for(store: Store) -> Teacher:
    """The store's teaching state (its index is built on demand)."""
    teacher = _TEACHERS.get(store)
    if teacher is None:
        index = TeachingIndex(off=switched_off(store))
        teacher = _TEACHERS[store] = Teacher(store, index, todo=store.article_ids())
    return teacher


@dataclass
class TaughtFound(Message):
    """The teaching worker found the articles that hold changed texts."""

    found: dict[str, Found]
    patterns: TaughtPatterns
    changed: set[str]


class Teaching:
    """Brings the open article up to date with what was taught, and teaches the others
    after each of its edits. Its workers run on the reader screen; the screen hands
    their `TaughtFound` message back to `store_found`."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader

    @property
    def store(self) -> Store:
        return self.reader.store

    def article_opened(self) -> None:
        self.reader.run_worker(self._teach_here(), group="teach-here", exclusive=True)

    async def _teach_here(self) -> None:
        """Bring this article up to date with what was taught (an article detected
        by the app's worker has not seen the taught patterns yet). Runs on the
        event loop, yielding between steps so keys are handled in between."""
        await asyncio.sleep(0)  # after the article is shown
        store, editor = self.store, self.reader.editor
        if store.read_only or editor.article.detected_with is None:
            return
        teacher = teacher_for(store)
        while not teacher.build_step():
            await asyncio.sleep(0)
        patterns = teacher.index.patterns()
        if not patterns or self.reader.editor is not editor:
            return
        changed = set(patterns.taught) | {text for text, _ in patterns.rejected}
        article = editor.article
        found = find_taught(patterns, {article.id: (article.text_hash, article.text)}, changed)
        try:
            touched = store_taught(store, found, patterns, changed)
        except StoreError as exc:
            self.reader.notify(str(exc), severity="error", timeout=8)
            return
        if touched:
            editor.reload()
            self.reader.refresh_annotations()

    def article_edited(self) -> None:
        """Update the index from this article (cheap) and search the others in a worker."""
        if self.store.read_only:
            return
        reader = self.reader
        teacher = teacher_for(self.store)
        index = teacher.finish()  # at once only if an edit comes before the index is built
        teacher.pending |= index.update(reader.article_id, reader.editor.entities.values())
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
        items, touched = list(message.found.items()), []
        for start in range(0, len(items), SAVE_CHUNK):
            chunk = dict(items[start : start + SAVE_CHUNK])
            try:
                touched += store_taught(self.store, chunk, message.patterns, message.changed)
            except StoreError as exc:
                self.reader.notify(str(exc), severity="error", timeout=8)
                return
            await asyncio.sleep(0)
        teacher_for(self.store).pending -= message.changed
        if touched:
            self.reader.app.store_changed(*touched)  # type: ignore[attr-defined]
            self.reader.notify(
                f"Taught: updated suggestions in {len(touched)} other articles.", timeout=3
            )


__all__ = ["TaughtFound", "Teacher", "Teaching", "teacher_for"]
