"""Suggestions from trigger words, status cues, and accept/reject semantics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annotations.entities import Detector, to_entities
from annotations.events import (
    accept,
    analyst_events,
    is_analyst_data,
    new_suggestions,
    reject,
    sentences,
    suggest_events,
    suggest_in_text,
)
from annotations.events.schema import load_schema
from annotations.models import Article, ArticleMeta, Entity, Event
from annotations.text import content_hash

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PUTIN = (
    "Russian President Vladimir Putin will pay a state visit to India from December 4-5 next "
    "month at the invitation of Indian Prime Minister Narendra Modi."
)


def _article(seed: str, date: dt.date | None) -> Article:
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    meta = ArticleMeta(date=date)
    return Article(
        id=seed, origin=seed, raw=text, text=text, text_hash=content_hash(text), meta=meta
    )


def _roles(event: Event, entities: list[Entity]) -> dict[str, list[str]]:
    by_id = {e.id: e for e in entities}
    found: dict[str, list[str]] = {}
    for arg in event.arguments:
        found.setdefault(arg.role, []).append(by_id[arg.entity_id].text)
    return found


@pytest.fixture(scope="module")
def seeds(detector: Detector) -> dict[str, tuple[Article, list[Entity]]]:
    dates = {
        "000": dt.date(2025, 11, 29),
        "001": dt.date(2025, 11, 29),
        "003": dt.date(2025, 12, 2),
    }
    articles = [_article(seed, date) for seed, date in dates.items()]
    mentions = detector.detect_many(a.text for a in articles)
    return {a.id: (a, to_entities(a.id, m)) for a, m in zip(articles, mentions, strict=True)}


def test_sentence_splitter_keeps_abbreviations() -> None:
    text = (
        "Mr. Modi met Dr. Jones on Dec. 4 in the U.S. Capitol. He left.\n"
        '"Go," he said. Then J. Doe spoke!'
    )
    found = [text[s:e] for s, e in sentences(text)]
    assert found == [
        "Mr. Modi met Dr. Jones on Dec. 4 in the U.S. Capitol.",
        "He left.",
        '"Go," he said.',
        "Then J. Doe spoke!",
    ]


@pytest.mark.parametrize("seed", ["000", "001"])
def test_putin_state_visit_is_suggested(seeds, seed: str) -> None:
    article, entities = seeds[seed]
    events = suggest_events(article, entities)
    [visit] = [e for e in events if e.type == "VISIT" and e.trigger_text == "state visit"]
    assert article.text[visit.trigger_start : visit.trigger_end] == "state visit"
    assert _roles(visit, entities) == {
        "Visitor": ["Vladimir Putin"],
        "Host": ["India"],
        "Time": ["December 4-5 next month"],
    }
    assert (visit.time_start, visit.time_end) == (dt.date(2025, 12, 4), dt.date(2025, 12, 5))
    assert visit.status == "planned"
    assert visit.state == "suggested" and not is_analyst_data(visit)


def test_ratify_from_seed_003(seeds) -> None:
    article, entities = seeds["003"]
    ratify = [e for e in suggest_events(article, entities) if e.type == "RATIFY"]
    triggers = {e.trigger_text for e in ratify}
    assert {"ratifies", "approved", "endorsed"} <= triggers
    approved = next(e for e in ratify if e.trigger_text == "approved")
    assert _roles(approved, entities)["Ratifier"] == ["State Duma"]
    endorsed = next(e for e in ratify if e.trigger_text == "endorsed")
    assert endorsed.time_start == dt.date(2025, 12, 2)  # "on Tuesday", article of Tue 2 Dec


def test_arms_procurement_from_seed_003(seeds) -> None:
    article, entities = seeds["003"]
    [buy, *_] = [e for e in suggest_events(article, entities) if e.type == "ARMS_PROCUREMENT"]
    assert buy.trigger_text == "procure"
    roles = _roles(buy, entities)
    assert roles["Buyer"][0] in ("India", "India’s Defense Ministry")
    assert any("S-400" in item for item in roles["Item"])
    assert buy.status == "planned"  # "seeking to procure"


def test_historical_signing(seeds) -> None:
    article, entities = seeds["001"]
    [sign] = [e for e in suggest_events(article, entities) if e.type == "SIGN_AGREEMENT"]
    assert sign.status == "historical"
    assert sign.time_start == dt.date(2000, 1, 1)
    assert set(_roles(sign, entities)["Signatories"]) == {"India", "Russia"}


def _hand(text: str, *spans: tuple[str, str]) -> list[Entity]:
    found = []
    for label, words in spans:
        start = text.index(words)
        found.append(
            Entity(article_id="a", start=start, end=start + len(words), label=label, text=words)
        )
    return found


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("India may buy 300 missiles from Russia.", "hypothetical"),
        ("India denied it would sign the pact with Russia.", "negated"),
        ("India will sign the pact with Russia.", "planned"),
        ("India signed the pact with Russia.", "asserted"),
        ("India signed the pact with Russia in 2000.", "historical"),
        ("India is expected to sign the pact with Russia.", "planned"),
    ],
)
def test_status_cues(text: str, status: str) -> None:
    entities = _hand(text, ("GPE", "India"), ("GPE", "Russia"))
    if "2000" in text:
        entities += _hand(text, ("DATE", "2000"))
    [event] = [
        e
        for e in suggest_in_text("a", text, dt.date(2025, 11, 29), entities)
        if e.type != "STATEMENT"
    ]
    assert event.status == status


def test_weak_trigger_needs_weapon_context() -> None:
    assert not suggest_in_text("a", "They struck a deal on trade.", None, [])
    [event] = suggest_in_text("a", "They struck a deal for 12 jets.", None, [])
    assert event.type == "ARMS_PROCUREMENT"


def test_user_schema_adds_types_and_triggers() -> None:
    schema = load_schema(Path(__file__).parent / "events_fixtures" / "good_extend.toml")
    text = "Washington sanctioned Moscow."
    entities = _hand(text, ("GPE", "Washington"), ("GPE", "Moscow"))
    [event] = suggest_in_text("a", text, None, entities, schema)
    assert event.type == "SANCTION"


def test_accept_and_reject_are_pure() -> None:
    text = "Putin will visit India."
    entities = _hand(text, ("PERSON", "Putin"), ("GPE", "India"))
    [suggestion] = suggest_in_text("a", text, None, entities)
    accepted = accept(suggestion, status="asserted", note="checked")
    assert (accepted.state, accepted.status, accepted.note) == ("accepted", "asserted", "checked")
    assert suggestion.state == "suggested"  # the original is untouched
    rejected = reject(suggestion)
    assert rejected.state == "rejected" and suggestion.state == "suggested"
    assert analyst_events([suggestion, accepted, rejected]) == [accepted]
    # Running the suggester again brings back neither the accepted nor the rejected one.
    again = suggest_in_text("a", text, None, entities)
    assert again[0].id == suggestion.id
    assert new_suggestions([rejected], again) == []
    assert new_suggestions([accepted], again) == []
    assert new_suggestions([], again) == again
