"""Grouping one real-world event across articles, and the timeline built on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annotations.entities import Detector
from annotations.events import (
    accept,
    apply_group,
    entity_key,
    filter_events,
    order_events,
    propose_groups,
    remove_from_group,
    suggest_in_text,
    timeline_rows,
    undo_group,
    ungroup,
)
from annotations.models import Argument, Entity, Event
from annotations.store import Store
from tests.app_fixtures import build_seeded_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATES = {
    "000": dt.date(2025, 11, 29),
    "001": dt.date(2025, 11, 29),
    "002": dt.date(2025, 12, 4),
    "003": dt.date(2025, 12, 2),
    "004": dt.date(2025, 12, 4),
}


@pytest.fixture(scope="module")
def suggested(
    detector: Detector, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Event], dict[str, Entity]]:
    """The seeds ingested and detected as the app does it: stored entities carry the
    canonical ids the store links across the corpus ("Putin" joins "Vladimir Putin");
    events are suggested on the cleaned texts. Article ids are renamed to the seeds'
    numbers."""
    path = build_seeded_db(tmp_path_factory.mktemp("grouping") / "newsdesk.json", detector)
    events: list[Event] = []
    entities: dict[str, Entity] = {}
    with Store(path) as store:
        for head in store.article_heads():
            article = store.article(head.id)
            seed = Path(article.origin).name[:3]
            found = [e.model_copy(update={"article_id": seed}) for e in store.entities(article.id)]
            entities.update((e.id, e) for e in found)
            events += suggest_in_text(seed, article.text, DATES[seed], found)
    return events, entities


def test_putin_visit_is_grouped_across_the_five_seeds(suggested) -> None:
    events, entities = suggested
    visits = [accept(e) for e in events if e.type == "VISIT"]
    state_visit = next(
        e for e in visits if e.article_id == "000" and e.trigger_text == "state visit"
    )
    [proposal] = [p for p in propose_groups(visits, entities) if state_visit.id in p.event_ids]
    members = [e for e in visits if e.id in proposal.event_ids]
    assert {e.article_id for e in members} == set(DATES)
    assert "PERSON:vladimir putin" in proposal.shared  # the linked key, as stored
    assert all(e.type == "VISIT" for e in members)
    # The visit of the Russian delegation on 26-28 November is a different event.
    delegation = next(e for e in visits if e.trigger_text == "visited")
    assert delegation.id not in proposal.event_ids

    grouped, change = apply_group(visits, proposal.event_ids)
    rows = timeline_rows(grouped, entities)
    [row] = [r for r in rows if r.key == change.group_id]
    assert row.is_group and set(row.article_ids) == set(DATES)
    assert (row.start, row.end) == (dt.date(2025, 12, 4), dt.date(2025, 12, 5))
    assert row.status == "planned" and "Vladimir Putin" in row.actors
    assert len(rows) == len(visits) - len(proposal.event_ids) + 1
    # Once grouped, the same proposal is not made again; undo restores every event.
    assert all(state_visit.id not in p.event_ids for p in propose_groups(grouped, entities))
    assert undo_group(grouped, change) == visits


def _event(
    eid: str, article: str, type_: str, day: int | None, *who: str, status="asserted"
) -> Event:
    return Event(
        id=eid,
        article_id=article,
        type=type_,
        trigger_start=0,
        trigger_end=5,
        trigger_text="visit",
        arguments=[
            Argument(role="Visitor" if type_ == "VISIT" else "Speaker", entity_id=w) for w in who
        ],
        status=status,
        time_start=dt.date(2025, 12, day) if day else None,
    )


ENTITIES = {
    "putin": Entity(
        id="putin", article_id="a", start=0, end=14, label="PERSON", text="Vladimir Putin"
    ),
    "putin2": Entity(
        id="putin2", article_id="b", start=0, end=15, label="PERSON", text="President Putin"
    ),
    "modi": Entity(id="modi", article_id="a", start=0, end=4, label="PERSON", text="Modi"),
}


def test_entity_keys_match_aliases() -> None:
    assert entity_key(ENTITIES["putin"]) == entity_key(ENTITIES["putin2"]) == "putin"
    linked = ENTITIES["modi"].model_copy(update={"canonical_id": "narendra-modi"})
    assert entity_key(linked) == "narendra-modi"


def test_different_dates_or_types_are_not_grouped() -> None:
    events = [
        _event("a1", "a", "VISIT", 4, "putin"),
        _event("b1", "b", "VISIT", 4, "putin2"),
        _event("c1", "c", "VISIT", 20, "putin"),
        _event("d1", "d", "STATEMENT", 4, "putin"),
        _event("e1", "e", "VISIT", 4, "modi"),
    ]
    [proposal] = propose_groups(events, ENTITIES)
    assert proposal.event_ids == ("a1", "b1")
    rejected = [events[0], events[1].model_copy(update={"state": "rejected"})]
    assert propose_groups(rejected, ENTITIES) == []


def test_ungroup_and_remove_are_undoable() -> None:
    events = [_event("a1", "a", "VISIT", 4, "putin"), _event("b1", "b", "VISIT", 4, "putin2")]
    grouped, _ = apply_group(events, ["a1", "b1"], group_id="g")
    fewer, change = remove_from_group(grouped, "b1")
    assert [e.group_id for e in fewer] == ["g", None]
    assert undo_group(fewer, change) == grouped
    none, change = ungroup(grouped, "g")
    assert [e.group_id for e in none] == [None, None]
    assert undo_group(none, change) == grouped


def test_order_and_filter() -> None:
    events = [
        _event("late", "a", "VISIT", 20, "putin"),
        _event("undated", "a", "VISIT", None, "modi"),
        _event("early", "b", "STATEMENT", 1, "modi", status="planned"),
    ]
    assert [e.id for e in order_events(events)] == ["early", "late", "undated"]
    assert [e.id for e in filter_events(events, ENTITIES, types={"VISIT"})] == ["late", "undated"]
    assert [e.id for e in filter_events(events, ENTITIES, actor="putin")] == ["late"]
    assert [e.id for e in filter_events(events, ENTITIES, statuses={"planned"})] == ["early"]
    suggestion = events[0].model_copy(update={"state": "suggested"})
    assert filter_events([suggestion], ENTITIES) == []
    assert [r.key for r in timeline_rows(events, ENTITIES)] == ["early", "late", "undated"]
