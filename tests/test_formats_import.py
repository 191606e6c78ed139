"""Import: labels mapped, bad items reported one sentence each, nothing stored touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.errors import UserError
from annotations.events.repository import events_of
from annotations.formats import export, import_path
from annotations.formats.importing import new_article
from annotations.models import Entity, Event
from annotations.store import Store
from tests.test_formats_support import article

TEXT = "Lavrov 😀 met Jaishankar in New Delhi.\nThe S-400 deal was signed."


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "db.json") as found:
        yield found


def _doccano(tmp_path: Path, *lines: dict) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_doccano_maps_labels_and_reports_each_bad_item(store: Store, tmp_path: Path) -> None:
    delhi = TEXT.index("New Delhi")
    path = _doccano(
        tmp_path,
        {
            "text": TEXT,
            "article_id": "x1",
            "label": [[0, 6, "person"], [delhi, delhi + 9, "Gpe"], [0, 6, "MOOD"], [5, 999, "ORG"]],
            "relations": [{"from_id": 1, "to_id": 2, "type": "met"}],
        },
        {"no_text": True},
    )
    report = import_path(store, "doccano", path)
    assert [(e.text, e.label) for e in store.entities("x1")] == [
        ("Lavrov", "PERSON"),
        ("New Delhi", "GPE"),
    ]
    assert report.entities_added == 2
    assert len(report.problems) == 4
    joined = "\n".join(report.problems)
    for words in ("'MOOD' is not in the label set", "outside the text", "relation", "no text"):
        assert words in joined


def test_labelstudio_text_mismatch_reported_and_utf16_offsets_fixed(
    store: Store, tmp_path: Path
) -> None:
    met = TEXT.index("Jaishankar")
    utf16 = len(TEXT[:met].encode("utf-16-le")) // 2  # one more: the emoji counts twice
    result = [
        {
            "type": "labels",
            "value": {
                "start": utf16,
                "end": utf16 + 10,
                "labels": ["PERSON"],
                "text": "Jaishankar",
            },
        },
        {"type": "labels", "value": {"start": 0, "end": 6, "labels": ["PERSON"], "text": "Putin"}},
        {"type": "relation", "from_id": "a", "to_id": "b"},
    ]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"data": {"text": TEXT}, "annotations": [{"result": result}]}]))
    report = import_path(store, "labelstudio", path)
    (article_id,) = store.article_ids()
    assert [e.text for e in store.entities(article_id)] == ["Jaishankar"]
    assert len(report.problems) == 2
    joined = "\n".join(report.problems)
    assert "hold 'Lavrov', not 'Putin'" in joined and "is a relation without" in joined


def test_nothing_stored_is_touched(store: Store, tmp_path: Path) -> None:
    original = article(TEXT, 1)
    store.add_articles([original])
    kept = Entity(
        article_id=original.id,
        start=0,
        end=6,
        label="PERSON",
        text="Lavrov",
        state="accepted",
        note="mine",
    )
    store.put_entity(kept)
    exported = tmp_path / "out.jsonl"
    export(store, "jsonl", exported)
    line = json.loads(exported.read_text(encoding="utf-8"))
    line["entities"][0]["note"] = "changed elsewhere"
    line["article"]["meta"]["title"] = "changed"
    changed_text = dict(line, article=dict(line["article"], id="a001", text="other"))
    path = _doccano(tmp_path, line)
    path.write_text(json.dumps(line) + "\n" + json.dumps(changed_text) + "\n")
    report = import_path(store, "jsonl", path)
    assert store.entities(original.id) == [kept]
    assert store.article(original.id) == original
    assert report.articles_added == report.entities_added == 0
    assert len(report.problems) == 2
    joined = "\n".join(report.problems)
    assert "already stored with other values" in joined and "different text" in joined


def test_brat_events_imported_unknown_types_flagged_bad_lines_reported(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d1.txt").write_text(TEXT, encoding="utf-8")
    met, jai, signed = (TEXT.index(w) for w in ("met", "Jaishankar", "signed"))
    (folder / "d1.ann").write_text(
        f"T1\tPerson 0 6\tLavrov\nT2\tGPE 0 6\tNope\nT3\tMEET {met} {met + 3}\tmet\n"
        f"T4\tPERSON {jai} {jai + 10}\tJaishankar\nT5\tPARLEY {signed} {signed + 6}\tsigned\n"
        "E1\tMEET:T3 Participants:T1 Participants2:T4\nE2\tPARLEY:T5 Speaker:T1\n"
        "A1\tState T1 accepted\nA2\tStatus E1 planned\nA3\tReview E2 suggested\n"
        "#1\tAnnotatorNotes E1\tcheck\nR1\tMet Arg1:T1 Arg2:T4\nA4\tMood T1 happy\ngarbage\n",
        encoding="utf-8",
    )
    (folder / "lonely.ann").write_text("", encoding="utf-8")
    report = import_path(store, "brat", folder)
    entities = store.entities("d1")
    assert [(e.text, e.label, e.state) for e in entities] == [
        ("Lavrov", "PERSON", "accepted"),
        ("Jaishankar", "PERSON", "accepted"),
    ]
    ids = {e.text: e.id for e in entities}
    meet, parley = events_of(store, "d1")
    assert (meet.type, meet.trigger_text, meet.status, meet.note) == (
        "MEET",
        "met",
        "planned",
        "check",
    )
    assert [(a.role, a.entity_id) for a in meet.arguments] == [
        ("Participants", ids["Lavrov"]),
        ("Participants", ids["Jaishankar"]),
    ]
    assert (parley.type, parley.state) == ("PARLEY", "suggested")  # kept, not dropped
    assert report.events_added == 2
    assert len(report.flagged) == 1 and "'PARLEY' is not in the schema" in report.flagged[0]
    assert len(report.problems) == 5
    joined = "\n".join(report.problems)
    for words in ("no lonely.txt", "not 'Nope'", "is a relation", "Mood happy", "line 14 is not"):
        assert words in joined
    again = import_path(store, "brat", folder)
    assert again.events_added == 0 and again.events_existing == 2


def test_unknown_format_and_missing_path_are_user_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Cannot import format 'csv'"):
        import_path(store, "csv", tmp_path)
    with pytest.raises(UserError, match="does not exist"):
        import_path(store, "doccano", tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a"}\n{oops\n', encoding="utf-8")
    report = import_path(store, "doccano", bad)  # one bad line is its own problem only
    assert report.articles_added == 1
    assert [p.split(" (")[0] for p in report.problems] == ["bad.jsonl line 2 is not valid JSON"]


def test_what_the_store_refuses_is_reported_and_the_rest_imported(
    store: Store, tmp_path: Path
) -> None:
    """A NUL character (the store refuses it) in a text, a note or an event note costs
    that item only, reported in one sentence; the batch around it is stored."""
    text = "Lavrov met Jaishankar. Putin will visit India."
    visit = text.index("visit")
    path = _doccano(
        tmp_path,
        {"text": "bad\x00text", "article_id": "nul"},
        {"text": text, "article_id": "ok", "label": [[0, 6, "PERSON"]]},
    )
    report = import_path(store, "doccano", path)
    assert [a.id for a in store.articles()] == ["ok"]
    assert [e.text for e in store.entities("ok")] == ["Lavrov"]
    (problem,) = report.problems
    assert problem.startswith("in.jsonl line 1: ") and "NUL character" in problem
    assert "nothing of it was imported" in problem

    def event(type_: str, start: int, end: int, note: str | None) -> dict:
        found = Event(
            article_id="j1",
            type=type_,
            trigger_start=start,
            trigger_end=end,
            trigger_text=text[start:end],
            note=note,
        )
        return found.model_dump(mode="json")

    line = {
        "newsdesk": 1,
        "article": new_article(text, "test", "j1").model_dump(mode="json"),
        "entities": [
            {"id": "e1", "start": 0, "end": 6, "label": "PERSON", "note": "a\x00b"},
            {"id": "e2", "start": 11, "end": 21, "label": "PERSON"},
        ],
        "events": [event("VISIT", visit, visit + 5, "\x00"), event("MEETING", 7, 10, None)],
    }
    jsonl = tmp_path / "j.jsonl"
    jsonl.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = import_path(store, "jsonl", jsonl)
    assert [e.text for e in store.entities("j1")] == ["Jaishankar"]
    assert [e.type for e in events_of(store, "j1")] == ["MEETING"]
    assert len(report.problems) == 2
    assert all("NUL character" in p for p in report.problems)
    assert "the entity was not imported" in report.problems[0]
    assert "the event was not imported" in report.problems[1]
