"""The five bundled seed pages clean to the right body and metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annotations.corpus import clean
from annotations.models import Cleaned

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(number: str) -> tuple[str, Cleaned]:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    return raw, clean(raw)


@pytest.fixture(scope="module", params=["000", "001", "002", "003", "004"])
def seed(request: pytest.FixtureRequest) -> tuple[str, Cleaned]:
    return _seed(request.param)


def test_removed_blocks_point_into_raw(seed: tuple[str, Cleaned]) -> None:
    raw, cleaned = seed
    for block in cleaned.removed:
        assert raw[block.start : block.end] == block.text
        assert block.reason


def test_body_words_come_from_raw_in_order(seed: tuple[str, Cleaned]) -> None:
    raw, cleaned = seed
    words = iter(raw.split())
    assert all(word in words for word in cleaned.body.split())


def test_cleaning_a_body_again_changes_nothing(seed: tuple[str, Cleaned]) -> None:
    _, cleaned = seed
    assert clean(cleaned.body).body == cleaned.body


def test_seed_000_page_residue_and_dates() -> None:
    _, c = _seed("000")
    assert c.meta.title == "Russian delegation visits India to strengthen defence cooperation"
    assert c.meta.date == dt.date(2025, 11, 29)
    assert c.meta.page_date == dt.date(2026, 3, 20)
    assert c.meta.dateline == "New Delhi"
    assert c.meta.source == "ANI"
    assert c.body.startswith("A four-member delegation from the Russian Land Forces")
    assert c.body.endswith('regional issues." (ANI)')
    for residue in ("SocialTwist", "Print this Page", "LATEST COMMENTS", "POST YOUR COMMENT",
                    "TRENDING TOPICS", "CITY NEWS", "MORE WORLD NEWS", "More...", "Top Stories",
                    "...", "March 20, 2026", "1:17:53"):  # fmt: skip
        assert residue not in c.body
    reasons = {b.reason for b in c.removed}
    assert any("comment" in r for r in reasons)
    assert any("headlines" in r for r in reasons)


def test_seed_001_prefix_and_lead_title() -> None:
    _, c = _seed("001")
    assert c.meta.date == dt.date(2025, 11, 29)
    assert c.meta.dateline == "New Delhi"
    assert c.meta.title.startswith("India and Russia held an expert panel meeting in New Delhi")
    assert len(c.meta.title) <= 110
    assert not c.body.startswith(" date")
    assert "date 2025-11-29" not in c.body
    assert c.body.startswith("New Delhi [India], November 29 : India and Russia held")
    assert c.body.endswith('"Special and Privileged Strategic Partnership."')
    assert c.removed[0].text == " date 2025-11-29 "


def test_seed_002_kicker_title() -> None:
    _, c = _seed("002")
    assert c.meta.date == dt.date(2025, 12, 4)
    assert c.meta.title == "Putin's India Visit"
    assert c.body.startswith("Putin's India Visit: The 22nd India-Russia Inter-Governmental")
    assert c.body.endswith("cultural initiatives, and scientific collaboration.")


def test_seed_003_error_page_repeat_and_disclaimer() -> None:
    _, c = _seed("003")
    assert c.meta.title == "Russia’s parliament ratifies deal on army partnership with India"
    assert c.meta.date is None
    assert c.meta.source == "MENAFN"
    assert c.body.startswith("(MENAFN) Russia’s State Duma has approved")
    assert c.body.endswith("essential for preserving regional airpower parity.")
    assert c.body.count("The agreement is designed to enhance coordination") == 1
    for residue in ("403", "Sorry!!", "Error!", "Legal Disclaimer", "warranty", "No comment"):
        assert residue not in c.body
    assert "Comments" not in c.body


def test_seed_004_standfirst_and_repeated_body() -> None:
    _, c = _seed("004")
    assert c.meta.title == (
        "‘We’ve been eagerly waiting for Putin’s visit’: Defence Minister Rajnath Singh on "
        "Summit strengthening India-Russia partnership"
    )
    assert c.meta.date == dt.date(2025, 12, 4)
    assert c.meta.source == "ANI"
    assert c.body.startswith("Defence Minister Rajnath Singh on Thursday said")
    assert c.body.endswith("(With inputs from ANI )")
    assert c.body.count("The IRIGC-M&MTC session reviewed key areas") == 1
    assert c.body.count("Defence Minister Rajnath Singh on Thursday said") == 1
    assert c.body.count("With inputs from ANI") == 1
    assert "Updated" not in c.body
    assert "Dec 4, 2025" not in c.body
