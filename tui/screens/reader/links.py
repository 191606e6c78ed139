"""The reader's links to the corpus: teaching other articles, and `l` to the entities screen.

After an edit of this article (the app's `store_changed` names it), the
corpus-wide teaching index is updated at once (cheap); a thread worker then
searches every other article's text for the texts whose teaching changed and
posts `TaughtFound`; the handler stores the taught suggestions a few articles
per turn of the event loop (one save each), so keys stay instant. Detection
applies what was taught (`annotations.pipeline`), so opening an article only
builds the index. The index and the text snapshot are the app's (`Services.teacher`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from annotations.entities import TaughtPatterns
from annotations.entities.teach import TAUGHT
from annotations.review.teaching import (
    Found,
    article_texts,
    find_taught,
    store_taught,
)
from annotations.store import StoreError
from tui.render import legend
from tui.screens.reader.base import ReaderBase

SAVE_CHUNK = 4  # articles stored per turn of the event loop: keys are handled in between
SEARCH_CHUNK = 50  # texts the worker searches between pauses


@dataclass
class TaughtFound(Message):
    """The teaching worker found the articles that hold changed texts."""

    found: dict[str, Found]
    patterns: TaughtPatterns
    changed: set[str]


class EntityLinks(ReaderBase):
    """Teaching after edits; `l` opens the entities screen at the entity under the cursor."""

    BINDINGS = [Binding("l", "entity_links", "Across corpus", id="entity_links")]

    start_cursor: int | None = None
    """Where to put the cursor once the article is shown (set by whoever opens the reader)."""

    def on_mount(self) -> None:
        self.watch(self.app, "store_version", self._teach_if_edited, init=False)

    def load_article(self) -> None:
        super().load_article()
        if self.start_cursor is not None:
            position, self.start_cursor = self.start_cursor, None
            self.call_after_refresh(self.view.move_to, position)
        self._teach_here()

    @work(group="teach-here", exclusive=True)
    async def _teach_here(self) -> None:
        """Build the corpus teaching index before the analyst's first edit here (so the
        edit is compared with the state before it), a few articles per turn of the
        event loop so keys are handled in between. Detection applies what was taught
        (`annotations.pipeline`): opening an article changes nothing."""
        await asyncio.sleep(0)  # after the article is shown
        if self.services.store.read_only:
            return
        teacher = self.services.teacher
        while not teacher.build_step():
            await asyncio.sleep(0)

    def refresh_annotations(self) -> None:
        super().refresh_annotations()
        assert self.editor is not None
        entities = self.editor.ordered()
        if any(e.source == TAUGHT and e.state == "suggested" for e in entities):
            present = {e.label for e in entities}
            line = legend(self.app.labels.values(), present)
            line.append(" taught ", style="italic underline")
            line.append(" = suggested from what you taught elsewhere", style="dim")
            widget = self.query_one("#legend", Static)
            if getattr(widget, "_shown", None) != line:  # same memo as the base's updates
                widget._shown = line  # type: ignore[attr-defined]
                widget.update(line)

    # -- teaching ------------------------------------------------------------
    def _teach_if_edited(self) -> None:
        if self.article_id in self.app.changed_articles and not self.services.store.read_only:
            self.teach()

    def teach(self) -> None:
        """Update the index from this article (cheap) and search the others in a worker."""
        if self.editor is None:
            return
        teacher = self.services.teacher
        index = teacher.finish()  # at once only if an edit comes before the index is built
        teacher.pending |= index.update(self.article_id, self.editor.entities.values())
        if not teacher.pending:
            return
        teacher.texts = article_texts(self.services.store, teacher.texts)
        patterns, texts, changed = (
            teacher.index.patterns(),
            dict(teacher.texts),
            set(teacher.pending),
        )
        # Start the search after this key's repaint: the thread competes for the GIL.
        self.call_after_refresh(self._find_taught, patterns, texts, changed, self.article_id)

    @work(thread=True, exclusive=True, group="teach")
    def _find_taught(
        self,
        patterns: TaughtPatterns,
        texts: dict[str, tuple[str, str]],
        changed: set[str],
        exclude: str,
    ) -> None:
        """Compute only: which other articles hold the changed texts, and where.
        Slices of texts with a pause between them, so the UI thread gets the GIL."""
        worker, found, ids = get_current_worker(), {}, list(texts)
        for start in range(0, len(ids), SEARCH_CHUNK):
            if worker.is_cancelled:
                return
            part = {i: texts[i] for i in ids[start : start + SEARCH_CHUNK]}
            found.update(find_taught(patterns, part, changed, exclude))
            time.sleep(0.001)
        self.post_message(TaughtFound(found, patterns, changed))

    def on_taught_found(self, message: TaughtFound) -> None:
        self._save_taught(message)

    @work(group="teach-save")
    async def _save_taught(self, message: TaughtFound) -> None:
        """Store a few articles' taught suggestions at a time (one save each) on the
        event loop, yielding in between so keys and repaints are never held up."""
        items, touched = list(message.found.items()), []
        for start in range(0, len(items), SAVE_CHUNK):
            chunk = dict(items[start : start + SAVE_CHUNK])
            try:
                touched += store_taught(
                    self.services.store, chunk, message.patterns, message.changed
                )
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            await asyncio.sleep(0)
        self.services.teacher.pending -= message.changed
        if touched:
            self.app.store_changed(*touched)
            self.notify(f"Taught: updated suggestions in {len(touched)} other articles.", timeout=3)

    # -- links ---------------------------------------------------------------
    def action_entity_links(self) -> None:
        from tui.screens.entities import EntitiesScreen

        assert self.editor is not None
        here = self.editor.at(self.view.cursor)
        if not here:
            self.notify("Put the cursor on an entity to see it across the corpus.", timeout=2)
            return
        self.app.push_screen(EntitiesScreen(entity_id=here[0].id))


__all__ = ["EntityLinks", "TaughtFound"]
