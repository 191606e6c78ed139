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
