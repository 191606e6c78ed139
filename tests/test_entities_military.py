"""Weapons, platforms and armed groups found by shape and lexicon, on sentences written
here (not from the seeds): none of these names is in a pattern file as a literal."""

from __future__ import annotations

import pytest

from annotations.entities import Detector
from annotations.entities.rules import load_patterns


def found(detector: Detector, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in detector.detect(text)}


def literals() -> set[str]:
    return {p["pattern"] for p in load_patterns() if isinstance(p["pattern"], str)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A KC-135R Stratotanker refuelled the strike group over the sea.", "KC-135R Stratotanker"),
        ("An MQ-9 Reaper flew over the border before the missile launch.", "MQ-9 Reaper"),
        ("The army parked three Zt-81 launchers near the airfield.", "Zt-81"),
    ],
)
def test_designations_by_shape(detector: Detector, text: str, name: str) -> None:
    assert name.split()[0] not in literals()
    assert (name, "WEAPON") in found(detector, text)


def test_a_designation_without_military_context_is_no_weapon(detector: Detector) -> None:
    got = found(detector, "Cases of COVID-19 rose in the city in March.")
    assert all(label != "WEAPON" for _, label in got)


@pytest.mark.parametrize(
    "ship",
    [
        "USS Hopper",
        "USS Mahan",
        "HMS Daring",
        "HMS Ocean",
        "FS Forbin",
        "INS Kolkata",
        "RFS Varyag",
    ],
)
def test_a_ship_prefix_and_name_is_a_platform_whatever_the_model_says(
    detector: Detector, ship: str
) -> None:
    got = found(detector, f"On Tuesday {ship} sailed into the gulf with two escorts.")
    assert (ship, "WEAPON") in got
    assert not any(text == ship and label != "WEAPON" for text, label in got)


@pytest.mark.parametrize(
    "phrase",
    [
        "chemical weapons",
        "air strikes",
        "cruise missiles",
        "main battle tanks",
        "remotely piloted aircraft",
        "artillery",
        "munitions",
        "howitzers",
        "fighter jets",
        "VBIED",
        "mortar",
        "aircraft",
        "tank",
        "bomber",
        "stealth fighter",
    ],
)
def test_weapon_nouns_with_their_modifiers(detector: Detector, phrase: str) -> None:
    text = f"Observers said that {phrase} had been used near the town last week."
    assert (phrase, "WEAPON") in found(detector, text)


def test_fighters_without_a_platform_word_are_people(detector: Detector) -> None:
    got = found(detector, "Kurdish fighters said the town had been retaken.")
    assert not any(label == "WEAPON" for _, label in got)


def test_capitalised_or_idiomatic_uses_are_no_weapons(detector: Detector) -> None:
    got = found(detector, "A think tank praised the Chemical Weapons Convention on Monday.")
    assert ("tank", "WEAPON") not in got
    assert not any(label == "WEAPON" for _, label in got)
    got = found(detector, "The Counter-IED team trained in Kabul.")
    assert not any(label == "WEAPON" for _, label in got)
    got = found(detector, "CJTF-OIR said the coalition would keep up its strikes.")
    assert ("CJTF-OIR", "WEAPON") not in got


@pytest.mark.parametrize("group", ["ISIL", "Daesh", "Hezbollah", "al-Shabaab", "Boko Haram"])
def test_armed_groups_are_organisations(detector: Detector, group: str) -> None:
    got = found(detector, f"Officials said {group} had claimed the attack near the border.")
    assert (group, "ORG") in got
    assert not any(text == group and label != "ORG" for text, label in got)  # ISIL PRODUCT


def test_a_nationality_inside_an_organisation_stays_one_span(detector: Detector) -> None:
    got = found(detector, "Daesh attacked positions held by Iraqi Security Forces.")
    assert ("Iraqi Security Forces", "ORG") in got
    assert ("Iraqi", "NORP") not in got


def test_times_and_relative_dates_are_kept_as_dates(detector: Detector) -> None:
    got = found(detector, "Three drones were shot down today and two in the last 24 hours.")
    assert ("today", "DATE") in got
    assert ("the last 24 hours", "DATE") in got
