"""Layers in one database: import --as by text, agreement, adjudication, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.models import Entity
from annotations.review.editor import Editor
from annotations.store import Store
from annotations.team.agreement import Span
from annotations.team.documents import ADJUDICATED
from annotations.team.layers import Layers
from tests.app_fixtures import article_from_text

TEXTS = [
    "Putin met Modi in New Delhi on Friday.",
    "Rosatom will build six reactors at Kudankulam, officials said.",
]
WORDS = {0: [("Putin", "PERSON"), ("Modi", "PERSON"), ("New Delhi", "GPE")],
         1: [("Rosatom", "ORG"), ("Kudankulam", "GPE")]}  # fmt: skip


def database(path: Path, title_prefix: str) -> list[str]:
    """The two articles with the model's suggestions; `title_prefix` makes the
    article ids differ between databases (matching must go by text)."""
    ids = []
    with Store(path) as store:
        for n, text in enumerate(TEXTS):
            article = article_from_text(text, f"{title_prefix} {n}")
            article = article.model_copy(update={"id": f"{title_prefix}{n}"})
            store.add_articles([article])
            for word, label in WORDS[n]:
                start = text.index(word)
                store.put_entity(
                    Entity(article_id=article.id, start=start, end=start + len(word),
                           label=label, text=word)
                )  # fmt: skip
            ids.append(article.id)
    return ids


def review(path: Path, analyst: str, plan: dict[int, dict[str, str | None]]) -> None:
    """`plan[n][word]`: the label the analyst gives it (accepting), None to reject."""
    with Store(path) as store:
        for n, article_id in enumerate(sorted(store.article_ids())):
            editor = Editor(store, article_id, analyst=analyst)
            for entity in list(editor.entities.values()):
                if entity.text not in plan.get(n, {}):
                    continue
                label = plan[n][entity.text]
                if label is None:
                    editor.reject([entity.id])
                elif label == entity.label:
                    editor.accept([entity.id])
                else:
                    editor.relabel(entity.id, label)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_as_agreement_adjudication_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lead, ana, ben = tmp_path / "lead.json", tmp_path / "ana.json", tmp_path / "ben.json"
    database(lead, "lead")
    database(ana, "ana")
    database(ben, "ben")
    review(ana, "ana", {0: {"Putin": "PERSON", "Modi": "PERSON", "New Delhi": "GPE"},
                        1: {"Rosatom": "ORG", "Kudankulam": "GPE"}})  # fmt: skip
    review(ben, "ben", {0: {"Putin": "PERSON", "Modi": "GPE", "New Delhi": "GPE"},
                        1: {"Rosatom": "ORG", "Kudankulam": None}})  # fmt: skip
    for who, db in (("ana", ana), ("ben", ben)):
        code, _, err = run(capsys, "--db", str(db), "export", "--format", "jsonl",
                           "--out", str(tmp_path / f"{who}.jsonl"))  # fmt: skip
        assert code == 0, err
        line = json.loads((tmp_path / f"{who}.jsonl").read_text().splitlines()[0])
        assert {e["analyst"] for e in line["entities"]} == {who}  # identity is exported
    for who in ("ana", "ben"):
        code, out, err = run(capsys, "--db", str(lead), "--as", "lead", "import", "--as", who,
                             "--format", "jsonl", str(tmp_path / f"{who}.jsonl"))  # fmt: skip
        assert code == 0, err
        assert f"2 articles kept as {who}'s layer" in out
    code, out, _ = run(capsys, "--db", str(lead), "--as", "lead", "agreement", "--names", "ana,ben")
    assert code == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith("  ")}
    # ana: Putin P, Modi P, New Delhi G, Rosatom O, Kudankulam G; ben: Putin P, Modi G,
    # New Delhi G, Rosatom O. PERSON: 1 both, 1 only ana; GPE: 1 both, 1 only ana, 1 only ben.
    assert rows["PERSON"][:4] == ["0.667", "1", "1", "0"]
    assert rows["GPE"][:4] == ["0.500", "1", "1", "1"]
    assert rows["ORG"][:4] == ["1.000", "1", "0", "0"]
    # The lead's own layer has nothing accepted: its pairs with ana and ben show it.
    _, everyone, _ = run(capsys, "--db", str(lead), "--as", "lead", "agreement")
    assert "lead vs ana:" in everyone and "lead vs ben:" in everyone and "ana vs ben:" in everyone

    with Store(lead) as store:
        layers = Layers(store, "lead")
        article_id = sorted(store.article_ids())[0]
        adj = layers.adjudication(article_id, "ana", "ben")
        assert adj is not None and len(adj.items) == 1  # Modi: PERSON or GPE
        adj.decide(0, "a")
        layers.save_adjudication(article_id, "ana", "ben", adj)
    with Store(lead) as store:  # decisions and the layer survive a restart
        layers = Layers(store, "lead")
        again = layers.adjudication(article_id, "ana", "ben")
        assert again is not None and again.decisions == {0: "a"}
        adjudicated = layers.of(ADJUDICATED, article_id)
        assert adjudicated is not None
        assert adjudicated.layer.spans == {
            Span(0, 5, "PERSON"),
            Span(10, 14, "PERSON"),
            Span(18, 27, "GPE"),
        }
        assert layers.analysts() == ["lead", "ana", "ben", ADJUDICATED]
    out_file = tmp_path / "adjudicated.jsonl"
    code, _, err = run(capsys, "--db", str(lead), "export", "--format", "jsonl", "--layer",
                       ADJUDICATED, "--out", str(out_file))  # fmt: skip
    assert code == 0, err
    [line] = [json.loads(x) for x in out_file.read_text().splitlines()]
    assert sorted((e["text"], e["label"]) for e in line["entities"]) == [
        ("Modi", "PERSON"), ("New Delhi", "GPE"), ("Putin", "PERSON")
    ]  # fmt: skip


def test_layer_names_and_unmatched_articles(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lead, other = tmp_path / "lead.json", tmp_path / "other.json"
    database(lead, "lead")
    with Store(other) as store:
        store.add_articles([article_from_text("A text the lead never saw.", "stray")])
    run(
        capsys,
        "--db",
        str(other),
        "export",
        "--format",
        "jsonl",
        "--out",
        str(tmp_path / "o.jsonl"),
    )
    code, _, err = run(capsys, "--db", str(lead), "--as", "lead", "import", "--as", "lead",
                       "--format", "jsonl", str(tmp_path / "o.jsonl"))  # fmt: skip
    assert code == 2 and "this database's own analyst" in err
    code, out, err = run(capsys, "--db", str(lead), "import", "--as", "ben",
                         "--format", "jsonl", str(tmp_path / "o.jsonl"))  # fmt: skip
    assert code == 1 and "not in this database: stray" in err and "0 articles kept" in out
    code, _, err = run(capsys, "--db", str(lead), "export", "--format", "jsonl", "--layer",
                       "nobody", "--out", str(tmp_path / "x.jsonl"))  # fmt: skip
    assert code == 2 and "no layer of 'nobody'" in err


def test_a_file_layer_and_the_same_layer_stored_count_the_same_marks(tmp_path: Path) -> None:
    """`agreement FILE FILE` and `agreement` on the database use one rule for what an
    analyst's annotation is: confirmed entities, accepted events, roles with a confirmed
    filler (a suggestion filling a role does not make the role count)."""
    from annotations.formats import jsonl
    from annotations.formats.records import ExportRecord
    from annotations.models import Argument, Event
    from annotations.team.files import read_layer
    from annotations.team.layers import marks

    text = TEXTS[0]
    article = article_from_text(text, "a")

    def entity(word: str, state: str, source: str = "model") -> Entity:
        start = text.index(word)
        return Entity(article_id=article.id, start=start, end=start + len(word), label="PERSON",
                      text=word, state=state, source=source)  # fmt: skip

    ents = [
        entity("Putin", "accepted"),
        entity("Modi", "suggested"),
        entity("Delhi", "suggested", source="analyst"),
        entity("Friday", "rejected"),
    ]
    start = text.index("met")
    roles = [
        Argument(role="Host", entity_id=ents[1].id),
        Argument(role="Guest", entity_id=ents[0].id),
    ]
    event = Event(
        article_id=article.id, type="MEET", trigger_start=start, trigger_end=start + 3,
        trigger_text="met", arguments=roles,
    )  # fmt: skip
    path = tmp_path / "one.jsonl"
    jsonl.write([ExportRecord(article, tuple(ents), (event,))], path)
    [from_file] = read_layer(path)[0].values()
    assert from_file.layer == marks(ents, [event])
    assert {s.start for s in from_file.layer.spans} == {text.index("Putin"), text.index("Delhi")}
