"""Date normalisation relative to the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from annotations.events import event_time, normalise_date

D = dt.date
REF = D(2025, 11, 29)  # a Saturday: the date of seeds 000 and 001


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Friday", D(2025, 11, 28), D(2025, 11, 28)),
        ("on Tuesday", D(2025, 11, 25), D(2025, 11, 25)),
        ("next month", D(2025, 12, 1), D(2025, 12, 31)),
        ("last month", D(2025, 10, 1), D(2025, 10, 31)),
        ("earlier this month", D(2025, 11, 1), D(2025, 11, 29)),
        ("December 4-5", D(2025, 12, 4), D(2025, 12, 5)),
        ("December 4\u20135", D(2025, 12, 4), D(2025, 12, 5)),
        ("from December 4-5 next month", D(2025, 12, 4), D(2025, 12, 5)),
        ("4-5 next month", D(2025, 12, 4), D(2025, 12, 5)),
        ("26-28 Nov 2025", D(2025, 11, 26), D(2025, 11, 28)),
        ("from November 26 to 28", D(2025, 11, 26), D(2025, 11, 28)),
        ("Nov 30 - Dec 2", D(2025, 11, 30), D(2025, 12, 2)),
        ("last week", D(2025, 11, 17), D(2025, 11, 23)),
        ("this week", D(2025, 11, 24), D(2025, 11, 30)),
        ("this year", D(2025, 1, 1), D(2025, 12, 31)),
        ("in 2000", D(2000, 1, 1), D(2000, 12, 31)),
        ("September 1 this year", D(2025, 9, 1), D(2025, 9, 1)),
        ("June 2025", D(2025, 6, 1), D(2025, 6, 30)),
        ("Dec. 4, 2025", D(2025, 12, 4), D(2025, 12, 4)),
        ("the 4th of December", D(2025, 12, 4), D(2025, 12, 4)),
        ("the early 1960s", D(1960, 1, 1), D(1963, 12, 31)),
        ("yesterday", D(2025, 11, 28), D(2025, 11, 28)),
        ("3 days ago", D(2025, 11, 26), D(2025, 11, 26)),
        ("next Friday", D(2025, 12, 5), D(2025, 12, 5)),
        ("2025-12-04/2025-12-05", D(2025, 12, 4), D(2025, 12, 5)),
    ],
)
def test_normalise(text: str, start: dt.date, end: dt.date) -> None:
    assert normalise_date(text, REF) == (start, end)


@pytest.mark.parametrize(
    "text", ["since 2021", "annual", "two-day", "", "before the end of the year"]
)
def test_not_a_date(text: str) -> None:
    assert normalise_date(text, REF) is None


def test_weekday_follows_tense() -> None:
    thursday = D(2025, 12, 4)  # seed 004: "He will meet Modi on Friday"
    assert normalise_date("Friday", thursday, "future") == (D(2025, 12, 5), D(2025, 12, 5))
    assert normalise_date("on Thursday", thursday, "past") == (thursday, thursday)


def test_year_is_chosen_near_the_article() -> None:
    assert normalise_date("January 5", D(2025, 12, 20)) == (D(2026, 1, 5), D(2026, 1, 5))
    assert normalise_date("May", D(2025, 12, 2), "past") == (D(2025, 5, 1), D(2025, 5, 31))


def test_without_article_date_only_absolute_dates() -> None:
    assert normalise_date("December 4-5", None) is None
    assert normalise_date("Friday", None) is None
    assert normalise_date("December 4-5, 2025", None) == (D(2025, 12, 4), D(2025, 12, 5))


def test_dateparser_fallback() -> None:
    assert normalise_date("2 weeks ago", REF) == (D(2025, 11, 15), D(2025, 11, 15))
    assert normalise_date("4 December 2025 evening", None) == (D(2025, 12, 4), D(2025, 12, 4))


def test_event_time_single_day_has_no_end() -> None:
    assert event_time("Friday", REF) == (D(2025, 11, 28), None)
    assert event_time("December 4-5", REF) == (D(2025, 12, 4), D(2025, 12, 5))
    assert event_time("annual", REF) == (None, None)
