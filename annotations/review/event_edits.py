"""Event edits of the `Editor`: each one action, saved at once, undoable.

Mixed into `annotations.review.editor.Editor`, which supplies the store, the
article, its entities and events, and `_do` (record and apply one action).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from annotations.events.dates import Prefer, event_time
from annotations.events.grouping import apply_group, remove_from_group, ungroup
from annotations.events.repository import EVENTS, all_events, propose_events
from annotations.events.review import accept
from annotations.models import Entity, Event, EventStatus
from annotations.review.changes import EntityChange, EventChange, merged

if TYPE_CHECKING:
    from annotations.models import Article, Status
    from annotations.store import Store

PREFER: dict[str, Prefer] = {"planned": "future", "hypothetical": "future", "historical": "past"}


def date_for(text: str, ref: Any, status: EventStatus) -> dict[str, Any]:
    """`time_start`, `time_end`, `time_text` for the words `text` (cleared when empty)."""
    text = text.strip()
    if not text:
        return {"time_start": None, "time_end": None, "time_text": None}
    start, end = event_time(text, ref, PREFER.get(status, "nearest"))
    if start is None:
        raise ValueError(f"{text!r} is not a date newsdesk can read; try e.g. 'December 4-5'.")
    return {"time_start": start, "time_end": end, "time_text": text}


class EventEdits:
    """Add, change, review, delete and group events."""

    if TYPE_CHECKING:
        store: Store
        article: Article
        article_id: str
        entities: dict[str, Entity]
        events: dict[str, Event]

        def _do(
            self,
            description: str,
            changes: list[EntityChange],
            status: tuple[Status, Status] | None = None,
            events: Sequence[EventChange] = (),
        ) -> None: ...

    # -- queries ---------------------------------------------------------
    def ordered_events(self) -> list[Event]:
        return sorted(self.events.values(), key=lambda e: (e.trigger_start, e.type, e.id))

    def events_at(self, pos: int) -> list[Event]:
        """Events whose trigger covers `pos`: rejected last, then shortest first."""
        found = [e for e in self.events.values() if e.trigger_start <= pos < e.trigger_end]
        return sorted(found, key=lambda e: (e.state == "rejected", e.trigger_end - e.trigger_start))

    # -- one article's events ----------------------------------------------
    def save_event(self, event: Event, new_entities: Sequence[Entity] = (), what: str = "") -> None:
        """Add or replace an event, adding the new entities its roles point to."""
        before = self.events.get(event.id)
        description = what or f"{'edit' if before else 'tag'} {event.type} {event.trigger_text!r}"
        self._do(
            description,
            [EntityChange(after=e) for e in new_entities] + self._fillers_accepted(before, event),
            events=[EventChange(before=before, after=event)],
        )

    def _fillers_accepted(self, before: Event | None, after: Event) -> list[EntityChange]:
        """Filling a role is the analyst's act: the stored entities it names become accepted.

        A role filled by this action accepts its entity whatever its state; an
        event accepted now (or already) also accepts its suggested fillers. A
        filler the analyst rejected since it filled a role stays rejected.
        """
        kept = {a.entity_id for a in before.arguments} if before is not None else set()
        accepting = after.state == "accepted"
        changes: list[EntityChange] = []
        for ident in dict.fromkeys(a.entity_id for a in after.arguments):
            entity = self.entities.get(ident)
            if entity is None or entity.state == "accepted":
                continue
            if ident not in kept or (accepting and entity.state == "suggested"):
                changes.append(
                    EntityChange(
                        before=entity, after=entity.model_copy(update={"state": "accepted"})
                    )
                )
        return changes

    def update_event(self, event_id: str, what: str, **changes: Any) -> Event:
        event = self.events[event_id]
        after = Event.model_validate(event.model_dump() | changes)
        if after != event:
            self._do(what, [], events=[EventChange(before=event, after=after)])
        return after

    def delete_event(self, event_id: str) -> None:
        event = self.events[event_id]
        what = f"delete {event.type} {event.trigger_text!r}"
        self._do(what, [], events=[EventChange(before=event)])

    def accept_event(self, event_id: str) -> None:
        event = self.events[event_id]
        after = accept(event)
        self._do(
            f"accept {event.type}",
            self._fillers_accepted(event, after),
            events=[EventChange(before=event, after=after)],
        )

    def reject_event(self, event_id: str) -> None:
        self.update_event(event_id, f"reject {self.events[event_id].type}", state="rejected")

    def set_event_status(self, event_id: str, status: EventStatus) -> None:
        self.update_event(event_id, f"{self.events[event_id].type} {status}", status=status)

    def set_event_date(self, event_id: str, text: str) -> None:
        event = self.events[event_id]
        fields = date_for(text, self.article.meta.date, event.status)
        self.update_event(event_id, f"date of {event.type}", **fields)

    def set_event_note(self, event_id: str, note: str) -> None:
        self.update_event(event_id, "event note", note=note.strip() or None)

    def propose(self, schema: Any = None) -> list[Event]:
        """Store new suggestions for the article (one undoable action)."""
        fresh = propose_events(self.store, self.article_id, *([schema] if schema else []))
        if fresh:
            self._do(
                f"suggest {len(fresh)} events", [], events=[EventChange(after=e) for e in fresh]
            )
        return fresh

    # -- groups across articles --------------------------------------------
    def _corpus_events(self, ids: Sequence[str] | None = None) -> list[Event]:
        found = all_events(self.store)
        return found if ids is None else [e for e in found if e.id in set(ids)]

    def _regroup(self, what: str, before: list[Event], after: list[Event]) -> None:
        old = {e.id: e for e in before}
        changes = [EventChange(before=old[e.id], after=e) for e in after if old[e.id] != e]
        self._do(what, [], events=changes)

    def group_events(self, event_ids: Sequence[str], group_id: str | None = None) -> str:
        """Link events (of any articles) into one group; returns the group id."""
        before = self._corpus_events(event_ids)
        after, change = apply_group(before, event_ids, group_id)
        self._regroup(f"group {len(before)} events", before, after)
        assert change.group_id is not None
        return change.group_id

    def ungroup_events(self, group_id: str) -> None:
        before = self._corpus_events()
        after, _ = ungroup(before, group_id)
        self._regroup("ungroup", before, after)

    def remove_from_group(self, event_id: str) -> None:
        before = self._corpus_events()
        after, _ = remove_from_group(before, event_id)
        self._regroup("take out of group", before, after)

    # -- applying ------------------------------------------------------------
    def _tracks(self, event: Event) -> bool:
        """Whether `self.events` holds this event (the article's own events)."""
        return event.article_id == self.article_id

    def _apply_events(self, action: Any, *, reverse: bool) -> None:
        changes = reversed(action.event_changes) if reverse else action.event_changes
        for change in changes:
            old, new = (change.after, change.before) if reverse else (change.before, change.after)
            ident = (new or old).id
            current = self.store.get(EVENTS, ident, Event)
            target = merged(current, old, new)
            if target is not None:
                self.store.put(EVENTS, target)
                if self._tracks(target):
                    self.events[target.id] = target
            elif current is not None:
                self.store.delete(EVENTS, ident)
                self.events.pop(ident, None)
