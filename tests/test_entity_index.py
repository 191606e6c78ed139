"""The entity index answers the reader's questions from its sorted order: what covers an
offset (however long the span that starts far before it), the next or previous entity
or suggestion, and how many there are."""

from __future__ import annotations

from annotations.models import Entity
from annotations.review.entity_index import EntityIndex

TEXT = "Prime Minister Narendra Modi of India met Vladimir Putin in Moscow."


def _entity(words: str, label: str, state: str = "suggested", nth: int = 0) -> Entity:
    start = TEXT.index(words)
    return Entity(
        id=f"{label}-{start}-{nth}", article_id="a1", start=start, end=start + len(words),
        label=label, text=words, state=state,  # type: ignore[arg-type]
    )  # fmt: skip


LONG = _entity("Prime Minister Narendra Modi of India", "PERSON", "accepted")
MODI = _entity("Narendra Modi", "PERSON")
INDIA = _entity("India", "GPE", "accepted")
PUTIN = _entity("Vladimir Putin", "PERSON")


def test_covering_finds_a_long_span_that_starts_far_before() -> None:
    for index in (EntityIndex([LONG, MODI, INDIA, PUTIN]), _grown([LONG, MODI, INDIA, PUTIN])):
        at = TEXT.index("India") + 2
        assert {e.id for e in index.covering(at)} == {LONG.id, INDIA.id}
        assert [e.id for e in index.covering(TEXT.index("Modi"))] == [LONG.id, MODI.id]
        assert list(index.covering(LONG.end)) == []  # the end is outside
        assert [e.id for e in index.covering(PUTIN.start)] == [PUTIN.id]


def _grown(entities: list[Entity]) -> EntityIndex:
    index = EntityIndex()
    for entity in reversed(entities):
        index.put(entity)
    return index


def test_next_and_previous_entity_or_suggestion() -> None:
    index = EntityIndex([LONG, MODI, INDIA, PUTIN])
    assert index.next_start(LONG.start, 1) == MODI
    assert index.next_start(LONG.start, 1, suggested=True) == MODI
    assert index.next_start(MODI.start, 1, suggested=True) == PUTIN  # India is reviewed
    assert index.next_start(PUTIN.start, 1) is None
    assert index.next_start(MODI.start, -1) == LONG  # the only one before
    assert index.next_start(LONG.start, -1) is None
    assert index.next_start(PUTIN.start, -1, suggested=True) == MODI
    assert index.next_start(MODI.start, -1, suggested=True) is None


def test_counts_and_order_follow_puts_and_removes() -> None:
    index = EntityIndex([MODI, INDIA])
    assert (index.count(), index.count(suggested=True)) == (2, 1)
    index.put(MODI.model_copy(update={"state": "accepted"}))
    assert (index.count(), index.count(suggested=True)) == (2, 0)
    index.put(LONG)
    index.put(PUTIN)
    assert [e.id for e in index.ordered()] == [LONG.id, MODI.id, INDIA.id, PUTIN.id]
    index.remove(MODI.id)
    index.remove("not-there")
    assert [e.id for e in index.ordered()] == [LONG.id, INDIA.id, PUTIN.id]
    assert index.count(suggested=True) == 1
