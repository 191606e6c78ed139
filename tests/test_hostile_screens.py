"""Walk every screen over articles, entities, events, labels and a schema that came in
through every entry path with hostile text: no escape, control, joiner or tab reaches
the rendered screen, markup in outside text is shown literally, long titles stay on
their line, and the app survives (no MarkupError, no action run from a title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.config import Settings
from annotations.entities import Detector
from annotations.events.schema import EventSchema
from annotations.labels import LabelSpec
from annotations.store import Store
from tests.hostile_fixtures import EVENT_TYPE, build_hostile_db, walk_every_screen
from tui.app import make_app
from tui.screens.library import LibraryScreen

SIZE = (120, 36)


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
        app = make_app(
            store, detector, Settings.defaults(store.path, labels=labels, event_schema=schema)
        )
        async with app.run_test(size=SIZE) as pilot:
            walk = await walk_every_screen(pilot)
            assert walk.leaks == [], walk.leaks
            assert len(walk.places) > 20 * count, "\n".join(walk.places)
            assert isinstance(app.screen, LibraryScreen) and app.is_running
    with Store(db) as store:
        from annotations.models import Event

        types = {e.type: e.state for e in store.all("events", Event)}
        assert any(t.endswith("[@click=app.quit]CLICKME[/]") for t in types)
        assert EVENT_TYPE not in types  # the imported type's controls were neutralised
