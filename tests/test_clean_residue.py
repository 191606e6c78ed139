"""Each kind of page residue is removed with a reason; article text around it is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

try:  # the standard library's own regex parser (renamed in 3.11)
    import re._parser as sre
except ImportError:  # pragma: no cover
    import sre_parse as sre  # type: ignore[no-redef]

from annotations.corpus import clean, residue

GOLD = Path(__file__).resolve().parent.parent / "bench" / "clean_gold"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

P1 = (
    "Officials from both countries met on Monday to discuss a new agreement on naval "
    "exercises and port calls, the foreign ministry said in a statement."
)
P2 = (
    "The minister said the talks had been useful and that a second round would be held in "
    "the spring, after experts from both sides prepare a draft text."
)
P3 = "The agreement still has to be ratified by both parliaments before it can take effect."


def _page(middle: str = "", tail: str = "", head: str = "") -> str:
    parts = [head, "Ministers agree on new naval exercises", P1, middle, P2, P3, tail]
    return "\n".join(p for p in parts if p)


def _assert_removed(raw: str, residue: str, reason_word: str) -> None:
    cleaned = clean(raw)
    for line in residue.split("\n"):
        assert line not in cleaned.body.split("\n")
    assert all(p in cleaned.body for p in (P1, P2, P3))
    reasons = " ".join(b.reason for b in cleaned.removed if residue.split("\n")[0] in b.text)
    assert reason_word in reasons


@pytest.mark.parametrize(
    ("residue", "reason_word"),
    [
        ("Advertisement", "advertising"),
        ("Story continues below advertisement", "advertising"),
        ("Also read: Army inducts new air defence guns", "another story"),
        ("READ MORE: Talks on fertiliser supply resume", "another story"),
        ("Photo: Reuters", "photo"),
        ("(File photo)", "photo"),
        ("Image credit: Getty Images", "photo"),
        ("Share this article", "share"),
        ("Follow us on Google News", "social"),
        ("Sign up for our daily newsletter to get the top stories delivered to your inbox.",
         "newsletter"),
        ("Subscribe to continue reading", "subscription"),
        ("We use cookies to give you the best experience. By continuing you agree.", "cookie"),
    ],
)  # fmt: skip
def test_inline_residue(residue: str, reason_word: str) -> None:
    _assert_removed(_page(middle=residue), residue, reason_word)


@pytest.mark.parametrize(
    ("residue", "reason_word"),
    [
        ("Comments (3)\nLeave a comment\nGreat article, thanks!", "comment"),
        ("Related Stories\nArmy inducts new guns\nNavy gets new ship", "headlines"),
        ("TRENDING TOPICS\nMarkets fall for third day...\nMonsoon arrives ear...", "headlines"),
        ("Legal Disclaimer:\nThe provider gives this information as is\nwithout any warranty.",
         "disclaimer"),
        ("Tags: navy, exercises, diplomacy", "tags"),
        ("© 2025 Example Media. All rights reserved.", "copyright"),
        ("Download the App for the latest news updates", "app"),
    ],
)  # fmt: skip
def test_trailing_residue(residue: str, reason_word: str) -> None:
    _assert_removed(_page(tail=residue), residue, reason_word)


@pytest.mark.parametrize(
    ("residue", "reason_word"),
    [
        ("404\nPage not found", "error"),
        ("Sorry!!\nError! The page you were looking for doesn't exist.", "error"),
        ("Skip to main content\nHome | World | Business", "navigation"),
        ("By Asha Rao", "byline"),
        ("Friday, March 20, 2026", "page date"),
    ],
)
def test_header_residue(residue: str, reason_word: str) -> None:
    _assert_removed(_page(head=residue), residue, reason_word)


def test_byline_after_headline_is_removed() -> None:
    raw = _page().replace(P1, "By Asha Rao and Jim Gomez\n" + P1)
    _assert_removed(raw, "By Asha Rao and Jim Gomez", "byline")


def test_prose_that_mentions_residue_words_is_kept() -> None:
    prose = (
        "The ministry said it would not comment on the page of the report that was leaked, "
        "and asked readers to subscribe to official channels instead of rumours."
    )
    cleaned = clean(_page(middle=prose, tail="Comments from the opposition were harsh."))
    assert prose in cleaned.body
    assert "Comments from the opposition were harsh." in cleaned.body


def test_short_lines_inside_the_body_are_kept() -> None:
    raw = _page(middle="A long road to delivery")
    assert "A long road to delivery" in clean(raw).body


def test_repeated_paragraphs_keep_the_first_copy() -> None:
    raw = _page(tail="\n".join([P1, P2]))
    cleaned = clean(raw)
    assert cleaned.body.count(P1) == 1 and cleaned.body.count(P2) == 1
    assert any("repeated" in b.reason for b in cleaned.removed)


def test_standfirst_repeated_inside_the_body_is_removed() -> None:
    standfirst = (
        "A second round of talks on the naval exercises will be held in the spring, "
        "the ministry said."
    )
    raw = _page(head="").replace(P1, standfirst + "\n" + P1 + " " + standfirst)
    cleaned = clean(raw)
    assert cleaned.body.count(standfirst) == 1
    assert any("inside another paragraph" in b.reason for b in cleaned.removed)


def test_short_repeats_and_passages_quoted_after_their_paragraph_stay() -> None:
    # recall first: a refrain, a hard-wrapped fragment or a pull quote may be article text
    quote = "A second round of talks will be held in the spring."
    raw = _page(middle=f"{P1} {quote}\n{quote}\nWe will meet again.\nWe will meet again.")
    body = clean(raw).body
    assert body.count(quote) == 2 and body.count("We will meet again.") == 2


@pytest.mark.parametrize(
    "name", ["wire_cookie", "daily_alsoread", "agency_paywall", "blog_subheads"]
)
def test_written_down_pages_match_their_gold_body(name: str) -> None:
    raw = (GOLD / f"{name}.raw.txt").read_text(encoding="utf-8")
    gold = (GOLD / f"{name}.body.txt").read_text(encoding="utf-8")
    body = clean(raw).body
    assert [ln for ln in body.split("\n") if ln] == gold.strip().split("\n")


def test_hard_wrapped_last_paragraph_is_kept() -> None:
    wrapped = "The talks will continue\nnext week in Moscow, where\nofficials said a deal is close."
    cleaned = clean(_page(tail=wrapped + "\nRelated Stories\nArmy inducts new guns"))
    assert "The talks will continue next week" not in cleaned.body  # lines are kept as lines
    assert wrapped in cleaned.body
    assert "Army inducts" not in cleaned.body


def test_a_policy_link_above_a_hard_wrapped_article_does_not_take_it() -> None:
    # a scraped page whose article is hard-wrapped: no line of it ends like a sentence
    article = [
        "San Diego State University wants its proposed stadium in Mission Valley to be",
        "a beacon for high-profile events, not just college football games, and it expects",
        "to enlist a premier management company to give the venue a name on a national scale.",
        "Earlier this month, the athletics department published a request for proposals to",
        "manage, operate and maintain the stadium, which should open in the autumn of 2022.",
    ]
    page = "\n".join(["Home", "Our standards", "Share", *article, "Privacy Policy"])
    body = clean(page).body
    assert body.split("\n")[-5:] == article
    assert "Our standards" not in body


def _anchored(items: list) -> bool:
    """Whether every way through a parsed pattern starts with ^."""
    if not items:
        return False
    op, arg = items[0]
    if op == sre.BRANCH:
        return all(_anchored(list(branch)) for branch in arg[1])
    if op == sre.SUBPATTERN:
        return _anchored(list(arg[3]))
    return op == sre.AT and arg == sre.AT_BEGINNING


def test_the_cheap_prefilter_never_hides_a_match() -> None:
    # rules without needle words are tried only when the line starts like one of them
    for rule in residue.RULES:
        assert rule.needles or _anchored(list(sre.parse(rule.pattern.pattern))), rule.reason
    lines = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().split("\n")]
    lines += [line for path in sorted(GOLD.glob("*.txt")) for line in path.read_text().split("\n")]
    lines += [
        "We use cookies to improve your experience", "Sign up for our newsletter today",
        "Photo: AFP via Getty Images", "Support independent journalism: donate now",
        "All rights reserved", "Download the app for more", "Follow us on Twitter",
    ]  # fmt: skip
    for line in {" ".join(ln.split()) for ln in lines if ln.strip()}:
        words = len(line.split())
        plain = next(
            (r for r in residue.RULES if words <= r.max_words and r.pattern.search(line)), None
        )
        assert residue.match(line, words) == plain, line
