"""The tables layer through the store: a table left unparsed at open is parsed before any
use of it, documents keep their keys and order, the indexes and tallies follow every
change, and a save that cannot be written says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.models import Article, Entity, Event
from annotations.store import Store, StoreError
from annotations.store.atomic import dumps
from annotations.store.log import Log
from annotations.store.schema import INDEXES, TALLIES
from annotations.store.tables import Tables
from tests.store_fixtures.factory import entities_for, make_article


@pytest.fixture
def stored(db_path: Path) -> tuple[list, list[Entity]]:
    articles = [make_article(n, words=40) for n in (1, 2)]
    ents = entities_for(articles[0], 3) + entities_for(articles[1], 2)
    with Store(db_path) as store:
        store.add_articles(articles)
        store.put_entities(ents)
    return articles, ents


def _keys(db_path: Path, table: str) -> list[str]:
    return list(json.loads(db_path.read_text())[table])


# -- a deferred table is parsed before its first use, whichever read comes first --------


def test_ids_of_a_deferred_table(db_path: Path, stored: tuple) -> None:
    _, ents = stored
    with Store(db_path) as store:
        assert store.ids("entities") == [e.id for e in ents]


def test_annotated_articles_of_a_deferred_table(db_path: Path, stored: tuple) -> None:
    articles, _ = stored
    with Store(db_path) as store:
        assert store.annotated_article_ids() == [a.id for a in articles]


def test_get_from_a_deferred_table(db_path: Path, stored: tuple) -> None:
    _, ents = stored
    with Store(db_path) as store:
        assert store.get("entities", ents[1].id, Entity) == ents[1]


def test_delete_from_a_deferred_table(db_path: Path, stored: tuple) -> None:
    articles, ents = stored
    with Store(db_path) as store:
        store.delete_entity(ents[0].id)
        assert [e.id for e in store.entities(articles[0].id)] == [e.id for e in ents[1:3]]


def test_replace_in_a_deferred_table(db_path: Path, stored: tuple) -> None:
    articles, ents = stored
    with Store(db_path) as store:
        store.put_entity(ents[0].model_copy(update={"state": "accepted"}))
        assert store.count("entities") == 5
    with Store(db_path) as store:
        assert store.entities(articles[0].id)[0].state == "accepted"
        assert store.count("entities") == 5


# -- keys, order and indexes --------------------------------------------------------------


def test_documents_are_numbered_from_one_and_keep_their_place(db_path: Path, stored: tuple) -> None:
    articles, ents = stored
    assert _keys(db_path, "entities") == ["1", "2", "3", "4", "5"]
    assert _keys(db_path, "articles") == ["1", "2"]
    with Store(db_path) as store:
        store.put_entity(ents[0].model_copy(update={"label": "GPE"}))  # replaced in place
        assert store.ids("entities") == [e.id for e in ents]
        store.delete_entity(ents[4].id)
        assert store.ids("entities") == [e.id for e in ents[:4]]
        assert store.get("entities", ents[4].id, Entity) is None
        [extra] = entities_for(articles[1], 5)[4:]
        store.put_entity(extra)
    assert _keys(db_path, "entities") == ["1", "2", "3", "4", "6"]  # a key is never reused
    with Store(db_path) as store:
        assert store.ids("entities") == [*(e.id for e in ents[:4]), extra.id]


def test_an_entity_moved_to_another_article_leaves_the_old_index(
    db_path: Path, stored: tuple
) -> None:
    articles, ents = stored
    words = articles[1].text.split(" ")
    moved = ents[0].model_copy(
        update={"article_id": articles[1].id, "start": 0, "end": len(words[0]), "text": words[0]}
    )
    with Store(db_path) as store:
        store.put_entity(moved)
        assert ents[0].id not in {e.id for e in store.entities(articles[0].id)}
        assert ents[0].id in {e.id for e in store.entities(articles[1].id)}
        store.delete_entity(ents[1].id)
        store.delete_entity(ents[2].id)
        assert store.entities(articles[0].id) == []
        assert store.annotated_article_ids() == [articles[1].id]


def test_one_transaction_writing_a_new_id_twice_stores_it_once(db_path: Path) -> None:
    article = make_article(1, words=20)
    [entity] = entities_for(article, 1)
    with Store(db_path) as store:
        store.add_articles([article])
        with store.transaction():
            store.put_entity(entity)
            store.put_entity(entity.model_copy(update={"label": "GPE"}))
            other = entities_for(article, 2)[1]
            store.put_entity(other)
        assert [(e.id, e.label) for e in store.entities(article.id)] == [
            (entity.id, "GPE"),
            (other.id, "ORG"),
        ]
    assert _keys(db_path, "entities") == ["1", "2"]


def test_an_undeclared_index_or_tally_is_a_programming_error(db_path: Path) -> None:
    with Store(db_path) as store:
        with pytest.raises(KeyError, match="table 'entities' declares no index on 'label'"):
            store.where("entities", "label", "ORG", Entity)
        with pytest.raises(KeyError, match="table 'events' keeps no tally"):
            store._tables.tally("events", "a1")


# -- tallies --------------------------------------------------------------------------------


def test_tallies_follow_every_change_and_open_without_parsing(db_path: Path, stored: tuple) -> None:
    articles, ents = stored
    first = articles[0].id
    with Store(db_path) as store:
        assert dict(store.entity_tally(first)) == {("ORG", "suggested"): 3}
        assert store._tables.parsed == []  # counted from the snapshot, no entity read
        store.put_entity(ents[0].model_copy(update={"label": "GPE"}))
        store.put_entity(ents[1].model_copy(update={"state": "accepted"}))
        assert dict(store.entity_tally(first)) == {
            ("ORG", "suggested"): 1,
            ("GPE", "suggested"): 1,
            ("ORG", "accepted"): 1,
        }
        store.delete_entity(ents[0].id)
        assert dict(store.entity_tally(first)) == {("ORG", "suggested"): 1, ("ORG", "accepted"): 1}
        assert store.entity_count(first) == 2
        assert dict(store.entity_tally("a-none")) == {}
    with Store(db_path) as store:
        assert dict(store.entity_tally(first)) == {("ORG", "suggested"): 1, ("ORG", "accepted"): 1}
        assert dict(store.entity_tally(articles[1].id)) == {("ORG", "suggested"): 2}


def test_a_deferred_table_saved_without_its_tallies_is_counted_at_load(db_path: Path) -> None:
    log = Log(db_path)
    tables = Tables(log, INDEXES, TALLIES)
    docs = {
        "1": {"schema_version": 1, "id": "e1", "article_id": "a1", "label": "ORG",
              "state": "suggested"},
        "2": {"schema_version": 1, "id": "e2", "article_id": "a1", "label": "GPE",
              "state": "accepted"},
    }  # fmt: skip
    deferred = {"events": b"{}", "entities": dumps(docs)}  # an untallied table first
    tables.load({}, deferred, counts={"events": {}})
    assert tables.parsed == ["entities"]  # no saved tally for it: parsed to count
    assert dict(tables.tally("entities", "a1")) == {("ORG", "suggested"): 1, ("GPE", "accepted"): 1}
    other = Tables(log, INDEXES, TALLIES)
    saved = {"entities": {"a1": [["ORG", "suggested", 7], "bad row", []], "a2": "bad group"}}
    other.load({}, dict(deferred), counts=saved)
    assert other.parsed == []  # the saved tally is used; events keeps none and waits
    assert dict(other.tally("entities", "a1")) == {("ORG", "suggested"): 7}
    assert dict(other.tally("entities", "a2")) == {}
    other.parse_all()
    assert other.parsed == ["events", "entities"]
    assert dict(other.tally("entities", "a1")) == {("ORG", "suggested"): 1, ("GPE", "accepted"): 1}
    log.release()


# -- saves that cannot be written --------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError("boom"), "boom"),
    ],
)
def test_a_save_the_disk_refuses_is_one_sentence_and_not_applied(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, why: str
) -> None:
    article = make_article(1, words=20)
    with Store(db_path) as store:
        store.add_articles([article])

        def refuse(ops: object) -> None:
            raise error

        monkeypatch.setattr(store._log, "append", refuse)
        with pytest.raises(StoreError) as info:
            store.put_entity(entities_for(article, 1)[0])
        assert str(info.value) == (
            f"Cannot save to the database {db_path}: {why}; the change was not saved."
        )
        assert store.entities(article.id) == []
        monkeypatch.undo()


def test_an_overgrown_journal_that_cannot_be_folded_keeps_the_save(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article(1, words=20)
    [entity] = entities_for(article, 1)
    store = Store(db_path, journal_limit=1)
    store.add_articles([article])
    monkeypatch.setattr(store._log, "write_snapshot", _disk_full)
    store.put_entity(entity)  # saved in the journal; the fold waits for a later save
    assert store.entities(article.id) == [entity]
    store._release()
    with Store(db_path) as reopened:
        assert reopened.entities(article.id) == [entity]


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


def test_a_snapshot_is_written_before_the_first_save_of_a_new_database(db_path: Path) -> None:
    with Store(db_path) as store:
        assert json.loads(db_path.read_text())["_meta"]["1"]["generation"] == 1
        store.add_articles([make_article(1, words=5)])
        journal = db_path.with_name(db_path.name + ".journal")
        assert journal.stat().st_size > 0 and "a000001" in journal.read_text()


# -- the generic tables -----------------------------------------------------------------------


def _event(article_id: str) -> Event:
    return Event(
        id="ev-1", article_id=article_id, type="VISIT", trigger_start=0, trigger_end=4,
        trigger_text="x" * 4,
    )  # fmt: skip


def test_the_core_tables_can_be_read_but_not_written_generically(
    db_path: Path, stored: tuple
) -> None:
    articles, ents = stored
    with Store(db_path) as store:
        assert store.ids("entities") == [e.id for e in ents]
        assert store.count("articles") == 2
        assert store.get("articles", articles[1].id, Article) == articles[1]
        assert [a.id for a in store.all("articles", Article)] == [a.id for a in articles]
        with pytest.raises(StoreError) as info:
            store.put("entities", ents[0])
        assert str(info.value) == "'entities' is not a table name this store accepts."
        with pytest.raises(StoreError, match="'Bad-Name' is not a table name"):
            store.ids("Bad-Name")


def test_a_document_of_the_wrong_model_is_refused_by_name(db_path: Path, stored: tuple) -> None:
    articles, ents = stored
    with Store(db_path) as store:
        with pytest.raises(StoreError) as info:
            store.put("events", ents[0])
        assert str(info.value) == (
            "A Entity cannot be saved in table 'events', which holds Event; nothing was saved."
        )
        event = _event(articles[0].id)
        store.put("events", event)
        assert store.get("events", event.id, Event) == event
        assert store.get("events", "ev-none", Event) is None
        assert store.delete("events", event.id) and store.get("events", event.id, Event) is None


def test_a_damaged_generic_document_names_its_table_key_and_id(
    db_path: Path, stored: tuple
) -> None:
    articles, _ = stored
    with Store(db_path) as store:
        store.put("events", _event(articles[0].id))
    data = json.loads(db_path.read_text())
    [key] = data["events"]
    data["events"][key]["type"] = 5
    db_path.write_text(json.dumps(data))
    with Store(db_path, read_only=True) as store, pytest.raises(StoreError) as info:
        store.get("events", "ev-1", Event)
    assert str(info.value).startswith(
        f"The database {db_path} is damaged: document {key} (id ev-1) of table 'events', "
        "field 'type': "
    ), info.value


def test_saves_replayed_from_the_journal_land_in_a_deferred_table(db_path: Path) -> None:
    article = make_article(1, words=40)
    ents = entities_for(article, 4)
    store = Store(db_path)
    store.add_articles([article])
    store.put_entities(ents[:2])
    store.compact()  # the sealed snapshot holds two entities (deferred at the next open)
    store.put_entities(ents[2:])
    store.delete_entity(ents[0].id)
    store._release()  # a crash: the last saves are only in the journal
    with Store(db_path) as reopened:
        assert [e.id for e in reopened.entities(article.id)] == [e.id for e in ents[1:]]
        assert reopened.entity_count(article.id) == 3


def test_an_emptied_table_numbers_from_one_again(db_path: Path) -> None:
    article = make_article(1, words=40)
    first, second = entities_for(article, 2)
    with Store(db_path) as store:
        store.add_articles([article])
        store.put_entity(first)
        store.delete_entity(first.id)
    assert json.loads(db_path.read_text())["entities"] == {}
    with Store(db_path) as store:
        store.put_entity(second)
    assert _keys(db_path, "entities") == ["1"]


def test_a_table_without_indexes_declares_none(db_path: Path) -> None:
    with Store(db_path) as store, pytest.raises(KeyError, match="table 'layers' declares no"):
        store.where("layers", "article_id", "a1", Article)


def test_a_document_that_cannot_be_migrated_is_named(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.store import migrations

    with Store(db_path) as store:
        store.add_articles([make_article(1, words=5)])
    db_path.write_text(db_path.read_text().replace('"schema_version":1', '"schema_version":0'))

    def broken(table: str, doc: dict) -> dict:
        raise ValueError("no status field")

    monkeypatch.setitem(migrations.MIGRATIONS, 0, broken)
    with pytest.raises(StoreError) as info:
        Store(db_path)
    assert str(info.value) == (
        f"The database {db_path} is damaged: document 1 of table 'articles', field "
        "'schema_version' cannot be migrated (no status field); it was left untouched."
    )


def test_where_reads_only_the_documents_of_one_indexed_value(db_path: Path, stored: tuple) -> None:
    articles, _ = stored
    first = _event(articles[0].id)
    second = first.model_copy(update={"id": "ev-2", "article_id": articles[1].id})
    with Store(db_path) as store:
        store.put("events", first)
        store.put("events", second)
        assert store.where("events", "article_id", articles[1].id, Event) == [second]
        assert store.where("events", "article_id", "a-none", Event) == []


def test_a_journal_over_its_limit_is_folded_after_the_save(db_path: Path) -> None:
    article = make_article(1, words=20)
    journal = db_path.with_name(db_path.name + ".journal")
    with Store(db_path, journal_limit=1) as store:
        store.add_articles([article])
        generation = json.loads(db_path.read_text())["_meta"]["1"]["generation"]
        store.put_entity(entities_for(article, 1)[0])
        assert json.loads(db_path.read_text())["_meta"]["1"]["generation"] == generation + 1
        assert journal.read_bytes().count(b"\n") == 1  # only its header line is left


def test_documents_saved_together_get_keys_of_their_own(db_path: Path, stored: tuple) -> None:
    articles, _ = stored
    first = _event(articles[0].id)
    second = first.model_copy(update={"id": "ev-2"})
    with Store(db_path) as store:
        store.put_many("events", [first, second])
        assert store.all("events", Event) == [first, second]
    assert _keys(db_path, "events") == ["1", "2"]


def test_a_document_without_a_migration_step_says_which_version(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([make_article(1, words=5)])
    db_path.write_text(db_path.read_text().replace('"schema_version":1', '"schema_version":0'))
    with pytest.raises(StoreError) as info:
        Store(db_path)
    assert "field 'schema_version' cannot be migrated (no migration from schema version 0)" in str(
        info.value
    )


def test_a_document_added_after_a_reopen_keeps_the_ones_before(
    db_path: Path, stored: tuple
) -> None:
    articles, _ = stored
    first = _event(articles[0].id)
    with Store(db_path) as store:
        store.put("events", first)
    second = first.model_copy(update={"id": "ev-2"})
    with Store(db_path) as store:
        store.put("events", second)
        assert store.all("events", Event) == [first, second]


def test_where_keeps_insertion_order_past_nine_documents(db_path: Path, stored: tuple) -> None:
    articles, _ = stored
    events = [_event(articles[0].id).model_copy(update={"id": f"ev-{n}"}) for n in range(12)]
    with Store(db_path) as store:
        store.put_many("events", events)
        found = store.where("events", "article_id", articles[0].id, Event)
        assert [e.id for e in found] == [e.id for e in events]


# -- a change of a few fields is journaled as those fields ---------------------------


def _journal_ops(db_path: Path) -> list[list]:
    from annotations.store.journal import read_journal

    found = read_journal(db_path.with_name(db_path.name + ".journal"))
    return [op for ops in found.transactions for op in ops]


def test_a_status_change_journals_the_changed_fields_and_a_crash_reads_them_back(
    db_path: Path, stored: tuple
) -> None:
    articles, _ = stored
    store = Store(db_path)
    store.set_status(articles[0].id, "done", by="ana")
    store.update_article(store.article(articles[1].id))  # nothing changed: nothing saved
    assert _journal_ops(db_path) == [
        ["articles", "1", {"status": "done", "status_by": "ana"}, "set"]
    ]
    store._release()  # killed before the closing snapshot
    with Store(db_path, read_only=True) as again:
        first = again.article(articles[0].id)
        assert (first.status, first.status_by, first.text) == ("done", "ana", articles[0].text)
        assert again.article(articles[1].id) == articles[1]


def test_a_document_written_earlier_in_the_transaction_is_journaled_whole(
    db_path: Path, stored: tuple
) -> None:
    """Reads inside a transaction see the state before it: a second write of the same
    article replaces the first one whole, as it always did."""
    articles, _ = stored
    store = Store(db_path)
    with store.transaction():
        store.update_article(articles[0].model_copy(update={"status": "done"}))
        store.update_article(articles[0].model_copy(update={"detected_with": "d-1"}))
    (first, second) = _journal_ops(db_path)
    assert first[3:] == ["set"] and second[3:] == [] and second[2]["status"] == "new"
    store._release()
    with Store(db_path, read_only=True) as again:
        kept = again.article(articles[0].id)
        assert (kept.status, kept.detected_with) == ("new", "d-1")


def test_a_journaled_change_of_a_document_never_stored_is_damage(
    db_path: Path, stored: tuple
) -> None:
    from annotations.store.journal import encode

    store = Store(db_path)
    store._release()
    journal = db_path.with_name(db_path.name + ".journal")
    with journal.open("ab") as out:
        out.write(encode({"ops": [["articles", "9", {"status": "done"}, "set"]]}))
    with pytest.raises(StoreError, match="document 9 of table 'articles'"):
        Store(db_path)
