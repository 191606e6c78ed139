"""Exact output of the writers for one small, hand-checked article: every cell and id
written out here by hand, so a writer that drops a field or renumbers fails."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.errors import UserError
from annotations.events.repository import events_of
from annotations.events.schema import EventSchema, EventTypeSpec, RoleSpec
from annotations.formats import brat, csv_tables, doccano, import_path, output, spacy_docbin
from annotations.formats.importing import new_article
from annotations.formats.records import (
    ExportRecord,
    Filters,
    Vocabulary,
    counted,
    entity_order,
    is_confirmed,
    non_overlapping,
    records,
)
from annotations.labels import LabelSpec
from annotations.models import Argument, Article, ArticleMeta, Entity, Event
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
LAVROV = _entity("e-lavrov", "Lavrov", "PERSON", note="=HYPERLINK()")
MEETING = _event(
    "v-meet",
    "met",
    "MEETING",
    [("Participants", "e-putin"), ("Participants", "e-modi")],
    time_start=dt.date(2025, 12, 4),
    time_end=dt.date(2025, 12, 5),
    time_text="December 4-5",
    note="at the summit",
    group_id="g1",
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
    putin, modi, lavrov = entities[:3]
    assert lavrov["note"] == "'=HYPERLINK()"  # a spreadsheet must not run it
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
    assert meeting["group_id"] == "g1"
    assert (visit["date"], visit["date_end"], visit["date_text"], visit["note"]) == ("", "", "", "")
    assert visit["group_id"] == ""
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


def test_brat_configuration_files() -> None:
    vocabulary = Vocabulary(
        labels=(
            LabelSpec(name="PERSON", colour="#ff0000", key="p"),
            LabelSpec(name="GPE", colour="#00ff00", key="g"),
        ),
        schema=EventSchema(
            types=[
                EventTypeSpec(
                    name="VISIT",
                    roles=[
                        RoleSpec(name="Visitor", required=True, labels=["PERSON"]),
                        RoleSpec(name="Host", labels=["GPE"]),
                        RoleSpec(name="Party Member", multiple=True),
                        RoleSpec(name="Escort", required=True, multiple=True, labels=["PERSON"]),
                    ],
                )
            ]
        ),
    )
    assert brat.annotation_conf(["WEIRD.LABEL"], vocabulary, ["OTHER"]) == (
        "# Generated by newsdesk from its label set and event schema.\n"
        "[entities]\nPERSON\nGPE\nWEIRD_LABEL\n\n"
        "[relations]\n<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n"
        "VISIT\tVisitor:PERSON, Host?:GPE, Party_Member*:<ENTITY>, Escort+:PERSON\n"
        "OTHER\tArg*:<ENTITY>\n\n"
        "[attributes]\n"
        "State Arg:<ENTITY>, Value:suggested|accepted|rejected\n"
        "Source Arg:<ENTITY>, Value:model|rule|taught|analyst\n"
        "Status Arg:<EVENT>, Value:asserted|planned|hypothetical|negated|historical\n"
        "Review Arg:<EVENT>, Value:suggested|accepted\n"
    )
    assert brat.visual_conf(["WEIRD.LABEL"], vocabulary, ["OTHER"]) == (
        "[labels]\nPERSON | PERSON\nGPE | GPE\nWEIRD_LABEL | WEIRD.LABEL\n"
        "VISIT | VISIT\nOTHER | OTHER\n\n"
        "[drawing]\nPERSON\tbgColor:#ff0000\nGPE\tbgColor:#00ff00\n"
        "WEIRD_LABEL\tbgColor:#cccccc\n"
    )


def test_brat_ann_lines_split_spans_at_line_breaks_and_number_repeated_roles() -> None:
    text = "Vladimir\nPutin and Lavrov arrived."
    article = new_article(text, "test", "b1")
    putin = Entity(
        article_id="b1",
        start=0,
        end=14,
        label="PERSON",
        text="Vladimir\nPutin",
        source="analyst",
        state="accepted",
        canonical_id="Q7747",
        note="first\nline",
    )
    lavrov = Entity(article_id="b1", start=19, end=25, label="PERSON", text="Lavrov")
    arrival = Event(
        article_id="b1",
        type="VISIT",
        trigger_start=26,
        trigger_end=33,
        trigger_text="arrived",
        arguments=[
            Argument(role="Visitor", entity_id=putin.id),
            Argument(role="Visitor", entity_id=lavrov.id),
        ],
        status="planned",
    )
    lines = list(brat.ann_lines(ExportRecord(article, (putin, lavrov), (arrival,))))
    assert lines == [
        "T1\tPERSON 0 8;9 14\tVladimir Putin\n",
        "A1\tState T1 accepted\n",
        "A2\tSource T1 analyst\n",
        "N1\tReference T1 newsdesk:Q7747\tVladimir Putin\n",
        "#1\tAnnotatorNotes T1\tfirst line\n",
        "T2\tPERSON 19 25\tLavrov\n",
        "A3\tState T2 suggested\n",
        "A4\tSource T2 model\n",
        "T3\tVISIT 26 33\tarrived\n",
        "E1\tVISIT:T3 Visitor:T1 Visitor2:T2\n",
        "A5\tStatus E1 planned\n",
        "A6\tReview E1 accepted\n",
    ]
    assert brat.fragments(text, 8, 14) == [(9, 14)]  # a leading line break is no piece
    assert brat.fragments(text, 0, 8) == [(0, 8)]


def test_brat_multi_fragment_spans(tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "x.txt").write_text("Vladimir\nPutin and Lavrov arrived.", encoding="utf-8")
    ann = [
        "T1\tPERSON 0 8;9 14\tVladimir Putin",
        "T2\tPERSON 0 8;15 18\tVladimir and",
        "T3\tPERSON 0 8;9 14\tVladimir Poutine",
    ]
    (folder / "x.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    with Store(tmp_path / "db.json") as store:
        report = import_path(store, "brat", folder)
        assert report.problems == [
            "x.ann line 2: it is discontinuous, which newsdesk cannot store; "
            "the entity was not imported.",
            "x.ann line 3: the fragments 0 8;9 14 do not hold 'Vladimir Poutine'; "
            "the entity was not imported.",
        ]
        [entity] = store.entities("x")
        assert (entity.start, entity.end, entity.text) == (0, 14, "Vladimir\nPutin")


def test_spacy_shards_are_numbered_from_one(tmp_path: Path) -> None:
    records = [_record(), _record(), _record()]
    spacy_docbin.write(records, tmp_path, shards=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shard-00001.spacy", "shard-00002.spacy"]


def test_doccano_import_names_each_label_and_relation(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        {
            "text": "Putin met Modi.",
            "article_id": "d1",
            "labels": [[0, 5, "PERSON"], [10, 14, "MOOD"], "junk"],
            "relations": [{"from_id": 1, "to_id": 2, "type": "met"}, {"from_id": 1}, 7],
        },
        {"text": "x", "article_id": "d2", "label": 5},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Store(tmp_path / "db.json") as store:
        report = import_path(store, "doccano", path)
        assert report.problems == [
            "in.jsonl line 1 label 3 is not [start, end, label] (junk); it was not imported.",
            "in.jsonl line 1 relation 2 has no from_id, to_id and type; it was not imported.",
            "in.jsonl line 1 relation 3 has no from_id, to_id and type; it was not imported.",
            "in.jsonl line 2 label 1 is not a list ('label' holds int); it was not imported.",
            "in.jsonl line 1 relation 1: relation 'met' does not link an event trigger to an "
            "entity (newsdesk keeps relations only as event roles); it was not imported.",
            "in.jsonl line 1 label 2: label 'MOOD' is not in the label set; "
            "the entity was not imported.",
        ]
        assert [e.text for e in store.entities("d1")] == ["Putin"]
        assert sorted(a.id for a in store.articles()) == ["d1", "d2"]


def test_json_line_is_compact_readable_and_unbreakable() -> None:
    assert output.json_line({"a": "é\u2028x", "b": [1, 2]}) == '{"a":"é\\u2028x","b":[1,2]}\n'


class _Source:
    """A source with its own event reads (no store)."""

    def __init__(self, *records: ExportRecord) -> None:
        self._records = records

    def articles(self) -> Iterator[Article]:
        return (r.article for r in self._records)

    def entities(self, article_id: str) -> list[Entity]:
        return [e for r in self._records if r.article.id == article_id for e in r.entities]

    def events(self, article_id: str) -> list[Event]:
        return [e for r in self._records if r.article.id == article_id for e in r.events]


def test_filters_and_pruned_arguments() -> None:
    done = _record().article.model_copy(update={"status": "done"})
    undated = _record(date=None).article.model_copy(update={"id": "a2"})
    assert Filters(finished_only=True).keeps_article(done)
    assert not Filters(finished_only=True).keeps_article(undated)
    assert not Filters(since=dt.date(2025, 1, 1)).keeps_article(undated)
    assert Filters(since=dt.date(2025, 1, 1)).keeps_article(done)
    rejected = PUTIN.model_copy(update={"state": "rejected"})
    suggested = PUTIN.model_copy(update={"state": "suggested", "source": "model"})
    assert not Filters(only_accepted=True).keeps_entity(rejected, fills_role=True)
    assert Filters(only_accepted=True).keeps_entity(suggested, fills_role=True)
    assert not Filters(only_accepted=True).keeps_entity(suggested)
    assert not is_confirmed(PUTIN.model_copy(update={"state": "rejected"}))
    assert is_confirmed(PUTIN.model_copy(update={"state": "suggested"}))  # the analyst's own

    delhi = _entity("e-delhi", "Delhi", "GPE")
    meeting = MEETING.model_copy(
        update={"arguments": [*MEETING.arguments, Argument(role="Place", entity_id="e-delhi")]}
    )
    record = ExportRecord(_record().article, (PUTIN, MODI, delhi), (meeting,))
    seen: list[int] = []
    [out] = list(counted(records(_Source(record), Filters(labels=frozenset({"GPE"}))), seen.append))
    assert seen == [1]
    assert [e.id for e in out.entities] == ["e-delhi"]
    assert [(a.role, a.entity_id) for a in out.events[0].arguments] == [("Place", "e-delhi")]
    [whole] = list(records(_Source(record)))
    assert whole.events[0] == meeting  # nothing left out, the event as stored


def test_entity_order_and_non_overlapping() -> None:
    text = "Prime Minister Modi"
    article = new_article(text, "test", "o1")

    def span(start: int, end: int, state: str) -> Entity:
        return Entity(
            article_id="o1", start=start, end=end, label="PERSON", text=text[start:end],
            source="model", state=state,
        )  # fmt: skip

    whole, modi, prime = span(0, 19, "suggested"), span(15, 19, "accepted"), span(0, 5, "suggested")
    assert sorted([prime, modi, whole], key=entity_order) == [whole, prime, modi]
    assert non_overlapping([whole, modi, prime]) == [prime, modi]  # confirmed first, then longest
    assert non_overlapping([whole, prime]) == [whole]
    assert article.text == text


def test_vocabulary_names_every_label_used() -> None:
    vocabulary = Vocabulary(labels=(LabelSpec(name="PERSON", key="p"),))
    names = [name for name, _ in vocabulary.entity_labels(["ZZZ"])]
    assert names[0] == "PERSON" and "ZZZ" in names and "GPE" in names  # GPE: a role's label
