"""CSV for spreadsheets and pandas: `entities.csv` (one row per entity) and
`events.csv` (one row per event, one column per role of the schema).

A role filled by several entities holds their texts joined with "; "; the
entity ids of each role are in the matching `<role>_ids` column, so a row can
be joined back to `entities.csv`. An argument whose entity is rejected is left out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from annotations.formats.records import DEFAULT_VOCABULARY, ExportRecord, Vocabulary
from annotations.models import Entity, Event

JOINER = "; "
ENTITY_COLUMNS = (
    "article_id",
    "article_title",
    "article_date",
    "entity_id",
    "start",
    "end",
    "label",
    "text",
    "source",
    "state",
    "canonical_id",
    "note",
)
EVENT_COLUMNS = (
    "article_id",
    "article_title",
    "event_id",
    "type",
    "status",
    "state",
    "date",
    "date_end",
    "date_text",
    "group_id",
    "trigger_start",
    "trigger_end",
    "trigger_text",
    "note",
)


def write(
    records: Iterable[ExportRecord], target: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> None:
    roles = vocabulary.role_names()
    with (
        (target / "entities.csv").open("w", encoding="utf-8", newline="") as ents,
        (target / "events.csv").open("w", encoding="utf-8", newline="") as evts,
    ):
        entity_rows = csv.writer(ents)
        event_rows = csv.writer(evts)
        entity_rows.writerow(ENTITY_COLUMNS)
        event_rows.writerow(event_header(roles))
        for record in records:
            entity_rows.writerows(inert(entity_row(record, e)) for e in record.entities)
            event_rows.writerows(inert(event_row(record, e, roles)) for e in record.events)


def event_header(roles: list[str]) -> list[str]:
    """The event columns, then each role and its entity ids, then `other_roles`."""
    return [*EVENT_COLUMNS, *(c for r in roles for c in (r, f"{r}_ids")), "other_roles"]


def entity_row(record: ExportRecord, entity: Entity) -> list[object]:
    meta = record.article.meta
    return [
        record.article.id,
        meta.title,
        meta.date.isoformat() if meta.date else "",
        entity.id,
        entity.start,
        entity.end,
        entity.label,
        entity.text,
        entity.source,
        entity.state,
        entity.canonical_id or "",
        entity.note or "",
    ]


def event_row(record: ExportRecord, event: Event, roles: list[str]) -> list[object]:
    """One event; roles outside the schema go to `other_roles` as `Role=text` pairs."""
    fillers = record.fillers(event)
    row: list[object] = [
        record.article.id,
        record.article.meta.title,
        event.id,
        event.type,
        event.status,
        event.state,
        event.time_start.isoformat() if event.time_start else "",
        event.time_end.isoformat() if event.time_end else "",
        event.time_text or "",
        event.group_id or "",
        event.trigger_start,
        event.trigger_end,
        event.trigger_text,
        event.note or "",
    ]
    for role in roles:
        found = fillers.pop(role, [])
        row += [JOINER.join(e.text for e in found), JOINER.join(e.id for e in found)]
    other = (f"{role}={e.text}" for role, found in fillers.items() for e in found)
    return [*row, JOINER.join(other)]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula


def inert(row: list[object]) -> list[object]:
    """The row with every text cell a spreadsheet would read as a formula prefixed by `'`
    (OWASP's advice against CSV injection); numbers and other text are kept as they are."""
    return [f"'{c}" if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in row]
