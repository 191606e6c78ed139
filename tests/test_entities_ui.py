"""Pilot tests: teaching from the reader, the entities screen (merge, split, undo, jumps)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from annotations.entities import Mention
from annotations.models import Entity
from annotations.pipeline import detect
from annotations.review.links import OVERRIDES, OVERRIDES_ID, StoredOverrides
from annotations.store import Store
from tests.app_fixtures import article_from_text
from tui.app import NewsdeskApp, make_app
from tui.screens.entities import EntitiesScreen
from tui.screens.reader import ReaderScreen

SIZE = (120, 36)
TEXTS = {
    "a": "The Zorbex delegation met Vladimir Putin in Pune on Monday.",
    "b": "Officials from Zorbex arrived in Poona. Putin was not there.",
    "c": "Nothing much here, only Pune and Poona.",
    "d": "A Zorbex plant opened near Pune, Putin said.",
}
WORDS = (("Vladimir Putin", "PERSON"), ("Putin", "PERSON"), ("Zorbex", "ORG"),
         ("Pune", "GPE"), ("Poona", "GPE"))  # fmt: skip


class Fake:
    """Suggests the WORDS (longest first); the app must not need to call it."""

    version = "fake-ui-1"

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        pattern = re.compile("|".join(rf"\b{w}\b" for w, _ in WORDS))
        labels = dict(WORDS)
        for text in texts:
            yield [
                Mention(m.start(), m.end(), labels[m.group()], m.group())
                for m in pattern.finditer(text)
            ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "db.json") as s:
        s.add_articles([article_from_text(text, title) for title, text in TEXTS.items()])
        detect(s, Fake(), s.article_ids(), cache=False)
        yield s


def article_id(store: Store, title: str) -> str:
    return next(a.id for a in store.articles() if a.meta.title == title)


def found(store: Store, title: str, text: str) -> set[tuple[str, str, str]]:
    return {
        (e.label, e.source, e.state)
        for e in store.entities(article_id(store, title))
        if e.text == text
    }


async def open_reader_at(app: NewsdeskApp, pilot, title: str, word: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    store = app.store
    app.open_article(article_id(store, title), store.article_ids())
    await pilot.pause()
    reader = app.screen
    assert isinstance(reader, ReaderScreen)
    reader.view.move_to(reader.view.text.index(word))
    await pilot.pause()
    return reader


async def settle(app: NewsdeskApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_relabel_is_taught_to_other_articles_and_rejection_sticks(store: Store) -> None:
    app = make_app(store, detector=Fake())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await open_reader_at(app, pilot, "a", "Zorbex")
        await pilot.press("5")  # NORP
        await settle(app, pilot)
        assert found(store, "a", "Zorbex") == {("NORP", "model", "accepted")}
        for other in ("b", "d"):
            assert found(store, other, "Zorbex") == {("NORP", "taught", "suggested")}
        await pilot.press("escape")
        reader = await open_reader_at(app, pilot, "b", "Zorbex")
        assert "taught" in str(reader.query_one("#legend").render())
        await pilot.press("x")  # reject the taught suggestion
        await settle(app, pilot)
        assert found(store, "b", "Zorbex") == {("NORP", "taught", "rejected")}
        assert found(store, "d", "Zorbex") == set()  # withdrawn everywhere
    detect(store, Fake(), store.article_ids(), cache=False)  # re-detection
    assert found(store, "d", "Zorbex") == {("ORG", "model", "suggested")}  # NORP never again
    assert found(store, "b", "Zorbex") == {
        ("NORP", "taught", "rejected"),
        ("ORG", "model", "suggested"),
    }


def canonical(store: Store, text: str) -> set[str | None]:
    return {e.canonical_id for e in store.all("entities", Entity) if e.text == text}


async def test_merge_undo_and_split_on_the_entities_screen(store: Store) -> None:
    app = make_app(store, detector=Fake())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        screen = app.screen
        assert isinstance(screen, EntitiesScreen)
        assert canonical(store, "Putin") == {"PERSON:vladimir putin"}
        await pilot.press(*"poona", "enter", "m")
        assert screen.marked == "GPE:poona"
        await pilot.press("slash", *["backspace"] * 5, *"pune", "enter", "M")
        assert canonical(store, "Poona") == {"GPE:pune"}
        saved = store.get(OVERRIDES, OVERRIDES_ID, StoredOverrides)
        assert saved is not None and saved.merge == [["GPE:pune", "GPE:poona"]]
        assert len(screen.groups["GPE:pune"].mentions) == 5
        await pilot.press("u")
        assert canonical(store, "Poona") == {"GPE:poona"}
        await pilot.press("slash", *["backspace"] * 4, *"putin", "enter")
        mentions = screen.query_one("#mentions", DataTable)
        assert mentions.has_focus and mentions.row_count == 3
        short = next(
            e for e in screen.groups["PERSON:vladimir putin"].mentions if e.text == "Putin"
        )
        mentions.move_cursor(row=mentions.get_row_index(short.id))
        await pilot.press("s")
        assert canonical(store, "Putin") == {"PERSON:putin"}
        assert canonical(store, "Vladimir Putin") == {"PERSON:vladimir putin"}


async def test_enter_on_a_mention_opens_the_reader_at_it(store: Store) -> None:
    app = make_app(store, detector=Fake())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E", *"zorbex", "enter", "down", "enter")
        await pilot.pause()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        group = [e for e in store.all("entities", Entity) if e.text == "Zorbex"]
        group.sort(key=lambda e: (e.article_id, e.start))
        assert reader.article_id == group[1].article_id
        assert reader.view.cursor == group[1].start
        assert reader.order == list(dict.fromkeys(e.article_id for e in group))


async def test_l_in_the_reader_opens_the_entity_across_the_corpus(store: Store) -> None:
    app = make_app(store, detector=Fake())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await open_reader_at(app, pilot, "d", "Putin")
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntitiesScreen)
        assert screen._current() == "PERSON:vladimir putin"
        assert screen.query_one(Input).value == ""
        assert screen.query_one("#mentions", DataTable).row_count == 3
        await pilot.press("z", "o")  # typing in the list filters
        box = screen.query_one(Input)
        assert box.has_focus and box.value == "zo"
        assert screen._current() == "ORG:zorbex"
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, EntitiesScreen)


async def test_undoing_a_rejection_gives_the_other_articles_their_suggestions_back(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article_from_text(text, title) for title, text in TEXTS.items()])
        detect(store, Fake(), store.article_ids())  # cached beside the database, as the app does
        app = make_app(store, detector=Fake())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader_at(app, pilot, "a", "Zorbex")
            await pilot.press("x")
            await settle(app, pilot)
            assert found(store, "a", "Zorbex") == {("ORG", "model", "rejected")}
            assert found(store, "b", "Zorbex") == found(store, "d", "Zorbex") == set()
            await pilot.press("u")
            await settle(app, pilot)
            assert found(store, "a", "Zorbex") == {("ORG", "model", "suggested")}
            for other in ("b", "d"):
                assert found(store, other, "Zorbex") == {("ORG", "model", "suggested")}
