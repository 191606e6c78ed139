"""Post-processing of model habits, as pure functions and through the detector."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from annotations.entities import Detector, to_entities
from annotations.entities.merge import acronym_spans, resolve
from annotations.entities.rules import Span
from annotations.entities.tidy import tidy_span

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def tidy(text: str, label: str = "ORG") -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in tidy_span(text, Span(0, len(text), label))]


@pytest.mark.parametrize(
    ("raw", "label", "want"),
    [
        ("the Indian Army", "ORG", [("Indian Army", "ORG")]),
        ("Putin's", "PERSON", [("Putin", "PERSON")]),
        ("Modi’s", "PERSON", [("Modi", "PERSON")]),
        ("Mr Yashin Sergey Borisovich", "PERSON", [("Yashin Sergey Borisovich", "PERSON")]),
        ("FSMTC Mr", "ORG", [("FSMTC", "ORG")]),
        ("a Free Trade Agreement", "ORG", [("Free Trade Agreement", "ORG")]),
        ("Russian-Indian", "NORP", [("Russian", "NORP"), ("Indian", "NORP")]),
        ("Meanwhile", "ORG", []),
        ("annual", "DATE", []),
        ("23rd", "DATE", []),
        ("India-Russia Working Group", "FAC", [("India-Russia Working Group", "ORG")]),
        ("Leaders' Summit", "ORG", [("Leaders' Summit", "EVENT")]),
        ("National War Memorial", "EVENT", [("National War Memorial", "FAC")]),
    ],
)
def test_tidy_span(raw: str, label: str, want: list[tuple[str, str]]) -> None:
    assert tidy(raw, label) == want


def test_truncated_residue_is_dropped() -> None:
    text = "AGP releases list for Assa..."
    assert list(tidy_span(text, Span(22, 26, "PERSON"))) == []


def test_cut_pieces_take_the_label_used_elsewhere() -> None:
    text = "India’s Defense Ministry wants more. India agrees."
    second = text.rindex("India")
    spans = resolve(text, [Span(0, 24, "ORG"), Span(second, second + 5, "GPE")], [])
    assert [(text[s.start : s.end], s.label) for s in spans] == [
        ("India", "GPE"),
        ("Defense Ministry", "ORG"),
        ("India", "GPE"),
    ]


def test_split_person_pieces_are_joined_and_surnames_follow() -> None:
    text = "Yashin Sergey Borisovich spoke. Later Borisovich left."
    spans = resolve(text, [Span(0, 13, "PERSON"), Span(14, 24, "PERSON")], [])
    assert [(text[s.start : s.end], s.label) for s in spans] == [
        ("Yashin Sergey Borisovich", "PERSON"),
        ("Borisovich", "PERSON"),
    ]


def test_surname_mislabelled_as_place_becomes_person() -> None:
    text = "Rajnath Singh spoke. Singh said so."
    spans = resolve(text, [Span(0, 13, "PERSON"), Span(21, 26, "GPE")], [])
    assert [s.label for s in spans] == ["PERSON", "PERSON"]


def test_acronym_after_long_form() -> None:
    text = "the Defence Research and Development Organisation (DRDO) said"
    got = {text[s.start : s.end] for s in acronym_spans(text)}
    assert got == {"Defence Research and Development Organisation", "DRDO"}
    assert acronym_spans("He met JS (International Cooperation) today") == []


def test_offsets_hold_on_every_seed(detector: Detector) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for text, mentions in zip(texts, detector.detect_many(texts, batch_size=2), strict=True):
        assert mentions, "every seed has entities"
        for m in mentions:
            assert text[m.start : m.end] == m.text and m.end > m.start
        ends = [(m.start, m.end) for m in mentions]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends)), "no overlaps"
        entities = to_entities("a1", mentions)
        assert {e.source for e in entities} <= {"model", "rule"}


def test_an_abbreviation_keeps_its_last_period() -> None:
    text = "Talks in the U.S. and in Washington, D.C. ended. India."
    spans = resolve(text, [Span(13, 17, "GPE"), Span(37, 41, "GPE"), Span(49, 55, "GPE")], [])
    assert [text[s.start : s.end] for s in spans] == ["U.S.", "D.C.", "India"]
