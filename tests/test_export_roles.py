"""An analyst-made VISIT (keys only) keeps both roles in every --only-accepted export,
read back by each format's own consumer at exactly the --out path the README names."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.entities import Detector
from annotations.events import events_of
from annotations.review.editor import HISTORY, Action
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tests.events_ui_helpers import open_article, search
from tests.test_events_ui import SEED_000, SIZE, tag_visit_roles
from tui.app import make_app
from tui.screens.event_form import EventForm

ROLES = {"Visitor": "Vladimir Putin", "Host": "India"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("roles") / "newsdesk.json", detector)


def _fillers(store: Store) -> dict[str, tuple[str, str, str]]:
    """Role -> (text, state, source) of its filler, read from the store."""
    [visit] = events_of(store, SEED_000, accepted_only=True)
    entities = {e.id: e for e in store.entities(SEED_000)}
    return {
        a.role: (entities[a.entity_id].text, entities[a.entity_id].state,
                 entities[a.entity_id].source)
        for a in visit.arguments if a.role in ROLES
    }  # fmt: skip


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeds in which the VISIT's fillers are still suggestions."""
    path = copy_db(template, tmp_path)
    with Store(path) as store:
        before = {e.text: e.state for e in store.entities(SEED_000)}
        assert before["Vladimir Putin"] == before["India"] == "suggested"
    return path


async def _tag_visit_and_finish(db: Path, detector: Detector) -> None:
    """By keys: tag the VISIT with Visitor and Host, save it, mark the article done."""
    with Store(db) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await tag_visit_roles(pilot)
            await pilot.press("ctrl+s")
            await pilot.press("t", "t")  # in progress, then done: doccano keeps done articles


@pytest.fixture(scope="module")
def visited(template: Path, tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    """The seeds with the VISIT tagged by keys, for the tests that read it back."""
    path = copy_db(template, tmp_path_factory.mktemp("visit"))
    asyncio.run(_tag_visit_and_finish(path, detector))
    return path


async def test_filling_a_role_accepts_the_entity_and_undo_takes_it_back(
    db: Path, detector: Detector
) -> None:
    with Store(db) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await tag_visit_roles(pilot)
            await pilot.press("ctrl+s")
            assert not isinstance(app.screen, EventForm)
            assert _fillers(store) == {
                "Visitor": ("Vladimir Putin", "accepted", "model"),
                "Host": ("India", "accepted", "model"),
            }
            [action] = [a for a in store.all(HISTORY, Action) if a.article_id == SEED_000]
            assert {(c.before.text, c.before.state, c.after.state) for c in action.changes
                    if c.before and c.after} >= {("Vladimir Putin", "suggested", "accepted"),
                                                 ("India", "suggested", "accepted")}  # fmt: skip
            await pilot.press("u")  # one action: the event and the acceptances go together
            states = {e.text: e.state for e in store.entities(SEED_000)}
            assert states["Vladimir Putin"] == states["India"] == "suggested"
            assert events_of(store, SEED_000, accepted_only=True) == []
            await pilot.press("U")
            assert _fillers(store)["Host"] == ("India", "accepted", "model")
            await pilot.press("t", "t")  # in progress, then done: doccano keeps done articles
    with Store(db) as store:
        assert store.article(SEED_000).status == "done"


def _export(db: Path, fmt: str, out: Path, *extra: str) -> None:
    args = ["--db", str(db), "export", "--format", fmt, "--out", str(out), "--only-accepted"]
    assert main([*args, *extra]) == 0


def test_every_format_keeps_both_roles(visited: Path, tmp_path: Path) -> None:
    db = visited
    with Store(db, read_only=True) as store:
        assert set(_fillers(store)) == set(ROLES)

    _export(db, "jsonl", tmp_path / "all.jsonl")
    line = next(
        json.loads(x)
        for x in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(x)["article"]["id"] == SEED_000
    )
    texts = {e["id"]: e["text"] for e in line["entities"]}
    [visit] = [e for e in line["events"] if e["type"] == "VISIT"]
    assert {a["role"]: texts[a["entity_id"]] for a in visit["arguments"]}.items() >= ROLES.items()

    pandas = pytest.importorskip("pandas")
    _export(db, "csv", tmp_path / "csv")
    table = pandas.read_csv(tmp_path / "csv" / "events.csv", keep_default_na=False, dtype=str)
    row = table.set_index("type").loc["VISIT"]
    assert (row["Visitor"], row["Host"]) == (ROLES["Visitor"], ROLES["Host"])

    from bratly import EntityAnnotation, EventAnnotation

    _export(db, "brat", tmp_path / "brat")
    ann = (tmp_path / "brat" / f"{SEED_000}.ann").read_text(encoding="utf-8")
    bound = {}
    for ln in ann.splitlines():
        if ln[0] == "T":
            bound[ln.split("\t")[0]] = EntityAnnotation.from_line(ln)
    [eline] = [ln for ln in ann.splitlines() if ln.startswith("E") and "\tVISIT:" in ln]
    brat_visit = EventAnnotation.from_line(eline, bound)
    assert {k: v.content for k, v in brat_visit.args.items()}.items() >= ROLES.items()

    _export(db, "labelstudio", tmp_path / "ls.json")
    from label_studio_sdk.label_interface import LabelInterface

    config = (tmp_path / "ls.labeling_config.xml").read_text(encoding="utf-8")
    LabelInterface(config).validate()
    tasks = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    [task] = [t for t in tasks if t["data"]["article_id"] == SEED_000]
    [block] = task["annotations"]
    regions = {r["id"]: r for r in block["result"] if r["type"] == "labels"}
    found = {
        r["labels"][0]: regions[r["to_id"]]["value"]["text"]
        for r in block["result"]
        if r["type"] == "relation" and regions[r["from_id"]]["value"]["labels"] == ["VISIT"]
    }
    assert found.items() >= ROLES.items()

    _export(db, "doccano", tmp_path / "doccano.jsonl", "--with-events")
    lines = [json.loads(x) for x in (tmp_path / "doccano.jsonl").read_text("utf-8").splitlines()]
    assert [x["article_id"] for x in lines] == [SEED_000]  # the only article marked done
    ents = {e["id"]: e for e in lines[0]["entities"]}
    text = lines[0]["text"]
    found = {
        r["type"]: text[ents[r["to_id"]]["start_offset"] : ents[r["to_id"]]["end_offset"]]
        for r in lines[0]["relations"]
        if ents[r["from_id"]]["label"] == "VISIT"
    }
    assert found.items() >= ROLES.items()

    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    _export(db, "spacy", tmp_path / "all.spacy")  # no roles in spaCy: fillers and trigger
    [doc] = [
        d
        for d in DocBin().from_disk(tmp_path / "all.spacy").get_docs(Vocab())
        if d.user_data["newsdesk_id"] == SEED_000
    ]
    assert {(e.text, e.label_) for e in doc.ents} >= {
        ("Vladimir Putin", "PERSON"),
        ("India", "GPE"),
    }
    assert [s.label_ for s in doc.spans["events"]] == ["VISIT"]

    _export(db, "conll", tmp_path / "all.conll")  # no events in CoNLL: the fillers go
    done = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(tmp_path / "all.conll"), str(tmp_path),
         "-c", "ner"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ents = {(e.text, e.label_) for d in DocBin().from_disk(tmp_path / "all.spacy").get_docs(
        Vocab()) for e in d.ents}  # fmt: skip
    assert {("Vladimir Putin", "PERSON"), ("India", "GPE")} <= ents


def test_doccano_only_accepted_skips_unfinished_articles_unless_asked(
    template: Path, tmp_path: Path
) -> None:
    db = copy_db(template, tmp_path)
    with Store(db) as store:
        total = len(store)
        done = [a.id for a in store.articles() if a.status == "done"]
    out = tmp_path / "d.jsonl"
    _export(db, "doccano", out)
    assert len(out.read_text("utf-8").splitlines()) == len(done)
    _export(db, "doccano", out, "--include-unfinished", "--force")
    assert len(out.read_text("utf-8").splitlines()) == total
    assert main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out),
                 "--include-unfinished"]) == 2  # fmt: skip


async def test_the_status_line_names_each_role_on_the_trigger(
    visited: Path, detector: Detector
) -> None:
    db = visited
    from textual.widgets import Static

    with Store(db) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await open_article(pilot, SEED_000)
            await search(pilot, "state visit")
            line = str(app.screen.query_one("#reader-status", Static).render())
            assert line.startswith("VISIT state visit")
            assert "Visitor: Vladimir Putin" in line and "Host: India" in line
            await search(pilot, "India from")
            line = str(app.screen.query_one("#reader-status", Static).render())
            assert line.startswith("GPE India") and "Host of VISIT" in line
