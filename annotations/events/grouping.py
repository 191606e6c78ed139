"""Group events that report one real-world event, across articles.

Two events may be one when they have the same type, share key participants
and their times overlap. An event without a time needs two shared
participants, and never joins a group whose times do not overlap each other.
Applying and undoing a grouping are pure: they return changed copies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotations.events.participants import participant_keys
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.models import Entity, Event, new_id


@dataclass(frozen=True)
class GroupProposal:
    """Events that seem to report one real-world event."""

    event_ids: tuple[str, ...]
    type: str
    shared: tuple[str, ...]  # participant keys all timed members share
    group_id: str | None = None  # an existing group the proposal extends


@dataclass(frozen=True)
class GroupChange:
    """What a grouping did, so that it can be undone exactly."""

    group_id: str | None
    previous: dict[str, str | None] = field(default_factory=dict)  # event id -> old group


def _span(event: Event) -> tuple[dt.date, dt.date] | None:
    if event.time_start is None:
        return None
    return event.time_start, event.time_end or event.time_start


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def propose_groups(
    events: Sequence[Event],
    entities: Mapping[str, Entity],
    schema: EventSchema = DEFAULT_SCHEMA,
) -> list[GroupProposal]:
    """Clusters of two or more events (rejected ones left out) that may be one event."""
    live = [e for e in events if e.state != "rejected"]
    keys = {e.id: participant_keys(e, entities, schema) for e in live}
    # Timed events first, so that untimed ones join a dated cluster, not chain two.
    ordered = sorted(live, key=lambda e: (e.time_start is None, e.time_start or dt.date.min))
    clusters: list[list[Event]] = []
    for event in ordered:
        for cluster in clusters:
            if _fits(event, cluster, keys):
                cluster.append(event)
                break
        else:
            clusters.append([event])
    proposals = []
    for cluster in clusters:
        if len(cluster) < 2:
            continue
        groups = Counter(e.group_id for e in cluster if e.group_id)
        if len(groups) == 1 and all(e.group_id for e in cluster):
            continue  # already grouped just so
        timed_keys = [keys[e.id] for e in cluster if e.time_start] or [set()]
        shared = set.intersection(*timed_keys)
        proposals.append(
            GroupProposal(
                event_ids=tuple(e.id for e in cluster),
                type=cluster[0].type,
                shared=tuple(sorted(shared)),
                group_id=groups.most_common(1)[0][0] if groups else None,
            )
        )
    return proposals


def _fits(event: Event, cluster: list[Event], keys: dict[str, set[str]]) -> bool:
    if cluster[0].type != event.type:
        return False
    if not all(_overlap(_span(event), _span(other)) for other in cluster):
        return False
    need = 1 if event.time_start else 2
    return any(len(keys[event.id] & keys[other.id]) >= need for other in cluster)


def apply_group(
    events: Sequence[Event], event_ids: Sequence[str], group_id: str | None = None
) -> tuple[list[Event], GroupChange]:
    """Put the given events in one group (a new one unless `group_id` is given)."""
    group_id = group_id or new_id()
    wanted = set(event_ids)
    change = GroupChange(group_id, {e.id: e.group_id for e in events if e.id in wanted})
    updated = [e.model_copy(update={"group_id": group_id}) if e.id in wanted else e for e in events]
    return updated, change


def ungroup(events: Sequence[Event], group_id: str) -> tuple[list[Event], GroupChange]:
    """Dissolve a group: its events keep no group."""
    change = GroupChange(None, {e.id: e.group_id for e in events if e.group_id == group_id})
    updated = [
        e.model_copy(update={"group_id": None}) if e.id in change.previous else e for e in events
    ]
    return updated, change


def remove_from_group(events: Sequence[Event], event_id: str) -> tuple[list[Event], GroupChange]:
    """Take one event out of its group."""
    change = GroupChange(None, {e.id: e.group_id for e in events if e.id == event_id})
    updated = [e.model_copy(update={"group_id": None}) if e.id == event_id else e for e in events]
    return updated, change


def undo_group(events: Sequence[Event], change: GroupChange) -> list[Event]:
    """Events as they were before `change` (apply, ungroup or remove)."""
    return [
        e.model_copy(update={"group_id": change.previous[e.id]}) if e.id in change.previous else e
        for e in events
    ]


def group_members(events: Sequence[Event], group_id: str) -> list[Event]:
    """The events of one group."""
    return [e for e in events if e.group_id == group_id]
