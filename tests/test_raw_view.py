"""Pilot tests of the reader's raw view: toggle, reasons, restoring a removed block and
cutting a kept line."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from textual.widgets import Static

from annotations.corpus.doubts import Doubt
from annotations.corpus.restore import assemble
from annotations.entities import Detector
from annotations.models import Argument, Article, ArticleMeta, Entity, Event, RemovedBlock
from annotations.store import Store
from annotations.text import content_hash
from tests.app_fixtures import build_seeded_db, copy_db
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.screens.reader.raw import ConfirmRestore
from tui.widgets.article_view import ArticleView

SIZE = (120, 36)
RAW = (
    "Moscow, Dec 4 (TASS) - Vladimir Putin met Narendra Modi in New Delhi.\n\n"
    "Related: Rajnath Singh and Andrey Belousov signed a logistics pact.\n\n"
    "The leaders discussed S-400 deliveries to India.\n"
    "Share this story\n"
)
WRONG = "Related: Rajnath Singh and Andrey Belousov signed a logistics pact."


def _block(text: str, reason: str) -> RemovedBlock:
    start = RAW.index(text)
    return RemovedBlock(start=start, end=start + len(text), reason=reason, text=text)


def handmade() -> tuple[Article, list[Entity], Event]:
    """An article whose cleaning wrongly removed a sentence, with entities around it."""
    removed = [
        _block(WRONG, "list of other headlines"),
        _block("Share this story", "share or print widget"),
    ]
    body, _ = assemble(RAW, removed)
    article = Article(
        id="handmade",
        origin="test",
        raw=RAW,
        text=body,
        text_hash=content_hash(body),
        meta=ArticleMeta(title="Putin meets Modi"),
        removed=removed,
        detected_with="test",
    )
    entities = []
    for words, label in [("Vladimir Putin", "PERSON"), ("New Delhi", "GPE"), ("S-400", "WEAPON")]:
        start = body.index(words)
        entities.append(
            Entity(
                article_id=article.id, start=start, end=start + len(words), label=label, text=words
            )
        )
    start = body.index("met")
    event = Event(
        article_id=article.id,
        type="MEET",
        trigger_start=start,
        trigger_end=start + 3,
        trigger_text="met",
        arguments=[Argument(role="Participants", entity_id=entities[0].id)],
    )
    return article, entities, event


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    article, entities, event = handmade()
    with Store(tmp_path / "newsdesk.json") as opened:
        opened.add_articles([article])
        for entity in entities:
            opened.put_entity(entity)
        opened.put("events", event)
        yield opened


def assert_annotations_hold(store: Store, article_id: str) -> None:
    text = store.article(article_id).text
    for entity in store.entities(article_id):
        assert text[entity.start : entity.end] == entity.text
    for event in store.all("events", Event):
        if event.article_id == article_id:
            assert text[event.trigger_start : event.trigger_end] == event.trigger_text


async def _search(pilot, term: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash", *[c if c != " " else "space" for c in term], "enter")


def _status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#reader-status", Static).render())


async def test_r_toggles_the_raw_text_with_removed_blocks_dimmed(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("handmade", ["handmade"])
        await pilot.pause()
        screen, view = app.screen, app.screen.query_one(ArticleView)
        assert isinstance(screen, ReaderScreen) and WRONG not in view.text
        await _search(pilot, "Modi")
        await pilot.press("r")
        assert screen.raw_mode and view.text == RAW
        assert view.text[view.cursor : view.cursor + 4] == "Modi"  # the cursor kept its place
        assert view._dimmed == [(b.start, b.end) for b in store.article("handmade").removed]
        assert "kept text" in _status(app)
        await _search(pilot, "logistics")
        assert "R restores  ·  removed: list of other headlines" in _status(app)
        await pilot.press("a")  # editing keys and annotation lists are disabled on raw offsets
        assert screen.query_one("#reader-side").disabled
        assert all(e.state == "suggested" for e in store.entities("handmade"))
        await pilot.press("escape")  # Esc leaves the raw view first
        assert not screen.raw_mode and view.text == store.article("handmade").text
        assert isinstance(app.screen, ReaderScreen)


async def test_R_restores_the_block_and_every_annotation_keeps_its_words(store: Store) -> None:
    before = {e.id: e.text for e in store.entities("handmade")}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("handmade", ["handmade"])
        await pilot.pause()
        await pilot.press("r")
        await _search(pilot, "logistics")
        await pilot.press("R")
        assert isinstance(app.screen, ConfirmRestore)
        await pilot.press("n")  # keep as is: nothing changes
        assert WRONG not in store.article("handmade").text
        await pilot.press("R", "y")
        await pilot.pause()
        article = store.article("handmade")
        assert WRONG in article.text
        assert article.text_hash == content_hash(article.text)
        assert [b.reason for b in article.removed] == ["share or print widget"]
        assert {e.id: e.text for e in store.entities("handmade")} == before
        assert_annotations_hold(store, "handmade")
        view = app.screen.query_one(ArticleView)
        assert app.screen.raw_mode and view._dimmed == [(b.start, b.end) for b in article.removed]
        await pilot.press("r")
        assert view.text == article.text
    with Store(store.path, read_only=True) as reopened:  # durable, not only in memory
        assert WRONG in reopened.article("handmade").text


async def test_K_cuts_the_kept_line_and_R_puts_it_back(store: Store) -> None:
    line = "The leaders discussed S-400 deliveries to India."
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("handmade", ["handmade"])
        await pilot.pause()
        await pilot.press("K")  # on the article text K does nothing: it works on raw offsets
        assert not isinstance(app.screen, ConfirmRestore)
        await pilot.press("r")
        await _search(pilot, "logistics")
        await pilot.press("K")  # removed text: nothing to cut
        assert not isinstance(app.screen, ConfirmRestore)
        assert any("removed already" in n.message for n in app._notifications)
        await _search(pilot, "discussed")
        assert "K cuts the line" in _status(app)
        await pilot.press("K")
        assert isinstance(app.screen, ConfirmRestore)
        await pilot.press("escape")  # keep as is: nothing changes
        assert line in store.article("handmade").text
        await pilot.press("K", "y")
        await pilot.pause()
        article = store.article("handmade")
        assert line not in article.text and "Vladimir Putin met" in article.text
        assert "cut by the analyst" in [b.reason for b in article.removed]
        assert sorted(e.text for e in store.entities("handmade")) == ["New Delhi", "Vladimir Putin"]
        assert_annotations_hold(store, "handmade")
        assert "removed: cut by the analyst" in _status(app)  # the cursor is on the cut line
        assert any(
            n.message == f"Cut {len(line)} characters out of the article; 3 annotations kept on"
            " their words, 1 removed; R puts the line back."
            for n in app._notifications
        )
        await pilot.press("R", "y")
        await pilot.pause()
        assert line in store.article("handmade").text
    with Store(store.path, read_only=True) as reopened:  # durable, not only in memory
        assert line in reopened.article("handmade").text
        assert "S-400" not in [e.text for e in reopened.entities("handmade")]


async def test_doubtful_lines_are_marked_and_named_in_the_raw_view(store: Store) -> None:
    line = "The leaders discussed S-400 deliveries to India."
    body = store.article("handmade").text
    doubt = Doubt(body.index(line), body.index(line) + len(line), "mostly symbols and punctuation")
    app = make_app(store)
    with mock.patch("annotations.review.restore.doubtful", return_value=[doubt]):
        async with app.run_test(size=SIZE) as pilot:
            app.open_article("handmade", ["handmade"])
            await pilot.pause()
            await pilot.press("r")
            view = app.screen.query_one(ArticleView)
            at = RAW.index(line)
            assert [(a, b) for a, b, _ in view._overlay] == [(at, at + len(line))]
            assert any(
                "1 kept line looks like residue (in amber)" in n.message for n in app._notifications
            )
            await _search(pilot, "Modi")
            assert "kept text" in _status(app)
            await _search(pilot, "discussed")
            assert "kept, but doubtful: mostly symbols and punctuation" in _status(app)
            await pilot.press("r")  # the article view shows no doubt marks
            assert view._overlay == []


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("raw") / "newsdesk.json", detector)


async def test_restoring_the_legal_disclaimer_of_seed_003(
    seeded_template: Path, tmp_path: Path
) -> None:
    with Store(copy_db(seeded_template, tmp_path)) as store:
        article = next(a for a in store.articles() if "003_" in a.origin)
        entities = {e.id: e.text for e in store.entities(article.id)}
        assert entities
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            app.open_article(article.id, store.article_ids())
            await pilot.pause()
            await pilot.press("r")
            await _search(pilot, "MENAFN provides")
            assert "legal disclaimer" in _status(app)
            await pilot.press("R", "enter")
            await pilot.pause()
        restored = store.article(article.id)
        assert "MENAFN provides" in restored.text
        assert len(restored.removed) == len(article.removed) - 1
        assert {e.id: e.text for e in store.entities(article.id)} == entities
        assert_annotations_hold(store, article.id)
