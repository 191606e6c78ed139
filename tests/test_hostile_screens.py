"""Walk every screen over articles, entities, events, labels and a schema that came in
through every entry path with hostile text: no escape, control, joiner or tab reaches
the rendered screen, markup in outside text is shown literally, long titles stay on
their line, and the app survives (no MarkupError, no action run from a title)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from annotations.entities import Detector
from annotations.events.schema import EventSchema
from annotations.labels import LabelSpec
from annotations.store import Store
from tests.events_ui_helpers import type_text
from tests.hostile_fixtures import EVENT_TYPE, RAW, build_hostile_db
from tui.app import make_app
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

SIZE = (120, 36)


class Screens:
    """Renders the current screen after each step and keeps what was wrong."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.places: list[str] = []
        self.leaks: list[str] = []

    async def look(self, place: str) -> str:
        await self.pilot.pause()
        shown = self.pilot.app.export_screenshot()
        self.places.append(place)
        for raw in RAW:
            if raw in shown:
                self.leaks.append(f"{place}: {raw!r}")
        if "CLICKME" in shown and "[@click=app.quit]CLICKME" not in shown:
            self.leaks.append(f"{place}: markup parsed")
        assert self.pilot.app.is_running, f"the app stopped at {place}"
        return shown

    async def press(self, place: str, *keys: str) -> str:
        await self.pilot.press(*keys)
        return await self.look(place)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, tuple[LabelSpec, ...], EventSchema]:
    labels, schema, _ = build_hostile_db(tmp_path / "db.json", tmp_path / "in")
    return tmp_path / "db.json", labels, schema


async def test_every_screen_shows_hostile_text_safely(
    hostile: tuple[Path, tuple[LabelSpec, ...], EventSchema], detector: Detector
) -> None:
    db, labels, schema = hostile
    with Store(db) as store:
        count = len(store)
        app = make_app(store, detector=detector, labels=labels, event_schema=schema)
        async with app.run_test(size=SIZE) as pilot:
            walk = Screens(pilot)
            while app.detection_progress[0] < app.detection_progress[1]:
                await pilot.pause(0.1)
            await walk.look("library")
            await walk.press("library filter [/]", "slash")
            await type_text(pilot, "[/]")
            await walk.press("library filtered by [/]", "enter")
            await walk.press("library filter cleared", "escape")
            await walk.press("help", "question_mark")
            await walk.press("library again", "escape")
            for n in range(count):
                await pilot.press("home", *["down"] * n, "enter")
                assert isinstance(app.screen, ReaderScreen)
                here = f"reader {n}"
                await walk.look(here)
                title = app.screen.query_one("#article-title", Static)
                assert title.size.height <= 3, "a title fills the reader"  # 1 line + padding
                await walk.press(f"{here} search", "slash")
                await type_text(pilot, "[/]zz")
                await walk.press(f"{here} absent [/] searched", "enter")
                await walk.press(f"{here} entity", "tab")
                await walk.press(f"{here} note prompt", "c")
                await walk.press(f"{here} note cancelled", "escape")
                await walk.press(f"{here} across corpus", "l")
                if not isinstance(app.screen, ReaderScreen):
                    await walk.press(f"{here} back from corpus", "escape")
                await walk.press(f"{here} raw", "r")
                await walk.press(f"{here} raw off", "r")
                await walk.press(f"{here} next event", "i")
                await walk.press(f"{here} event form", "o")
                if not isinstance(app.screen, ReaderScreen):
                    await walk.press(f"{here} type picker", "t")
                    await walk.press(f"{here} type picker closed", "escape")
                    await walk.press(f"{here} form closed", "escape")
                await walk.press(f"{here} accept event", "y")
                await walk.press(f"{here} next event again", "i")
                await walk.press(f"{here} reject event", "Y")
                await walk.press(f"{here} events panel off", "f2")
                await walk.press(f"{here} events panel on", "f2")
                await walk.press(f"{here} back", "escape")
                assert isinstance(app.screen, LibraryScreen)
            await walk.press("timeline", "T")
            await walk.press("timeline with suggestions", "v")
            await walk.press("timeline type filter", "f")
            await walk.press("timeline filter closed", "escape")
            await walk.press("timeline proposals", "g")
            if not isinstance(app.screen, type(app.screen)):  # pragma: no cover
                await walk.press("proposals closed", "escape")
            await walk.press("library from timeline", "escape")
            await walk.press("entities", "E")
            await walk.press("entities filter", "slash")
            await type_text(pilot, "[/]")
            await walk.press("entities filtered", "enter")
            await walk.press("entities back", "escape", "escape")
            await walk.press("export dialog", "X")
            await walk.press("export closed", "escape")
            assert walk.leaks == [], walk.leaks
            assert len(walk.places) > 20 * count
            assert app.is_running
    with Store(db) as store:
        from annotations.models import Event

        types = {e.type: e.state for e in store.all("events", Event)}
        assert any(t.endswith("[@click=app.quit]CLICKME[/]") for t in types)
        assert EVENT_TYPE not in types  # the imported type's controls were neutralised
