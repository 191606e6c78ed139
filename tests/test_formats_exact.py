"""Exact output of the writers for one small, hand-checked article: every cell and id
written out here by hand, so a writer that drops a field or renumbers fails."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from annotations.formats import csv_tables, doccano
from annotations.formats.importing import new_article
from annotations.formats.records import ExportRecord
from annotations.models import Argument, ArticleMeta, Entity, Event

TEXT = "Putin met Modi in Delhi. Lavrov will visit Beijing."


def _entity(ident: str, word: str, label: str, **extra: str) -> Entity:
    start = TEXT.index(word)
    return Entity(
        id=ident,
        article_id="a1",
        start=start,
        end=start + len(word),
        label=label,
        text=word,
        source="analyst",
        state="accepted",
        **extra,
    )


def _event(
    ident: str, word: str, type_: str, args: list[tuple[str, str]], **extra: object
) -> Event:
    start = TEXT.index(word)
    return Event.model_validate(
        {
            "id": ident,
            "article_id": "a1",
            "type": type_,
            "trigger_start": start,
            "trigger_end": start + len(word),
            "trigger_text": word,
            "arguments": [Argument(role=r, entity_id=e) for r, e in args],
            **extra,
        }
    )


PUTIN = _entity("e-putin", "Putin", "PERSON", canonical_id="Q7747", note="the president")
MODI = _entity("e-modi", "Modi", "PERSON")
LAVROV = _entity("e-lavrov", "Lavrov", "PERSON")
MEETING = _event(
    "v-meet",
    "met",
    "MEETING",
    [("Participants", "e-putin"), ("Participants", "e-modi")],
    time_start=dt.date(2025, 12, 4),
    time_end=dt.date(2025, 12, 5),
    time_text="December 4-5",
    note="at the summit",
)
VISIT = _event("v-visit", "visit", "VISIT", [("Visitor", "e-lavrov")], status="planned")


def _record(date: dt.date | None = dt.date(2025, 12, 1)) -> ExportRecord:
    article = new_article(TEXT, "test", "a1", "Summit").model_copy(
        update={"meta": ArticleMeta(title="Summit", date=date)}
    )
    return ExportRecord(article, (PUTIN, MODI, LAVROV), (MEETING, VISIT))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_cells(tmp_path: Path) -> None:
    csv_tables.write([_record(), _record(date=None)], tmp_path)
    entities = _rows(tmp_path / "entities.csv")
    assert [(r["entity_id"], r["article_date"]) for r in entities] == [
        ("e-putin", "2025-12-01"),
        ("e-modi", "2025-12-01"),
        ("e-lavrov", "2025-12-01"),
        ("e-putin", ""),
        ("e-modi", ""),
        ("e-lavrov", ""),
    ]
    putin, modi = entities[0], entities[1]
    assert (putin["canonical_id"], putin["note"]) == ("Q7747", "the president")
    assert (modi["canonical_id"], modi["note"]) == ("", "")
    assert (putin["start"], putin["end"], putin["text"], putin["label"]) == (
        "0",
        "5",
        "Putin",
        "PERSON",
    )
    meeting, visit = _rows(tmp_path / "events.csv")[:2]
    assert (meeting["date"], meeting["date_end"], meeting["date_text"]) == (
        "2025-12-04",
        "2025-12-05",
        "December 4-5",
    )
    assert (meeting["note"], meeting["Participants"], meeting["Participants_ids"]) == (
        "at the summit",
        "Putin; Modi",
        "e-putin; e-modi",
    )
    assert (visit["date"], visit["date_end"], visit["date_text"], visit["note"]) == ("", "", "", "")
    assert (visit["status"], visit["Visitor"], visit["Visitor_ids"]) == (
        "planned",
        "Lavrov",
        "e-lavrov",
    )


def test_doccano_relation_shape_numbers_entities_then_triggers(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    doccano.write([_record()], out, with_events=True)
    (line,) = [json.loads(raw) for raw in out.read_text(encoding="utf-8").splitlines()]
    assert line["entities"] == [
        {"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 5},
        {"id": 2, "label": "PERSON", "start_offset": 10, "end_offset": 14},
        {"id": 3, "label": "PERSON", "start_offset": 25, "end_offset": 31},
        {"id": 4, "label": "MEETING", "start_offset": 6, "end_offset": 9},
        {"id": 5, "label": "VISIT", "start_offset": 37, "end_offset": 42},
    ]
    assert line["relations"] == [
        {"id": 1, "from_id": 4, "to_id": 1, "type": "Participants"},
        {"id": 2, "from_id": 4, "to_id": 2, "type": "Participants"},
        {"id": 3, "from_id": 5, "to_id": 3, "type": "Visitor"},
    ]
    assert (line["text"], line["article_id"], line["title"]) == (TEXT, "a1", "Summit")
