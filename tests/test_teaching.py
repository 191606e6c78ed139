"""Teaching across the corpus: taught suggestions elsewhere, rejections stick, undo withdraws."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from annotations.entities import Mention
from annotations.models import Entity
from annotations.pipeline import detect
from annotations.review.documents import OFF, SwitchedOff
from annotations.review.teaching import (
    TaughtRow,
    TeachingIndex,
    article_texts,
    find_taught,
    propagate,
    store_taught,
    switch,
    taught_rows,
)
from annotations.store import Store
from tests.app_fixtures import article_from_text

TEXTS = {
    "a": "The Zorbex delegation met officials in Pune on Monday.",
    "b": "Officials from Zorbex arrived. Zorbexia is a different word.",
    "c": "Nothing to see here, only Pune.",
    "d": "A Zorbex plant opened near Pune.",
}


class Fake:
    """A detector that suggests every "Zorbex" as ORG and every "Pune" as GPE."""

    version = "fake-1"

    def __init__(self) -> None:
        self.seen = 0

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        import re

        for text in texts:
            self.seen += 1
            yield [
                Mention(m.start(), m.end(), label, m.group())
                for word, label in (("Zorbex", "ORG"), ("Pune", "GPE"))
                for m in re.finditer(rf"\b{word}\b", text)
            ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "db.json") as s:
        articles = [article_from_text(text, title) for title, text in TEXTS.items()]
        s.add_articles(articles)
        s.ids_by_title = {a.meta.title: a.id for a in articles}  # type: ignore[attr-defined]
        yield s


def ids(store: Store) -> dict[str, str]:
    return store.ids_by_title  # type: ignore[attr-defined,no-any-return]


def add(store: Store, title: str, word: str, label: str, state: str = "accepted") -> Entity:
    article = store.article(ids(store)[title])
    start = article.text.index(word)
    entity = Entity(
        article_id=article.id,
        start=start,
        end=start + len(word),
        label=label,
        text=word,
        source="analyst",
        state=state,  # type: ignore[arg-type]
    )
    store.put_entity(entity)
    return entity


def pairs(store: Store, title: str) -> set[tuple[str, str, str, str]]:
    return {(e.text, e.label, e.source, e.state) for e in store.entities(ids(store)[title])}


def test_added_entity_is_suggested_in_other_articles_as_taught(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    touched = propagate(store, exclude_article=ids(store)["a"])
    assert sorted(touched) == sorted([ids(store)["b"], ids(store)["d"]])
    assert pairs(store, "b") == {("Zorbex", "ORG", "taught", "suggested")}  # not "Zorbexia"
    assert pairs(store, "c") == set()
    assert propagate(store) == []  # idempotent


def test_rejected_pair_is_withdrawn_everywhere_and_not_detected_again(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    propagate(store)
    [taught] = store.entities(ids(store)["b"])
    store.put_entity(taught.model_copy(update={"state": "rejected"}))
    propagate(store)
    assert pairs(store, "d") == set()
    fake = Fake()
    detect(store, fake, [ids(store)[t] for t in "bcd"], cache=False)
    assert ("Zorbex", "ORG") not in {p[:2] for p in pairs(store, "d")}
    assert ("Pune", "GPE", "model", "suggested") in pairs(store, "d")
    assert pairs(store, "b") == {("Zorbex", "ORG", "taught", "rejected")}


def test_index_names_changed_texts_and_undo_withdraws(store: Store) -> None:
    index = TeachingIndex.from_store(store)
    entity = add(store, "a", "Zorbex", "ORG")
    a = ids(store)["a"]
    changed = index.update(a, store.entities(a))
    assert changed == {"Zorbex"}
    assert index.update(a, store.entities(a)) == set()  # nothing new
    patterns = index.patterns()
    found = find_taught(patterns, article_texts(store), changed, exclude=a)
    assert set(found) == {ids(store)["b"], ids(store)["d"]}
    store_taught(store, found, patterns, changed)
    store.delete_entity(entity.id)  # the analyst undoes the add
    changed = index.update(a, store.entities(a))
    found = find_taught(index.patterns(), article_texts(store), changed, exclude=a)
    store_taught(store, found, index.patterns(), changed)
    assert pairs(store, "b") == set() and pairs(store, "d") == set()


def test_relabel_replaces_the_model_suggestion_elsewhere(store: Store) -> None:
    detect(store, Fake(), store.article_ids(), cache=False)
    a = ids(store)["a"]
    [zorbex] = [e for e in store.entities(a) if e.text == "Zorbex"]
    store.put_entity(zorbex.model_copy(update={"label": "NORP", "state": "accepted"}))
    propagate(store, exclude_article=a)
    assert {p for p in pairs(store, "d") if p[0] == "Zorbex"} == {
        ("Zorbex", "NORP", "taught", "suggested")
    }


def test_changed_text_in_the_meantime_is_skipped(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    index = TeachingIndex.from_store(store)
    texts = article_texts(store)
    b = ids(store)["b"]
    texts[b] = ("stale-hash", texts[b][1])
    found = find_taught(index.patterns(), texts, {"Zorbex"}, ids(store)["a"])
    assert b not in store_taught(store, found, index.patterns(), {"Zorbex"})


def test_taught_never_lands_inside_or_across_an_entity_of_another_label(tmp_path: Path) -> None:
    from annotations.entities.teach import TaughtPatterns

    texts = {
        "a": "A Russian diplomat spoke.",
        "b": "The Russian Land Forces moved; a Russian officer watched.",
        "c": "Talks with the Russian Federation ended.",
    }
    with Store(tmp_path / "db.json") as store:
        articles = [article_from_text(t, title) for title, t in texts.items()]
        store.add_articles(articles)
        by = {a.meta.title: a for a in articles}
        for title, words, label in (("b", "Russian Land Forces", "ORG"),
                                    ("c", "Russian Federation", "GPE")):  # fmt: skip
            start = by[title].text.index(words)
            store.put_entity(Entity(article_id=by[title].id, start=start,
                                    end=start + len(words), label=label, text=words))  # fmt: skip
        start = by["a"].text.index("Russian")
        mine = Entity(article_id=by["a"].id, start=start, end=start + 7, label="NORP",
                      text="Russian", source="analyst", state="accepted")  # fmt: skip
        store.put_entity(mine)
        propagate(store, exclude_article=by["a"].id)
        b = {(e.start, e.label, e.source) for e in store.entities(by["b"].id)}
        officer = by["b"].text.index("Russian officer")
        assert b == {(4, "ORG", "model"), (officer, "NORP", "taught")}  # only the free one
        assert {e.label for e in store.entities(by["c"].id)} == {"GPE"}
    patterns = TaughtPatterns.from_pairs([("Russian", "NORP"), ("Russian Land", "GPE")])
    text = texts["b"]
    forces = Mention(4, 23, "ORG", "Russian Land Forces")
    found = patterns.apply(text, [forces, Mention(0, 3, "ORG", "The")])
    assert [(m.start, m.label) for m in found if m.source == "taught"] == [(officer, "NORP")]
    enclosing = TaughtPatterns.from_pairs([("Russian Land Forces", "ORG")])
    inner = Mention(4, 11, "NORP", "Russian")
    assert [m.text for m in enclosing.apply(text, [inner])] == ["Russian Land Forces"]  # wins


def test_taught_rows_count_teachers_and_waiting_suggestions(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    add(store, "a", "Pune", "GPE")
    add(store, "c", "Pune", "GPE")
    add(store, "d", "A", "ORG")  # one letter: never a taught pattern worth listing
    add(store, "b", "Officials", "PERSON", state="rejected")  # rejected: teaches nothing
    propagate(store)
    index = TeachingIndex.from_store(store)
    assert taught_rows(store, index) == [
        TaughtRow("Pune", "GPE", taught_by=2, suggestions=1, off=False),  # d waits
        TaughtRow("Zorbex", "ORG", taught_by=1, suggestions=2, off=False),  # b and d wait
    ]


def test_taught_rows_of_equal_weight_go_by_text_ignoring_case(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    add(store, "a", "delegation", "ORG")
    add(store, "a", "officials", "ORG")
    rows = taught_rows(store, TeachingIndex.from_store(store))
    assert [r.text for r in rows] == ["delegation", "officials", "Zorbex"]
    assert all((r.taught_by, r.suggestions, r.off) == (1, 0, False) for r in rows)


def test_switching_off_removes_waiting_suggestions_and_on_brings_them_back(
    store: Store,
) -> None:
    add(store, "a", "Zorbex", "ORG")
    propagate(store)
    [in_b] = store.entities(ids(store)["b"])
    store.put_entity(in_b.model_copy(update={"state": "accepted"}))  # reviewed: it stays
    index = TeachingIndex.from_store(store)
    assert switch(store, index, "Zorbex", "ORG", on=False) == 1  # only d's was waiting
    assert pairs(store, "d") == set()
    assert pairs(store, "b") == {("Zorbex", "ORG", "taught", "accepted")}
    assert [(d.text, d.label) for d in store.all(OFF, SwitchedOff)] == [("Zorbex", "ORG")]
    assert index.off == {("Zorbex", "ORG")} and "Zorbex" not in index.patterns().taught
    assert TeachingIndex.from_store(store).off == {("Zorbex", "ORG")}
    [row] = taught_rows(store, index)
    assert row == TaughtRow("Zorbex", "ORG", taught_by=2, suggestions=0, off=True)
    assert propagate(store, index.patterns()) == []  # off: suggested nowhere
    assert switch(store, index, "Zorbex", "ORG", on=True) == 1  # d again
    assert pairs(store, "d") == {("Zorbex", "ORG", "taught", "suggested")}
    assert store.all(OFF, SwitchedOff) == [] and index.off == frozenset()
    assert switch(store, index, "Zorbex", "ORG", on=True) == 0  # already on: nothing to do


def test_taught_suggestions_carry_their_canonical_id(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    propagate(store)
    [taught] = store.entities(ids(store)["b"])
    assert (taught.source, taught.canonical_id) == ("taught", "ORG:zorbex")


def test_the_excluded_article_gets_no_taught_suggestion_of_its_own(store: Store) -> None:
    article = article_from_text("Zorbex met Zorbex officials.", "twice")
    store.add_articles([article])
    store.ids_by_title["twice"] = article.id  # type: ignore[attr-defined]
    add(store, "twice", "Zorbex", "ORG")  # the first one; the second is left alone
    propagate(store, exclude_article=article.id)
    assert [e.start for e in store.entities(article.id)] == [0]


def test_untaught_pairs_are_withdrawn_by_a_later_propagation(store: Store) -> None:
    entity = add(store, "a", "Zorbex", "ORG")
    propagate(store)
    assert pairs(store, "d") == {("Zorbex", "ORG", "taught", "suggested")}
    store.delete_entity(entity.id)  # nobody teaches it any more
    propagate(store, changed={"Zorbex"})
    assert pairs(store, "b") == set() and pairs(store, "d") == set()


def test_an_index_replaces_one_articles_votes_when_it_is_updated(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    add(store, "d", "Pune", "GPE")
    index = TeachingIndex.from_store(store)
    assert index.update(ids(store)["a"], []) == {"Zorbex"}  # a's analyst removed it
    assert "Zorbex" not in index.patterns().taught
    assert index.patterns().taught == {"Pune": "GPE"}


def _twice(store: Store) -> str:
    article = article_from_text("Zorbex met Zorbex officials at the UN.", "twice")
    store.add_articles([article])
    store.ids_by_title["twice"] = article.id  # type: ignore[attr-defined]
    return article.id


def test_every_accepted_mention_is_a_vote_and_two_letters_are_enough(store: Store) -> None:
    twice = _twice(store)
    text = store.article(twice).text
    for start in (0, text.index("Zorbex", 1)):
        store.put_entity(
            Entity(article_id=twice, start=start, end=start + 6, label="ORG", text="Zorbex",
                   source="analyst", state="accepted")
        )  # fmt: skip
    add(store, "twice", "UN", "ORG")
    rows = taught_rows(store, TeachingIndex.from_store(store))
    assert [(r.text, r.taught_by) for r in rows] == [("Zorbex", 2), ("UN", 1)]


def test_pairs_of_one_text_are_switched_off_label_by_label(store: Store) -> None:
    add(store, "a", "Zorbex", "ORG")
    add(store, "d", "Zorbex", "NORP")
    index = TeachingIndex.from_store(store)
    switch(store, index, "Zorbex", "ORG", on=False)
    switch(store, index, "Zorbex", "NORP", on=False)
    stored = sorted((d.id, d.text, d.label) for d in store.all(OFF, SwitchedOff))
    assert stored == [("NORP:zorbex", "Zorbex", "NORP"), ("ORG:zorbex", "Zorbex", "ORG")]
    switch(store, index, "Zorbex", "ORG", on=True)
    assert [(d.text, d.label) for d in store.all(OFF, SwitchedOff)] == [("Zorbex", "NORP")]


def test_an_index_follows_rejections_coming_and_going(store: Store) -> None:
    index = TeachingIndex.from_store(store)
    b = ids(store)["b"]
    rejected = add(store, "b", "Zorbex", "ORG", state="rejected")
    assert index.update(b, store.entities(b)) == {"Zorbex"}
    assert ("Zorbex", "ORG") in index.patterns().rejected
    store.delete_entity(rejected.id)
    assert index.update(b, store.entities(b)) == {"Zorbex"}
    assert ("Zorbex", "ORG") not in index.patterns().rejected


def test_an_article_emptied_then_taught_again_counts_once(store: Store) -> None:
    index = TeachingIndex.from_store(store)
    a = ids(store)["a"]
    entity = add(store, "a", "Zorbex", "ORG")
    index.update(a, store.entities(a))
    store.delete_entity(entity.id)
    index.update(a, [])
    assert "Zorbex" not in index.patterns().taught
    add(store, "a", "Zorbex", "ORG")
    assert index.update(a, store.entities(a)) == {"Zorbex"}
    assert index.patterns().taught == {"Zorbex": "ORG"}


def test_a_rejected_pair_withdraws_the_models_suggestions_too(store: Store) -> None:
    detect(store, Fake(), store.article_ids(), cache=False)
    [in_b] = [e for e in store.entities(ids(store)["b"]) if e.text == "Zorbex"]
    store.put_entity(in_b.model_copy(update={"state": "rejected"}))
    propagate(store)
    assert ("Zorbex", "ORG", "model", "suggested") not in pairs(store, "d")
    assert ("Pune", "GPE", "model", "suggested") in pairs(store, "d")  # the rest stays


def _zorbex(store: Store, title: str) -> Entity:
    return next(e for e in store.entities(ids(store)[title]) if e.text == "Zorbex")


def test_an_undone_rejection_gives_the_model_suggestions_back_elsewhere(
    store: Store, tmp_path: Path
) -> None:
    from annotations.entities import DetectionCache

    cache = DetectionCache(tmp_path / "cache")
    detect(store, Fake(), store.article_ids(), cache_dir=tmp_path / "cache")
    model = ("Zorbex", "ORG", "model", "suggested")
    assert model in pairs(store, "b") and model in pairs(store, "d")
    suggested = _zorbex(store, "a")
    store.put_entity(suggested.model_copy(update={"state": "rejected"}))
    propagate(store, exclude_article=ids(store)["a"], cache=cache)
    assert model not in pairs(store, "b") and model not in pairs(store, "d")
    store.put_entity(suggested)  # the analyst undoes the rejection
    touched = propagate(store, exclude_article=ids(store)["a"], changed={"Zorbex"}, cache=cache)
    assert sorted(touched) == sorted([ids(store)["b"], ids(store)["d"]])
    assert model in pairs(store, "b") and model in pairs(store, "d")
    assert propagate(store, changed={"Zorbex"}, cache=cache) == []  # nothing twice


def test_an_undone_relabel_gives_the_model_label_back_elsewhere(
    store: Store, tmp_path: Path
) -> None:
    from annotations.entities import DetectionCache

    cache = DetectionCache(tmp_path / "cache")
    detect(store, Fake(), store.article_ids(), cache_dir=tmp_path / "cache")
    a = ids(store)["a"]
    suggested = _zorbex(store, "a")
    store.put_entity(suggested.model_copy(update={"label": "NORP", "state": "accepted"}))
    propagate(store, exclude_article=a, changed={"Zorbex"}, cache=cache)
    assert _zorbex(store, "d").label == "NORP"
    store.put_entity(suggested)  # undone
    propagate(store, exclude_article=a, changed={"Zorbex"}, cache=cache)
    assert {p for p in pairs(store, "d") if p[0] == "Zorbex"} == {
        ("Zorbex", "ORG", "model", "suggested")
    }
    # what comes back never lands on a span the analyst has decided in the meantime
    store.delete_entity(_zorbex(store, "d").id)
    add(store, "d", "A Zorbex plant", "FAC")
    store.put_entity(suggested.model_copy(update={"label": "NORP", "state": "accepted"}))
    propagate(store, exclude_article=a, changed={"Zorbex"}, cache=cache)
    store.put_entity(suggested)  # undone again
    propagate(store, exclude_article=a, changed={"Zorbex"}, cache=cache)
    assert {p for p in pairs(store, "d") if "Zorbex" in p[0]} == {
        ("A Zorbex plant", "FAC", "analyst", "accepted")
    }
