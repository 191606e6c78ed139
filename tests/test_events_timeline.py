"""Pilot tests of the timeline: filters, proposed groups, linking, jumping to a trigger."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from annotations.entities import Detector
from annotations.events import accept, events_of, save_events, store_suggestions
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.screens.timeline import TimelineScreen

SIZE = (120, 36)
# (article, trigger start) of the accepted events: Putin's state visit in three seeds.
VISITS = {("a4b892b8bf9c9fc5", 736), ("64e8b4e3ab8fe89d", 1627), ("54b952749a6c97a2", 536)}
RATIFY = ("54b952749a6c97a2", 33)


def accept_some(store: Store) -> None:
    """Store suggestions of every article and accept the visits and the ratification."""
    for article_id in store.article_ids():
        fresh = store_suggestions(store, article_id)
        chosen = VISITS | {RATIFY}
        save_events(store, [accept(e) for e in fresh if (article_id, e.trigger_start) in chosen])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    path = build_seeded_db(tmp_path_factory.mktemp("timeline") / "newsdesk.json", detector)
    with Store(path) as store:
        accept_some(store)
    return path


def visit_groups(store: Store) -> set[str | None]:
    return {
        e.group_id
        for a, start in VISITS
        for e in events_of(store, a, accepted_only=True)
        if e.trigger_start == start
    }


def rows(app) -> int:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#timeline", DataTable).row_count


async def test_group_across_articles_link_unlink_undo_and_jump(
    template: Path, tmp_path: Path, detector: Detector
) -> None:
    with Store(copy_db(template, tmp_path)) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("T")
            assert isinstance(app.screen, TimelineScreen)
            assert rows(app) == 4
            await pilot.press("f", "v", "enter")  # type filter by the type's key
            assert rows(app) == 3
            await pilot.press("g", "enter")  # accept all proposed groups
            [group] = visit_groups(store)
            assert group is not None
            assert rows(app) == 1
            assert "3×" in str(app.screen.query_one(DataTable).get_row_at(0)[5])
            await pilot.press("u")
            assert visit_groups(store) == {None}
            await pilot.press("U")
            assert len(visit_groups(store) - {None}) == 1
            await pilot.press("k", "enter")  # dissolve the group
            assert visit_groups(store) == {None} and rows(app) == 3
            await pilot.press("space", "space", "l")  # link two rows by hand
            assert len(visit_groups(store)) == 2 and rows(app) == 2
            await pilot.press("c", "a")
            await pilot.press(*"duma", "enter")  # actor filter: the Duma ratified
            assert rows(app) == 1
            await pilot.press("enter")
            assert isinstance(app.screen, ReaderScreen)
            await pilot.pause()
            assert app.screen.article_id == RATIFY[0]
            assert app.screen.view.cursor == RATIFY[1]
