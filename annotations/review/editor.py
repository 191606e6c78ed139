"""Edits of one article's annotations, each stored at once and undoable.

Every analyst action becomes one `Action`: the entity and event documents
before and after, and the article status before and after. Applying an action writes the
"after" side through the store; undo writes the "before" side. Actions are
stored too, so undo and redo survive a restart of the app.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from annotations.events.repository import all_events, events_of
from annotations.models import Entity, Event, Status
from annotations.review.changes import EntityChange, EventChange
from annotations.review.documents import HISTORY, Action
from annotations.review.entity_index import EntityIndex
from annotations.review.event_edits import EventEdits
from annotations.review.textnav import snap
from annotations.store import Store

MAX_HISTORY = 500  # actions kept per article; older ones can no longer be undone


class Editor(EventEdits):
    """The analyst's edits of one article, saved as they happen."""

    def __init__(self, store: Store, article_id: str, analyst: str | None = None) -> None:
        self.store = store
        self.article_id = article_id
        self.analyst = analyst  # recorded on every action and on what it changes
        self._load()

    def _load(self) -> None:
        """(Re)read the article, its entities and its history from the store."""
        self.article = self.store.article(self.article_id)
        self.index = EntityIndex(self.store.entities(self.article_id))
        self.entities: dict[str, Entity] = self.index.by_id  # one dict: the index keeps it
        self.changed_entities: set[str] = set()  # ids edited since `take_changed`
        self.events: dict[str, Event] = {e.id: e for e in events_of(self.store, self.article_id)}
        self._history = self._read_history()

    def _read_history(self) -> list[Action]:
        """This article's actions in order, read through the history's index: opening an
        article validates its own history, not every article's."""
        actions = self.store.where(HISTORY, "article_id", self.article_id, Action)
        return sorted(actions, key=lambda a: a.seq)

    @contextlib.contextmanager
    def _saving(self) -> Iterator[None]:
        """One atomic save; if it fails, forget the in-memory changes and re-raise."""
        try:
            with self.store.transaction():
                yield
        except BaseException:
            self._load()
            raise

    def reload(self) -> None:
        """Re-read everything (after another screen changed the store)."""
        self._load()

    def take_changed(self) -> set[str]:
        """The ids of the entities edited (added, changed, deleted, undone) since the
        last call, so a view repaints only those."""
        changed, self.changed_entities = self.changed_entities, set()
        return changed

    # -- queries ---------------------------------------------------------
    def ordered(self) -> list[Entity]:
        return self.index.ordered()

    def at(self, pos: int) -> list[Entity]:
        """Entities covering `pos`, innermost (shortest) first."""
        return sorted(self.index.covering(pos), key=lambda e: (e.end - e.start, e.start))

    def next_entity(self, pos: int, direction: int, *, suggested: bool = False) -> Entity | None:
        """The next entity (suggestion) after `pos`, or the previous one when
        `direction` < 0, from the sorted index: no scan of the article's entities."""
        return self.index.next_start(pos, direction, suggested=suggested)

    @property
    def can_undo(self) -> bool:
        return any(not a.undone for a in self._history)

    @property
    def can_redo(self) -> bool:
        return bool(self._history) and self._history[-1].undone

    # -- actions ---------------------------------------------------------
    def add(self, start: int, end: int, label: str, *, snap_to_tokens: bool = True) -> Entity:
        text = self.article.text
        if snap_to_tokens:
            start, end = snap(text, start, end)
        if not 0 <= start < end <= len(text):
            raise ValueError("Select some text first.")
        entity = Entity(
            article_id=self.article.id,
            start=start,
            end=end,
            label=label,
            text=text[start:end],
            source="analyst",
            state="accepted",
        )
        self._do(f"add {label} {entity.text!r}", [EntityChange(after=entity)])
        return entity

    def set_state(self, ids: Iterable[str], state: str, description: str) -> None:
        changes = [
            EntityChange(before=e, after=e.model_copy(update={"state": state}))
            for e in (self.entities[i] for i in ids)
            if e.state != state
        ]
        self._do(description, changes)

    def accept(self, ids: Sequence[str]) -> None:
        self.set_state(ids, "accepted", f"accept {len(ids)}")

    def reject(self, ids: Sequence[str]) -> None:
        self.set_state(ids, "rejected", f"reject {len(ids)}")

    def accept_all(self, label: str) -> int:
        ids = [e.id for e in self.entities.values() if e.label == label and e.state == "suggested"]
        self.set_state(ids, "accepted", f"accept all {label}")
        return len(ids)

    def relabel(self, entity_id: str, label: str) -> None:
        entity = self.entities[entity_id]
        after = entity.model_copy(update={"label": label, "state": "accepted"})
        self._do(f"relabel {entity.text!r} as {label}", [EntityChange(before=entity, after=after)])

    def resize(self, entity_id: str, start: int, end: int) -> None:
        """Move an entity's boundaries (to whole tokens); a resized entity is accepted."""
        entity = self.entities[entity_id]
        start, end = snap(self.article.text, start, end)
        if end <= start or (start, end) == (entity.start, entity.end):
            return
        after = Entity.model_validate(
            entity.model_dump()
            | {"start": start, "end": end, "text": self.article.text[start:end]}
            | {"state": "accepted"}
        )
        self._do(f"resize {entity.text!r}", [EntityChange(before=entity, after=after)])

    def delete(self, entity_id: str) -> None:
        entity = self.entities[entity_id]
        self._do(f"delete {entity.text!r}", [EntityChange(before=entity)])

    def set_note(self, entity_id: str, note: str) -> None:
        entity = self.entities[entity_id]
        after = entity.model_copy(update={"note": note.strip() or None})
        self._do(f"note on {entity.text!r}", [EntityChange(before=entity, after=after)])

    def set_status(self, status: Status) -> None:
        if status != self.article.status:
            self._do(f"mark {status}", [], status=(self.article.status, status))

    # -- undo / redo -----------------------------------------------------
    def undo(self) -> Action | None:
        """Revert the latest action not yet undone; None when there is none."""
        action = next((a for a in reversed(self._history) if not a.undone), None)
        if action is None:
            return None
        with self._saving():
            self._apply(action, reverse=True)
            self._save_history(action.model_copy(update={"undone": True}))
        return action

    def redo(self) -> Action | None:
        """Re-apply the earliest undone action; None when there is none."""
        action = next((a for a in self._history if a.undone), None)
        if action is None:
            return None
        with self._saving():
            self._apply(action, reverse=False)
            self._save_history(action.model_copy(update={"undone": False}))
        return action

    # -- internals -------------------------------------------------------
    def _do(
        self,
        description: str,
        changes: list[EntityChange],
        status: tuple[Status, Status] | None = None,
        events: Sequence[EventChange] = (),
    ) -> None:
        if not changes and status is None and not events:
            return
        with self._saving():
            self._record(description, changes, status, list(events))

    def _record(
        self,
        description: str,
        changes: list[EntityChange],
        status: tuple[Status, Status] | None,
        events: list[EventChange] | None = None,
    ) -> None:
        for stale in [a for a in self._history if a.undone]:  # a new action ends the redo tail
            self.store.delete(HISTORY, stale.id)
            self._history.remove(stale)
        seq = self._history[-1].seq + 1 if self._history else 1
        changes = [stamped(c, self.analyst) for c in changes]
        events = [stamped(c, self.analyst) for c in events or []]
        action = Action(
            article_id=self.article_id,
            seq=seq,
            description=description,
            changes=changes,
            event_changes=events,
            status_before=status[0] if status else None,
            status_after=status[1] if status else None,
            analyst=self.analyst,
        )
        self._apply(action, reverse=False)
        self._save_history(action)
        while len(self._history) > MAX_HISTORY:
            self.store.delete(HISTORY, self._history.pop(0).id)

    def _apply(self, action: Action, *, reverse: bool) -> None:
        changes = reversed(action.changes) if reverse else action.changes
        for change in changes:
            old, new = (change.after, change.before) if reverse else (change.before, change.after)
            if new is not None:
                self.store.put_entity(new)
                self.index.put(new)
            elif old is not None:
                self.store.delete_entity(old.id)
                self.index.remove(old.id)
            self.changed_entities.add((old or new).id)  # type: ignore[union-attr]
        self._apply_events(action, reverse=reverse)
        target = action.status_before if reverse else action.status_after
        if target is not None:
            self.article = self.store.set_status(self.article.id, target, by=self.analyst)

    def _save_history(self, action: Action) -> None:
        self.store.put(HISTORY, action)
        self._history = [a for a in self._history if a.id != action.id] + [action]
        self._history.sort(key=lambda a: a.seq)


C = TypeVar("C", EntityChange, EventChange)


def stamped(change: C, analyst: str | None) -> C:
    """The change with its result marked as `analyst`'s; a suggestion the analyst
    only asked for (an event suggested by a key) stays the model's."""
    after = change.after
    if analyst is None or after is None or (change.before is None and after.state == "suggested"):
        return change
    return change.model_copy(update={"after": after.model_copy(update={"analyst": analyst})})


CORPUS = "*corpus*"  # the history of actions that span articles (event groups)


class CorpusEditor(Editor):
    """Edits across articles (linking events into groups), with their own undo history."""

    def __init__(self, store: Store, analyst: str | None = None) -> None:
        super().__init__(store, CORPUS, analyst)

    def _load(self) -> None:
        self.index = EntityIndex()
        self.entities = self.index.by_id
        self.changed_entities = set()
        self.events = {e.id: e for e in all_events(self.store)}
        self._history = self._read_history()

    def _tracks(self, event: Event) -> bool:
        return True
