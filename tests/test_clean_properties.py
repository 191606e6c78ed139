"""Property tests: cleaning never raises, never invents text, and explains every removal."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.corpus.clean import clean_text
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
