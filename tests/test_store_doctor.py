"""`doctor`'s checkup, sentence by sentence, and the checks a writable or read-only open
runs before it lets anything through: what is counted, what is named, what is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotations.store import DamagedStoreError, Store
from annotations.store.backups import backup_dir, list_backups
from annotations.store.doctor import check
from tests.store_fixtures.factory import entities_for, make_article


def _two_articles(db_path: Path, inline: int = 4_000_000) -> list[Any]:
    articles = [make_article(n, words=30) for n in (1, 2, 3)]
    with Store(db_path, inline_text_limit=inline) as store:
        store.add_articles(articles)
        store.put_entities(entities_for(articles[0], 2))
        store.put_entities(entities_for(articles[1], 3))
    return articles


def _edit(db_path: Path, change: Any) -> None:
    """A hand edit of the snapshot (it loses its seal)."""
    data = json.loads(db_path.read_text())
    change(data)
    db_path.write_text(json.dumps(data))


def test_a_healthy_database_is_counted_in_its_notes(db_path: Path) -> None:
    _two_articles(db_path)
    found = check(db_path)
    backups = len(list_backups(db_path))
    assert found.healthy and found.problems == [] and found.articles == 3
    assert found.notes == [
        "3 articles and 5 entity annotations checked.",
        f"{backups} backups in {backup_dir(db_path)}.",
    ]


def test_a_missing_or_empty_database_is_one_problem(db_path: Path) -> None:
    found = check(db_path)
    assert (found.problems, found.notes, found.articles) == (
        [f"The database {db_path} does not exist."],
        [],
        None,
    )
    db_path.write_bytes(b"  \n")
    found = check(db_path)
    assert found.problems[0] == (
        f"The database {db_path} is an empty file, and newsdesk never leaves one empty (a new "
        "database gets its header document at once)."
    )


def test_a_torn_journal_tail_is_measured_and_the_saves_before_it_counted(
    db_path: Path,
) -> None:
    article = make_article(1, words=30)
    store = Store(db_path)
    store.add_articles([article])
    for entity in entities_for(article, 2):
        store.put_entity(entity)
    store._release()
    journal = db_path.with_name(db_path.name + ".journal")
    journal.write_bytes(journal.read_bytes() + b'{"torn": tr')
    found = check(db_path)
    assert found.problems == [
        f"The journal {journal} ends in a cut-off line of 11 bytes (an interrupted save or a "
        "truncated file); the 3 saves before it are intact."  # the article and two entities
    ]


def test_a_hand_edited_snapshot_is_noted_and_fully_validated(db_path: Path) -> None:
    articles = _two_articles(db_path)
    assert not any("seal" in n for n in check(db_path).notes)

    def retitle(data: dict[str, Any]) -> None:
        data["articles"]["1"]["meta"]["title"] = "Edited by hand"

    _edit(db_path, retitle)
    found = check(db_path)
    assert found.healthy, found.problems
    assert (
        "The snapshot carries no newsdesk seal (edited by hand or written by an older "
        "newsdesk); every document was validated."
    ) in found.notes
    with Store(db_path) as store:  # a writable open checks every document, then seals
        assert store.article(articles[0].id).meta.title == "Edited by hand"
    assert not any("seal" in n for n in check(db_path).notes)


def test_entities_whose_text_or_article_is_wrong_are_each_named(db_path: Path) -> None:
    articles = _two_articles(db_path)
    entity = entities_for(articles[0], 1)[0]

    def damage(data: dict[str, Any]) -> None:
        docs = data["entities"]
        first = next(d for d in docs.values() if d["id"] == entity.id)
        first["text"] = "Z" * len(first["text"])  # same length: only the span check sees it
        docs["99"] = {**first, "id": "e-orphan", "article_id": "a-gone", "text": entity.text}

    _edit(db_path, damage)
    found = check(db_path)
    assert found.problems == [
        f"Entity {entity.id} in {db_path}, field 'text': {'Z' * len(entity.text)!r} does not "
        f"match the article text at {entity.start}-{entity.end}.",
        f"Entity e-orphan in {db_path} refers to article a-gone, which is not stored.",
    ]
    assert found.notes[0] == "3 articles and 6 entity annotations checked."
    with pytest.raises(DamagedStoreError) as info:  # the writer refuses, naming the first
        Store(db_path)
    assert str(info.value) == (
        f"Entity {entity.id} in {db_path}, field 'text': {'Z' * len(entity.text)!r} does not "
        f"match the article text at {entity.start}-{entity.end} (2 problems in all); "
        "newsdesk will not write to it until `newsdesk doctor --restore` repairs it."
    )


def test_a_single_problem_is_refused_without_a_count(db_path: Path) -> None:
    _two_articles(db_path)
    _edit(db_path, lambda data: data.__setitem__("notes", {"1": {"id": "n", "schema_version": 1}}))
    found = check(db_path)
    assert found.problems == [
        f"The database {db_path} holds a table 'notes' that is not in the newsdesk schema."
    ]
    with pytest.raises(DamagedStoreError) as info:
        Store(db_path)
    assert str(info.value) == (
        f"The database {db_path} holds a table 'notes' that is not in the newsdesk schema; "
        "newsdesk will not write to it until `newsdesk doctor --restore` repairs it."
    )


@pytest.mark.parametrize("broken", [3, 4])
def test_unreadable_articles_beyond_three_are_counted(db_path: Path, broken: int) -> None:
    articles = [make_article(n, words=10) for n in range(broken)]
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles(articles)
    db_path.with_name(db_path.name + ".texts").unlink()
    found = check(db_path)
    named = [p for p in found.problems if "are damaged: article" in p]
    assert len(named) == 3
    assert all("the text file is missing" in p for p in named)
    assert named[0].startswith(
        f"The article texts {db_path}.texts are damaged: article {articles[0].id}, "
    )
    counted = f"{broken} of {broken} articles in {db_path} cannot be read (the first 3 are above)."
    assert (counted in found.problems) == (broken > 3), found.problems


def test_a_cut_short_texts_pack_is_refused_at_open(db_path: Path) -> None:
    articles = [make_article(n, words=10) for n in range(3)]
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles(articles)
    pack = db_path.with_name(db_path.name + ".texts")
    size = pack.stat().st_size
    with open(pack, "r+b") as f:
        f.truncate(size - 5)
    sentence = (
        f"The article texts {pack} are cut short at {size - 5:,} bytes: 1 of 3 articles kept "
        "there cannot be read"
    )
    with pytest.raises(DamagedStoreError) as info:
        Store(db_path)
    assert str(info.value) == (
        f"{sentence}; newsdesk will not write to it until `newsdesk doctor --restore` repairs it."
    )
    with pytest.raises(DamagedStoreError) as info:
        Store(db_path, read_only=True)
    assert str(info.value) == (
        f"{sentence}; run `newsdesk doctor` for the details and `newsdesk doctor --restore` "
        "to repair it."
    )
    with Store(db_path, read_only=True, salvage=True) as store:  # doctor reads on
        assert store.problems == [sentence + "."]
        assert store.article(articles[0].id) == articles[0]
    pack.unlink()
    with pytest.raises(DamagedStoreError, match="are missing: 3 of 3 articles kept there"):
        Store(db_path)


def test_a_read_only_open_writes_nothing(db_path: Path) -> None:
    _two_articles(db_path)
    _edit(db_path, lambda data: data["articles"]["1"]["meta"].__setitem__("title", "Hand"))
    before = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    with Store(db_path, read_only=True) as store:
        assert "a000001" in store and "a-none" not in store
    after = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    assert after == before


def test_a_closed_store_refuses_writes(db_path: Path) -> None:
    from annotations.store import StoreError

    store = Store(db_path)
    store.add_articles([make_article(1, words=5)])
    store.close()
    store.close()  # a second close is a no-op
    with pytest.raises(StoreError) as info:
        store.add_articles([make_article(2, words=5)])
    assert str(info.value) == f"The database {db_path} is closed."
    crashed = Store(db_path)
    crashed._release()
    with pytest.raises(StoreError, match="is closed"):
        crashed.set_status("a000001", "done")


# -- restore --------------------------------------------------------------------------------


def test_a_damaged_file_is_the_one_problem_doctor_names(db_path: Path) -> None:
    db_path.write_text(json.dumps({"entities": {"x1": {"id": "e1", "schema_version": 1}}}))
    found = check(db_path)
    assert found.problems == [
        f"The database {db_path} is damaged: document x1 of table 'entities', field '(key)' "
        "is not a TinyDB document number; it was left untouched."
    ]


def test_doctor_reads_on_past_a_damaged_journal_line(db_path: Path) -> None:
    article = make_article(1, words=30)
    store = Store(db_path)
    store.add_articles([article])
    for entity in entities_for(article, 2):
        store.put_entity(entity)
    store._release()
    journal = db_path.with_name(db_path.name + ".journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"ORG", b"GPE")  # the first entity's save
    journal.write_bytes(b"".join(lines))
    lost = len(lines[2]) + len(lines[3])
    found = check(db_path)
    assert found.problems == [
        f"The journal {journal} is damaged: line 3 fails its checksum; the 1 saves before it "
        f"are intact and 2 lines ({lost:,} bytes) from it on cannot be read."
    ]
    assert found.articles == 1  # the intact saves were read


def _restore_setup(db_path: Path) -> list[Any]:
    articles = [make_article(n, words=20) for n in (1, 2)]
    with Store(db_path) as store:
        store.add_articles(articles[:1])
    with Store(db_path) as store:
        store.add_articles(articles[1:])
    return articles


def test_restore_puts_back_the_newest_clean_backup_and_names_what_it_set_aside(
    db_path: Path,
) -> None:
    import re

    from annotations.store.doctor import restore

    articles = _restore_setup(db_path)
    db_path.write_text("{not json")
    done = restore(db_path)
    assert done.journal == "with every save since it"
    assert done.missing == 0  # nothing could be read from the damaged file: none lost
    assert [re.sub(r"\d{8}T\d{6}$", "STAMP", p.name) for p in done.aside] == [
        "newsdesk.json.damaged-STAMP",
        "newsdesk.json.journal.damaged-STAMP",
    ]
    with Store(db_path) as store:
        assert store.article_ids() == [a.id for a in articles]


def test_restore_counts_the_articles_the_damaged_file_held_that_are_lost(
    db_path: Path,
) -> None:
    from annotations.store.doctor import restore

    _restore_setup(db_path)
    data = json.loads(db_path.read_text())
    data["articles"]["x9"] = data["articles"]["1"]  # a bad key: the file cannot be opened
    db_path.write_text(json.dumps(data))
    done = restore(db_path)  # the newest backup holds both articles
    assert done.missing == 1  # three were in the damaged file, by its own table


def test_restore_without_a_usable_journal_says_so(db_path: Path) -> None:
    from annotations.store.doctor import restore

    _restore_setup(db_path)
    journal = db_path.with_name(db_path.name + ".journal")
    db_path.write_text("{not json")
    journal.write_bytes(b'0123abcd {"journal": ')  # its header cut off
    done = restore(db_path)
    assert done.journal == "without the journal"


def test_a_newer_database_is_not_rolled_back(db_path: Path) -> None:
    from annotations.store import StoreError
    from annotations.store.doctor import restore

    _restore_setup(db_path)
    data = json.loads(db_path.read_text())
    data["_meta"]["1"]["schema_version"] = 7
    db_path.write_text(json.dumps(data))
    with pytest.raises(StoreError) as info:
        restore(db_path)
    assert str(info.value) == (
        f"The database {db_path} was made by a newer newsdesk (schema version 7, this one "
        "knows 1); it was left untouched; `doctor --restore` does not roll it back."
    )


def test_a_damaged_entity_is_reported_once(db_path: Path) -> None:
    _two_articles(db_path)

    def damage(data: dict[str, Any]) -> None:
        data["entities"]["1"]["start"] = -1

    _edit(db_path, damage)
    found = check(db_path)
    assert len(found.problems) == 1, found.problems
    assert (
        found.problems[0].startswith(f"The database {db_path} is damaged: document 1 (id ")
        and "of table 'entities', field 'start'" in found.problems[0]
    )
    assert found.notes[0] == "3 articles and 3 entity annotations checked."  # a1's are lost


@pytest.mark.parametrize("count", [1, 3])
def test_a_backup_that_lost_articles_since_its_header_was_written_is_passed_over(
    db_path: Path, count: int
) -> None:
    from annotations.store.doctor import restore

    articles = [make_article(n, words=10) for n in range(1, count + 1)]
    with Store(db_path) as store:
        store.add_articles(articles)
    with Store(db_path) as store:
        store.set_status(articles[0].id, "done")
    newest, older, *rest = list_backups(db_path)
    for path in rest:
        path.unlink()
    data = json.loads(newest.read_text())
    del data["articles"][str(count)]  # its header still counts `count` articles
    newest.write_text(json.dumps(data))
    data = json.loads(older.read_text())
    data["_meta"]["1"]["crc32"] += 1  # unsealed too, its articles intact
    older.write_text(json.dumps(data))
    db_path.write_text("{not json")
    done = restore(db_path)
    assert done.backup == older
    with Store(db_path) as store:
        assert store.article_ids() == [a.id for a in articles]


def test_set_aside_files_are_stamped_in_utc(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import time

    from annotations.store.doctor import restore

    _restore_setup(db_path)
    db_path.write_text("{not json")
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        done = restore(db_path)
    finally:
        monkeypatch.undo()
        time.tzset()
    stamp = done.aside[0].name.rsplit("-", 1)[1]
    when = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 120


def test_a_pack_cut_only_of_its_last_newline_still_reaches_every_body(db_path: Path) -> None:
    articles = [make_article(n, words=10) for n in range(2)]
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles(articles)
    pack = db_path.with_name(db_path.name + ".texts")
    pack.write_bytes(pack.read_bytes()[:-1])
    with Store(db_path) as store:
        assert store.article(articles[1].id) == articles[1]
    pack.write_bytes(b"")
    with pytest.raises(DamagedStoreError, match="are cut short at 0 bytes: 2 of 2 articles"):
        Store(db_path)


def test_a_plain_backup_without_a_header_can_be_restored(db_path: Path) -> None:
    from annotations.store.doctor import restore

    article = make_article(1, words=10)
    folder = backup_dir(db_path)
    folder.mkdir()
    plain = folder / "20000101T000000000000Z-plain.json"
    plain.write_text(json.dumps({"articles": {"1": article.model_dump(mode="json")}}))
    db_path.write_text("{not json")
    done = restore(db_path)
    assert done.backup == plain and done.journal == "without the journal"
    with Store(db_path) as store:
        assert store.article(article.id) == article
