"""The articles and entities repositories, checked on the files they leave: bodies inline
up to the limit and in the pack beyond it, a rewrite that keeps or replaces a body, the
entity order, and what detection replaces and what it keeps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotations.models import Entity
from annotations.store import Store, StoreError
from tests.store_fixtures.factory import entities_for, make_article


def _snapshot(db_path: Path) -> dict[str, Any]:
    return json.loads(db_path.read_text())


def _size(article: Any) -> int:
    return len(article.raw) + len(article.text)


def test_bodies_stay_inline_up_to_the_limit_then_go_to_the_pack(db_path: Path) -> None:
    one, two, three = (make_article(n, words=20) for n in (1, 2, 3))
    limit = _size(one) + _size(two)  # exactly two bodies fit
    with Store(db_path, inline_text_limit=limit) as store:
        store.add_articles([one])
        store.add_articles([two])
        store.add_articles([three])
        assert [d.text for d in store.articles()] == [one.text, two.text, three.text]
    docs = _snapshot(db_path)["articles"]
    assert [("raw" in d, "_body" in d) for d in docs.values()] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    pack = db_path.with_name(db_path.name + ".texts").read_bytes()
    assert one.text.encode() not in pack and three.text.encode() in pack
    with Store(db_path, inline_text_limit=limit) as store:
        assert list(store.articles()) == [one, two, three]


def test_one_save_over_the_limit_puts_all_its_bodies_in_the_pack(db_path: Path) -> None:
    one, two = make_article(1, words=20), make_article(2, words=25)
    with Store(db_path, inline_text_limit=_size(one) + _size(two) - 1) as store:
        store.add_articles([one, two, one])  # a repeated article is added once
    docs = list(_snapshot(db_path)["articles"].values())
    assert len(docs) == 2 and all("_body" in d and "text" not in d for d in docs)
    with Store(db_path) as store:
        assert store.article(two.id) == two and store.article(one.id) == one


def test_a_lower_limit_moves_inline_bodies_to_the_pack_at_the_next_snapshot(
    db_path: Path,
) -> None:
    packed = make_article(8, words=20)
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles([packed])  # in the pack from the start
    articles = [make_article(n, words=20) for n in range(3)]
    with Store(db_path) as store:
        store.add_articles(articles)
    assert ["raw" in d for d in _snapshot(db_path)["articles"].values()] == [False, *[True] * 3]
    later = make_article(9, words=10)
    limit = _size(later)  # each of the others is longer
    with Store(db_path, inline_text_limit=limit) as store:
        store.set_status(articles[1].id, "done", by="asha")
        store.compact()
        docs = list(_snapshot(db_path)["articles"].values())
        assert all("_body" in d and "raw" not in d and "text" not in d for d in docs)
        store.add_articles([later])  # inline size is back to 0: exactly the limit fits
    docs = _snapshot(db_path)["articles"]
    assert ["_body" in d for d in docs.values()] == [True, True, True, True, False]
    with Store(db_path) as store:
        assert store.article(packed.id) == packed  # its body was not packed again
        assert store.article(articles[0].id) == articles[0]
        done = store.article(articles[1].id)
        assert (done.status, done.status_by, done.text) == ("done", "asha", articles[1].text)
        assert store.article(later.id) == later


def test_a_rewrite_keeps_a_packed_body_unless_it_changed(db_path: Path) -> None:
    article = make_article(1, words=20)
    pack = db_path.with_name(db_path.name + ".texts")
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles([article])
        size = pack.stat().st_size
        store.set_status(article.id, "done")
        assert pack.stat().st_size == size  # same body: nothing appended
        stored = store.article(article.id)
        edited = stored.model_copy(update={"text": article.text + " more"})
        store.update_article(edited)
        assert pack.stat().st_size > size
        assert store.article(article.id).text == article.text + " more"
    with Store(db_path) as store:
        assert store.article(article.id).text == article.text + " more"
        assert store.article(article.id).status == "done"


def test_unknown_articles_are_refused_by_name(db_path: Path) -> None:
    with Store(db_path) as store:
        with pytest.raises(StoreError) as info:
            store.article("zz")
        assert str(info.value) == f"No article with id zz in {db_path}."
        assert store.article_head("zz") is None
        with pytest.raises(StoreError) as info:
            store.update_article(make_article(4, words=5))
        assert str(info.value) == (f"No article with id a000004 in {db_path}; nothing was saved.")
        with pytest.raises(StoreError) as info:
            store.delete_entity("e-none")
        assert str(info.value) == f"No entity with id e-none in {db_path}; nothing was deleted."


def test_a_failed_body_write_names_the_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    with Store(db_path, inline_text_limit=0) as store:

        def full_disk(fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", full_disk)
        with pytest.raises(StoreError) as info:
            store.add_articles([make_article(1, words=5)])
        monkeypatch.undo()
        assert str(info.value) == (
            f"Cannot save article texts next to {db_path}: No space left on device; "
            "nothing was saved."
        )
        assert store.article_ids() == []


def test_heads_are_the_articles_without_their_bodies(db_path: Path) -> None:
    articles = [make_article(n, words=10) for n in range(3)]
    with Store(db_path, inline_text_limit=0) as store:
        store.add_articles(articles)
        heads = list(store.article_heads())
        assert [h.id for h in heads] == [a.id for a in articles]
        assert [h.meta.title for h in heads] == [a.meta.title for a in articles]
        head = store.article_head(articles[2].id)
        assert head is not None and head.id == articles[2].id


def test_entities_come_in_span_order_longest_first(db_path: Path) -> None:
    article = make_article(1, words=10)
    words = article.text.split(" ")
    two = len(words[0]) + 1 + len(words[1])
    short = Entity(article_id=article.id, start=0, end=len(words[0]), label="PERSON", text=words[0])
    long = Entity(article_id=article.id, start=0, end=two, label="ORG", text=article.text[:two])
    other_label = short.model_copy(update={"id": "e-gpe", "label": "GPE"})
    with Store(db_path) as store:
        store.add_articles([article])
        store.put_entities([short, other_label, long])
        assert [e.id for e in store.entities(article.id)] == [long.id, other_label.id, short.id]


def test_detection_replaces_only_unreviewed_model_suggestions(db_path: Path) -> None:
    article = make_article(1, words=40)
    found = entities_for(article, 6)
    suggested, accepted, analyst_own, rejected = found[:4]
    accepted = accepted.model_copy(update={"state": "accepted"})
    rejected = rejected.model_copy(update={"state": "rejected"})
    analyst_own = analyst_own.model_copy(update={"source": "analyst"})
    with Store(db_path) as store:
        store.add_articles([article])
        store.put_entities([suggested, accepted, analyst_own, rejected])
        again = accepted.model_copy(update={"id": "e-dup", "state": "suggested"})
        store.save_detection(article.id, [found[4], again], "model-v2")
        kept = {e.id: e for e in store.entities(article.id)}
    assert set(kept) == {accepted.id, analyst_own.id, rejected.id, found[4].id}
    assert kept[accepted.id].state == "accepted" and kept[rejected.id].state == "rejected"
    with Store(db_path) as store:
        assert {e.id for e in store.entities(article.id)} == set(kept)
        assert store.article(article.id).detected_with == "model-v2"
        assert store.entity_count(article.id) == 4


def test_entities_are_checked_against_the_article_being_rewritten(db_path: Path) -> None:
    article = make_article(1, words=10)
    [entity] = entities_for(article, 1)
    other = make_article(2, words=10)
    with Store(db_path) as store:
        store.add_articles([article, other])
        renamed = article.model_copy(update={"text": "X" * len(article.text)})
        with pytest.raises(StoreError, match="does not match the text"):
            store.put_entities([entity], against=renamed)
        # `against` is only for its own article's entities; others check the stored text
        [elsewhere] = entities_for(other, 1)
        store.put_entities([elsewhere], against=renamed)
        edge = entity.model_copy(
            update={
                "id": "e-end",
                "start": len(article.text) - 1,
                "end": len(article.text),
                "text": article.text[-1],
            }
        )
        store.put_entity(edge)  # a span ending on the last character is inside
        assert {e.id for e in store.entities(article.id)} == {edge.id}


def test_an_article_already_stored_is_not_added_again(db_path: Path) -> None:
    article = make_article(1, words=10)
    with Store(db_path) as store:
        store.add_articles([article])
        store.set_status(article.id, "done")
        assert store.add_articles([article]) == []
        assert store.article(article.id).status == "done"
        assert store.article_ids() == [article.id]


def test_a_damaged_head_is_named_when_the_heads_are_listed(db_path: Path) -> None:
    articles = [make_article(n, words=10) for n in range(3)]
    with Store(db_path) as store:
        store.add_articles(articles)
    data = _snapshot(db_path)
    data["articles"]["2"]["status"] = 3
    db_path.write_text(json.dumps(data))
    with Store(db_path, read_only=True) as store, pytest.raises(StoreError) as info:
        list(store.article_heads())
    assert str(info.value).startswith(
        f"The database {db_path} is damaged: document 2 (id {articles[1].id}) of table "
        "'articles', field 'status'"
    ), info.value


def test_articles_added_in_one_transaction_get_keys_of_their_own(db_path: Path) -> None:
    articles = [make_article(n, words=10) for n in range(3)]
    with Store(db_path) as store:
        with store.transaction():
            store.add_articles(articles[:2])
            store.add_articles(articles[2:])
        assert store.article_ids() == [a.id for a in articles]
    assert list(_snapshot(db_path)["articles"]) == ["1", "2", "3"]
