"""The cross-article timeline: order, filter, and collapse groups into one row."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from annotations.events.participants import entity_key, participant_entities
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.models import Entity, Event, EventStatus, ReviewState


@dataclass(frozen=True)
class TimelineRow:
    """One line of the timeline: an event, or a group shown once with its sources."""

    key: str  # the group id, or the event id of a lone event
    type: str
    status: EventStatus
    start: dt.date | None
    end: dt.date | None
    time_text: str | None
    actors: tuple[str, ...]
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]  # the sources, in first-seen order
    trigger_text: str

    @property
    def is_group(self) -> bool:
        return len(self.event_ids) > 1


def _order_key(event: Event) -> tuple[bool, dt.date, dt.date, str, str]:
    start = event.time_start or dt.date.max
    return (event.time_start is None, start, event.time_end or start, event.type, event.id)


def order_events(events: Sequence[Event]) -> list[Event]:
    """Events by date (undated last), then range end, type and id."""
    return sorted(events, key=_order_key)


_ACCEPTED: tuple[ReviewState, ...] = ("accepted",)


def filter_events(
    events: Sequence[Event],
    entities: Mapping[str, Entity],
    *,
    types: Collection[str] | None = None,
    actor: str | None = None,
    statuses: Collection[EventStatus] | None = None,
    states: Collection[ReviewState] = _ACCEPTED,
    schema: EventSchema = DEFAULT_SCHEMA,
) -> list[Event]:
    """Events of the given types, statuses and review states whose participants
    include `actor` (case-insensitive, part of a name or its key)."""
    needle = actor.strip().lower() if actor else ""
    kept = []
    for event in events:
        if event.state not in states:
            continue
        if types is not None and event.type not in types:
            continue
        if statuses is not None and event.status not in statuses:
            continue
        if needle and not any(
            needle in e.text.lower() or needle == entity_key(e)
            for e in participant_entities(event, entities, schema)
        ):
            continue
        kept.append(event)
    return kept


def timeline_rows(
    events: Sequence[Event], entities: Mapping[str, Entity], schema: EventSchema = DEFAULT_SCHEMA
) -> list[TimelineRow]:
    """One row per group and per ungrouped event, ordered by date."""
    buckets: dict[str, list[Event]] = {}
    for event in order_events(events):
        buckets.setdefault(event.group_id or event.id, []).append(event)
    rows = [_row(key, members, entities, schema) for key, members in buckets.items()]
    return sorted(
        rows,
        key=lambda r: (
            r.start is None,
            r.start or dt.date.max,
            r.end or dt.date.max,
            r.type,
            r.key,
        ),
    )


def _row(
    key: str, members: list[Event], entities: Mapping[str, Entity], schema: EventSchema
) -> TimelineRow:
    timed = [e for e in members if e.time_start]
    # The date most members agree on; ties go to the narrowest (most precise) range.
    spans = Counter((e.time_start, e.time_end) for e in members if e.time_start is not None)
    start, end = (
        min(spans, key=lambda s: (-spans[s], ((s[1] or s[0]) - s[0]).days))
        if spans
        else (None, None)
    )
    lead = next((e for e in timed if (e.time_start, e.time_end) == (start, end)), members[0])
    statuses = Counter(e.status for e in members)
    actors: dict[str, str] = {}  # one name per participant key: "Putin" joins "Vladimir Putin"
    for event in members:
        for entity in participant_entities(event, entities, schema):
            who = entity_key(entity)
            if len(entity.text) > len(actors.get(who, "")):
                actors[who] = entity.text  # the fullest name: "Vladimir Putin" over "Putin"
    return TimelineRow(
        key=key,
        type=Counter(e.type for e in members).most_common(1)[0][0],
        status=statuses.most_common(1)[0][0],
        start=start,
        end=end,
        time_text=lead.time_text,
        actors=tuple(actors.values()),
        event_ids=tuple(e.id for e in members),
        article_ids=tuple(dict.fromkeys(e.article_id for e in members)),
        trigger_text=lead.trigger_text,
    )
