"""Accept, edit or reject suggested events: pure functions on `Event` copies.

A suggestion (`state="suggested"`) is never analyst data; accepting makes it
so, rejecting keeps it as a record that stops the same suggestion returning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from annotations.models import Event


def accept(event: Event, **changes: Any) -> Event:
    """The event accepted, with the analyst's edits (`status=`, `arguments=` ...) applied."""
    data = event.model_dump() | changes | {"state": "accepted"}
    return Event.model_validate(data)


def reject(event: Event) -> Event:
    """The event marked rejected."""
    return event.model_copy(update={"state": "rejected"})


def is_analyst_data(event: Event) -> bool:
    """Only accepted events count: suggestions and rejections do not."""
    return event.state == "accepted"


def analyst_events(events: Iterable[Event]) -> list[Event]:
    """The accepted events of `events`, in the given order."""
    return [e for e in events if is_analyst_data(e)]


def _overlaps(a: Event, b: Event) -> bool:
    return (
        a.article_id == b.article_id
        and a.type == b.type
        and a.trigger_start < b.trigger_end
        and b.trigger_start < a.trigger_end
    )


def new_suggestions(existing: Sequence[Event], suggested: Iterable[Event]) -> list[Event]:
    """Suggestions not yet covered by a stored event of the same type and trigger.

    Accepted, rejected and pending events all count, so re-running the
    suggester neither duplicates accepted events nor brings back rejected ones.
    """
    kept: list[Event] = []
    for event in suggested:
        if not any(_overlaps(event, other) or event.id == other.id for other in existing):
            kept.append(event)
    return kept
