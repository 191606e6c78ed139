"""Metadata from text: dates, date lines, datelines, cited agencies, titles; hints win."""

from __future__ import annotations

import datetime as dt

import pytest

from annotations.corpus import clean
from annotations.corpus import metadata as md
from annotations.corpus.dates import date_line, find_dates, parse_date
from annotations.models import ArticleMeta

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 29, 2025", D(2025, 11, 29)),
        ("Nov. 29, 2025", D(2025, 11, 29)),
        ("29 November 2025", D(2025, 11, 29)),
        ("4th of December, 2025", D(2025, 12, 4)),
        ("2025-11-29T10:00:00Z", D(2025, 11, 29)),
        ("2025/11/29", D(2025, 11, 29)),
        ("29.11.2025", D(2025, 11, 29)),
        ("29/11/2025", D(2025, 11, 29)),
        ("11/29/2025", D(2025, 11, 29)),
        ("04/05/2025", None),  # ambiguous day/month: no guess
        ("February 30, 2025", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_find_dates_in_prose() -> None:
    found = find_dates("Signed on 4 December 2025 and ratified on Jan 20, 2026.")
    assert [f.date for f in found] == [D(2025, 12, 4), D(2026, 1, 20)]


@pytest.mark.parametrize(
    ("line", "updated", "place"),
    [
        ("- Dec 4, 2025,", False, None),
        ("- Updated Dec 4, 2025 11:18 PM IST", True, None),
        ("New Delhi | November 29, 2025 1:17:53 AM IST", False, "New Delhi"),
        ("Published: 29.11.2025 10:00", False, None),
        ("By Asha Rao | Nov 29, 2025", False, None),
    ],
)
def test_date_lines(line: str, updated: bool, place: str | None) -> None:
    found = date_line(line)
    assert found is not None and found.updated is updated and found.place == place


def test_prose_with_a_date_is_not_a_date_line() -> None:
    assert date_line("The two leaders met on Nov 29, 2025 in Delhi to talk trade.") is None


@pytest.mark.parametrize(
    ("lead", "place", "agency"),
    [
        ("New Delhi [India], November 29 : India and Russia held talks.", "New Delhi", None),
        ("MOSCOW, Dec 4 (Reuters) - Russia said on Thursday ...", "Moscow", "Reuters"),
        ("NEW DELHI: India on Wednesday tested a missile.", "New Delhi", None),
        ("MOSCOW, November 12. /TASS/. Russia and Vietnam agreed ...", "Moscow", "TASS"),
    ],
)
def test_datelines(lead: str, place: str, agency: str | None) -> None:
    found = md.dateline(lead)
    assert found is not None and found.place == place and found.agency == agency


def test_kicker_is_not_a_dateline() -> None:
    assert md.dateline("Putin's India Visit: The 22nd meeting was held today.") is None
    assert md.kicker("Putin's India Visit: The 22nd meeting was held today.") == (
        "Putin's India Visit"
    )
    assert md.kicker("Breaking: The meeting was held today.") is None


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ('... regional issues." (ANI)', "ANI"),
        ("(With inputs from ANI )", "ANI"),
        ("With inputs from PTI, Reuters", "PTI, Reuters"),
        ("Source: TASS", "TASS"),
        ("The talks were held in the capital (NATO).", None),
    ],
)
def test_closing_agency(paragraph: str, agency: str | None) -> None:
    assert md.closing_agency(paragraph) == agency


def test_title_from_lead_is_shortened_at_a_word() -> None:
    lead = "New Delhi [India], November 29 : " + "India and Russia held talks " * 10 + "today."
    title = md.title_from_lead(lead)
    assert title.startswith("India and Russia held talks") and title.endswith("…")
    assert len(title) <= 101


def test_scraper_field_lines() -> None:
    raw = (
        "Title: Navy gets new frigate\nDate: 2025-10-14\nURL: https://example.org/x\n\n"
        "The navy on Tuesday commissioned a new stealth frigate at a ceremony in the port city."
    )
    cleaned = clean(raw)
    assert cleaned.meta.title == "Navy gets new frigate"
    assert cleaned.meta.date == D(2025, 10, 14)
    assert cleaned.meta.url == "https://example.org/x"
    assert cleaned.body.startswith("The navy on Tuesday")


def test_hint_wins_and_removes_the_matching_headline() -> None:
    raw = (
        "Navy gets new frigate\n- Dec 4, 2025,\nThe navy on Tuesday commissioned a new "
        "stealth frigate at a ceremony in the port city, officials said."
    )
    hint = ArticleMeta(title="Navy gets new frigate", date=D(2025, 12, 5), publisher="Example")
    cleaned = clean(raw, hint)
    assert cleaned.meta.title == "Navy gets new frigate"
    assert cleaned.meta.date == D(2025, 12, 5)
    assert cleaned.meta.publisher == "Example"
    assert cleaned.body.startswith("The navy on Tuesday")


def test_no_date_is_not_guessed() -> None:
    raw = "The navy on Tuesday commissioned a new stealth frigate at a ceremony, officials said."
    assert clean(raw).meta.date is None


# -- the headline of a scraped page: the header line the article's lead repeats ------------
_LEAD = [
    "Defence ministers of Poland and Lithuania signed an agreement in Warsaw on Tuesday on "
    "the joint purchase of air-defence batteries, officials said after the talks.",
    "The batteries will be delivered over four years, and the ministers said the first "
    "would be stationed near the border before the end of next summer.",
]


def _page(*header: str) -> str:
    return "\n\n".join(["Menu", "Share", *header, *_LEAD, "Comments (12)", "Related stories"])


def test_the_headline_is_the_header_line_the_lead_repeats() -> None:
    """The first long header line used to be taken (the site's tagline here); the line whose
    words the lead repeats is the headline."""
    page = _page(
        "The Daily Chronicle, news you can trust every day",
        "Poland and Lithuania sign air-defence purchase agreement",
        "Anna Nowak, staff reporter",
    )
    cleaned = clean(page)
    assert cleaned.meta.title == "Poland and Lithuania sign air-defence purchase agreement"
    assert "Daily Chronicle" not in cleaned.body  # it stood before the headline: page header
    assert cleaned.body.startswith("Anna Nowak")


def test_a_caption_sentence_is_not_the_headline_however_much_it_repeats() -> None:
    caption = "Ministers of Poland and Lithuania in Warsaw."  # all its words are in the lead
    page = _page("Poland and Lithuania sign air-defence deal", caption)
    assert clean(page).meta.title == "Poland and Lithuania sign air-defence deal"


def test_a_headline_inside_the_section_of_a_header_residue_heading_is_found() -> None:
    """A "Comments (3)" counter link above the headline opens a section that takes the
    headline with it; the lead still names it the headline."""
    page = _page("Comments (3)\nPoland and Lithuania sign air-defence purchase deal")
    cleaned = clean(page)  # no blank line between them: the section goes on to the headline
    assert cleaned.meta.title == "Poland and Lithuania sign air-defence purchase deal"
    assert cleaned.body.startswith(_LEAD[0])


def test_without_an_echo_the_first_long_header_line_is_still_the_headline() -> None:
    page = _page("A headline that the article never repeats at all", "Another line of the header")
    assert clean(page).meta.title == "A headline that the article never repeats at all"


def test_echo_counts_the_content_words_a_lead_repeats() -> None:
    stop = frozenset({"the", "and", "of"})
    lead = md.content_words("The ministers of Poland and Lithuania met", stop)
    assert lead == {"ministers", "poland", "lithuania", "met"}
    assert md.echo("Poland and Lithuania: the deal", lead, stop) == (2, 2 / 3)
    assert md.echo("of the", lead, stop) == (0, 0.0)
