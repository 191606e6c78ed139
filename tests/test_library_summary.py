"""The library's summary line: counts kept up to date a row at a time, equal to a recount."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotations.library import Summary, Totals
from annotations.store import Store
from tests.test_review_keys import SIZE, NoDetector, make_db, open_reader
from tui.app import make_app

STATUSES = ("new", "in_progress", "done")
STATES = ("suggested", "accepted", "rejected")

rows = st.builds(
    lambda i, status, states: Summary(
        id=f"a{i}",
        order=i,
        title="t",
        date=None,
        source="",
        status=status,
        duplicate_of=None,
        detected=True,
        states=Counter(states),
    ),
    st.integers(0, 5),
    st.sampled_from(STATUSES),
    st.dictionaries(st.sampled_from(STATES), st.integers(0, 9)),
)


@given(st.lists(rows, max_size=30))
def test_totals_kept_row_by_row_equal_a_recount(changes: list[Summary]) -> None:
    current: dict[str, Summary] = {}
    totals = Totals()
    for row in changes:  # each row replaces the earlier one of the same id
        if row.id in current:
            totals.remove(current[row.id])
        totals.add(row)
        current[row.id] = row
    recount = Totals(current.values())
    assert +totals.statuses == +recount.statuses
    assert +totals.states == +recount.states


def summary(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#library-summary").render())


async def test_summary_follows_a_review_made_in_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    make_db(path)
    with Store(path) as store:
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            assert "0/6 entities reviewed" in summary(app)
            await open_reader(pilot)
            await pilot.press("tab", "a", "x", "shift+tab", "escape")
            await pilot.pause()
            assert "2/6 entities reviewed (33%)" in summary(app)
            assert summary(app).startswith("1 articles: 1 new, 0 in progress, 0 done"), summary(app)
