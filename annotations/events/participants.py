"""Who takes part in an event: names of its role fillers and comparable keys."""

from __future__ import annotations

import re
from collections.abc import Mapping

from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.models import Entity, Event

# Roles that say when or how much, not who: they do not identify an event.
NON_PARTICIPANT_LABELS = frozenset({"DATE", "MONEY", "QUANTITY", "CARDINAL"})
NON_PARTICIPANT_ROLES = frozenset({"Place", "Topic", "Activity"})
_TITLES = re.compile(
    r"^(?:(?:russian|indian|chinese|us|u\.s\.)\s+)?(?:president|prime minister|pm|mr|mrs|ms|dr|"
    r"minister|defen[cs]e minister|foreign minister|external affairs minister|his excellency|"
    r"general|gen|chancellor|king|queen|prince|shri)\.?\s+",
    re.I,
)


def entity_key(entity: Entity) -> str:
    """A key that two mentions of one participant share.

    The canonical id when linking has set one; otherwise the lower-cased text
    without titles or possessive, and for a person the surname ("putin").
    """
    if entity.canonical_id:
        return entity.canonical_id
    text = re.sub(r"[’']s$", "", entity.text.strip()).lower()
    while (stripped := _TITLES.sub("", text)) != text:
        text = stripped
    if entity.label == "PERSON" and " " in text:
        text = text.rsplit(" ", 1)[1]
    return re.sub(r"\s+", " ", text)


def participant_entities(
    event: Event, entities: Mapping[str, Entity], schema: EventSchema = DEFAULT_SCHEMA
) -> list[Entity]:
    """Entities filling the event's who-roles (not Time, Place, Quantity ...)."""
    spec = schema.get(event.type)
    found = []
    for arg in event.arguments:
        entity = entities.get(arg.entity_id)
        role = spec.role(arg.role) if spec else None
        if entity is None or arg.role in NON_PARTICIPANT_ROLES:
            continue
        if role is not None and role.labels and set(role.labels) <= NON_PARTICIPANT_LABELS:
            continue
        if entity.label not in NON_PARTICIPANT_LABELS:
            found.append(entity)
    return found


def participant_keys(
    event: Event, entities: Mapping[str, Entity], schema: EventSchema = DEFAULT_SCHEMA
) -> set[str]:
    """Keys of the event's participants."""
    return {entity_key(e) for e in participant_entities(event, entities, schema)}


def actor_names(
    event: Event, entities: Mapping[str, Entity], schema: EventSchema = DEFAULT_SCHEMA
) -> list[str]:
    """Distinct participant texts in role order, for display."""
    names: list[str] = []
    for entity in participant_entities(event, entities, schema):
        if entity.text not in names:
            names.append(entity.text)
    return names
