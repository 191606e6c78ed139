"""SVG snapshot of the entities screen on the seeds at a fixed terminal size."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.entities import Detector
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tui.app import make_app

SIZE = (120, 36)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("snap-entities") / "newsdesk.json", detector)


def test_entities_snapshot(snap_compare, template: Path, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    """Canonical entities with counts and aliases, one marked for merging, mentions below."""
    with Store(copy_db(template, tmp_path)) as store:
        app = make_app(store, detector=detector)
        assert snap_compare(app, press=["E", "m", "down", "down"], terminal_size=SIZE)
