"""A review key in a long article is one entity's worth of work: it repaints only the
lines of the changed entity (and the cursor's), one row of the entity list, and the
next suggestion comes from the editor's sorted index, not a scan of every entity. No
key waits for a compaction of the store; opening wraps the first screen of the text
before the rest, and builds the footer's keys once."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from annotations.models import Entity
from annotations.review.editor import Editor
from annotations.review.entity_index import EntityIndex
from annotations.store import Store, validation
from annotations.store.tables import Tables
from tests.app_fixtures import article_from_text
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_list import EntityList
from tui.widgets.footer import Footer

SIZE = (120, 36)
WORDS = ["India", "and", "Russia", "signed", "a", "defence", "agreement", "in", "Delhi", "today"]


class NoDetector:
    version = "none"

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        raise AssertionError("no detection expected")


@asynccontextmanager
async def reading(path: Path, *keys: str) -> AsyncIterator[tuple[Pilot[None], ReaderScreen]]:
    """The app on `path` without a detector, its first article open, `keys` pressed."""
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", *keys)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            yield pilot, screen


def build_long_db(path: Path) -> Path:
    """An article of 1,200 words in paragraphs of 40 with a suggestion on every sixth word."""
    rng = random.Random(3)
    words = [rng.choice(WORDS) for _ in range(1200)]
    text = "".join(w + ("\n" if i % 40 == 39 else " ") for i, w in enumerate(words))[:-1] + "."
    article = article_from_text(text, title="Long").model_copy(update={"detected_with": "test"})
    with Store(path) as store:
        store.add_articles([article])
        with store.transaction():
            pos = 0
            for i, word in enumerate(words):
                if i % 6 == 0:
                    store.put_entity(
                        Entity(article_id=article.id, start=pos, end=pos + len(word),
                               label="GPE", text=word)
                    )  # fmt: skip
                pos += len(word) + 1
    return path


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    return build_long_db(tmp_path / "db.json")


def _visible_strips(view: ArticleView) -> dict[int, object]:
    top = int(view.scroll_offset.y)
    rows = range(top, top + view.size.height)
    return {row: view._cache[row] for row in rows if row in view._cache}


async def test_accept_repaints_only_the_entity_lines_and_the_cursor_lines(long_db: Path) -> None:
    async with reading(long_db, "full_stop", "full_stop") as (pilot, screen):
        view = screen.view
        entity = screen.editor.at(view.cursor)[0]
        layout = view.layout_or_build()
        before = _visible_strips(view)
        assert len(before) > 20
        await pilot.press("a")  # accept; the cursor jumps to the next suggestion
        assert screen.editor.entities[entity.id].state == "accepted"
        allowed = set(ArticleView._rows_of(layout, entity))
        allowed |= {layout.row_of(entity.start), layout.row_of(view.cursor)}
        after = _visible_strips(view)
        repainted = {row for row, strip in before.items() if after.get(row) is not strip}
        assert repainted <= allowed
        assert layout.row_of(entity.start) in repainted  # its colour changed


async def test_accept_and_undo_repaint_one_entity_list_row(long_db: Path) -> None:
    async with reading(long_db, "full_stop") as (pilot, screen):
        side = screen.query_one(EntityList)
        rebuilt, cached = side.rows_rebuilt, dict(side._cache)
        entity = screen.editor.at(screen.view.cursor)[0]
        await pilot.press("x", "u")  # reject (one mention fewer) and undo it
        assert screen.editor.entities[entity.id].state == "suggested"
        assert side.rows_rebuilt == rebuilt  # rows kept; only counts repainted
        key = side.row_keys().index(f"GPE\x00{entity.text}")
        changed = {row for row, strip in cached.items() if side._cache.get(row) is not strip}
        assert changed <= {key}


async def test_next_suggestion_does_not_scan_the_entities(
    long_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reading(long_db) as (pilot, screen):
        second, third = (e.start for e in screen.editor.ordered()[1:3])

        def scan() -> list[Entity]:
            raise AssertionError("next suggestion scanned every entity")

        monkeypatch.setattr(screen.editor, "ordered", scan)
        monkeypatch.setattr(screen.editor.index, "ordered", scan)
        await pilot.press("full_stop")  # the cursor starts on the first one
        assert screen.view.cursor == second
        await pilot.press("full_stop")
        assert screen.view.cursor == third


def test_the_index_answers_as_a_scan_does() -> None:
    rng = random.Random(11)
    entities = []
    for _ in range(300):
        start, length = rng.randrange(0, 500), rng.randrange(1, 30)
        entities.append(
            Entity(article_id="a", start=start, end=start + length,
                   label=rng.choice(["GPE", "ORG"]), text="x" * length,
                   state=rng.choice(["suggested", "accepted", "rejected"]))
        )  # fmt: skip
    index = EntityIndex(entities[:200])
    for entity in entities[200:]:
        index.put(entity)
    for entity in entities[:40]:
        index.remove(entity.id)
    for entity in entities[40:80]:
        index.put(entity.model_copy(update={"state": "accepted", "end": entity.end + 40}))
    kept = list(index.by_id.values())
    order = sorted(kept, key=lambda e: (e.start, -e.end, e.label, e.id))
    assert index.ordered() == order
    for pos in range(0, 560, 7):
        assert {e.id for e in index.covering(pos)} == {e.id for e in kept if e.start <= pos < e.end}
        ahead = [e for e in order if e.start > pos]
        behind = [e for e in order if e.start < pos]
        assert index.next_start(pos, 1) == (ahead[0] if ahead else None)
        assert index.next_start(pos, -1) == (behind[-1] if behind else None)
        suggested = [e for e in ahead if e.state == "suggested"]
        assert index.next_start(pos, 1, suggested=True) == (suggested[0] if suggested else None)


class Counted:
    """Counts calls of a method on every instance of a class (the original still runs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> None:
        self.calls: list[object] = []
        real = getattr(cls, name)

        def counted(widget: object, *args: object, **kwargs: object) -> object:
            self.calls.append(widget)
            return real(widget, *args, **kwargs)

        monkeypatch.setattr(cls, name, counted)

    def take(self) -> int:
        count, self.calls = len(self.calls), []
        return count


async def test_a_key_redraws_only_the_article_lines_it_changed(
    long_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual asks the view for a line again only when the line was marked for repaint:
    a move asks for the cursor's old and new lines, a review for the entity's and the
    cursor's, never the whole view (a repainting `cursor` reactive did: 30 lines a key);
    the status line is updated at most once per key, in the same frame as the cursor
    (a key that drew the status in a second frame took one more idle wait)."""
    async with reading(long_db, "full_stop", "full_stop") as (pilot, screen):
        assert screen.view.size.height > 20
        lines = Counted(monkeypatch, ArticleView, "render_line")
        status = screen.query_one("#reader-status", Static)
        updates = Counted(monkeypatch, type(status), "update")
        frames: list[object] = []
        real_render = Compositor.render_update

        def render_update(compositor: Compositor, *args: Any, **kwargs: Any) -> object:
            update = real_render(compositor, *args, **kwargs)
            if update is not None:
                frames.append(update)
            return update

        monkeypatch.setattr(Compositor, "render_update", render_update)
        await pilot.pause()
        lines.take(), updates.take()
        for key, most in [("right", 1), ("down", 2), ("w", 2), ("tab", 2), ("a", 4),
                          ("x", 4), ("u", 4), ("U", 4)]:  # fmt: skip
            frames.clear()
            await pilot.press(key)
            await pilot.pause()
            assert lines.take() <= most, key
            assert sum(w is status for w in updates.calls) <= 1, key
            updates.take()
            if key not in "uU":  # undo and redo also show a notice
                assert len(frames) == 1, key


async def test_a_review_never_waits_for_a_compaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reviews that make the journal outgrow its limit append to it; the app folds it into
    a snapshot only after a pause without saves, never inside a key's edit, and every
    review is stored."""
    path = build_long_db(tmp_path / "db.json")
    monkeypatch.setattr("tui.app.COMPACT_AFTER", 0.3)
    in_edit: list[bool] = [False]
    snapshots: list[bool] = []  # one per snapshot: whether a key's edit was running
    real_edit, real_snapshot = ReaderScreen.edit, Tables.snapshot

    def edit(screen: ReaderScreen, work: Any) -> bool:
        in_edit[0] = True
        try:
            return real_edit(screen, work)
        finally:
            in_edit[0] = False

    def snapshot(tables: Tables) -> None:
        snapshots.append(in_edit[0])
        real_snapshot(tables)

    monkeypatch.setattr(ReaderScreen, "edit", edit)
    monkeypatch.setattr(Tables, "snapshot", snapshot)
    with Store(path, journal_limit=4_000) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            reviewed = []
            for _ in range(12):
                reviewed.append(screen.editor.at(screen.view.cursor)[0].id)
                await pilot.press("a")  # accept, then on to the next suggestion
            assert True not in snapshots
            await pilot.pause(1.0)
            assert snapshots and True not in snapshots and not store.compaction_due
            assert store.journal_path.stat().st_size < 4_000
    with Store(path) as store:
        states = {e.id: e.state for e in store.entities(screen.article_id)}
        assert all(states[i] == "accepted" for i in reviewed)


def _paragraphs_db(path: Path, paragraphs: int = 80) -> Path:
    rng = random.Random(5)
    text = "\n".join(" ".join(rng.choice(WORDS) for _ in range(50)) for _ in range(paragraphs))
    article = article_from_text(text, "Paragraphs").model_copy(update={"detected_with": "t"})
    with Store(path) as store:
        store.add_articles([article])
    return path


async def test_opening_wraps_the_first_screen_before_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the first paint only the paragraphs that fill the view are wrapped; the rest is
    wrapped after it (for the exact scroll height)."""
    path = _paragraphs_db(tmp_path / "db.json")
    at_first_paint: list[tuple[int, bool]] = []
    real = ArticleView.render_lines

    def render_lines(view: ArticleView, crop: object) -> object:
        lines = real(view, crop)  # type: ignore[arg-type]
        if not at_first_paint and view._layout is not None:
            at_first_paint.append((len(view._layout._lines), view._layout.done))
        return lines

    monkeypatch.setattr(ArticleView, "render_lines", render_lines)
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            wrapped, done = at_first_paint[0]
            assert not done and wrapped <= view.size.height + 10  # a paragraph is ~5 lines
            layout = view.layout_or_build()
            assert layout.done and len(layout.lines) > 5 * view.size.height
            assert view.virtual_size.height == len(layout.lines)


async def test_opening_the_reader_builds_the_footer_keys_once(long_db: Path) -> None:
    """Textual's footer rebuilt all its keys on every bindings announcement (four per
    open); this one composes them at mount and rebuilds only when they change."""
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            keys = [key.key for key in footer.query(FooterKey)]
            assert {"a", "x", "u"} <= set(keys) and footer.rebuilt == 0
            await pilot.press("tab", "a", "x", "u")
            await pilot.pause()
            assert footer.rebuilt == 0
            await pilot.press("r")  # raw text: the review keys are hidden
            await pilot.pause()
            assert footer.rebuilt == 1
            assert "a" not in {key.key for key in footer.query(FooterKey)}


def test_opening_an_article_reads_only_its_own_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor reads an article's undo history through the history's index: the
    actions of the other articles are never validated."""
    texts = [" ".join(random.Random(n).choice(WORDS) for _ in range(30)) for n in range(3)]
    articles = [article_from_text(t, f"A{n}") for n, t in enumerate(texts)]
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.add_articles(articles)
        for article in articles[1:]:
            editor = Editor(store, article.id)
            for start in range(0, 60, 6):
                editor.add(start, start + 3, "GPE")
        mine = Editor(store, articles[0].id)
        mine.add(0, 4, "ORG")
        mine.undo()
    validated: list[str] = []
    real = validation.validate_read

    def counted(model, doc, *args):  # type: ignore[no-untyped-def]
        validated.append(model.__name__)
        return real(model, doc, *args)

    monkeypatch.setattr("annotations.store.documents.validate_read", counted)
    with Store(path) as store:
        editor = Editor(store, articles[0].id)
        assert validated.count("Action") == 1
        assert editor.redo() is not None and editor.entities
