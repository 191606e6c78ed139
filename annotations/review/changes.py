"""What one undoable action changed: documents before and after."""

from __future__ import annotations

from annotations.models import Entity, Event, Model


class EntityChange(Model):
    """One entity before and after an action; None means absent."""

    before: Entity | None = None
    after: Entity | None = None


class EventChange(Model):
    """One event before and after an action; None means absent."""

    before: Event | None = None
    after: Event | None = None


def merged(current: Event | None, old: Event | None, new: Event | None) -> Event | None:
    """`new`, but fields the action did not change keep their `current` value.

    Undoing a note edit must not undo a grouping made since on another screen.
    """
    if current is None or old is None or new is None:
        return new
    changed = {k: getattr(new, k) for k in Event.model_fields if getattr(old, k) != getattr(new, k)}
    return current.model_copy(update=changed)
