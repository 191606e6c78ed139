"""One entity across articles in the core: merge, split and undo stored, canonical ids synced."""

from __future__ import annotations

from pathlib import Path

from annotations.entities import LinkOverrides
from annotations.models import Entity
from annotations.pipeline import detect
from annotations.review.links import CorpusLinks, load_overrides, merged, split_out
from annotations.store import Store
from tests.app_fixtures import article_from_text
from tests.test_entities_ui import TEXTS, Fake


def canonical(store: Store, text: str) -> set[str | None]:
    return {e.canonical_id for e in store.all("entities", Entity) if e.text == text}


def test_merge_groups_fold_and_split_leaves_them(tmp_path: Path) -> None:
    one = merged(LinkOverrides(), ["GPE:poona"], "GPE:pune")
    two = merged(one, ["GPE:puna", "GPE:poona"], "GPE:pune")
    assert two.merge == [["GPE:pune", "GPE:poona", "GPE:puna"]]
    three = merged(LinkOverrides(merge=[["GPE:x", "GPE:y"]]), ["GPE:x", "GPE:y"], "GPE:pune")
    assert three.merge == [["GPE:pune", "GPE:x", "GPE:y"]]
    assert split_out(one, "GPE:poona") == LinkOverrides(merge=[], split=["GPE:poona"])
    assert merged(split_out(one, "GPE:poona"), ["GPE:poona"], "GPE:pune").split == []


def test_corpus_links_store_every_change_and_undo(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article_from_text(text, title) for title, text in TEXTS.items()])
        detect(store, Fake(), store.article_ids(), cache=False)
        links = CorpusLinks(store)
        assert links.reload() == set()  # detection already stored the canonical ids
        touched = links.merge("GPE:poona", "GPE:pune")
        assert len(touched) == 2 and canonical(store, "Poona") == {"GPE:pune"}
        assert load_overrides(store).merge == [["GPE:pune", "GPE:poona"]]
        putin = next(e for e in links.groups["PERSON:vladimir putin"].mentions if e.text == "Putin")
        links.split(putin.id)
        assert canonical(store, "Putin") == {"PERSON:putin"}
        assert links.undo() and canonical(store, "Putin") == {"PERSON:vladimir putin"}
        assert links.undo() is not None and canonical(store, "Poona") == {"GPE:poona"}
        assert links.undo() is None
        reopened = CorpusLinks(store)
        reopened.reload()
        assert reopened.overrides == LinkOverrides()


def _corpus(store: Store) -> dict[str, str]:
    articles = [article_from_text(text, title) for title, text in TEXTS.items()]
    store.add_articles(articles)
    detect(store, Fake(), store.article_ids(), cache=False)
    return {a.meta.title or "": a.id for a in articles}


def test_refresh_rereads_only_the_articles_noted_as_changed(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        ids = _corpus(store)
        links = CorpusLinks(store)
        assert not links.ready
        assert links.refresh() == set() and links.ready  # the first look reads everything
        pune = links.groups["GPE:pune"]
        assert pune.articles == {ids["a"], ids["c"], ids["d"]}
        [mention] = [m for m in pune.mentions if m.article_id == ids["c"]]
        assert links.group_of(mention.id) == "GPE:pune" and links.group_of("nope") is None
        assert links.article(ids["c"]) == ("c", TEXTS["c"])
        for title in "cd":  # the analyst rejects Pune in c and d; only c is noted
            [e] = [e for e in store.entities(ids[title]) if e.text == "Pune"]
            store.put_entity(e.model_copy(update={"state": "rejected"}))
        links.changed([ids["c"]])
        assert links.refresh() == {ids["c"]}  # its rejected mention lost its canonical id
        assert links.groups["GPE:pune"].articles == {ids["a"], ids["d"]}  # d not reread yet
        links.changed([])  # any article may have changed
        assert links.refresh() == {ids["d"]}
        assert links.groups["GPE:pune"].articles == {ids["a"]}
        assert links.refresh() == set()  # nothing noted: nothing reread


def test_settled_articles_are_not_reread(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        ids = _corpus(store)
        links = CorpusLinks(store)
        links.refresh()
        [e] = [e for e in store.entities(ids["b"]) if e.text == "Poona"]
        store.put_entity(e.model_copy(update={"state": "rejected"}))
        links.changed([ids["b"], ids["c"]])
        links.settled([ids["b"]])  # b's change was the links' own: they hold it already
        links.refresh()
        assert ids["b"] in links.groups["GPE:poona"].articles


def test_warming_reads_a_few_articles_at_a_time_then_groups(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        ids = _corpus(store)
        links = CorpusLinks(store)
        assert links.warm(3) is None and not links.ready and links.groups == {}
        assert links.warm(3) == set() and links.ready
        assert links.groups["GPE:pune"].articles == {ids["a"], ids["c"], ids["d"]}
        assert links.groups["GPE:pune"].name == "Pune"
        assert links.warm(3) == set()  # ready: nothing more to read
        half = CorpusLinks(store)
        half.warm(2)
        assert half.refresh() == set() and half.ready  # refresh finishes the warming
        assert set(half.groups) == set(links.groups)


def test_merging_into_an_entity_already_merged_extends_its_group() -> None:
    start = LinkOverrides(merge=[["GPE:pune", "GPE:poona"], ["ORG:x", "ORG:y"]], split=["GPE:z"])
    more = merged(start, ["GPE:puna"], "GPE:pune")
    assert more == LinkOverrides(
        merge=[["GPE:pune", "GPE:poona", "GPE:puna"], ["ORG:x", "ORG:y"]], split=["GPE:z"]
    )
    folded = merged(LinkOverrides(merge=[["GPE:a", "GPE:c"]]), ["GPE:a"], "GPE:t")
    assert folded.merge == [["GPE:t", "GPE:a", "GPE:c"]]  # a's group comes along whole


def test_splitting_keeps_the_rest_of_the_group_and_notes_the_key_once() -> None:
    start = LinkOverrides(merge=[["GPE:pune", "GPE:poona", "GPE:puna"], ["ORG:x", "ORG:y"]])
    once = split_out(start, "GPE:puna")
    assert once == LinkOverrides(
        merge=[["GPE:pune", "GPE:poona"], ["ORG:x", "ORG:y"]], split=["GPE:puna"]
    )
    assert split_out(once, "GPE:puna") == once
    assert split_out(once, "GPE:poona").merge == [["ORG:x", "ORG:y"]]  # one left: no group


def test_groups_follow_merges_and_splits_and_both_are_stored(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        _corpus(store)
        links = CorpusLinks(store)
        links.reload()
        links.merge("GPE:poona", "GPE:pune")
        assert "GPE:poona" not in links.groups
        assert {m.text for m in links.groups["GPE:pune"].mentions} == {"Pune", "Poona"}
        putin = next(m for m in links.groups["PERSON:vladimir putin"].mentions if m.text == "Putin")
        links.split(putin.id)
        assert "PERSON:putin" in links.groups
        warmed = CorpusLinks(store)
        while warmed.warm(1) is None:
            pass
        assert warmed.overrides == links.overrides == load_overrides(store)
        assert load_overrides(store).split == ["PERSON:putin"]
        assert set(warmed.groups) == set(links.groups)


def test_entities_are_listed_most_mentioned_first() -> None:
    from annotations.review.links import corpus_entities

    def mention(n: int, text: str, label: str) -> Entity:
        return Entity(
            id=f"e{n}", article_id="a1", start=n * 10, end=n * 10 + len(text), label=label,
            text=text,
        )  # fmt: skip

    found = corpus_entities([mention(0, "Pune", "GPE"), mention(1, "Modi", "PERSON"),
                             mention(2, "Modi", "PERSON")])  # fmt: skip
    assert [g.key for g in found] == ["PERSON:modi", "GPE:pune"]


def test_a_read_only_store_is_never_written_by_a_sync(tmp_path: Path) -> None:
    from annotations.review.links import sync_canonical

    path = tmp_path / "db.json"
    with Store(path) as store:
        _corpus(store)
        stale = [e.model_copy(update={"canonical_id": None}) for e in store.all("entities", Entity)]
        store.put_entities(stale)
    with Store(path, read_only=True) as store:
        updated = sync_canonical(store, store.all("entities", Entity))
        assert updated and all(e.canonical_id for e in updated)  # computed, not stored
        assert all(e.canonical_id is None for e in store.all("entities", Entity))


def test_an_article_read_again_after_it_changed(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        ids = _corpus(store)
        links = CorpusLinks(store)
        links.refresh()
        assert links.article(ids["b"])[0] == "b"
        article = store.article(ids["b"])
        store.update_article(article.model_copy(update={"meta": article.meta.model_copy(
            update={"title": ""})}))  # fmt: skip
        links.changed([ids["b"]])
        links.refresh()
        assert links.article(ids["b"]) == ("(untitled)", TEXTS["b"])
