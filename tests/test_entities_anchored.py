"""Token patterns run around their anchors find what spaCy's Matcher finds on the
whole text: the same spans, labels and ids, on sentences written to hit every kind."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from annotations.entities import Detector
from annotations.entities.anchored import WINDOW, Anchor, AnchoredMatcher, anchor_of
from annotations.entities.rules import load_patterns

TEXTS = [
    "A KC-135R Stratotanker refuelled two fighter jets before the air strikes on 2024-03-05.",
    "USS Mahan and HMS Daring sailed; the Ukraine conflict and the Syrian civil war went on.",
    "Rosatom signed the Treaty on Open Skies at the SCO Summit, and VBIEDs hit the town.",
    "The Igla-S and Tor-M2 systems were deployed with main battle tanks and cruise missiles.",
    "Nothing here matches: a plain sentence about the weather in the city on Monday.",
]


def token_patterns() -> list[dict]:
    return [p for p in load_patterns() if not isinstance(p["pattern"], str)]


def whole_text(detector: Detector, text: str) -> set[tuple[int, int, str, str]]:
    doc = detector.nlp.make_doc(text)
    found = set()
    for p in token_patterns():
        matcher = Matcher(detector.nlp.vocab, validate=False)
        matcher.add("rule", [p["pattern"]])
        found |= {(s, e, p["label"], p.get("id", "")) for _, s, e in matcher(doc)}
    return found


def anchored(detector: Detector, text: str) -> set[tuple[int, int, str, str]]:
    doc = detector.nlp.make_doc(text)
    rules = AnchoredMatcher(detector.nlp.vocab, "test")
    rules.add_patterns(token_patterns())
    return {(s.start, s.end, s.label_, s.id_) for s in rules(doc).spans["test"]}


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_matches_as_on_the_whole_text(detector: Detector, text: str) -> None:
    assert anchored(detector, text) == whole_text(detector, text)


def test_every_kind_of_pattern_is_hit(detector: Detector) -> None:
    kinds = {kind for text in TEXTS for _, _, _, kind in anchored(detector, text)}
    assert {"ship", "designation", "acronym-weapon", "lexicon", "shape", "conflict"} <= kinds
    assert {"context", "company-shape"} <= kinds


def test_matches_far_from_the_start_of_a_long_text(detector: Detector) -> None:
    text = "Words and more words. " * 200 + TEXTS[0]
    assert anchored(detector, text) == whole_text(detector, text)
    assert any(kind == "designation" for *_, kind in anchored(detector, text))


def test_the_anchor_is_the_rarest_required_token() -> None:
    conflict = [{"LOWER": "the"}, {"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["war"]}}]
    assert anchor_of(conflict) == Anchor("LOWER", ("war",))
    date = [{"TEXT": {"REGEX": "^\\d{4}$"}}, {"ORTH": "-"}, {"TEXT": {"REGEX": "^\\d\\d$"}}]
    assert anchor_of(date) == Anchor("ORTH", ("-",))
    assert anchor_of([{"TEXT": {"REGEX": "^S-\\d+$"}}]) == Anchor("REGEX", ("^S-\\d+$",))
    assert anchor_of([{"IS_TITLE": True, "OP": "*"}]) is None
    assert WINDOW >= 8
