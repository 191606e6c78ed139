"""SVG snapshots of the event form and the timeline at a fixed terminal size."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.entities import Detector
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tests.events_ui_helpers import open_article, search
from tests.test_events_timeline import accept_some
from tui.app import make_app

SIZE = (120, 36)
SEED_000 = "a4b892b8bf9c9fc5"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    path = build_seeded_db(tmp_path_factory.mktemp("snap-events") / "newsdesk.json", detector)
    with Store(path) as store:
        accept_some(store)
    return path


def test_event_form_snapshot(snap_compare, template: Path, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    async def tag_the_state_visit(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_article(pilot, SEED_000)
        await search(pilot, "state v")
        await pilot.press("shift+right", "shift+right", "T", "v", "enter", "down", "down", "down")

    with Store(copy_db(template, tmp_path)) as store:
        app = make_app(store, detector=detector)
        assert snap_compare(app, run_before=tag_the_state_visit, terminal_size=SIZE)


def test_timeline_snapshot(snap_compare, template: Path, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    with Store(copy_db(template, tmp_path)) as store:
        app = make_app(store, detector=detector)
        assert snap_compare(app, press=["T", "g", "down", "enter"], terminal_size=SIZE)
