"""Fixes found on the tune split of the public dev corpora (bench/bench_detect.py),
each on a sentence written here in the shape of what the corpus showed."""

from __future__ import annotations

import pytest

from annotations.entities import Detector
from annotations.entities.merge import resolve
from annotations.entities.rules import Span
from annotations.entities.tidy import tidy_span


def found(detector: Detector, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in detector.detect(text)}


def pieces(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in resolve(text, spans, [])]


def test_a_shape_head_followed_by_a_capitalised_word_is_no_head(detector: Detector) -> None:
    text = "It is held at the Hyatt Regency Santa Clara and Santa Clara Convention Center."
    got = found(detector, text)
    assert not any(label == "LAW" for _, label in got)


def test_no_shape_in_a_title_case_headline(detector: Detector) -> None:
    got = found(detector, "Breaking: US and Russia Reach Agreement on Plan to Rid Syria of Arms")
    assert not any(label == "LAW" for _, label in got)
    assert ("Russia", "GPE") in got


def test_a_title_splits_a_name_only_before_capitalised_words(detector: Detector) -> None:
    got = found(detector, "The trophy was accepted by the Governor General of Canada.")
    assert not any(label == "PERSON" for _, label in got)


def test_no_person_after_a_weak_title(detector: Detector) -> None:
    got = found(detector, "The biggest ship afloat is the Queen Mary 2, they said.")
    assert ("Mary", "PERSON") not in got


def test_a_conflict_shape_yields_to_a_model_organisation() -> None:
    text = "Its units supported the Allied invasion of Normandy."
    allied = text.index("Allied")
    rule = Span(text.index("Allied"), text.index(" of"), "EVENT", "rule", "conflict")
    spans = resolve(text, [Span(allied, allied + 6, "ORG")], [rule])
    assert [(text[s.start : s.end], s.label) for s in spans] == [("Allied", "ORG")]


def test_a_regnal_number_belongs_to_the_name() -> None:
    text = "The decree of President Carlos I was read."
    role = Span(text.index("President"), text.index(" Carlos"), "ROLE", "rule")
    spans = resolve(text, [], [role])
    assert ("Carlos I", "PERSON") in [(text[s.start : s.end], s.label) for s in spans]


def test_a_list_of_names_is_not_joined_or_repeated() -> None:
    text = "Saints: John XXIII & Pope John Paul II. Pope Francis spoke."
    first = Span(text.index("John"), text.index(" John Paul"), "PERSON")
    second = Span(text.index("John Paul"), text.index("."), "PERSON")
    got = pieces(text, [first, second])
    assert ("John XXIII & Pope John Paul II", "PERSON") not in got
    assert ("Pope", "PERSON") not in got


@pytest.mark.parametrize(
    ("raw", "label"),
    [("Andrew J. Evans Jr.", "PERSON"), ("Barrick Gold Corp.", "ORG"), ("DATECS Ltd.", "ORG")],
)
def test_name_abbreviations_keep_their_period(raw: str, label: str) -> None:
    text = f"{raw}, said the statement."
    assert pieces(text, [Span(0, len(raw), label)]) == [(raw, label)]


def test_an_ellipsis_mid_sentence_is_no_truncation() -> None:
    text = "I'm here because of Tay... am I alone?"
    start = text.index("Tay")
    assert [s.label for s in tidy_span(text, Span(start, start + 3, "PERSON"))] == ["PERSON"]
    cut = "Read: Defence Minister Rajnath Si…\nMore"
    start = cut.index("Rajnath")
    assert list(tidy_span(cut, Span(start, cut.index("…"), "PERSON"))) == []


def test_a_surname_like_a_building_stays_a_person() -> None:
    text = "Stuart Hall pleads guilty. The Royal Albert Hall was full."
    hall = text.index("Royal")
    got = pieces(text, [Span(0, 11, "PERSON"), Span(hall, hall + 17, "PERSON")])
    assert got == [("Stuart Hall", "PERSON"), ("Royal Albert Hall", "FAC")]


def test_a_link_is_no_name() -> None:
    text = "The FAQ (http://example.org/faq?id=96) says so."
    assert pieces(text, [Span(4, text.index(" says"), "PERSON")]) == [("FAQ", "PERSON")]


# Evidence the text gives against a person (dev-split negatives of the surname and
# repeat steps, bench/bench_detect.py --diffs); model spans are given, not detected,
# so these hold for either model.


def spans_at(text: str, *named: tuple[str, str]) -> list[Span]:
    """Model spans for each (text, label), at every occurrence of the text."""
    out = []
    for chunk, label in named:
        at = text.find(chunk)
        while at >= 0:
            out.append(Span(at, at + len(chunk), label))
            at = text.find(chunk, at + 1)
    return out


def test_no_surname_from_a_name_whose_word_the_text_uses_in_lower_case() -> None:
    text = "Circuit Park Zandvoort is a race track beside a park, near the town of Zandvoort."
    first = text.index("Park Zandvoort")
    town = text.rindex("Zandvoort")
    model = [Span(first, first + 14, "PERSON"), Span(town, town + 9, "GPE")]
    assert ("Zandvoort", "GPE") in pieces(text, model)


def test_no_surname_from_a_name_the_model_mostly_calls_a_place() -> None:
    text = "Old Goa was the capital. The ruins of Old Goa lie near Old Goa, in Goa."
    model = spans_at(text, ("Goa", "GPE"))
    olds = spans_at(text, ("Old Goa", "LOC"))
    olds[0].label = "PERSON"  # the model's one slip
    kept = [s for s in model if not any(o.overlaps(s) for o in olds)]
    assert ("Goa", "GPE") in pieces(text, [*olds, *kept])


def test_no_later_mention_from_a_name_inside_a_longer_organisation() -> None:
    text = "Bowling Green won. Bowling Green State University said Green was glad."
    model = [Span(0, 13, "PERSON"), Span(19, 49, "ORG")]
    assert ("Green", "PERSON") not in pieces(text, model)


def test_a_later_mention_repeats_the_surname_not_an_unlabelled_whole_name() -> None:
    text = "Jared Leto sang Beautiful Lie. Fans voted for Beautiful Lie; later Leto spoke."
    model = [Span(0, 10, "PERSON"), Span(16, 29, "PERSON")]
    got = pieces(text, model)
    assert got.count(("Beautiful Lie", "PERSON")) == 1  # the model's own span only
    assert ("Leto", "PERSON") in got


def test_capitals_before_one_name_are_initials_not_a_title() -> None:
    text = "Free on eBook Blitz: The Eslites by CM Doporto today."
    role = Span(text.index("CM"), text.index("CM") + 2, "ROLE", "rule", "name")
    whole = Span(role.start, text.index(" today"), "PERSON")
    assert ("CM Doporto", "PERSON") in pieces_with(text, [whole], [role])
    assert ("Doporto", "PERSON") not in pieces_with(text, [], [role])


def test_a_capitals_title_before_a_full_name_still_names_a_person() -> None:
    text = "He met PM Najib Razak at the embassy."
    role = Span(text.index("PM"), text.index("PM") + 2, "ROLE", "rule", "name")
    assert ("Najib Razak", "PERSON") in pieces_with(text, [], [role])


def test_a_word_ending_a_name_that_is_only_a_place_is_no_surname() -> None:
    text = (
        "The Christian Democratic Party of Timor (Partido Democrata-Cristã de Timor) "
        "is a party in East Timor."
    )
    model = [
        Span(0, 30, "ORG"),
        Span(34, 39, "GPE"),
        Span(41, 74, "PERSON"),
        Span(text.index("East"), len(text) - 1, "GPE"),
    ]
    assert ("Timor", "GPE") in pieces(text, model)


def pieces_with(text: str, model: list[Span], rules: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in resolve(text, model, rules)]
