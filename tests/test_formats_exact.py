"""Exact output of the writers for one small, hand-checked article: every cell and id
written out here by hand, so a writer that drops a field or renumbers fails."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from annotations.errors import UserError
from annotations.events.repository import events_of
from annotations.formats import csv_tables, doccano, import_path
from annotations.formats.importing import new_article
from annotations.formats.records import ExportRecord
from annotations.models import Argument, ArticleMeta, Entity, Event
from annotations.store import Store

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


def test_brat_folder_problems_are_reported_line_by_line(tmp_path: Path) -> None:
    """Every line brat import cannot use is named (file and line) with its reason; what
    can be used is stored, lines ended by CRLF included, and the folder goes on past a
    bad pair of files."""
    folder = tmp_path / "brat"
    folder.mkdir()
    text = "Putin met Modi in Delhi."
    ann = [
        "T1\tPERSON 0 5\tPutin",
        "T1\tPERSON 10 14\tModi",  # 2: a repeated id
        "T2\tPERSON 10 14\tModi",
        "T3\tMEETING 6 9\tmet",
        "E1\tMEETING:T3 Participants:T1 Participants2:T2",
        "T4\tGPE 18 99\tDelhi",  # 6: outside the text
        "T5\tVISIT 50 55\tvisit",  # 7: a trigger outside the text
        "E2\tVISIT:T5",  # 8: its event
        "A1\tState T1 rejected",
        "A2\tColour T2 red",  # 10: an attribute newsdesk does not know
        "A3\tStatus E1 planned",
        "#1\tAnnotatorNotes T2\tthe PM",
        "R1\tmeets Arg1:T1 Arg2:T2",  # 13: a relation
        "X1 something else",  # 14: not brat
        "T6\tPERSON 0 3;3 3\tPut ",  # 15: an empty fragment
    ]
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.ann").write_bytes("".join(f"{line}\r\n" for line in ann).encode())
    (folder / "b.ann").write_text("T1\tPERSON 0 1\tx\n", encoding="utf-8")  # no b.txt
    (folder / "c.txt").write_text("Lavrov spoke.", encoding="utf-8")
    (folder / "c.ann").write_text("T1\tPERSON 0 6\tLavrov\n", encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\xff bad")
    (folder / "d.ann").write_text("", encoding="utf-8")
    with Store(tmp_path / "db.json") as store:
        report = import_path(store, "brat", folder)
        # reading problems come first, file by file; offsets are checked when storing
        assert report.problems[:5] == [
            "a.ann line 2 repeats the id T1; only its first line was imported.",
            "a.ann line 10: attribute Colour red is not one newsdesk knows; it was not imported.",
            "a.ann line 13 is a relation, which newsdesk does not store; it was not imported.",
            "a.ann line 14 is not a brat line newsdesk understands (or refers to an "
            "annotation that was not imported); it was not imported.",
            "a.ann line 15: offsets 3-3 are outside the text (length 24); "
            "the entity was not imported.",
        ]
        assert report.problems[5] == "b.ann has no b.txt beside it; it was not imported."
        assert report.problems[6].endswith(
            "/d.txt is not valid UTF-8 text (byte 0). d.ann was not imported."
        )
        assert report.problems[7:] == [
            "a.ann line 6: offsets 18-99 are outside the text (length 24); "
            "the entity was not imported.",
            "a.ann line 8: trigger offsets 50-55 are outside the text (length 24); "
            "the event was not imported.",
        ]
        putin, modi = store.entities("a")
        assert (putin.text, putin.state, modi.text, modi.note) == (
            "Putin",
            "rejected",
            "Modi",
            "the PM",
        )
        [meeting] = events_of(store, "a")
        assert (meeting.type, meeting.status, meeting.trigger_text) == ("MEETING", "planned", "met")
        assert [(a.role, a.entity_id) for a in meeting.arguments] == [
            ("Participants", putin.id),
            ("Participants", modi.id),
        ]
        assert [e.text for e in store.entities("c")] == ["Lavrov"]

        (folder / "a.txt").write_text(text + " Later.", encoding="utf-8")
        again = import_path(store, "brat", folder)
        assert (
            "a.ann: article a is already stored with a different text; nothing of it was imported."
        ) in again.problems
        assert again.articles_added == 0 and again.entities_added == 0


def test_brat_import_needs_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "x.ann"
    path.write_text("", encoding="utf-8")
    with Store(tmp_path / "db.json") as store, pytest.raises(UserError) as caught:
        import_path(store, "brat", path)
    assert str(caught.value) == f"{path} is a file; give the exported folder."
