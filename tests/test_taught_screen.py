"""Pilot tests of the taught patterns screen (F3): listed with counts, switched off by keys."""

from __future__ import annotations

from textual.widgets import DataTable

from annotations.pipeline import detect, taught_patterns
from annotations.review.teaching import OFF, SwitchedOff
from annotations.store import Store
from tests.test_entities_ui import SIZE, Fake, found, open_reader_at, settle, store  # noqa: F401
from tui.app import make_app
from tui.screens.taught import TaughtScreen


async def test_switching_a_taught_pattern_off_removes_its_suggestions(store: Store) -> None:  # noqa: F811
    app = make_app(store, detector=Fake())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await open_reader_at(app, pilot, "a", "Zorbex")
        await pilot.press("5")  # relabel as NORP: taught to b and d
        await settle(app, pilot)
        reader = await open_reader_at(app, pilot, "b", "Zorbex")
        await pilot.press("a")  # the analyst accepts the one in b: reviewed, it stays
        await settle(app, pilot)
        assert found(store, "b", "Zorbex") == {("NORP", "taught", "accepted")}
        assert found(store, "d", "Zorbex") == {("NORP", "taught", "suggested")}
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, TaughtScreen)
        table = screen.query_one("#taught", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["Zorbex", "NORP", "2", "1", "on"] in rows
        index = next(i for i, r in enumerate(rows) if r[:2] == ["Zorbex", "NORP"])
        await pilot.press(*["down"] * index, "space")
        assert found(store, "d", "Zorbex") == set()  # its remaining suggestion is gone
        assert found(store, "b", "Zorbex") == {("NORP", "taught", "accepted")}
        assert [(d.text, d.label) for d in store.all(OFF, SwitchedOff)] == [("Zorbex", "NORP")]
        assert "1 suggestions removed" in str(screen.query_one("#taught-status").render())
        assert [str(c) for c in table.get_row_at(index)][3:] == ["0", "off"]
        detect(store, Fake(), [a.id for a in store.articles() if a.meta.title == "d"])
        assert ("NORP", "taught", "suggested") not in found(store, "d", "Zorbex")
        assert "Zorbex" not in taught_patterns(store).taught
        await pilot.press("space")  # back on: suggested again
        await settle(app, pilot)
        assert found(store, "d", "Zorbex") == {("NORP", "taught", "suggested")}
        assert list(store.all(OFF, SwitchedOff)) == []
        await pilot.press("escape")
        assert not isinstance(app.screen, TaughtScreen)
    del reader
