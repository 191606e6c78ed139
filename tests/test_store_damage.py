"""Damaged files are never overwritten and are named in one sentence; doctor; migrations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.models import Article
from annotations.store import DamagedStoreError, Store, StoreError
from annotations.store import migrations as migrations_module
from annotations.store.backups import list_backups
from annotations.store.doctor import check
from tests.store_fixtures.factory import entities_for, make_article

CORPUS = Path(__file__).parent / "store_fixtures" / "damaged"
EXPECTED = {
    "extra_data.json": "not valid JSON",
    "truncated.json": "not valid JSON",
    "not_tables.json": "not a set of tables",
    "binary.json": "not valid JSON",
    "missing_id.json": "field 'id'",
    "newer_version.json": "newer newsdesk",
    "bad_key.json": "document one of table 'entities'",
    "bad_field.json": "field 'end'",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_damaged_file_is_named_and_left_untouched(name: str, db_path: Path) -> None:
    shutil.copyfile(CORPUS / name, db_path)
    before = db_path.read_bytes()
    # bad field values surface when the document is read, not at open
    with pytest.raises(StoreError, match=EXPECTED[name]) as info, Store(db_path) as store:
        store.entities("a1")
    message = str(info.value)
    assert str(db_path) in message and message.count(". ") == 0, message
    assert db_path.read_bytes() == before
    assert not check(db_path).healthy


def test_doctor_restores_last_good_backup(db_path: Path, capsys: pytest.CaptureFixture) -> None:
    article = make_article(1, words=30)
    with Store(db_path) as store:
        store.add_articles([article])
        store.put_entity(entities_for(article, 1)[0])
    assert main(["doctor", "--db", str(db_path)]) == 0
    text = db_path.read_text()
    db_path.write_text(text.replace('"label":"ORG"', '"label":""'))  # a bad hand edit
    assert main(["doctor", "--db", str(db_path)]) == 1
    assert "field 'label'" in capsys.readouterr().out
    assert main(["doctor", "--db", str(db_path), "--restore"]) == 0
    assert any(p.name.startswith(db_path.name + ".damaged-") for p in db_path.parent.iterdir())
    with Store(db_path) as store:
        assert [e.label for e in store.entities(article.id)] == ["ORG"]


def test_damaged_journal_middle_is_reported_torn_tail_is_dropped(db_path: Path) -> None:
    article = make_article(1, words=30)
    store = Store(db_path)
    store.add_articles([article])
    for entity in entities_for(article, 3):
        store.put_entity(entity)
    store._release()  # simulate a crash: no compaction on close
    journal = db_path.with_name(db_path.name + ".journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines) + lines[-1][:25])  # a torn, unacknowledged last save
    with Store(db_path) as store:
        assert store.entity_count(article.id) == 3
    store = Store(db_path)
    for entity in entities_for(article, 5)[3:]:
        store.put_entity(entity)
    store._release()
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"ORG", b"GPE")  # damage in the middle, good lines after
    journal.write_bytes(b"".join(lines))
    with pytest.raises(DamagedStoreError, match="line 2"):
        Store(db_path)


def test_older_schema_is_migrated_after_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article(1, words=30)
    with Store(db_path) as store:
        store.add_articles([article])
    old = db_path.read_text().replace('"schema_version":1', '"schema_version":0')
    db_path.write_text(old.replace('"status":"new"', '"state":"new"'))  # v0 called it state

    def v0_to_v1(table: str, doc: dict) -> dict:
        if table == "articles":
            doc["status"] = doc.pop("state")
        return doc

    with pytest.raises(DamagedStoreError, match="cannot be migrated"):
        Store(db_path)
    monkeypatch.setitem(migrations_module.MIGRATIONS, 0, v0_to_v1)
    with Store(db_path) as store:
        assert store.article(article.id) == article
    assert any("before-migration-v0" in p.name for p in list_backups(db_path))
    assert '"schema_version":0' not in db_path.read_text()
    assert isinstance(Store(db_path, read_only=True).article(article.id), Article)


def test_doctor_alone_validates_every_table_of_the_schema(db_path: Path) -> None:
    """In a fresh interpreter that imports only the doctor, a bad document of each
    non-core table (events, history, ...) is reported by its field: the schema module
    lists every model explicitly, nothing depends on another module being imported."""
    import json
    import subprocess
    import sys

    with Store(db_path) as store:
        store.add_articles([make_article(0, words=20)])
    data = json.loads(db_path.read_text())
    bad = {"schema_version": 1, "article_id": "nowhere", "type": 5}
    data["events"] = {"1": {"id": "e1", **bad}}
    data["history"] = {"1": {"id": "h1", **bad}}
    db_path.write_text(json.dumps(data))
    script = (
        "import sys; from pathlib import Path; from annotations.store.doctor import check; "
        "found = check(Path(sys.argv[1])); print('\\n'.join(found.problems))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(db_path)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent,
    ).stdout  # fmt: skip
    assert "table 'events', field" in out and "table 'history', field" in out, out
    assert "not in the newsdesk schema" not in out, out
