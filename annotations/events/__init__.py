"""Event tagging core: schema, date normalisation, suggestions, grouping, timeline.

Pure Python, no UI imports; the TUI builds its screens on these functions. The
names below are imported from their modules on first use (PEP 562): reading the
event schema at start does not load the suggestions, grouping and timeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.events.dates import DateRange, event_time, normalise_date
    from annotations.events.grouping import (
        GroupChange,
        GroupProposal,
        apply_group,
        group_members,
        propose_groups,
        remove_from_group,
        undo_group,
        ungroup,
    )
    from annotations.events.participants import actor_names, entity_key, participant_keys
    from annotations.events.repository import (
        EVENTS,
        all_events,
        events_of,
        propose_events,
        save_events,
        store_suggestions,
    )
    from annotations.events.review import (
        accept,
        analyst_events,
        is_analyst_data,
        new_suggestions,
        reject,
    )
    from annotations.events.schema import (
        DEFAULT_SCHEMA,
        EventSchema,
        EventTypeSpec,
        RoleSpec,
        dump_schema,
        load_schema,
        parse_schema,
    )
    from annotations.events.suggest import draft_event, suggest_events, suggest_in_text
    from annotations.events.timeline import TimelineRow, filter_events, order_events, timeline_rows
    from annotations.events.validate import Problem, check_event, completeness, missing_roles
    from annotations.segment import sentences

_FROM: dict[str, tuple[str, ...]] = {  # module -> the names imported from it above
    "annotations.events.dates": (
        "DateRange",
        "event_time",
        "normalise_date",
    ),
    "annotations.events.grouping": (
        "GroupChange",
        "GroupProposal",
        "apply_group",
        "group_members",
        "propose_groups",
        "remove_from_group",
        "undo_group",
        "ungroup",
    ),
    "annotations.events.participants": (
        "actor_names",
        "entity_key",
        "participant_keys",
    ),
    "annotations.events.repository": (
        "EVENTS",
        "all_events",
        "events_of",
        "propose_events",
        "save_events",
        "store_suggestions",
    ),
    "annotations.events.review": (
        "accept",
        "analyst_events",
        "is_analyst_data",
        "new_suggestions",
        "reject",
    ),
    "annotations.events.schema": (
        "DEFAULT_SCHEMA",
        "EventSchema",
        "EventTypeSpec",
        "RoleSpec",
        "dump_schema",
        "load_schema",
        "parse_schema",
    ),
    "annotations.events.suggest": (
        "draft_event",
        "suggest_events",
        "suggest_in_text",
    ),
    "annotations.events.timeline": (
        "TimelineRow",
        "filter_events",
        "order_events",
        "timeline_rows",
    ),
    "annotations.events.validate": (
        "Problem",
        "check_event",
        "completeness",
        "missing_roles",
    ),
    "annotations.segment": ("sentences",),
}
_MODULES = {name: module for module, names in _FROM.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'annotations.events' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_SCHEMA",
    "EVENTS",
    "DateRange",
    "EventSchema",
    "EventTypeSpec",
    "GroupChange",
    "GroupProposal",
    "Problem",
    "RoleSpec",
    "TimelineRow",
    "accept",
    "actor_names",
    "all_events",
    "analyst_events",
    "apply_group",
    "check_event",
    "completeness",
    "draft_event",
    "dump_schema",
    "entity_key",
    "event_time",
    "events_of",
    "filter_events",
    "group_members",
    "is_analyst_data",
    "load_schema",
    "missing_roles",
    "new_suggestions",
    "normalise_date",
    "order_events",
    "parse_schema",
    "participant_keys",
    "propose_events",
    "propose_groups",
    "reject",
    "remove_from_group",
    "save_events",
    "sentences",
    "store_suggestions",
    "suggest_events",
    "suggest_in_text",
    "timeline_rows",
    "undo_group",
    "ungroup",
]
