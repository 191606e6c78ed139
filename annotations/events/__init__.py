"""Event tagging core: schema, date normalisation, suggestions, grouping, timeline.

Pure Python, no UI imports; the TUI builds its screens on these functions.
"""

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
