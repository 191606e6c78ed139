"""`newsdesk export` and `newsdesk import` from the command line, filters included."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.events.repository import save_events
from annotations.formats import Filters, export
from annotations.formats.records import records
from annotations.models import Argument, Entity, Event
from annotations.store import Store
from tests.test_formats_support import article


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    with Store(path) as store:
        first, second = article("Lavrov met Modi in Delhi.", 1), article("Putin in Moscow.", 2)
        store.add_articles([first, second.model_copy(update={"status": "new"})])
        for item, start, end, label, state in (
            (first, 0, 6, "PERSON", "accepted"),
            (first, 11, 15, "PERSON", "suggested"),
            (first, 19, 24, "GPE", "rejected"),
            (second, 9, 15, "GPE", "accepted"),
        ):
            text = item.text[start:end]
            entity = Entity(article_id=item.id, start=start, end=end, label=label, text=text)
            store.put_entity(entity.model_copy(update={"state": state}))
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_then_import_through_the_cli(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out)]) == 0
    assert "2 articles, 4 entities" in capsys.readouterr().out
    copy = tmp_path / "copy.json"
    assert main(["--db", str(copy), "import", "--format", "jsonl", str(out)]) == 0
    assert "2 articles added" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "articles", "entities"),
    [
        (["--status", "done"], 1, 3),
        (["--label", "GPE"], 2, 2),
        (["--only-accepted"], 2, 2),
        (["--since", "2025-11-22"], 1, 1),
        (["--until", "2025-11-21", "--only-accepted", "--label", "PERSON"], 1, 1),
    ],
)
def test_filters(db: Path, tmp_path: Path, args: list[str], articles: int, entities: int) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out), *args]) == 0
    found = _lines(out)
    assert (len(found), sum(len(line["entities"]) for line in found)) == (articles, entities)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "brat", "--out", "{nonempty}"], "is not empty"),
        (["export", "--format", "jsonl", "--out", "{nonempty}"], "is a folder"),
        (["--db", "{missing}", "export", "--format", "csv", "--out", "x"], "no database"),
        (["import", "--format", "doccano", "{missing}"], "does not exist"),
        (
            [
                "export",
                "--format",
                "csv",
                "--out",
                "x",
                "--since",
                "2026-01-02",
                "--until",
                "2026-01-01",
            ],
            "is after",
        ),
    ],
)
def test_user_errors_are_one_sentence(
    db: Path,
    tmp_path: Path,
    capsys,
    args: list[str],
    message: str,
) -> None:
    nonempty = tmp_path / "full"
    nonempty.mkdir()
    (nonempty / "keep.txt").write_text("mine")
    filled = [a.format(nonempty=nonempty, missing=tmp_path / "missing") for a in args]
    if filled[0] != "--db":
        filled = ["--db", str(db), *filled]
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert (nonempty / "keep.txt").read_text() == "mine"


def test_failed_export_leaves_nothing(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"

    class Broken(Store):
        def entities(self, article_id: str) -> list[Entity]:
            raise RuntimeError("disk on fire")

    with Broken(db) as store, pytest.raises(RuntimeError):
        export(store, "jsonl", out)
    assert list(tmp_path.iterdir()) == [db] or not out.exists()
    assert not any(p.name.startswith(".out.jsonl") for p in tmp_path.iterdir())


def test_records_are_sorted_and_filtered_lazily(db: Path) -> None:
    with Store(db) as store:
        stream = records(store, Filters(labels=frozenset({"PERSON"})))
        first = next(stream)
        assert [e.start for e in first.entities] == [0, 11]


def test_events_follow_the_filters_and_the_label_file(
    db: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    with Store(db) as store:
        (lavrov, modi, _) = store.entities("a001")
        visit = Event(
            article_id="a001",
            type="MEET",
            trigger_start=7,
            trigger_end=10,
            trigger_text="met",
            arguments=[
                Argument(role="Participants", entity_id=lavrov.id),
                Argument(role="Participants", entity_id=modi.id),  # a suggested entity
            ],
        )
        later = visit.model_copy(update={"id": "s1", "type": "VISIT", "state": "suggested"})
        save_events(store, [visit, later])
    labels = tmp_path / "labels.toml"
    labels.write_text('[[labels]]\nname = "PERSON"\nkey = "p"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_LABELS", str(labels))
    out = tmp_path / "out.jsonl"
    args = ["--db", str(db), "export", "--format", "jsonl", "--out", str(out), "--only-accepted"]
    assert main(args) == 0
    assert "2 articles, 3 entities, 1 events" in capsys.readouterr().out
    (event,) = _lines(out)[0]["events"]  # the suggested VISIT stays out
    # Modi, a suggestion, fills a role of the accepted MEET: the event vouches for him
    assert [a["entity_id"] for a in event["arguments"]] == [lavrov.id, modi.id]
    assert main(["--db", str(db), "export", "--format", "conll", "--out", str(tmp_path / "c")]) == 0
    assert "cannot express events: 2 were left out" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "--format", "brat", "--out", str(tmp_path / "b")]) == 0
    conf = (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")
    assert conf.startswith("# Generated") and "[entities]\nPERSON\n" in conf  # the label file's set


def _export_to(db: Path, fmt: str, out: Path, *extra: str) -> int:
    return main(["--db", str(db), "export", "--format", fmt, "--out", str(out), *extra])


def test_an_existing_file_is_replaced_only_with_force(db: Path, tmp_path: Path, capsys) -> None:
    mine = tmp_path / "notes.jsonl"
    mine.write_text("my own notes\n", encoding="utf-8")
    assert _export_to(db, "jsonl", mine) == 2
    err = capsys.readouterr().err
    assert "already exists; give another path, or --force" in err and err.count("\n") == 1
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    config = tmp_path / "ls.labeling_config.xml"  # the file written beside counts too
    config.write_text("<View/>", encoding="utf-8")
    assert _export_to(db, "labelstudio", tmp_path / "ls.json") == 2
    assert not (tmp_path / "ls.json").exists() and config.read_text() == "<View/>"
    assert _export_to(db, "jsonl", mine, "--force") == 0
    assert _lines(mine)[0]["newsdesk"] == 1
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


@pytest.mark.parametrize("name", ["db.json", "db.json.journal", "db.json.lock", "db.json.texts"])
def test_the_database_files_are_never_replaced(db: Path, tmp_path: Path, capsys, name: str) -> None:
    target = tmp_path / name
    before = target.read_bytes() if target.exists() else None
    assert _export_to(db, "doccano", target, "--force") == 2
    err = capsys.readouterr().err
    assert "one of the database's own files" in err and err.count("\n") == 1
    assert (target.read_bytes() if target.exists() else None) == before


def test_backups_and_devices_are_never_written(db: Path, tmp_path: Path, capsys) -> None:
    backups = tmp_path / "db.json.backups"
    backups.mkdir(exist_ok=True)
    assert _export_to(db, "jsonl", backups / "x.jsonl", "--force") == 2
    assert "database's own files" in capsys.readouterr().err
    # A pipe stands for every non-regular file: never /dev/null itself, which a broken check
    # run as root would replace for the whole machine.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert _export_to(db, "conll", pipe, "--force") == 2
    err = capsys.readouterr().err
    assert "is not a regular file" in err and err.count("\n") == 1
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_spacy_options_belong_to_their_format(db: Path, tmp_path: Path, capsys) -> None:
    assert _export_to(db, "jsonl", tmp_path / "a.jsonl", "--shards", "3") == 2
    assert "--shards applies to the spacy format only" in capsys.readouterr().err
    assert _export_to(db, "spacy", tmp_path / "shards", "--shards", "1") == 0
    assert len(list((tmp_path / "shards").glob("*.spacy"))) == 2
