"""Property tests: cleaning never raises, never invents text, and explains every removal."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.corpus.clean import NAV_MENU, clean_text
from annotations.text import neutralise_controls, normalise_newlines

_LINES = st.sampled_from(
    [
        "Officials from both countries met on Monday to discuss a new agreement on trade.",
        "The minister said the talks were useful and that more meetings would follow soon.",
        '"We are ready to work together," he said after the meeting in the capital city.',
        "Russia and India signed the deal.",
        "Advertisement",
        "Also read: Another story about something else",
        "Share this article",
        "Comments",
        "No comment",
        "Top Stories",
        "Iran claims 'world's first' hit on US' f...",
        "More...",
        "Friday, March 20, 2026",
        "- Updated Dec 4, 2025 11:18 PM IST",
        "New Delhi | November 29, 2025 1:17:53 AM IST",
        " date 2025-11-29 New Delhi [India], November 29 : India and Russia held talks today.",
        "Legal Disclaimer:",
        "By John Smith",
        "Photo: Reuters",
        "403",
        "Title: Something happened",
        "A subheading",
        "",
        "\u00a0",
    ]
)
_PAGES = st.lists(_LINES, max_size=25).map("\n".join)
_ANY = st.text(max_size=400)


def _prepared(text: str) -> str:
    return neutralise_controls(normalise_newlines(text))


def _check(raw: str) -> None:
    cleaned = clean_text(raw)
    previous_end = -1
    for block in cleaned.removed:
        assert raw[block.start : block.end] == block.text
        assert block.start >= previous_end and block.reason
        previous_end = block.end
    remaining = iter(raw.split())
    assert all(word in remaining for word in cleaned.body.split())


@settings(max_examples=300, deadline=None)
@given(_ANY)
def test_arbitrary_text(text: str) -> None:
    _check(_prepared(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PAGES)
def test_page_like_text(page: str) -> None:
    _check(page)


_PROSE = st.lists(
    _LINES.filter(lambda ln: not ln.lstrip().startswith(("date", "Title"))), max_size=25
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(_PROSE)
def test_cleaning_a_body_again_changes_nothing(page: str) -> None:
    once = clean_text(page).body
    assert clean_text(once).body == once


def test_a_copy_of_the_headline_under_it_goes_in_the_first_clean() -> None:
    # the page names its headline twice (Readability's gitlab-blog page): the copy
    # used to stay in the body, and cleaning that body with its title took it then
    title = "Three surprising findings from our global developer survey"
    header = f"Blog\n{title}\nPublished on: June 25, 2024\n5 min read\n{title}"
    page = f"{header}\n{_LEAD}\n{_LEAD[:-1]} again."
    once = clean_text(page)
    assert once.meta.title == title
    assert once.body == f"{_LEAD}\n{_LEAD[:-1]} again."
    assert clean_text(once.body, once.meta).body == once.body


@settings(max_examples=200, deadline=None)
@given(_PROSE)
def test_cleaning_a_body_again_with_its_metadata_changes_nothing(page: str) -> None:
    once = clean_text(page)
    again = clean_text(once.body, once.meta)
    assert (again.body, again.meta) == (once.body, once.meta)


# Falsifying examples found by hypothesis, kept as explicit regressions.
_LEAD = "Officials from both countries met on Monday to discuss a new agreement on trade."
_SUB = "A subheading"


@pytest.mark.parametrize(
    "page",
    [
        # a removed line ("Advertisement") split a run of tiny lines in the first pass only
        f"{_SUB}\n{_SUB}\nAdvertisement\n{_SUB}\n{_LEAD}",
        f"{_SUB}\nAdvertisement\n{_SUB}\n{_SUB}\n{_LEAD}",
        # a headline before the run stopped the menu rule in the first pass only
        f"Russia and India signed the deal.\n{_SUB}\n{_SUB}\n{_SUB}\n{_LEAD}",
        f"Russia and India signed the deal.\n\n{_SUB}\n\n{_SUB}\n{_SUB}\n\n{_LEAD}",
    ],
)
def test_cleaning_a_body_again_changes_nothing_examples(page: str) -> None:
    # (the lead-sentence case is below: it has no subheadings)
    once = clean_text(page).body
    assert clean_text(once).body == once
    assert once.count(_SUB) == 3  # recall first: tiny lines without page residue stay


def test_a_lead_sentence_before_page_residue_stays_and_cleaning_again_changes_nothing() -> None:
    page = (
        f"{_LEAD}\nRussia and India signed the deal.\nAdvertisement\nAdvertisement\n"
        'Legal Disclaimer:\n"We are ready to work together," he said after the meeting.'
    )
    once = clean_text(page).body
    assert _LEAD in once  # the classifier alone never removes a full sentence of prose
    assert clean_text(once).body == once


def test_tiny_lines_next_to_page_residue_are_still_a_menu() -> None:
    page = f"Skip to main content\nWorld\nBusiness\nMarkets\n{_LEAD}"
    cleaned = clean_text(page)
    assert cleaned.body == _LEAD
    assert any(b.reason == NAV_MENU and "Business" in b.text for b in cleaned.removed)
    assert clean_text(cleaned.body).body == cleaned.body


def test_tiny_lines_without_page_residue_stay() -> None:
    page = f"World\nBusiness\nMarkets\n{_LEAD}"
    assert clean_text(page).body == page


def test_standfirst_after_headline_survives_a_second_pass() -> None:
    # the body opens with the standfirst, which on its own looks like a headline; a
    # body shows no page residue, so a second clean leaves its first line alone
    title = "Russia, India sign defence pact"
    standfirst = "The deal covers joint production of tanks"
    once = clean_text(f"Advertisement\n{title}\n{standfirst}\n{_LEAD}")
    assert (once.meta.title, once.body) == (title, f"{standfirst}\n{_LEAD}")
    assert clean_text(once.body).body == once.body


def test_a_text_without_page_residue_keeps_its_first_line_and_is_titled_by_it() -> None:
    # an article saved as text (or a cleaned body): nothing says its first line is a
    # page's headline rather than the article's, so it stays (recall first)
    title = "Russia, India sign defence pact"
    cleaned = clean_text(f"{title}\n{_LEAD}")
    assert (cleaned.meta.title, cleaned.body) == (title, f"{title}\n{_LEAD}")
    for residue in ("Advertisement\n", " date 2025-11-29 \n"):
        scraped = clean_text(f"{residue}{title}\n{_LEAD}")
        assert (scraped.meta.title, scraped.body) == (title, _LEAD)


def test_a_hard_wrapped_first_line_is_prose_not_the_headline() -> None:
    # the next line starts in lower case: it continues this one, so neither is a headline
    first = "The two governments agreed on Monday to build the new tanks"
    page = f"{first}\ntogether, officials said after a long meeting in the capital.\n{_LEAD}"
    assert clean_text(page).body == page
    page = f"Officials met\n{first}\ntogether, officials said after the meeting\n{_LEAD}"
    assert clean_text(page).body == page
