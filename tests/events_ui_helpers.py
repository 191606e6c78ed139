"""Helpers for the event Pilot tests: open an article and type with keys only."""

from __future__ import annotations

from textual.pilot import Pilot

from tui.screens.library import LibraryScreen

KEY_NAMES = {" ": "space", "-": "minus", "'": "apostrophe", ",": "comma", ".": "full_stop"}


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` one key at a time."""
    await pilot.press(*(KEY_NAMES.get(ch, ch) for ch in text))


async def open_article(pilot: Pilot[None], article_id: str) -> None:
    """From the library, move down to the article's row and press Enter."""
    app = pilot.app
    assert isinstance(app.screen, LibraryScreen)
    table = app.screen.query_one("#articles")
    index = table.get_row_index(article_id)  # type: ignore[attr-defined]
    await pilot.press(*["down"] * index, "enter")
    await pilot.pause()
    assert getattr(app.screen, "article_id", None) == article_id


async def search(pilot: Pilot[None], words: str) -> None:
    """Move the reader's cursor to the first match of `words` with `/`."""
    await pilot.press("slash")
    await type_text(pilot, words)
    await pilot.press("enter")
