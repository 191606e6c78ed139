"""What keeps start and corpus-wide screens flat in corpus size, checked by counting
reads (not by timing): the library opens from article heads and entity tallies, the
tallies stay true through every kind of write, events are read by article, and the
entities screen opens from the links the app read after the library showed."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import pytest
from textual.widgets import Static

from annotations.events.repository import events_of, save_events
from annotations.models import Event
from annotations.review.links import CorpusLinks
from annotations.store import DamagedStoreError, Store, validation
from annotations.store.articles import Articles
from annotations.store.texts import TextPack
from tests.store_fixtures.factory import entities_for, make_article
from tui.app import make_app
from tui.screens.entities import EntitiesScreen
from tui.screens.library import LibraryScreen
from tui.widgets.row_table import RowTable

ARTICLES = 12


class Reads:
    """Counts documents validated on read, by model, and article bodies read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.models: Counter[str] = Counter()
        self.bodies = 0
        validate, read_body = validation.validate_read, TextPack.read

        def counted_validate(model, doc, *args):  # type: ignore[no-untyped-def]
            self.models[model.__name__] += 1
            return validate(model, doc, *args)

        def counted_body(pack, article_id, ref):  # type: ignore[no-untyped-def]
            self.bodies += 1
            return read_body(pack, article_id, ref)

        for module in ("articles", "entities", "documents"):
            monkeypatch.setattr(f"annotations.store.{module}.validate_read", counted_validate)
        monkeypatch.setattr(TextPack, "read", counted_body)

    def clear(self) -> None:
        self.models.clear()
        self.bodies = 0


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Path]:
    """A closed (sealed) database: bodies in the texts pack, 5 entities per article,
    two events on article 0 and one on article 1."""
    db = tmp_path / "newsdesk.json"
    with Store(db, inline_text_limit=0) as store:
        articles = [make_article(n, words=60) for n in range(ARTICLES)]
        store.add_articles(a.model_copy(update={"detected_with": "test"}) for a in articles)
        for article in articles:
            store.put_entities(entities_for(article, 5))
        save_events(store, [event(articles[0], 0), event(articles[0], 3), event(articles[1], 0)])
    yield db


def event(article: object, word_number: int) -> Event:
    """An event whose trigger is the article's word `word_number`."""
    words = article.text.split(" ")  # type: ignore[attr-defined]
    start = sum(len(w) + 1 for w in words[:word_number])
    word = words[word_number]
    return Event(
        article_id=article.id,  # type: ignore[attr-defined]
        type="MEETING",
        trigger_start=start,
        trigger_end=start + len(word),
        trigger_text=word,
    )


def true_tallies(store: Store) -> dict[str, Counter[tuple[str, str]]]:
    """The tallies worked out from the validated entities themselves."""
    return {a: Counter((e.label, e.state) for e in store.entities(a)) for a in store.article_ids()}


def tallies(store: Store) -> dict[str, Counter[tuple[str, str]]]:
    return {a: Counter(dict(store.entity_tally(a))) for a in store.article_ids()}


async def test_library_opens_without_reading_bodies_or_entities(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    seen: list[tuple[Counter[str], int]] = []
    mount = LibraryScreen.on_mount

    def counted_mount(screen: LibraryScreen) -> None:
        mount(screen)
        seen.append((Counter(reads.models), reads.bodies))

    monkeypatch.setattr(LibraryScreen, "on_mount", counted_mount)
    with Store(corpus) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert app.screen.query_one(RowTable).row_count == ARTICLES
            models, bodies = seen[0]
            assert bodies == 0
            assert models["Entity"] == 0 and models["Article"] == 0
            assert store.entity_count("a000000") == 5  # shown from the tally


def test_tallies_stay_true_through_writes_replay_and_reopen(corpus: Path) -> None:
    with Store(corpus) as store:
        assert tallies(store) == true_tallies(store)
        first = store.entities("a000000")
        store.put_entity(first[0].model_copy(update={"state": "accepted"}))
        store.put_entity(first[1].model_copy(update={"label": "PERSON", "state": "rejected"}))
        store.delete_entity(first[2].id)
        store.save_detection("a000001", entities_for(store.article("a000001"), 2), "test-2")
        assert tallies(store) == true_tallies(store)
        expected = tallies(store)
        store._release()  # a crash: the saves are in the journal only, replayed at open
    with Store(corpus) as store:
        assert tallies(store) == expected == true_tallies(store)
    with Store(corpus) as store:  # from the snapshot the close above wrote
        assert tallies(store) == expected
        assert tallies(store) == true_tallies(store)


def test_deferred_entities_are_validated_when_first_read(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(corpus) as store:
        before = {a: store.entities(a) for a in store.article_ids()}
    reads = Reads(monkeypatch)
    with Store(corpus) as store:
        assert reads.models["Entity"] == 0
        assert store.entities("a000003") == before["a000003"]
        assert reads.models["Entity"] == 5
        assert {a: store.entities(a) for a in store.article_ids()} == before


def test_events_of_reads_only_the_articles_events(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    with Store(corpus, read_only=True) as store:
        found = events_of(store, "a000001")
        assert [e.article_id for e in found] == ["a000001"]
        assert reads.models["Event"] == 1
        starts = [e.trigger_start for e in events_of(store, "a000000")]
        assert starts[0] == 0 and len(starts) == 2 and starts[1] > 0
        assert events_of(store, "a000005") == []


async def test_entities_screen_opens_from_the_links_read_after_the_library(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    with Store(corpus) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(200):
                if app.background_done():
                    break
                await pilot.pause(0.01)
            assert app.background_done()
            assert reads.models["Entity"] == ARTICLES * 5  # each read once, in the background
            # ... and frozen: the cyclic collector's full passes no longer rescan them
            tracked = {id(o) for o in gc.get_objects()}
            warmed = app.services.corpus_links.entities
            assert warmed and not any(id(e) in tracked for e in warmed)
            reads.clear()
            await pilot.press("E")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, EntitiesScreen)
            assert screen.table.row_count > 0
            assert reads.models["Entity"] == 0
            await pilot.press("escape", "escape")
            changed = store.entities("a000002")[0]
            store.put_entity(changed.model_copy(update={"state": "rejected"}))
            app.store_changed("a000002")
            reads.clear()
            await pilot.press("E")
            await pilot.pause()
            assert reads.models["Entity"] == 5  # only the changed article is reread
            rejected = {m.id for g in app.screen.groups.values() for m in g.mentions}  # type: ignore[attr-defined]
            assert changed.id not in rejected


# -- what the first frame costs ------------------------------------------------
FIRST_FRAME = """
import asyncio, json, sys
from annotations.cli import main
from tui.screens.library import LibraryScreen

seen = {}
mount = LibraryScreen.on_mount

def counted_mount(screen):
    mount(screen)
    seen["modules"] = sorted(sys.modules)
    seen["rows"] = screen.table.row_count

LibraryScreen.on_mount = counted_mount

def open_app(settings, read_only):  # `newsdesk --db PATH` as tui.main runs it, headless
    from annotations.store import Store
    from tui.app import make_app

    async def run():
        with Store(settings.db_path) as store:
            async with make_app(store, settings=settings).run_test(size=(120, 36)) as pilot:
                await pilot.pause()
    asyncio.run(run())
    return 0

main(["--db", sys.argv[1]], open_app=open_app)
print(json.dumps(seen))
"""

HEAVY = ("spacy", "thinc", "trafilatura", "dateparser", "ftfy", "numpy", "charset_normalizer")
CORE_NOT_NEEDED = (
    "annotations.commands.agreement",  # every headless command (the cli imports only the named)
    "annotations.commands.export",
    "annotations.commands.ingest",
    "annotations.corpus",  # the cleaner
    "annotations.formats",  # the exports
    "annotations.pipeline",  # detection and ingest
    "annotations.events.grouping",  # events beyond their schema
)


VALIDATION = (  # what the library's first frame needs none of without analyst files
    "pydantic",
    "pydantic_core",
    "annotations.models",
    "annotations.labels",  # the built-in labels are models
    "annotations.keymap",
    "annotations.events",  # the built-in event schema is a model
    "annotations.review",  # the review and team documents are models
    "annotations.team.documents",
)


def first_frame(db: Path, config: Path, **environ: str) -> dict[str, Any]:
    """What `newsdesk --db DB` had imported when the library mounted, in a fresh process
    whose config folder is `config` (no analyst file unless `environ` names one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env |= {"XDG_CONFIG_HOME": str(config), **environ}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(db)],
        capture_output=True, text=True, check=True, timeout=120, env=env,
    )  # fmt: skip
    seen: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["rows"] == ARTICLES
    return seen


def test_the_first_frame_imports_no_model_cleaner_or_headless_command(
    corpus: Path, tmp_path: Path
) -> None:
    loaded = set(first_frame(corpus, tmp_path / "config")["modules"])
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]
    assert not [m for m in CORE_NOT_NEEDED if m in loaded]


def test_the_first_frame_imports_no_pydantic_until_a_file_needs_validating(
    corpus: Path, tmp_path: Path
) -> None:
    """The sealed store is listed without a model, and the built-in labels, keys and
    event schema are built when first used; an analyst's label file is validated at
    start (a bad one stops with one sentence), so it does bring pydantic in."""
    loaded = set(first_frame(corpus, tmp_path / "config")["modules"])
    assert not [m for m in loaded if m.split(".")[0] in VALIDATION or m in VALIDATION]
    assert not [m for m in loaded if m.startswith(tuple(f"{v}." for v in VALIDATION))]
    labels = tmp_path / "labels.toml"
    labels.write_text('[[labels]]\nname = "SHIP"\nkey = "1"\n')
    own = set(first_frame(corpus, tmp_path / "config", NEWSDESK_LABELS=str(labels))["modules"])
    assert {"pydantic", "annotations.labels"} <= own


async def test_the_library_validates_no_document_when_the_store_trusts_them(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    heads = Mock(wraps=Articles.heads)
    monkeypatch.setattr(Articles, "heads", lambda self: heads(self))
    seen: list[tuple[int, Counter[str], bool]] = []
    mount = LibraryScreen.on_mount

    def counted_mount(screen: LibraryScreen) -> None:
        mount(screen)
        seen.append((len(screen.rows), Counter(reads.models), heads.called))

    monkeypatch.setattr(LibraryScreen, "on_mount", counted_mount)
    with Store(corpus) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            rows, models, validated_heads = seen[0]
            assert rows == ARTICLES
            assert not models and not validated_heads  # no model built, no head validated
            listings = store.listings()
        with Store(corpus, read_only=True) as again:
            assert again.listings() == listings


def test_listings_of_an_unsealed_store_are_validated(corpus: Path) -> None:
    with Store(corpus) as store:
        trusted = store.listings()
        title = store.article("a000002").meta.title
    data = json.loads(corpus.read_text(encoding="utf-8"))
    del data["_meta"]["1"]["crc32"]  # as a hand edit leaves it: no seal
    data["articles"]["5"]["status"] = "archived"  # article a000004: well-formed JSON, bad value
    corpus.write_text(json.dumps(data), encoding="utf-8")
    with Store(corpus, read_only=True) as store:
        assert not store.sealed
        with pytest.raises(DamagedStoreError, match=r"document 5 .*field 'status'"):
            store.listings()
        assert store.listing("a000002") == trusted[2]
        assert store.listing("a000002").title == title  # type: ignore[union-attr]


async def test_entities_pressed_while_the_links_are_read_waits_for_them(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = {"open": False}  # the app reads one article per turn, only once the gate opens
    warm = CorpusLinks.warm

    def gated_warm(links: CorpusLinks, count: int) -> set[str] | None:
        return warm(links, 1 if gate["open"] or links.warming is None else 0)

    monkeypatch.setattr(CorpusLinks, "warm", gated_warm)
    reads = Reads(monkeypatch)
    with Store(corpus) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("E")
            await pilot.pause(0.05)
            screen = app.screen
            assert isinstance(screen, EntitiesScreen)
            assert not app.background_done()
            assert reads.models["Entity"] <= 5  # the rest was not read at once
            status = str(screen.query_one("#entities-status", Static).render())
            assert "Reading the corpus's entities" in status
            gate["open"] = True
            for _ in range(300):
                if screen.table.row_count:
                    break
                await pilot.pause(0.01)
            assert app.background_done() and screen.table.row_count > 0
            assert reads.models["Entity"] == ARTICLES * 5  # each read once
