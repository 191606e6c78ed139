"""Pilot tests: tag events purely with keys, then check what the store holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from annotations.entities import Detector
from annotations.events import events_of
from annotations.models import Event
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tests.events_ui_helpers import open_article, search, type_text
from tui.app import make_app
from tui.screens.event_form import EventForm

SIZE = (120, 36)
SEED_000 = "a4b892b8bf9c9fc5"  # Putin "will pay a state visit to India from December 4-5"
SEED_003 = "54b952749a6c97a2"  # "Russia's State Duma has approved a new military ... agreement"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("events-ui") / "newsdesk.json", detector)


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    return copy_db(template, tmp_path)


def roles(store: Store, event: Event) -> dict[str, list[str]]:
    """Role -> texts of the entities filling it, read from the store."""
    entities = {e.id: e for e in store.entities(event.article_id)}
    found: dict[str, list[str]] = {}
    for arg in event.arguments:
        found.setdefault(arg.role, []).append(entities[arg.entity_id].text)
    return found


def analyst_events(store: Store, article_id: str) -> list[Event]:
    return events_of(store, article_id, accepted_only=True)


async def pick_role(pilot, row: int, words: str) -> None:  # type: ignore[no-untyped-def]
    """In the form: go to `row`, clear it, pick the entity or text matching `words`."""
    table = pilot.app.screen.query_one("#event-fields", DataTable)
    moves = row - table.cursor_row
    await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves))
    await pilot.press("x", "enter")
    await type_text(pilot, words)
    await pilot.press("enter")


async def tag_visit_roles(pilot) -> None:  # type: ignore[no-untyped-def]
    """From the library: tag "state visit" in seed 000 as a VISIT and pick its
    Visitor (Vladimir Putin) and Host (India) in the form, which stays open."""
    await open_article(pilot, SEED_000)
    await search(pilot, "state v")
    await pilot.press("shift+right", "shift+right", "T", "v", "enter")
    assert isinstance(pilot.app.screen, EventForm)
    await pick_role(pilot, 1, "vladimir")
    await pick_role(pilot, 2, "india")


def assert_visit(store: Store) -> None:
    [visit] = analyst_events(store, SEED_000)
    assert visit.type == "VISIT"
    assert visit.trigger_text == "state visit"
    assert visit.status == "planned"
    assert (visit.time_start, visit.time_end) == (dt.date(2025, 12, 4), dt.date(2025, 12, 5))
    found = roles(store, visit)
    assert found["Visitor"] == ["Vladimir Putin"]
    assert found["Host"] == ["India"]


async def test_tag_a_visit_with_keys_undo_redo_and_restart(db: Path, detector: Detector) -> None:
    with Store(db) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await tag_visit_roles(pilot)
            await pilot.press("d", "ctrl+u")
            await type_text(pilot, "dec 4-5")
            await pilot.press("enter")
            while app.screen.event.status != "planned":  # type: ignore[attr-defined]
                await pilot.press("s")
            await pilot.press("ctrl+s")
            assert not isinstance(app.screen, EventForm)
            assert_visit(store)
            await pilot.press("u")
            assert analyst_events(store, SEED_000) == []
            await pilot.press("U")
            assert_visit(store)
    with Store(db) as store:
        assert_visit(store)
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await open_article(pilot, SEED_000)
            panel = app.screen.query_one("#event-panel", DataTable)
            assert panel.row_count == 1
            await pilot.press("u")
            assert analyst_events(store, SEED_000) == []
            await pilot.press("U")
    with Store(db) as store:
        assert_visit(store)


def assert_ratify(store: Store) -> None:
    [ratify] = analyst_events(store, SEED_003)
    assert (ratify.type, ratify.trigger_text, ratify.status) == ("RATIFY", "approved", "asserted")
    assert roles(store, ratify) == {
        "Ratifier": ["State Duma"],
        "Agreement": ["military cooperation agreement"],
    }
    [new] = [e for e in store.entities(SEED_003) if e.text == "military cooperation agreement"]
    assert (new.label, new.source, new.state) == ("LAW", "analyst", "accepted")


async def test_tag_a_ratify_then_fill_a_role_from_the_selection(db: Path, detector) -> None:  # type: ignore[no-untyped-def]
    with Store(db) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await open_article(pilot, SEED_003)
            await search(pilot, "approved")
            await pilot.press("T", "r", "enter")  # a type's key in the filtered list
            form = app.screen
            assert isinstance(form, EventForm)
            await pick_role(pilot, 1, "duma")
            problems = str(form.query_one("#event-problems", Static).render())
            assert "This RATIFY is incomplete: it has no Agreement." in problems
            flags = form.query_one("#event-fields", DataTable).get_row("role:Agreement")
            assert str(flags[2]) == "missing"
            await pick_role(pilot, 2, "russia")  # a GPE cannot be an Agreement: said, not refused
            problems = str(form.query_one("#event-problems", Static).render())
            assert "The Agreement of a RATIFY should be LAW, but 'Russia' is GPE." in problems
            await pilot.press("x", "ctrl+s")  # saved incomplete: shown, not refused
            [saved] = analyst_events(store, SEED_003)
            assert roles(store, saved) == {"Ratifier": ["State Duma"]}
            assert "…" in str(app.screen.query_one("#event-panel", DataTable).get_row_at(0)[0])
            await search(pilot, "military c")
            await pilot.press("shift+right", "shift+right", "shift+right", "m")
            await type_text(pilot, "agr")
            await pilot.press("enter")
            assert_ratify(store)
            await pilot.press("u")  # one action: the role and its new entity go together
            assert roles(store, analyst_events(store, SEED_003)[0]) == {"Ratifier": ["State Duma"]}
            texts = [e.text for e in store.entities(SEED_003)]
            assert "military cooperation agreement" not in texts
            await pilot.press("U")
            assert_ratify(store)
    with Store(db) as store:
        assert_ratify(store)


async def test_suggestions_are_not_analyst_data_until_accepted(db: Path, detector) -> None:  # type: ignore[no-untyped-def]
    with Store(db) as store:
        app = make_app(store, detector=detector)
        async with app.run_test(size=SIZE) as pilot:
            await open_article(pilot, SEED_000)
            await pilot.press("p")
            stored = events_of(store, SEED_000)
            assert len(stored) > 5 and all(e.state == "suggested" for e in stored)
            assert analyst_events(store, SEED_000) == []
            await search(pilot, "state v")
            await pilot.press("y")
            [accepted] = analyst_events(store, SEED_000)
            assert (accepted.type, accepted.trigger_text, accepted.status) == (
                "VISIT", "state visit", "planned",
            )  # fmt: skip
            assert roles(store, accepted)["Visitor"] == ["Vladimir Putin"]
            await search(pilot, "Summit")
            await pilot.press("Y")
            rejected = [e for e in events_of(store, SEED_000) if e.state == "rejected"]
            assert [e.trigger_text for e in rejected] == ["Summit"]
            await pilot.press("p")  # running again brings back neither
            assert len(events_of(store, SEED_000)) == len(stored)
            await pilot.press("u", "u")
            assert [e.state for e in events_of(store, SEED_000)].count("rejected") == 0
            assert analyst_events(store, SEED_000) == []
