"""The log under the tables: the snapshot's header, one generation per snapshot, the
journal and backups that go with it, and the sentences for each way the files disagree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotations.store import DamagedStoreError, Store, StoreError
from annotations.store import migrations as migrations_module
from annotations.store.backups import list_backups
from annotations.store.errors import NewerStoreError
from tests.store_fixtures.factory import entities_for, make_article


def _header(db_path: Path) -> dict[str, Any]:
    return json.loads(db_path.read_text())["_meta"]["1"]


def _journal_generation(db_path: Path) -> int:
    first = db_path.with_name(db_path.name + ".journal").read_bytes().split(b"\n")[0]
    return json.loads(first.split(b" ", 1)[1] if b" " in first else first)["generation"]


def test_each_snapshot_is_the_next_generation_with_its_header_and_backup(db_path: Path) -> None:
    article = make_article(1, words=30)
    with Store(db_path) as store:
        store.add_articles([article])
        store.compact()
        first = _header(db_path)
        store.put_entities(entities_for(article, 3))
        store.compact()
        second = _header(db_path)
    assert {k: first[k] for k in ("id", "schema_version", "counts")} == {
        "id": "store",
        "schema_version": 1,
        "counts": {"articles": 1},
    }
    assert second["generation"] == first["generation"] + 1
    assert second["counts"] == {"articles": 1, "entities": 3}
    assert second["derived"]["tallies"] == {"entities": {article.id: [["ORG", "suggested", 3]]}}
    names = [p.name for p in list_backups(db_path)]
    assert any(n.endswith(f"-g{second['generation']:06d}.json") for n in names), names
    assert any(n.endswith(f"-g{first['generation']:06d}.json") for n in names), names
    with Store(db_path) as store:
        assert store.entity_count(article.id) == 3
        store.put_entity(entities_for(article, 4)[3])
    assert _header(db_path)["generation"] == second["generation"] + 1


def test_a_header_whose_generation_is_not_a_number_is_named(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([make_article(1, words=10)])
    data = json.loads(db_path.read_text())
    data["_meta"]["1"]["generation"] = "3"
    db_path.write_text(json.dumps(data))
    with pytest.raises(DamagedStoreError) as info:
        Store(db_path)
    assert str(info.value) == (
        f"The database {db_path} is damaged: document 1 of table '_meta', field 'generation' "
        "is not a whole number; it was left untouched."
    )
    data["_meta"]["1"] = ["not", "a", "document"]
    db_path.write_text(json.dumps(data))
    with pytest.raises(DamagedStoreError, match="field 'generation' is not a whole number"):
        Store(db_path)


def test_a_header_of_a_newer_schema_is_refused_in_one_sentence(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([make_article(1, words=10)])
    data = json.loads(db_path.read_text())
    data["_meta"]["1"]["schema_version"] = 2
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    with pytest.raises(NewerStoreError) as info:
        Store(db_path, read_only=True)
    assert str(info.value) == (
        f"The database {db_path} was made by a newer newsdesk (schema version 2, this one "
        "knows 1); it was left untouched."
    )
    assert db_path.read_bytes() == before


def test_a_header_without_a_generation_or_version_is_generation_zero(db_path: Path) -> None:
    """A plain TinyDB file (no header) opens as generation 0 of the current schema."""
    article = make_article(1, words=10)
    db_path.write_text(json.dumps({"articles": {"1": article.model_dump(mode="json")}}))
    with Store(db_path) as store:
        assert store.article(article.id) == article
        store.set_status(article.id, "done")  # the first save writes generation 1
    assert _header(db_path)["generation"] == 2  # and closing compacts into the next


def test_a_journal_newer_than_its_snapshot_is_refused(db_path: Path, tmp_path: Path) -> None:
    article = make_article(1, words=30)
    with Store(db_path) as store:
        store.add_articles([article])
    old = tmp_path / "old.json"
    shutil.copyfile(db_path, old)
    generation = _header(db_path)["generation"]
    store = Store(db_path)
    store.put_entities(entities_for(article, 2))
    store.compact()
    store.put_entities(entities_for(article, 3)[2:])
    store._release()  # a crash: the journal of the next generation is left
    shutil.copyfile(old, db_path)  # and the snapshot is an older one
    journal = db_path.with_name(db_path.name + ".journal")
    before = (db_path.read_bytes(), journal.read_bytes())
    for read_only in (False, True):
        with pytest.raises(DamagedStoreError) as info:
            Store(db_path, read_only=read_only)
        assert str(info.value) == (
            f"The journal {journal} belongs to a newer state than the database {db_path} "
            f"(generation {generation + 1} after {generation}); both were left untouched."
        )
    assert (db_path.read_bytes(), journal.read_bytes()) == before


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_lost_snapshot_beside_its_data_is_not_a_new_database(db_path: Path, state: str) -> None:
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles([make_article(1, words=10)])
    store = Store(db_path, inline_text_limit=0)
    store.set_status("a000001", "done")
    store._release()
    if state == "missing":
        db_path.unlink()
    else:
        db_path.write_bytes(b"")
    journal = db_path.with_name(db_path.name + ".journal")
    journal.write_bytes(b"garbage over its header\n")  # no generation to compare
    texts = db_path.with_name(db_path.name + ".texts")
    folder = db_path.with_name(db_path.name + ".backups")
    with pytest.raises(DamagedStoreError) as info:
        Store(db_path)
    assert str(info.value) == (
        f"The database {db_path} is {state} but {journal}, {texts}, {folder} still hold its "
        "data; nothing was written: run `newsdesk doctor --restore`."
    )
    shutil.rmtree(folder)
    journal.unlink()
    with pytest.raises(DamagedStoreError) as info:
        Store(db_path)
    assert f"is {state} but {texts} still hold its data" in str(info.value)
    texts.write_bytes(b"")  # an empty pack holds nothing: this is a new database
    with Store(db_path) as store:
        assert store.article_ids() == []


def test_a_migration_backs_up_the_snapshot_and_the_journal_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article(1, words=30)
    store = Store(db_path)
    store.add_articles([article])
    store.compact()
    store.set_status(article.id, "done")
    store._release()  # the journal holds a save the snapshot does not
    db_path.write_text(db_path.read_text().replace('"schema_version":1', '"schema_version":0'))
    monkeypatch.setitem(migrations_module.MIGRATIONS, 0, lambda table, doc: doc)
    with Store(db_path) as store:
        assert store.article(article.id).status == "done"
        names = [p.name for p in list_backups(db_path)]
        assert any(n.endswith("-before-migration-v0-db.json") for n in names), names
        assert any(n.endswith("-before-migration-v0-journal.json") for n in names), names


def test_a_migration_that_cannot_back_up_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.store import backups

    with Store(db_path) as store:
        store.add_articles([make_article(1, words=10)])
    db_path.write_text(db_path.read_text().replace('"schema_version":1', '"schema_version":0'))
    before = db_path.read_bytes()
    monkeypatch.setitem(migrations_module.MIGRATIONS, 0, lambda table, doc: doc)
    monkeypatch.setattr(backups, "make_backup", lambda *args, **kwargs: None)
    with pytest.raises(StoreError) as info:
        Store(db_path)
    assert str(info.value) == (
        f"Cannot back up {db_path} before migrating it; nothing was changed."
    )
    assert db_path.read_bytes() == before


def test_a_damaged_journal_line_is_one_problem_of_a_read_only_open(db_path: Path) -> None:
    article = make_article(1, words=30)
    store = Store(db_path)
    store.add_articles([article])
    for entity in entities_for(article, 3):
        store.put_entity(entity)
    store._release()
    journal = db_path.with_name(db_path.name + ".journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"ORG", b"GPE")
    journal.write_bytes(b"".join(lines))
    with Store(db_path, read_only=True, salvage=True) as store:
        [problem] = store.problems
        assert problem.endswith("line 3 fails its checksum.") or "line 3" in problem, problem
        assert problem.endswith(".") and not problem.endswith("..")


def test_a_sealed_snapshot_defers_all_but_the_articles_until_first_use(db_path: Path) -> None:
    article = make_article(1, words=30)
    with Store(db_path) as store:
        store.add_articles([article])
        store.put_entities(entities_for(article, 2))
    with Store(db_path) as store:
        assert "entities" not in store._tables.data  # left as bytes at open
        assert store.entity_count(article.id) == 2  # from the saved tally
        assert [e.text for e in store.entities(article.id)] == [
            e.text for e in entities_for(article, 2)
        ]
        assert store._tables.parsed == ["entities"]


def test_a_sealed_snapshot_of_an_older_schema_is_parsed_whole_and_migrated(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.store.atomic import seal

    article = make_article(1, words=30)
    [entity] = entities_for(article, 1)
    old = {
        "articles": {"1": {**article.model_dump(mode="json"), "schema_version": 0}},
        "entities": {"1": {**entity.model_dump(mode="json"), "schema_version": 0}},
    }
    db_path.write_bytes(seal({"id": "store", "schema_version": 0, "generation": 3}, old))
    monkeypatch.setitem(migrations_module.MIGRATIONS, 0, lambda table, doc: doc)
    with Store(db_path) as store:
        assert store.article(article.id) == article
        assert store.entities(article.id) == [entity]
    assert _header(db_path)["schema_version"] == 1


def test_a_database_whose_journal_went_missing_starts_a_new_one(db_path: Path) -> None:
    article = make_article(1, words=30)
    with Store(db_path) as store:
        store.add_articles([article])
    db_path.with_name(db_path.name + ".journal").unlink()
    store = Store(db_path)
    store.put_entities(entities_for(article, 2))
    store._release()  # a crash: the saves are in the new journal only
    assert _journal_generation(db_path) == _header(db_path)["generation"]
    with Store(db_path) as store:
        assert store.entity_count(article.id) == 2


def test_snapshots_keep_as_many_backups_as_asked(db_path: Path) -> None:
    article = make_article(1, words=10)
    with Store(db_path, keep_backups=2) as store:
        store.add_articles([article])
        for status in ("in_progress", "done", "new", "done"):
            store.set_status(article.id, status)
            store.compact()
    assert len(list_backups(db_path)) == 2


def test_opening_and_closing_without_a_change_writes_nothing(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([make_article(1, words=10)])
    files = [db_path, db_path.with_name(db_path.name + ".journal")]
    before = [p.read_bytes() for p in files]
    backups = list_backups(db_path)
    for _ in range(2):
        with Store(db_path) as store:
            assert store.article_ids() == ["a000001"]
    assert [p.read_bytes() for p in files] == before and list_backups(db_path) == backups


def test_read_only_and_folder_paths_are_refused_in_one_sentence(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([make_article(1, words=10)])
    with Store(db_path, read_only=True) as store, pytest.raises(StoreError) as info:
        store.set_status("a000001", "done")
    assert str(info.value) == f"The database {db_path} is open read-only; nothing was saved."
    with pytest.raises(StoreError) as info:
        Store(db_path.parent)
    assert str(info.value) == f"The database path {db_path.parent} is a folder, not a file."


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError("boom"), "boom"),
    ],
)
def test_a_fold_failing_at_close_names_the_cause_and_keeps_the_saves(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, why: str
) -> None:
    store = Store(db_path)
    store.add_articles([make_article(1, words=10)])

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(store._log, "write_snapshot", refuse)
    with pytest.raises(StoreError) as info:
        store.close()
    journal = db_path.with_name(db_path.name + ".journal")
    assert str(info.value) == (
        f"Cannot fold the saves into {db_path} on close ({why}); every save is kept in "
        f"{journal} and is read back on the next open."
    )
    with Store(db_path) as reopened:
        assert reopened.article_ids() == ["a000001"]


def test_a_database_in_new_folders_is_created_with_them(tmp_path: Path) -> None:
    path = tmp_path / "team" / "2026" / "newsdesk.json"
    with Store(path) as store:
        store.add_articles([make_article(1, words=5)])
    assert path.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(StoreError) as info:
        Store(blocked / "sub" / "newsdesk.json")
    message = str(info.value)
    assert message.startswith(f"Cannot create the folder {blocked / 'sub'}: ") and message.endswith(
        "."
    ), message


def test_an_unchanged_session_without_a_journal_only_starts_one(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([make_article(1, words=10)])
    journal = db_path.with_name(db_path.name + ".journal")
    journal.unlink()
    before = db_path.read_bytes()
    with Store(db_path):
        pass
    assert db_path.read_bytes() == before and journal.exists()
