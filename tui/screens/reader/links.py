"""The reader's links to the corpus: teaching other articles, and `l` to the entities screen.

After an edit of this article (the app's `store_changed` names it), the
corpus-wide teaching index is updated at once (cheap); a thread worker then
searches every other article's text for the texts whose teaching changed and
posts `TaughtFound`; the handler stores the taught suggestions in one
transaction. The index and the text snapshot live as long as the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from annotations.entities import TaughtPatterns
from annotations.entities.teach import TAUGHT
from annotations.review.teaching import (
    Found,
    TeachingIndex,
    article_texts,
    find_taught,
    store_taught,
)
from annotations.store import Store, StoreError
from tui.render import legend
from tui.screens.reader.base import ReaderBase


@dataclass
class Teacher:
    """Teaching state of one store: the index, the texts, texts not yet propagated."""

    index: TeachingIndex
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)


_TEACHERS: WeakKeyDictionary[Store, Teacher] = WeakKeyDictionary()


def teacher_for(store: Store) -> Teacher:
    """The store's teaching state, built on first use (reads every entity once)."""
    teacher = _TEACHERS.get(store)
    if teacher is None:
        teacher = _TEACHERS[store] = Teacher(TeachingIndex.from_store(store))
    return teacher


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
        if not self.app.store.read_only:
            self.call_after_refresh(teacher_for, self.app.store)

    def load_article(self) -> None:
        super().load_article()
        if self.start_cursor is not None:
            position, self.start_cursor = self.start_cursor, None
            self.call_after_refresh(self.view.move_to, position)

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
        if self.article_id in self.app.changed_articles and not self.app.store.read_only:
            self.teach()

    def teach(self) -> None:
        """Update the index from this article (cheap) and search the others in a worker."""
        if self.editor is None:
            return
        teacher = teacher_for(self.app.store)
        teacher.pending |= teacher.index.update(self.article_id, self.editor.entities.values())
        if not teacher.pending:
            return
        teacher.texts = article_texts(self.app.store, teacher.texts)
        patterns = teacher.index.patterns()
        self._find_taught(patterns, dict(teacher.texts), set(teacher.pending), self.article_id)

    @work(thread=True, exclusive=True, group="teach")
    def _find_taught(
        self,
        patterns: TaughtPatterns,
        texts: dict[str, tuple[str, str]],
        changed: set[str],
        exclude: str,
    ) -> None:
        """Compute only: which other articles hold the changed texts, and where."""
        found = find_taught(patterns, texts, changed, exclude)
        self.post_message(TaughtFound(found, patterns, changed))

    def on_taught_found(self, message: TaughtFound) -> None:
        teacher = teacher_for(self.app.store)
        try:
            touched = store_taught(self.app.store, message.found, message.patterns, message.changed)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        teacher.pending -= message.changed
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


__all__ = ["EntityLinks", "TaughtFound", "Teacher", "teacher_for"]
