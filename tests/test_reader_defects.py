"""The analysts' six reader defects, reproduced with keys only at 140x40 on the seeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Footer, Input, Static

from annotations.config import Settings
from annotations.entities import Detector
from annotations.events import events_of
from annotations.events.repository import save_events
from annotations.models import Argument, Event
from annotations.review.restore import block_at
from annotations.review.textnav import tokens
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tests.events_ui_helpers import open_article, search, type_text
from tui.app import NewsdeskApp, make_app
from tui.commands import screen_bindings
from tui.screens.entities import EntitiesScreen
from tui.screens.event_form import EventForm
from tui.screens.help import HelpScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.event_panel import EventPanel

SIZE = (140, 40)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("defects") / "newsdesk.json", detector)


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    with Store(copy_db(template, tmp_path)) as opened:
        yield opened


def app_for(store: Store, detector: Detector) -> NewsdeskApp:
    return make_app(store, detector=detector)


def view_of(app: NewsdeskApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def status_of(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#reader-status", Static).render())


def shown_lines(view: ArticleView) -> list[str]:
    """The text of the view's visible lines, as painted."""
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def on_screen(view: ArticleView, pos: int) -> bool:
    row = view.layout_or_build().row_of(pos)
    top = int(view.scroll_offset.y)
    return top <= row < top + view.scrollable_content_region.height


# -- 1: the end of an article is reachable, the view follows the cursor ------------------
async def test_bottom_and_page_down_reach_the_end_of_the_next_article(
    store: Store, detector: Detector
) -> None:
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "right_square_bracket")
        view = view_of(app)
        last_words = " ".join(view.text.rstrip().split()[-2:])  # on the last line
        await pilot.press("G")
        assert view.cursor == len(view.text)
        assert on_screen(view, view.cursor)
        assert any(last_words in line for line in shown_lines(view))
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_offset.y == 0
        await pilot.press(*["pagedown"] * 40)
        assert on_screen(view, view.cursor)
        assert view.layout_or_build().row_of(view.cursor) == len(view.layout_or_build().lines) - 1
        assert any(last_words in line for line in shown_lines(view))
        await pilot.press("g")
        await search(pilot, last_words)
        assert view.cursor == view.text.rindex(last_words)
        assert on_screen(view, view.cursor)
        await pilot.press("g", "down", "down", "down")  # down moves the cursor, not only the view
        assert view.layout_or_build().row_of(view.cursor) == 3


# -- 2: F2 shows and hides the events panel; o edits the event under the cursor ----------
def two_events(store: Store) -> tuple[str, Event, Event]:
    article_id = store.article_ids()[0]
    text = store.article(article_id).text
    entities = store.entities(article_id)
    made = []
    for word in ("visit", "talks"):
        start = text.index(word)
        made.append(
            Event(
                article_id=article_id,
                type="MEET",
                trigger_start=start,
                trigger_end=start + len(word),
                trigger_text=word,
                arguments=[Argument(role="Participants", entity_id=entities[0].id)],
            )
        )
    save_events(store, made)
    return article_id, made[0], made[1]


async def test_f2_toggles_the_events_panel_and_o_edits_the_event_at_the_cursor(
    store: Store, detector: Detector
) -> None:
    article_id, first, second = two_events(store)
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, article_id)
        await pilot.press("i", "i")
        view = view_of(app)
        assert view.cursor == second.trigger_start
        panel = app.screen.query_one(EventPanel)
        assert panel.display
        await pilot.press("f2")
        assert not panel.display
        assert app.screen.focused is view and view.cursor == second.trigger_start
        await pilot.press("o")
        assert isinstance(app.screen, EventForm) and app.screen.event.id == second.id
        await pilot.press("escape", "f2")
        assert panel.display and app.screen.focused is view
        assert view.cursor == second.trigger_start
        await pilot.press("o")
        assert isinstance(app.screen, EventForm) and app.screen.event.id == second.id
        await pilot.press("s", "ctrl+s")  # status asserted -> planned, saved
        await pilot.pause()
    saved = {e.id: e for e in events_of(store, article_id)}
    assert saved[second.id].status == "planned"
    assert saved[first.id].status == "asserted"


# -- 3: picking an entity already in a many-filler role keeps it --------------------------
async def test_picking_putin_for_the_visitor_keeps_putin(store: Store, detector: Detector) -> None:
    app = app_for(store, detector)
    article_id = "a4b892b8bf9c9fc5"  # "will pay a state visit to India"
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, article_id)
        await search(pilot, "state v")
        await pilot.press("shift+right", "shift+right", "T", "v", "enter")
        form = app.screen
        assert isinstance(form, EventForm)
        await pilot.press("down", "enter")
        await type_text(pilot, "Putin")
        await pilot.press("enter")
        fields = form.query_one("#event-fields", DataTable)
        assert "Putin" in str(fields.get_cell("role:Visitor", "value"))
        assert "missing" not in str(fields.get_cell("role:Visitor", "flag"))
        await pilot.press("ctrl+s")
        await pilot.pause()
    [visit] = events_of(store, article_id, accepted_only=True)
    texts = {e.id: e.text for e in store.entities(article_id)}
    assert any("Putin" in texts[a.entity_id] for a in visit.arguments if a.role == "Visitor")


# -- 4: the raw view's cursor moves and the status line follows it -----------------------
async def test_raw_view_up_down_move_the_cursor_and_the_status_names_the_block(
    store: Store, detector: Detector
) -> None:
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "r")
        view = view_of(app)
        article = store.article(app.screen.article_id)  # type: ignore[attr-defined]
        assert article.removed and view.text == article.raw
        await pilot.press("g")  # the raw text starts with page residue
        seen: set[bool] = set()
        for _ in range(60):
            before = view.cursor
            await pilot.press("down")
            assert view.cursor != before
            block = block_at(article, view.cursor)
            status = status_of(app)
            if block is None:
                assert "kept text" in status
            else:
                assert block.reason in status
            seen.add(block is None)
        await pilot.press("up")
        assert view.layout_or_build().row_of(view.cursor) == 59
    assert seen == {True, False}  # the walk crossed kept and removed text


# -- 5: e / s widen by words, and the status says who accepted ---------------------------
async def test_e_and_s_widen_by_words_and_the_status_says_who_accepted(
    store: Store, detector: Detector
) -> None:
    article_id = "a0f45df97bb671e6"  # "His Excellency, Vladimir Putin, President of ..."
    text = store.article(article_id).text
    putin = next(
        e for e in store.entities(article_id)
        if e.text == "Vladimir Putin" and text[e.end] == "," and text[e.start - 2] == ","
    )  # fmt: skip
    words = [(s, e) for s, e in tokens(text) if text[s:e].isalnum()]
    next_word = next(w for w in words if w[0] > putin.end)
    prev_word = next(w for w in reversed(words) if w[1] < putin.start)
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, article_id)
        view = view_of(app)
        await search(pilot, "Vladimir Putin,")
        while view.cursor != putin.start:
            await pilot.press("n")
        assert "suggested by model" in status_of(app)
        await pilot.press("a")  # accept: the cursor jumps on to the next suggestion
        await pilot.press("slash", "enter")
        while view.cursor != putin.start:
            await pilot.press("n")
        assert "accepted by analyst" in status_of(app)
        assert "by model" not in status_of(app)
        await pilot.press("e")
        await pilot.press("s")
        await pilot.pause()
    [widened] = [e for e in store.entities(article_id) if e.id == putin.id]
    assert (widened.start, widened.end) == (prev_word[0], next_word[1])


# -- 6: help, palette, key ids, entities filter, footer and legend -----------------------
async def test_help_lists_only_the_readers_own_working_keys_with_ids(
    store: Store, detector: Detector
) -> None:
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        reader = app.screen
        listed = screen_bindings(reader)
        names = {binding.description for _, binding, _ in listed}
        assert {"Accept", "Tag event", "Next entity"} <= names
        assert not names & {"Focus Next", "Focus Previous", "Scroll Up", "Timeline", "Entities"}
        assert not any("completion" in name for name in names)
        by_key = {}
        for _, binding, keys in listed:
            for key in keys.split(", "):
                assert key not in by_key, f"{key} listed twice: {binding.description}"
                by_key[key] = binding.description
        for node, binding, _ in listed:  # every reader key but the label file's has an id
            assert node is not reader or binding.id or binding.action.startswith("label(")
        assert {"bottom", "cursor_up", "next_sentence", "prev_paragraph"} <= {
            b.id for _, b, _ in listed
        }
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "r")  # in the raw view the annotation keys are off
        raw_names = {binding.description for _, binding, _ in screen_bindings(reader)}
        assert "Restore block" in raw_names and "Accept" not in raw_names


def palette_prompts(app: NewsdeskApp) -> str:
    options = app.screen.query_one("CommandList")
    count = options.option_count  # type: ignore[attr-defined]
    return " ".join(str(options.get_option_at_index(i).prompt) for i in range(count))  # type: ignore[attr-defined]


async def test_help_and_palette_offer_no_textual_internals(
    store: Store, detector: Detector
) -> None:
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        library = {binding.description for _, binding, _ in screen_bindings(app.screen)}
        assert "Open" in library
        assert not library & {"Focus Next", "Focus Previous", "Scroll Up", "Copy selected text"}
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "focus")
        await pilot.pause(0.3)
        assert "Focus Next" not in palette_prompts(app)
        await pilot.press("escape", "E")
        entities = {binding.description for _, binding, _ in screen_bindings(app.screen)}
        assert "Merge marked here" in entities
        assert not any("completion" in name or "cursor" in name for name in entities)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "completion")
        await pilot.pause(0.3)
        assert "suggestion" not in palette_prompts(app)
        await pilot.press(*["backspace"] * len("completion"))
        await type_text(pilot, "merge")
        await pilot.pause(0.3)
        assert "Merge marked here" in palette_prompts(app)  # the palette does list commands


async def test_a_user_key_file_can_rebind_movement_keys(store: Store, detector: Detector) -> None:
    keymap = {"bottom": "z", "next_sentence": "j"}
    app = make_app(store, detector, Settings.defaults(store.path, keymap=keymap))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "j")
        view = view_of(app)
        assert view.cursor > 0
        await pilot.press("z")
        assert view.cursor == len(view.text)


async def test_slash_and_m_on_the_entities_screen_are_commands(
    store: Store, detector: Detector
) -> None:
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        screen = app.screen
        assert isinstance(screen, EntitiesScreen)
        box = screen.query_one(Input)
        await pilot.press("m")
        assert box.value == "" and screen.marked is not None
        await pilot.press("slash")
        assert box.value == "" and box.has_focus
        await type_text(pilot, "putin")
        assert box.value == "putin"


async def test_reader_footer_fits_140_columns_and_the_legend_lists_every_label(
    store: Store, detector: Detector
) -> None:
    app = app_for(store, detector)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = list(footer.query("FooterKey"))
        [palette] = [k for k in keys if "palette" in str(k.render())]
        keys.remove(palette)
        assert keys and max(k.region.right for k in keys) <= palette.region.x  # none under it
        assert palette.region.right <= footer.region.right
        assert any("Help" in str(k.render()) for k in keys)
        legend = str(app.screen.query_one("#legend", Static).render())
        present = {e.label for e in store.entities(app.screen.article_id)}  # type: ignore[attr-defined]
        assert "WEAPON" not in present
        for spec in app.labels.values():
            assert f"{spec.key}  {spec.name}" in legend or f" {spec.key}  {spec.name}" in legend
