"""Events in the store: one `Event` document per event in the `events` table.

A group is not a document of its own: events that report one real-world
event share a `group_id`. Suggestions are stored with `state="suggested"`
and only `accepted` events are analyst data (what exporters should see).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotations.events.review import analyst_events, new_suggestions
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.events.suggest import suggest_events
from annotations.models import Entity, Event
from annotations.store import Store

EVENTS = "events"


def trigger_order(event: Event) -> tuple[int, int, str, str]:
    """Events of an article by trigger position, then type and id."""
    return (event.trigger_start, -event.trigger_end, event.type, event.id)


def all_events(source: Any) -> list[Event]:
    """Every stored event of the corpus (empty for a source without an events table)."""
    reader = getattr(source, "all", None)
    return list(reader(EVENTS, Event)) if reader is not None else []


def events_of(store: Store, article_id: str, *, accepted_only: bool = False) -> list[Event]:
    """The events of one article by trigger position; `accepted_only` keeps analyst data.
    Only that article's events are read (the store's `article_id` index on events).

    Exporters call this with the store: `events_of(store, article.id, accepted_only=True)`.
    """
    found = sorted(store.where(EVENTS, "article_id", article_id, Event), key=trigger_order)
    return analyst_events(found) if accepted_only else found


def save_events(store: Store, events: Iterable[Event]) -> None:
    """Insert or replace events in one atomic save."""
    store.put_many(EVENTS, list(events))


def delete_event(store: Store, event_id: str) -> bool:
    return store.delete(EVENTS, event_id)


def entity_index(store: Store, article_ids: Iterable[str] | None = None) -> dict[str, Entity]:
    """Entities by id, of the given articles or of the whole corpus."""
    ids = store.article_ids() if article_ids is None else article_ids
    return {e.id: e for a in ids for e in store.entities(a)}


def propose_events(
    store: Store, article_id: str, schema: EventSchema = DEFAULT_SCHEMA
) -> list[Event]:
    """New suggestions for an article, not yet stored: none for a trigger that
    already has an event (accepted, pending or rejected) of the same type."""
    article = store.article(article_id)
    suggested = suggest_events(article, store.entities(article_id), schema)
    return new_suggestions(events_of(store, article_id), suggested)


def store_suggestions(
    store: Store, article_id: str, schema: EventSchema = DEFAULT_SCHEMA
) -> list[Event]:
    """Propose and store suggestions for an article (headless); returns the new ones."""
    fresh = propose_events(store, article_id, schema)
    if fresh:
        save_events(store, fresh)
    return fresh
