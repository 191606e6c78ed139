"""Check an event against the schema: flag, never refuse.

An unknown type is flagged (the event is kept as it is); missing required
roles make an event *incomplete*; a role filled by an entity of a label the
role does not accept is reported. Every problem is one readable sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.models import Entity, Event

ProblemKind = Literal[
    "unknown_type",
    "unknown_role",
    "missing_role",
    "incompatible_label",
    "missing_entity",
    "repeated_role",
]
Completeness = Literal["complete", "incomplete", "unknown_type"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an event, for the analyst to see."""

    kind: ProblemKind
    message: str
    role: str | None = None


def check_event(
    event: Event,
    schema: EventSchema = DEFAULT_SCHEMA,
    entities: Mapping[str, Entity] | None = None,
) -> list[Problem]:
    """Problems of `event`; labels are checked only when `entities` (by id) is given."""
    spec = schema.get(event.type)
    if spec is None:
        known = ", ".join(schema.names)
        return [
            Problem(
                "unknown_type", f"The event type {event.type!r} is not in the schema ({known})."
            )
        ]
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for arg in event.arguments:
        counts[arg.role] = counts.get(arg.role, 0) + 1
        role = spec.role(arg.role)
        if role is None:
            problems.append(
                Problem("unknown_role", f"{event.type} has no role {arg.role!r}.", arg.role)
            )
            continue
        if entities is None:
            continue
        entity = entities.get(arg.entity_id)
        if entity is None or entity.article_id != event.article_id:
            problems.append(
                Problem(
                    "missing_entity",
                    f"The {arg.role} of this {event.type} points to an entity that is not in "
                    "the article.",
                    arg.role,
                )
            )
        elif not role.accepts(entity.label):
            allowed = ", ".join(role.labels)
            problems.append(
                Problem(
                    "incompatible_label",
                    f"The {arg.role} of a {event.type} should be {allowed}, but "
                    f"{entity.text!r} is {entity.label}.",
                    arg.role,
                )
            )
    for name, count in counts.items():
        role = spec.role(name)
        if role is not None and not role.multiple and count > 1:
            problems.append(
                Problem("repeated_role", f"{event.type} takes one {name}, not {count}.", name)
            )
    for name in missing_roles(event, schema):
        problems.append(
            Problem("missing_role", f"This {event.type} is incomplete: it has no {name}.", name)
        )
    return problems


def missing_roles(event: Event, schema: EventSchema = DEFAULT_SCHEMA) -> list[str]:
    """Required roles of the event's type that no argument fills."""
    spec = schema.get(event.type)
    if spec is None:
        return []
    filled = {arg.role for arg in event.arguments}
    return [name for name in spec.required_roles if name not in filled]


def completeness(event: Event, schema: EventSchema = DEFAULT_SCHEMA) -> Completeness:
    """ "complete", "incomplete" (required roles missing) or "unknown_type"."""
    if schema.get(event.type) is None:
        return "unknown_type"
    return "incomplete" if missing_roles(event, schema) else "complete"
