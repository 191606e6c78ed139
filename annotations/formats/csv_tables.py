"""CSV for spreadsheets and pandas: `entities.csv` (one row per entity) and
`events.csv` (one row per event, one column per role).

Events do not exist yet, so `events.csv` holds its header only (the registry
refuses records with events for formats not yet taught to write them); role
columns will come from the event schema, passed in `roles`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotations.formats.records import ExportRecord
from annotations.models import Entity

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
    "event_id",
    "type",
    "status",
    "date",
    "trigger_start",
    "trigger_end",
    "trigger_text",
    "note",
)


def write(records: Iterable[ExportRecord], target: Path, roles: Sequence[str] = ()) -> None:
    with (
        (target / "entities.csv").open("w", encoding="utf-8", newline="") as ents,
        (target / "events.csv").open("w", encoding="utf-8", newline="") as evts,
    ):
        entity_rows = csv.writer(ents)
        event_rows = csv.writer(evts)
        entity_rows.writerow(ENTITY_COLUMNS)
        event_rows.writerow((*EVENT_COLUMNS, *roles))
        for record in records:
            entity_rows.writerows(entity_row(record, e) for e in record.entities)


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
