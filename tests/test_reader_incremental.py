"""A review key in a long article is one entity's worth of work: it repaints only the
lines of the changed entity (and the cursor's), one row of the entity list, and the
next suggestion comes from the editor's sorted index, not a scan of every entity."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotations.models import Entity
from annotations.review.entity_index import EntityIndex
from annotations.store import Store
from tests.app_fixtures import article_from_text
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_list import EntityList

SIZE = (120, 36)
WORDS = ["India", "and", "Russia", "signed", "a", "defence", "agreement", "in", "Delhi", "today"]


class NoDetector:
    version = "none"

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        raise AssertionError("no detection expected")


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    """An article of 1,200 words with a suggestion on every sixth word."""
    rng = random.Random(3)
    words = [rng.choice(WORDS) for _ in range(1200)]
    text = " ".join(words) + "."
    article = article_from_text(text, title="Long").model_copy(update={"detected_with": "test"})
    path = tmp_path / "db.json"
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


def _visible_strips(view: ArticleView) -> dict[int, object]:
    top = int(view.scroll_offset.y)
    rows = range(top, top + view.size.height)
    return {row: view._cache[row] for row in rows if row in view._cache}


async def test_accept_repaints_only_the_entity_lines_and_the_cursor_lines(long_db: Path) -> None:
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "full_stop", "full_stop")
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
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
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "full_stop")
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
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
    with Store(long_db) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
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
