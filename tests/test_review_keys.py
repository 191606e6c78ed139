"""Keyboard review in the reader: each capability driven by keys, checked in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.config import Settings
from annotations.models import Entity
from annotations.store import Store
from tests.app_fixtures import article_from_text
from tui.app import make_app
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

SIZE = (120, 36)
TEXT = (
    "Russian President Vladimir Putin met Narendra Modi in New Delhi on Friday. "
    "The two leaders discussed the S-400 deal.\n\n"
    "India and Russia signed an agreement."
)
SUGGESTED = [("Vladimir Putin", "PERSON"), ("Narendra Modi", "PERSON"), ("New Delhi", "GPE"),
             ("Friday", "DATE"), ("India", "GPE"), ("Russia", "GPE")]  # fmt: skip


class NoDetector:
    version = "none"

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        raise AssertionError("no detection expected")


def make_db(path: Path) -> str:
    article = article_from_text(TEXT, title="Putin meets Modi")
    with Store(path) as store:
        store.add_articles([article.model_copy(update={"detected_with": "test"})])
        for text, label in SUGGESTED:
            start = TEXT.index(text, 1 if text == "Russia" else 0)
            if text == "Russia":
                start = TEXT.index("Russia signed")
            store.put_entity(
                Entity(
                    article_id=article.id,
                    start=start,
                    end=start + len(text),
                    label=label,
                    text=text,
                )
            )
    return article.id


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "db.json"
    return path, make_db(path)


def stored(path: Path, article_id: str) -> dict[str, Entity]:
    with Store(path, read_only=True) as store:
        return {e.text: e for e in store.entities(article_id)}


async def open_reader(pilot) -> ArticleView:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen.query_one(ArticleView)


async def test_navigation_by_word_sentence_paragraph_entity_and_search(db) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot)
            await pilot.press("w")
            assert view.cursor == TEXT.index("President")
            await pilot.press("right_parenthesis")
            assert view.cursor == TEXT.index("The two")
            await pilot.press("right_curly_bracket")
            assert view.cursor == TEXT.index("India")
            await pilot.press("g", "tab")
            assert view.cursor == TEXT.index("Vladimir")
            await pilot.press("tab", "tab")
            assert view.cursor == TEXT.index("New Delhi")
            await pilot.press("slash", *"s-400", "enter")
            assert view.cursor == TEXT.index("S-400")
            await pilot.press("slash", *"ussia", "enter")
            assert view.cursor == TEXT.index("ussia signed")
            await pilot.press("N")
            assert view.cursor == TEXT.index("ussian")
            await pilot.press("greater_than_sign")  # no entity at the cursor: a notice, no move
            assert view.cursor == TEXT.index("ussian")


async def test_label_a_word_a_selection_and_with_the_mouse(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot)
            await pilot.press("slash", *"S-400", "enter", "9")  # WEAPON on the word at the cursor
            await pilot.press("slash", *"two leaders", "enter", "v", "shift+right", "shift+right")
            assert view.selection is not None
            await pilot.press("1")  # PERSON on the selection, snapped to whole words
            await pilot.press("slash", *"agreement", "enter")
            row = view.layout_or_build().row_of(view.cursor)
            column = view.layout_or_build().column_of(view.cursor)
            region = view.scrollable_content_region
            x, y = region.x - view.region.x + column, row - int(view.scroll_offset.y)
            await pilot.mouse_down(ArticleView, offset=(x, y))
            await pilot.hover(ArticleView, offset=(x + 9, y))
            await pilot.mouse_up(ArticleView, offset=(x + 9, y))
            await pilot.press("8")  # LAW on the mouse selection
    found = stored(path, article_id)
    assert found["S-400"].label == "WEAPON" and found["S-400"].source == "analyst"
    assert found["two leaders"].label == "PERSON" and found["two leaders"].state == "accepted"
    assert found["agreement"].label == "LAW"


async def test_review_accept_reject_relabel_resize_accept_all(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("tab", "a")  # accept Putin; the cursor moves to the next suggestion
            await pilot.press("x")  # reject Modi
            await pilot.press("2")  # relabel New Delhi as ORG
            await pilot.press("s")  # widen its start by a word: "in New Delhi"
            await pilot.press("slash", *"Russia signed", "enter", "A")  # accept all GPE left
    found = stored(path, article_id)
    assert found["Vladimir Putin"].state == "accepted"
    assert found["Narendra Modi"].state == "rejected"
    assert found["in New Delhi"].label == "ORG" and found["in New Delhi"].state == "accepted"
    assert found["India"].state == found["Russia"].state == "accepted"
    assert found["Friday"].state == "suggested"


async def test_delete_and_note(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("tab", "d")
            await pilot.press("tab", "c", *"check spelling", "enter")
    found = stored(path, article_id)
    assert "Vladimir Putin" not in found
    assert found["Narendra Modi"].note == "check spelling"


async def test_undo_redo_survive_a_restart(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("tab", "a", "x", "t")  # accept, reject, mark in progress
            await pilot.press("u")  # undo the status
            await pilot.press("u")  # undo the reject
    found = stored(path, article_id)
    assert found["Vladimir Putin"].state == "accepted"
    assert found["Narendra Modi"].state == "suggested"
    with Store(path) as store:
        assert store.article(article_id).status == "new"
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("U")  # redo the reject, after a restart
            await pilot.press("U")  # redo the status
            await pilot.press("u", "u", "u")  # and undo all three
    with Store(path, read_only=True) as store:
        assert store.article(article_id).status == "new"
        assert {e.state for e in store.entities(article_id)} == {"suggested"}


async def test_status_shows_in_the_library_and_filters(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path) as store:
        other = article_from_text("Another text about Iran and the US.", title="Other")
        store.add_articles([other])
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("t", "t", "escape")
            library = app.screen
            assert isinstance(library, LibraryScreen)
            assert library.rows[article_id].status == "done"
            await pilot.press("f", "f", "f")  # all -> new -> in progress -> done
            assert library.table.row_count == 1
            await pilot.press("escape", "slash", *"entity:modi", "enter")
            assert library.article_order() == [article_id]
            await pilot.press("escape", "slash", *"iran", "enter")
            assert library.article_order() == [other.id]
            await pilot.press("escape", "s", "s", "s", "s")  # sort by title
            assert library.sort == "title"
            assert library.article_order() == [other.id, article_id]
    with Store(path, read_only=True) as store:
        assert store.article(article_id).status == "done"


async def test_palette_and_user_keymap_run_the_same_actions(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path) as store:
        app = make_app(store, NoDetector(), Settings.defaults(store.path, keymap={"accept": "y"}))  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("tab", "y")  # accept via the user's key
            await pilot.press("ctrl+p", *"Reject")  # reject the next via the palette
            for _ in range(100):  # the palette searches asynchronously
                await pilot.pause(0.02)
                if app.screen.query("CommandList").first().option_count:
                    break
            await pilot.press("enter")
            await pilot.pause()
    found = stored(path, article_id)
    assert found["Vladimir Putin"].state == "accepted"
    assert found["Narendra Modi"].state == "rejected"


async def test_read_only_store_refuses_edits_with_a_notice(db) -> None:  # type: ignore[no-untyped-def]
    path, article_id = db
    with Store(path, read_only=True) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_reader(pilot)
            await pilot.press("tab", "a")
            assert any("read-only" in n.message for n in app._notifications)
    assert stored(path, article_id)["Vladimir Putin"].state == "suggested"


async def test_long_article_repaints_only_what_changed(tmp_path: Path) -> None:
    words = [f"word{i}" for i in range(5000)]
    text = " ".join(words)
    article = article_from_text(text, title="Long")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article.model_copy(update={"detected_with": "test"})])
        with store.transaction():
            for i in range(0, 5000, 10):
                start = text.index(f" word{i} ") + 1 if i else 0
                word = f"word{i}"
                store.put_entity(
                    Entity(
                        article_id=article.id,
                        start=start,
                        end=start + len(word),
                        label="ORG",
                        text=word,
                    )
                )
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot)
            rendered: list[int] = []
            original = view._render_row

            def counting(row: int):  # type: ignore[no-untyped-def]
                rendered.append(row)
                return original(row)

            view._render_row = counting  # type: ignore[method-assign]
            await pilot.press("right", "w", "tab", "a")
            await pilot.pause()
            # Each key repaints a few rows, never the whole 5,000-word article.
            assert len(rendered) < 4 * view.size.height
