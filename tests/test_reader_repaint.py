"""What a key repaints in a long article: the screen lines it changed and nothing else.

Textual's compositor asked every widget in the box around all the changed regions
for all its lines; a review (its article line, the status line at the bottom, a
row of the entity list on the right) made that box the whole screen. The reader's
`LineCompositor` asks each widget for the changed lines only; these tests check
that, that what it sends to the terminal is what Textual's own compositor sends,
that no review or undo lays out the screen again, and that the entity list's
counts, kept up to date from the changed entities alone, match a full count.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from annotations.store import Store
from tests.test_reader_incremental import SIZE, NoDetector, build_long_db, reading
from tui.app import make_app
from tui.compositor import LineCompositor, line_runs
from tui.screens.reader import ReaderScreen
from tui.widgets.entity_list import EntityList, row_key

# Moves, jumps, reviews, undo and redo, a selection, a notice (no entity before the
# first), and enough lines down to scroll.
KEYS = ["shift+tab", "right", "down", "w", "tab", "a", "x", "u", "U", "shift+right", "a", "u"]
KEYS += ["full_stop"]
KEYS += ["down"] * 40 + ["x", "u", "tab", "a"]


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    return build_long_db(tmp_path / "db.json")


def test_line_runs() -> None:
    assert list(line_runs([])) == []
    assert list(line_runs([7, 3, 4, 5, 9, 7])) == [(3, 6), (7, 8), (9, 10)]


async def test_the_reader_paints_what_textuals_compositor_paints(
    long_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each partial update, rendered to terminal output, equals Textual's own for the same
    changed regions (which rendered whole widgets), through moves, reviews and scrolls."""
    compared: list[bool] = []
    real = LineCompositor.render_partial_update

    def checked(compositor: LineCompositor) -> object:
        regions = set(compositor._dirty_regions)
        mine = real(compositor)
        compositor._dirty_regions.update(regions)
        stock = Compositor.render_partial_update(compositor)  # Textual's _get_renders
        if mine is None or stock is None:
            compared.append(mine is stock)
            return mine
        console = compositor_app[0].console
        compared.append(mine.render_segments(console) == stock.render_segments(console))
        return mine

    compositor_app: list[object] = []
    monkeypatch.setattr(LineCompositor, "render_partial_update", checked)
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        compositor_app.append(app)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter")
            assert isinstance(app.screen, ReaderScreen)
            top = app.screen.view.scroll_offset.y
            for key in KEYS:
                await pilot.press(key)
                if key == "shift+tab":
                    assert app._notifications  # a toast is painted over the text too
            assert app.screen.view.scroll_offset.y > top  # the keys scrolled the text
    assert len(compared) > len(KEYS) and all(compared)


async def test_a_key_asks_each_widget_only_for_the_lines_it_changed(
    long_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a partial update, no widget is asked for a screen line outside the changed
    regions: a review asks the article view, the status line and the entity list for a
    line or two each (Textual asked the article view for all its thirty lines)."""
    asked: list[tuple[Widget, int]] = []  # (widget, screen line) in partial updates
    changed: set[int] = set()
    partial = [False]
    real_update, real_lines = Compositor.render_partial_update, Widget.render_lines

    def render_partial_update(compositor: Compositor) -> object:
        changed.update(y for region in compositor._dirty_regions for y in region.line_range)
        partial[0] = True
        try:
            return real_update(compositor)
        finally:
            partial[0] = False

    def render_lines(widget: Widget, crop: Region) -> list[Strip]:
        if partial[0]:
            top = widget.region.y
            asked.extend((widget, top + y) for y in crop.line_range)
        return real_lines(widget, crop)

    monkeypatch.setattr(Compositor, "render_partial_update", render_partial_update)
    monkeypatch.setattr(Widget, "render_lines", render_lines)
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "full_stop", "full_stop")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            view = screen.view
            for key in ["a", "x", "u", "U", "tab", "right"]:
                asked.clear(), changed.clear()
                await pilot.press(key)
                await pilot.pause()
                assert asked, key
                assert {y for _, y in asked} <= changed, key
                view_lines = sum(widget is view for widget, _ in asked)
                assert 1 <= view_lines <= 3, key  # the entity's line and the cursor's


async def test_reviews_and_undo_never_lay_out_the_screen(
    long_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review or an undo changes what widgets show, never their sizes: no layout pass
    (a Static updated with layout=True, a toast, a footer rebuild would each cost one).
    Undo and redo say what they did in the status line: a toast for each (they are
    pressed in runs) mounted a widget and laid the screen out, 30 ms of CPU a key."""
    layouts: list[bool] = []
    real = Screen._refresh_layout

    def refresh_layout(screen: Screen[object], *args: object, **kwargs: object) -> None:
        layouts.append(bool(kwargs.get("scroll")))
        real(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", refresh_layout)
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter", "full_stop")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            status = app.screen.query_one("#reader-status", Static)
            undid, redid = "Undid: reject 1", "Redid: reject 1"
            keys = [("a", ""), ("x", ""), ("u", undid), ("U", redid), ("x", ""), ("u", undid)]
            for key, said in keys:
                layouts.clear()
                await pilot.press(key)
                await pilot.pause()
                assert layouts == [], key
                assert said in str(status.render()), key
            await pilot.press("right")  # the notice lasts until the next key
            assert "Undid" not in str(status.render())
            assert not app._notifications


async def test_entity_list_counts_follow_the_edits(long_db: Path) -> None:
    """After reviews, relabels, deletions and their undo, the list's rows and counts are
    those of a full count of the article's entities (rejected ones not counted)."""
    async with reading(long_db) as (pilot, screen):
        side = screen.query_one(EntityList)
        for key in ["x", "x", "a", "2", "x", "d", "u", "tab", "x", "x", "U", "u", "u", "2"]:
            await pilot.press(key)
            entities = screen.editor.entities.values()
            full = Counter(row_key(e.label, e.text) for e in entities if e.state != "rejected")
            assert set(side.row_keys()) == set(full), key
            shown = {k: int(side.cell(k, "n").plain) for k in side.row_keys()}
            assert shown == dict(full), key


async def test_after_edits_every_cached_line_is_what_a_fresh_render_draws(long_db: Path) -> None:
    """The article view repaints only the lines of the entities an edit names: after
    deletions, resizes, relabels, reviews and their undo, no cached line is stale. (A
    wrapped row drew the cursor and an entity that start the next row in its last cell
    too, and kept them there once they moved: that cell shows neither now.)"""
    async with reading(long_db) as (pilot, screen):
        view = screen.view
        for key in ["d", "tab", "e", "e", "tab", "2", "x", "u", "u", "U", "tab", "S", "a"]:
            await pilot.press(key)
            await pilot.pause()
            cached = view._cache.items()
            assert [row for row, strip in cached if strip != view._render_row(row)] == [], key


async def test_the_view_scrolls_half_a_page_at_a_time(long_db: Path) -> None:
    """A scroll repaints every line of the view: moving line by line or from suggestion
    to suggestion past the bottom scrolls the cursor to the middle, not one line per
    key, and the cursor stays on screen (up as well as down)."""
    async with reading(long_db) as (pilot, screen):
        view = screen.view
        height = view.scrollable_content_region.height
        layout = view.layout_or_build()
        for keys in (["down"] * 3 * height, ["full_stop"] * 3 * height, ["up"] * 3 * height):
            scrolls, top, start = 0, view.scroll_offset.y, layout.row_of(view.cursor)
            for key in keys:
                await pilot.press(key)
                row = layout.row_of(view.cursor)
                assert view.scroll_offset.y <= row < view.scroll_offset.y + height, key
                scrolls += view.scroll_offset.y != top
                top = view.scroll_offset.y
            travelled = abs(layout.row_of(view.cursor) - start)
            assert travelled > height and 1 <= scrolls <= travelled // (height // 2) + 1, key
