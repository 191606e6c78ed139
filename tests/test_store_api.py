"""The Store's public API: articles, entities, generic tables, transactions, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb import TinyDB

from annotations.models import Entity, Stored
from annotations.store import Store, StoreError, schema
from tests.store_fixtures.factory import entities_for, make_article


class Note(Stored):
    id: str
    body: str


@pytest.mark.parametrize("inline", [4_000_000, 0], ids=["inline-texts", "texts-pack"])
def test_round_trip_survives_reopen(db_path: Path, inline: int) -> None:
    articles = [make_article(n, words=50) for n in range(3)]
    ents = entities_for(articles[0], 4)
    with Store(db_path, inline_text_limit=inline) as store:
        assert store.add_articles(articles + articles[:1]) == articles
        for e in ents:
            store.put_entity(e)
        store.delete_entity(ents[1].id)
        store.set_status(articles[2].id, "done")
        store.save_detection(articles[1].id, entities_for(articles[1], 2), "v1")
    with Store(db_path, inline_text_limit=inline) as store:
        assert store.article_ids() == [a.id for a in articles] and len(store) == 3
        assert store.article(articles[0].id) == articles[0]
        assert store.article(articles[2].id).status == "done"
        assert store.article(articles[1].id).detected_with == "v1"
        assert [e.id for e in store.entities(articles[0].id)] == [
            ents[0].id,
            *(e.id for e in ents[2:]),
        ]
        assert store.entity_count(articles[1].id) == 2
    assert len(TinyDB(db_path).table("entities")) == 5  # still a plain TinyDB file


def test_generic_tables_and_transactions(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db_path) as store:  # only the tables of the schema registry can be written
        with pytest.raises(StoreError, match="not a table of the newsdesk schema"):
            store.put("notes", Note(id="a", body="one"))
        with pytest.raises(StoreError, match="cannot be saved in table 'events'"):
            store.put("events", Note(id="a", body="one"))
    monkeypatch.setitem(schema.tables(), "notes", Note)
    with Store(db_path) as store:
        store.put("notes", Note(id="a", body="one"))
        store.put_many("notes", [Note(id="b", body="two"), Note(id="a", body="uno")])
        with pytest.raises(RuntimeError), store.transaction():
            store.put("notes", Note(id="c", body="never"))
            raise RuntimeError
        assert store.delete("notes", "b") and not store.delete("notes", "zzz")
        with pytest.raises(StoreError, match="not a table name"):
            store.put("entities", Note(id="x", body=""))
    with Store(db_path, read_only=True) as store:
        assert store.all("notes", Note) == [Note(id="a", body="uno")]
        assert store.get("notes", "c", Note) is None and store.ids("notes") == ["a"]
        with pytest.raises(StoreError, match="read-only"):
            store.put("notes", Note(id="d", body=""))


def test_bad_input_is_refused_and_nothing_is_touched(db_path: Path) -> None:
    article = make_article(1, words=20)
    with Store(db_path) as store:
        store.add_articles([article])
        good = entities_for(article, 1)[0]
        store.put_entity(good)
        far = Entity(article_id=article.id, start=10**12, end=10**12 + 5, label="ORG", text="India")
        with pytest.raises(StoreError, match="lies outside article"):
            store.put_entity(far)
        with pytest.raises(StoreError, match="not in"):
            store.put_entity(good.model_copy(update={"article_id": "nope", "id": "n"}))
        broken = Entity.model_construct(**{**good.model_dump(), "start": -3})
        with pytest.raises(StoreError, match="field 'start'"):
            store.put_entity(broken)
        with pytest.raises(StoreError, match="NUL character"):
            store.add_articles([make_article(2).model_copy(update={"id": "x\x00y"})])
        huge = make_article(3).model_copy(update={"text": "x" * 20_000_001})
        with pytest.raises(StoreError, match="over the limit"):
            store.add_articles([huge])
    with Store(db_path) as store:
        assert store.article_ids() == [article.id]
        assert store.entities(article.id) == [good]


def test_an_entity_whose_text_is_not_the_article_text_at_its_span_is_refused(
    db_path: Path,
) -> None:
    """Every write path checks the span against the article text: a same-length text
    elsewhere (which the model's own validator cannot catch) is refused, nothing saved."""
    article = make_article(0, words=30)
    [good] = entities_for(article, 1)
    length = good.end - good.start
    other = next(
        s
        for s in range(len(article.text) - length)
        if article.text[s : s + length] != good.text and " " not in article.text[s : s + length]
    )
    wrong = good.model_copy(update={"start": other, "end": other + length, "id": "wrong"})
    assert wrong.text == good.text and article.text[wrong.start : wrong.end] != wrong.text
    with Store(db_path) as store:
        store.add_articles([article])
        writes = {
            "put_entity": lambda: store.put_entity(wrong),
            "put_entities": lambda: store.put_entities([good, wrong]),
            "against": lambda: store.put_entities([wrong], against=article),
            "save_detection": lambda: store.save_detection(article.id, [good, wrong], "v"),
        }
        for name, write in writes.items():
            with pytest.raises(StoreError, match="does not match the text"):
                write()
            assert store.entities(article.id) == [], name
        assert store.article(article.id).detected_with is None


def _counting_snapshots(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time `store` writes its snapshot."""
    snapshots: list[int] = []
    real = type(store._tables).snapshot
    monkeypatch.setattr(
        type(store._tables), "snapshot", lambda tables: snapshots.append(1) or real(tables)
    )
    return snapshots


def test_deferred_compaction_keeps_every_save_in_the_journal_until_it_runs(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `compact_on_save` off (the app's setting) no save rewrites the snapshot, however
    far the journal outgrows its limit; `compact_if_due` folds it later. A crash before
    then (no close) loses nothing: the journal is read back."""
    article = make_article(1, words=300)
    ents = entities_for(article, 30)
    store = Store(db_path, journal_limit=2_000)
    snapshots = _counting_snapshots(store, monkeypatch)
    store.compact_on_save = False
    store.add_articles([article])
    for entity in ents:
        store.put_entity(entity)
    assert snapshots == [] and store.compaction_due
    assert store.journal_path.stat().st_size > 2_000
    store._release()  # a crash: no close, no snapshot
    with Store(db_path, journal_limit=2_000) as store:
        assert [e.id for e in store.entities(article.id)] == [e.id for e in ents]
        store.compact_on_save = False
        store.put_entity(ents[0].model_copy(update={"state": "accepted"}))
        assert snapshots == [] and store.compaction_due
        assert store.compact_if_due() and snapshots == [1]
        assert not store.compaction_due and not store.compact_if_due()
        assert store.journal_path.stat().st_size < 2_000
    with Store(db_path) as store:
        assert store.entities(article.id)[0].state == "accepted"
        assert len(store.entities(article.id)) == 30


def test_compaction_on_save_is_the_default(db_path: Path) -> None:
    """Without the app (CLI, scripts), the save that outgrows the limit compacts."""
    article = make_article(1, words=300)
    with Store(db_path, journal_limit=2_000) as store:
        store.add_articles([article])
        for entity in entities_for(article, 30):
            store.put_entity(entity)
            assert store.journal_path.stat().st_size < 2_000 + 1_000
        assert not store.compaction_due


def test_deferred_folding_folds_once_after_the_block_not_inside_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside `deferred_folding` no save rewrites the snapshot, however far the journal
    outgrows its limit, and a crash there loses nothing; after the block the next save
    folds the journal once, and the setting the block found is back (the app's `False`
    stays `False`, an exception restores it too)."""
    article = make_article(1, words=300)
    ents = entities_for(article, 30)
    store = Store(db_path, journal_limit=2_000)
    snapshots = _counting_snapshots(store, monkeypatch)
    store.add_articles([article])
    snapshots.clear()  # the first save of a new database seals it
    assert not store.compaction_due
    with store.deferred_folding():
        with store.deferred_folding():  # nested: the outer block still defers
            store.put_entity(ents[0])
        for entity in ents[1:20]:
            store.put_entity(entity)
        assert not store.compact_on_save
    assert snapshots == [] and store.compaction_due and store.compact_on_save
    assert store.journal_path.stat().st_size > 2_000
    store.put_entity(ents[20])  # the first save after the block folds, once
    assert snapshots == [1] and not store.compaction_due
    assert store.journal_path.stat().st_size < 2_000
    with pytest.raises(RuntimeError), store.deferred_folding():
        for entity in ents[21:]:
            store.put_entity(entity)
        raise RuntimeError("a failed batch")
    assert store.compact_on_save and snapshots == [1] and store.compaction_due
    store.compact_on_save = False  # the app's setting survives a block
    with store.deferred_folding():
        store.put_entity(ents[0].model_copy(update={"state": "accepted"}))
    assert not store.compact_on_save and snapshots == [1]
    store._release()  # a crash: no close, no snapshot
    with Store(db_path) as again:
        assert [e.id for e in again.entities(article.id)] == [e.id for e in ents]
        assert again.entities(article.id)[0].state == "accepted"
