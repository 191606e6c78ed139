"""Each rule family of the detector, on short texts (model loaded once per session)."""

from __future__ import annotations

import pytest

from annotations.entities import Detector, Mention
from annotations.entities.rules import load_patterns


def found(detector: Detector, text: str) -> set[tuple[str, str]]:
    mentions = detector.detect(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return {(m.text, m.label) for m in mentions}


def test_patterns_are_data_with_known_labels() -> None:
    labels = {p["label"] for p in load_patterns()}
    assert labels <= {"WEAPON", "ROLE", "LAW", "ORG", "EVENT", "DATE"}


@pytest.mark.parametrize("name", ["S-400", "BrahMos", "Su-30MKI", "MiG-29", "AK-203", "Igla-S"])
def test_known_weapons(detector: Detector, name: str) -> None:
    text = f"India will buy more {name} units from Russia, officials said."
    assert (name, "WEAPON") in found(detector, text)


def test_generic_designator_needs_military_context(detector: Detector) -> None:
    assert ("Zx-77", "WEAPON") in found(detector, "The army tested the Zx-77 missile on Monday.")
    assert ("Zx-77", "WEAPON") not in found(detector, "The Zx-77 phone sold well in Delhi.")


def test_weapon_inside_a_company_name_yields(detector: Detector) -> None:
    text = "Officials of BrahMos Aerospace met in Hyderabad."
    assert ("BrahMos", "WEAPON") not in found(detector, text)


def test_title_splits_off_a_name(detector: Detector) -> None:
    got = found(detector, "He will hold talks with PM Modi in Delhi.")
    assert {("PM", "ROLE"), ("Modi", "PERSON")} <= got
    got = found(detector, "Defence Minister Rajnath Singh met MoS Defence Sanjay Seth at Palam.")
    assert {("Defence Minister", "ROLE"), ("Rajnath Singh", "PERSON")} <= got
    assert {("MoS Defence", "ROLE"), ("Sanjay Seth", "PERSON")} <= got


def test_long_titles_and_names_after_them(detector: Detector) -> None:
    text = "It was co-chaired by Joint Secretary (International Cooperation) Amitabh Prasad."
    got = found(detector, text)
    assert ("Joint Secretary (International Cooperation)", "ROLE") in got
    assert ("Amitabh Prasad", "PERSON") in got
    got = found(detector, "MEA spokesperson Randhir Jaiswal said the dates are near.")
    assert {("MEA", "ORG"), ("spokesperson", "ROLE"), ("Randhir Jaiswal", "PERSON")} <= got


def test_short_titles_need_a_name(detector: Detector) -> None:
    got = found(detector, "Updated Dec 4, 2025 11:18 PM IST")
    assert ("PM", "ROLE") not in got


def test_agreements(detector: Detector) -> None:
    text = (
        "India and Russia signed their Declaration on Strategic Partnership in 2000 and "
        "began talks on a Free Trade Agreement with the Eurasian Economic Union."
    )
    got = found(detector, text)
    assert ("Declaration on Strategic Partnership", "LAW") in got
    assert ("Free Trade Agreement", "LAW") in got
    assert ("Eurasian Economic Union", "ORG") in got


def test_acronym_orgs_and_expansions(detector: Detector) -> None:
    text = "Deputy Chief of FSMTC (Federal Service for Military-Technical Cooperation) spoke."
    got = found(detector, text)
    assert {("Deputy Chief", "ROLE"), ("FSMTC", "ORG")} <= got
    assert ("Federal Service for Military-Technical Cooperation", "ORG") in got
    text = "He spoke at the Indo-Gulf Defence Research Council (IGDRC) meeting in Delhi."
    got = found(detector, text)
    assert ("IGDRC", "ORG") in got


def test_events_trim_sentence_words(detector: Detector) -> None:
    got = found(detector, "During the SCO Summit in China, both leaders met.")
    assert ("SCO Summit", "EVENT") in got


def test_mentions_are_marked_by_source(detector: Detector) -> None:
    mentions = detector.detect("Russian President Vladimir Putin bought S-400 systems.")
    sources = {m.text: m.source for m in mentions}
    assert sources["S-400"] == "rule"
    assert sources["Vladimir Putin"] == "model"
    assert Mention(0, 1, "X", "R").source == "model"
