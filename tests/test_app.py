"""Pilot tests: start the app on a temporary database, press keys, check screen and store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.table import Table
from textual.widgets import Static

from annotations.entities import Detector
from annotations.store import Store
from tests.app_fixtures import article_from_text, build_seeded_db, copy_db
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_list import EntityList
from tui.widgets.row_table import RowTable

SIZE = (120, 36)


class NoDetector(Detector):
    """Fails the test if the app tries to detect: stored results must be reused."""

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        raise AssertionError("the app recomputed entities it had stored")


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("seeded") / "newsdesk.json", detector)


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    return copy_db(seeded_template, tmp_path)


def body_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the article view shows on screen now, lines joined by spaces."""
    view = app.screen.query_one(ArticleView)
    return " ".join(view.render_line(y).text.strip() for y in range(view.size.height))


async def test_first_run_detects_in_a_worker_and_stores(tmp_path: Path, detector: Detector) -> None:
    from annotations.pipeline import ingest_seeds_if_empty

    path = tmp_path / "newsdesk.json"
    with Store(path) as store:
        ingest_seeds_if_empty(store)
        assert all(a.detected_with is None for a in store.articles())
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.detection_progress == (5, 5)
            table = app.screen.query_one("#articles", RowTable)
            assert table.row_count == 5
    with Store(path) as reopened:
        articles = list(reopened.articles())
        assert all(a.detected_with == detector.version for a in articles)
        assert all(reopened.entity_count(a.id) > 5 for a in articles)


async def test_library_lists_titles_dates_and_sources(seeded_db: Path) -> None:
    with Store(seeded_db) as store:
        app = make_app(store, detector=NoDetector())
        async with app.run_test(size=SIZE):
            table = app.screen.query_one("#articles", RowTable)
            titles = [str(table.cell(k, "title")) for k in table.row_keys()]
            assert any(t.startswith("Russian delegation visits India") for t in titles)
            assert any(t.startswith("Russia’s parliament ratifies deal") for t in titles)
            assert not any(t.startswith(("403", "date ", "Friday")) for t in titles)
            dates = sorted(str(table.cell(k, "date")) for k in table.row_keys())
            assert dates == ["2025-11-29", "2025-11-29", "2025-12-04", "2025-12-04", "unknown"]


async def test_open_read_step_and_return_with_keys(seeded_db: Path) -> None:
    with Store(seeded_db) as store:
        app = make_app(store, detector=NoDetector())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            assert isinstance(app.screen, ReaderScreen)
            first = app.screen.article_id
            assert " ".join(store.article(first).text[:40].split()) in body_text(app)
            await pilot.press("right_square_bracket")
            second = app.screen.article_id
            assert second != first
            assert " ".join(store.article(second).text[:40].split()) in body_text(app)
            await pilot.press("left_square_bracket")
            assert app.screen.article_id == first
            await pilot.press("escape")
            assert isinstance(app.screen, LibraryScreen)
            await pilot.press("down", "enter")
            assert isinstance(app.screen, ReaderScreen)
            assert app.screen.article_id == second


async def test_reader_highlights_and_lists_the_key_entities(seeded_db: Path) -> None:
    with Store(seeded_db) as store:
        found = {(e.label, e.text) for a in store.article_ids() for e in store.entities(a)}
        for expected in [
            ("PERSON", "Vladimir Putin"),
            ("PERSON", "Narendra Modi"),
            ("PERSON", "Rajnath Singh"),
            ("PERSON", "Andrei Belousov"),
            ("GPE", "India"),
            ("GPE", "Russia"),
            ("GPE", "New Delhi"),
            ("ORG", "Kremlin"),
            ("ORG", "TASS"),
            ("ORG", "Ministry of External Affairs"),
        ]:
            assert expected in found
        assert any(label == "DATE" for label, _ in found)
        app = make_app(store, detector=NoDetector())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            side = app.screen.query_one("#entity-list", EntityList)
            assert side.row_count > 5
            view = app.screen.query_one(ArticleView)
            india = next(e for e in store.entities(app.screen.article_id) if e.text == "India")
            row = view.layout_or_build().row_of(india.start)
            strip = view._render_row(row)
            styles = {seg.text: seg.style for seg in strip if "India" in seg.text}
            assert any(style and style.color for style in styles.values())


async def test_help_lists_the_keys(seeded_db: Path) -> None:
    with Store(seeded_db) as store:
        app = make_app(store, detector=NoDetector())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "question_mark")
            assert isinstance(app.screen, HelpScreen)
            table = app.screen.query_one("#help-keys", Static).content
            assert isinstance(table, Table)
            keys, actions, ids = (list(column.cells) for column in table.columns)
            listed = {str(a): str(i) for a, i in zip(actions, ids, strict=True)}
            assert len(listed) > 30  # the reader's keys and the app's
            assert listed["Accept"] == "accept" and listed["Bottom"] == "bottom"
            assert listed["Help"] == "help" and "Timeline" not in listed  # T tags events here
            assert "a" in [str(k) for k in keys]
            await pilot.press("escape")
            assert isinstance(app.screen, ReaderScreen)


async def test_markup_and_escape_sequences_display_literally(tmp_path: Path) -> None:
    hostile = "Before [/] then [@click=app.quit]x[/] and \x1b]0;pwned\x07 after [bold]b[/bold]."
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article_from_text(hostile, title="[@click=app.quit]t[/] \x1b[31m")])
        app = make_app(store, detector=NoDetector())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            shown = body_text(app)
            assert "[@click=app.quit]x[/]" in shown
            assert "[bold]b[/bold]" in shown
            assert "\x1b" not in shown and "\x07" not in shown
            assert "␛]0;pwned␇" in shown
            title = str(app.screen.query_one("#article-title", Static).render())
            assert "[@click=app.quit]t[/]" in title and "\x1b" not in title
            await pilot.click(ArticleView)
            await pilot.press("escape")
            assert app.is_running
            assert isinstance(app.screen, LibraryScreen)
