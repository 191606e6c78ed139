"""One entity across articles: canonical keys, joined names, overrides."""

from __future__ import annotations

from annotations.entities.linking import (
    LinkOverrides,
    assign_canonical,
    canonical_key,
    group_mentions,
    link,
    link_keys,
)
from annotations.models import Entity


def ents(*pairs: tuple[str, str]) -> list[Entity]:
    return [
        Entity(article_id=f"a{i}", start=0, end=len(t), text=t, label=label)
        for i, (t, label) in enumerate(pairs)
    ]


def test_putin_forms_are_one() -> None:
    es = ents(
        ("Putin", "PERSON"),
        ("Vladimir Putin", "PERSON"),
        ("President Putin", "PERSON"),
        ("Russian President Vladimir Putin", "PERSON"),
        ("Putin’s", "PERSON"),
    )
    assert set(link(es).values()) == {"PERSON:vladimir putin"}


def test_modi_forms_are_one_and_places_stay_apart() -> None:
    es = ents(
        ("PM Modi", "PERSON"),
        ("Narendra Modi", "PERSON"),
        ("Modi", "PERSON"),
        ("India", "GPE"),
        ("New Delhi", "GPE"),
    )
    ids = [link(es)[e.id] for e in es]
    assert ids[:3] == ["PERSON:narendra modi"] * 3
    assert ids[3] != ids[4]


def test_ambiguous_surname_stays_alone() -> None:
    es = ents(("Singh", "PERSON"), ("Rajnath Singh", "PERSON"), ("Manmohan Singh", "PERSON"))
    assert link(es)[es[0].id] == "PERSON:singh"


def test_acronym_joins_its_long_form() -> None:
    es = ents(("MEA", "ORG"), ("Ministry of External Affairs", "ORG"), ("MEA", "GPE"))
    ids = link(es)
    assert ids[es[0].id] == ids[es[1].id] == "ORG:ministry of external affairs"
    assert ids[es[2].id] == "GPE:mea"


def test_overrides_merge_and_split() -> None:
    keys = ["PERSON:putin", "PERSON:vladimir putin", "GPE:russia", "GPE:russian federation"]
    plain = link_keys(keys)
    assert plain["PERSON:putin"] == "PERSON:vladimir putin"
    overrides = LinkOverrides(
        merge=[["GPE:Russia", "GPE:Russian Federation"]], split=["PERSON:Putin"]
    )
    fixed = link_keys(keys, overrides)
    assert fixed["PERSON:putin"] == "PERSON:putin"
    assert fixed["GPE:russian federation"] == "GPE:russia"


def test_assign_and_group() -> None:
    es = assign_canonical(ents(("Putin", "PERSON"), ("Vladimir Putin", "PERSON")))
    assert all(e.canonical_id == "PERSON:vladimir putin" for e in es)
    assert list(group_mentions(es)) == ["PERSON:vladimir putin"]
    assert canonical_key("the Kremlin", "ORG") == "ORG:kremlin"
