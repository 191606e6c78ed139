"""Taught by the analyst: accepted entities become patterns, rejections stick."""

from __future__ import annotations

from annotations.entities import Mention, to_entities
from annotations.entities.teach import TAUGHT, TaughtPatterns
from annotations.models import Entity


def entity(text: str, label: str, state: str = "accepted", source: str = "model") -> Entity:
    return Entity(
        article_id="a", start=0, end=len(text), text=text, label=label, state=state, source=source
    )


def test_accepted_text_is_suggested_elsewhere() -> None:
    taught = TaughtPatterns.from_entities([entity("Tri-Service Guard of Honour", "ORG")])
    text = "He inspected the Tri-Service Guard of Honour at Palam."
    [m] = taught.suggest(text)
    assert (m.text, m.label, m.source) == ("Tri-Service Guard of Honour", "ORG", TAUGHT)
    assert text[m.start : m.end] == m.text


def test_added_by_analyst_counts_and_words_are_bounded() -> None:
    taught = TaughtPatterns.from_entities([entity("Palam", "FAC", "suggested", "analyst")])
    assert [m.text for m in taught.suggest("Palam, not Palampur.")] == ["Palam"]


def test_rejected_pair_is_never_suggested_again() -> None:
    taught = TaughtPatterns.from_pairs(
        accepted=[("X", "ORG"), ("Seaman", "ORG")], rejected=[("Seaman", "ORG")]
    )
    model = [Mention(0, 6, "ORG", "Seaman"), Mention(11, 16, "GPE", "Delhi")]
    kept = taught.apply("Seaman ran. Delhi.", model)
    assert [(m.text, m.label) for m in kept] == [("Delhi", "GPE")]


def test_a_correction_replaces_the_model_label() -> None:
    taught = TaughtPatterns.from_entities(
        [entity("Palam", "FAC"), entity("Palam", "ORG", state="rejected")]
    )
    text = "He was received at Palam."
    got = taught.apply(text, [Mention(19, 24, "ORG", "Palam")])
    assert [(m.text, m.label, m.source) for m in got] == [("Palam", "FAC", TAUGHT)]


def test_taught_span_replaces_overlapping_model_spans() -> None:
    taught = TaughtPatterns.from_pairs([("Tri-Service Guard of Honour", "ORG")])
    text = "the Tri-Service Guard of Honour"
    got = taught.apply(text, [Mention(4, 21, "ORG", "Tri-Service Guard")])
    assert [m.text for m in got] == ["Tri-Service Guard of Honour"]


def test_identical_model_span_is_kept_as_is() -> None:
    taught = TaughtPatterns.from_pairs([("Putin", "PERSON")])
    got = taught.apply("Putin", [Mention(0, 5, "PERSON", "Putin")])
    assert [m.source for m in got] == ["model"]


def test_nothing_taught_changes_nothing() -> None:
    taught = TaughtPatterns.from_pairs([])
    assert not taught
    assert taught.apply("abc", [Mention(0, 3, "ORG", "abc")]) == [Mention(0, 3, "ORG", "abc")]


def test_taught_mentions_store_as_rule_until_the_model_knows_taught() -> None:
    [e] = to_entities("a", [Mention(0, 5, "FAC", "Palam", TAUGHT)])
    assert e.source in ("rule", TAUGHT)
