"""Adjudication of two layers: grouping of disagreements, decisions, undo/redo."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from annotations.team.adjudication import CHOICES, Adjudication, disagreements, edit
from annotations.team.agreement import EventMark, Layer, Span

PUTIN, MODI, MODI_GPE = Span(0, 5, "PERSON"), Span(10, 14, "PERSON"), Span(10, 14, "GPE")
NEW_DELHI, DELHI = Span(18, 27, "GPE"), Span(22, 27, "GPE")


def test_agreed_kept_and_overlapping_marks_grouped() -> None:
    a = Layer(frozenset({PUTIN, MODI, NEW_DELHI}))
    b = Layer(frozenset({PUTIN, MODI_GPE, DELHI}))
    adj = Adjudication.of(a, b)
    assert adj.agreed.spans == {PUTIN}
    assert [(d.a, d.b) for d in adj.items] == [((MODI,), (MODI_GPE,)), ((NEW_DELHI,), (DELHI,))]
    assert adj.result().spans == {PUTIN}  # undecided contributes nothing
    adj.decide(0, "b")
    adj.decide(1, "a")
    assert adj.result().spans == {PUTIN, MODI_GPE, NEW_DELHI}
    adj.decide(1, "both")
    assert adj.result().spans == {PUTIN, MODI_GPE, NEW_DELHI, DELHI}
    assert adj.undo() == 1
    assert adj.result().spans == {PUTIN, MODI_GPE, NEW_DELHI}
    assert adj.undo() == 1 and adj.undo() == 0 and adj.undo() is None
    assert adj.decisions == {}
    assert adj.redo() == 0
    assert adj.decisions == {0: "b"}
    adj.decide(1, "neither")
    assert adj.redo() is None  # a new decision drops what was undone
    assert adj.result().spans == {PUTIN, MODI_GPE}
    assert adj.open_items() == [] and adj.open_count == 0


def test_open_count_follows_decisions_undo_and_redo() -> None:
    adj = Adjudication.of(
        Layer(frozenset({PUTIN, MODI, NEW_DELHI})), Layer(frozenset({MODI_GPE, DELHI}))
    )
    counts = [adj.open_count]
    adj.decide(1, "a")
    counts.append(adj.open_count)
    adj.decide(1, "b")  # the same item again: still one decided
    counts.append(adj.open_count)
    adj.undo()
    adj.undo()
    counts.append(adj.open_count)
    adj.redo()
    counts.append(adj.open_count)
    assert counts == [3, 2, 2, 3, 2]
    assert adj.open_count == len(adj.open_items())


def test_events_are_their_own_disagreements() -> None:
    visit = EventMark("VISIT", (6, 9), frozenset({("visitor", 0, 5)}))
    bare = EventMark("VISIT", (6, 9))
    adj = Adjudication.of(Layer(events=frozenset({visit})), Layer(events=frozenset({bare})))
    assert [d.kind for d in adj.items] == ["event"]
    adj.decide(0, "a")
    assert adj.result().events == {visit}


marks = st.builds(
    lambda s, n, lab: Span(s, s + n, lab),
    st.integers(0, 40), st.integers(1, 8), st.sampled_from(["PERSON", "GPE"]),
)  # fmt: skip


@given(st.sets(marks, max_size=8), st.sets(marks, max_size=8), st.sampled_from(CHOICES))
def test_groups_partition_the_disagreement_and_choices_compose(a, b, choice) -> None:  # type: ignore[no-untyped-def]
    agreed, items = disagreements(a, b)
    assert agreed == a & b
    placed = [m for d in items for m in d.a + d.b]
    assert sorted(placed) == sorted((a - b) | (b - a))  # every mark in exactly one group
    for first, second in itertools.pairwise(items):
        assert first.end <= second.start  # groups never overlap each other
    adj = Adjudication.of(Layer(frozenset(a)), Layer(frozenset(b)))
    for i in range(len(adj.items)):
        adj.decide(i, choice)
    expected = {"a": a, "b": b, "both": a | b, "neither": a & b}[choice]
    assert adj.result().spans == expected


def test_edit_takes_the_span_with_the_picked_label() -> None:
    adj = Adjudication.of(Layer(frozenset({MODI})), Layer(frozenset({MODI_GPE})))
    adj.decide(0, edit("NORP"))
    assert adj.result().spans == {Span(10, 14, "NORP")}
    only_b = Adjudication.of(Layer(), Layer(frozenset({DELHI})))
    only_b.decide(0, edit("LOC"))
    assert only_b.result().spans == {Span(22, 27, "LOC")}
