"""The detection path: on-disk cache beside the database, taught patterns, canonical ids."""

from __future__ import annotations

from pathlib import Path

from annotations.entities import canonical_key
from annotations.models import Entity
from annotations.pipeline import cache_dir_for, detect
from annotations.review.links import load_overrides, save_overrides
from annotations.store import Store
from tests.app_fixtures import article_from_text
from tests.test_teaching import Fake

PEOPLE = (
    "Russian President Vladimir Putin met Modi. Later Putin spoke about Zorbex.",
    "Putin left Pune.",
)


def stored(tmp_path: Path) -> Store:
    store = Store(tmp_path / "db.json")
    store.add_articles([article_from_text(t, f"t{i}") for i, t in enumerate(PEOPLE)])
    return store


class People(Fake):
    version = "people-1"

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        import re

        from annotations.entities import Mention

        for text in texts:
            self.seen += 1
            yield [
                Mention(m.start(), m.end(), "PERSON", m.group())
                for m in re.finditer(r"(Vladimir )?Putin|Modi", text)
            ]


def test_cache_lives_beside_the_database_and_runs_each_text_once(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        fake = People()
        assert detect(store, fake, store.article_ids()) == 2
        assert fake.seen == 2
        assert any(cache_dir_for(store).rglob("*.json"))
        detect(store, fake, store.article_ids(), batch_size=1)
        assert fake.seen == 2  # both from the cache
        elsewhere = tmp_path / "elsewhere"
        detect(store, fake, store.article_ids(), cache_dir=elsewhere)
        assert fake.seen == 4 and any(elsewhere.rglob("*.json"))


def test_progress_and_canonical_ids_across_articles(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with stored(tmp_path) as store:
        detect(store, People(), store.article_ids(), lambda d, t: seen.append((d, t)), 1)
        assert seen == [(1, 2), (2, 2)]
        entities = store.all("entities", Entity)
        putin = {e.canonical_id for e in entities if "Putin" in e.text}
        assert putin == {"PERSON:vladimir putin"}
        assert {e.canonical_id for e in entities if e.text == "Modi"} == {"PERSON:modi"}
        save_overrides(store, load_overrides(store).model_copy(update={"split": ["PERSON:putin"]}))
        detect(store, People(), store.article_ids())
        short = [e for e in store.all("entities", Entity) if e.text == "Putin"]
        assert {e.canonical_id for e in short} == {canonical_key("Putin", "PERSON")}


def test_taught_patterns_apply_at_detection(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        first = store.article_ids()[0]
        text = store.article(first).text
        start = text.index("Zorbex")
        store.put_entity(
            Entity(
                article_id=first, start=start, end=start + 6, label="ORG", text="Zorbex",
                source="analyst", state="accepted",
            )
        )  # fmt: skip
        modi = text.index("Modi")
        store.put_entity(
            Entity(
                article_id=first, start=modi, end=modi + 4, label="PERSON", text="Modi",
                state="rejected",
            )
        )  # fmt: skip
        store.add_articles([article_from_text("Modi visited Zorbex.", "t3")])
        third = store.article_ids()[-1]
        detect(store, People(), [third])
        got = {(e.text, e.label, e.source) for e in store.entities(third)}
        assert got == {("Zorbex", "ORG", "taught")}


def test_forked_processes_give_the_same_result_in_order(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        store.add_articles([article_from_text(f"Putin {i} and Modi.", f"x{i}") for i in range(20)])
        ids = store.article_ids()
        detect(store, People(), ids, cache=False, processes=1)
        before = {i: [(e.start, e.end, e.text) for e in store.entities(i)] for i in ids}
        store.save_detection(ids[0], [], "none")  # forget one article's suggestions
        detect(store, People(), ids, batch_size=3, cache_dir=tmp_path / "c", processes=2)
        assert {i: [(e.start, e.end, e.text) for e in store.entities(i)] for i in ids} == before


def test_compute_suggestions_reads_no_database_and_save_skips_changed_texts(
    tmp_path: Path,
) -> None:
    from annotations.entities import DetectionCache, TaughtPatterns
    from annotations.pipeline import ToDetect, compute_suggestions, save_suggestions
    from annotations.text import content_hash

    text = "Putin met Modi in Zorbex."
    taught = TaughtPatterns.from_entities(
        [
            Entity(article_id="x", start=18, end=24, label="ORG", text="Zorbex", state="accepted"),
            Entity(article_id="x", start=10, end=14, label="PERSON", text="Modi", state="rejected"),
        ]
    )
    fake = People()
    cache = DetectionCache(tmp_path / "cache")
    item = ToDetect("a1", content_hash(text), text)
    [first] = compute_suggestions([item], fake, taught, cache=cache)
    [again] = compute_suggestions([item], fake, taught, cache=cache)
    assert fake.seen == 1 and again.entities[0].text == first.entities[0].text
    assert [(e.text, e.label, e.source, e.canonical_id) for e in first.entities] == [
        ("Putin", "PERSON", "model", "PERSON:putin"),
        ("Zorbex", "ORG", "taught", "ORG:zorbex"),
    ]
    assert first.detector == "people-1" and first.text_hash == content_hash(text)
    with stored(tmp_path) as store:
        ident = store.article_ids()[0]
        stale = compute_suggestions([ToDetect(ident, "not-its-hash", text)], fake)
        result = save_suggestions(store, stale)
        assert result.stale == [ident] and result.saved == []
        assert store.article(ident).detected_with is None
