"""SVG snapshots of the reader's raw view and the export dialog at a fixed terminal size."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store import Store
from tests.test_raw_view import handmade
from tui.app import make_app

SIZE = (120, 36)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the export dialog shows paths relative to it
    article, entities, event = handmade()
    with Store(tmp_path / "newsdesk.json") as opened:
        opened.add_articles([article])
        for entity in entities:
            opened.put_entity(entity)
        opened.put("events", event)
        yield opened


def test_raw_view_snapshot(snap_compare, store: Store) -> None:  # type: ignore[no-untyped-def]
    async def open_raw_on_a_removed_block(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_article("handmade", ["handmade"])
        await pilot.pause()
        await pilot.press("r", "slash", *"Rajnath", "enter")
        await pilot.pause()

    app = make_app(store)
    assert snap_compare(app, run_before=open_raw_on_a_removed_block, terminal_size=SIZE)


def test_export_dialog_snapshot(snap_compare, store: Store) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), press=["X"], terminal_size=SIZE)
