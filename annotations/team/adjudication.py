"""Settling two analysts' disagreements on one article, one decision at a time.

What both analysts marked alike (same span and label; same event type,
trigger and roles) is agreed and kept. Everything else is grouped into
disagreements: marks of either analyst whose extents overlap belong together
("Modi" as PERSON by A, as GPE by B is one disagreement; so is "New Delhi"
against "Delhi"). Entities and events are grouped separately.

For each disagreement the lead takes A's marks, B's, both, or neither, or
edits: takes the span with another label ("edit:LABEL"; A's span, else B's);
an undecided disagreement contributes nothing. Every decision can be undone and
redone; `result()` is the adjudicated layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotations.team.agreement import EventMark, Layer, Span
from annotations.team.documents import Choice, Step

CHOICES: tuple[Choice, ...] = ("a", "b", "both", "neither")
EDIT = "edit:"


def edit(label: str) -> Choice:
    """The decision to take the disagreement's span with `label`."""
    return EDIT + label


Mark = Span | EventMark


def extent(mark: Mark) -> tuple[int, int]:
    """The characters a mark covers: a span's own, an event's trigger."""
    return (mark.start, mark.end) if isinstance(mark, Span) else mark.trigger


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Overlapping marks the two analysts did not make alike."""

    start: int
    end: int
    a: tuple[Mark, ...]
    b: tuple[Mark, ...]

    @property
    def kind(self) -> str:
        return "event" if isinstance((self.a + self.b)[0], EventMark) else "entity"

    def chosen(self, choice: Choice | None) -> tuple[Mark, ...]:
        if choice == "a":
            return self.a
        if choice == "b":
            return self.b
        if choice == "both":
            return self.a + tuple(m for m in self.b if m not in self.a)
        if choice and choice.startswith(EDIT):
            spans = [m for m in self.a or self.b if isinstance(m, Span)]
            return tuple(Span(m.start, m.end, choice[len(EDIT) :]) for m in spans[:1])
        return ()


def disagreements(a: Iterable[Mark], b: Iterable[Mark]) -> tuple[set[Mark], list[Disagreement]]:
    """(the marks both made, the rest grouped by overlapping extent, in text order)."""
    set_a, set_b = set(a), set(b)
    agreed = set_a & set_b
    rest = sorted(
        [(extent(m), "a", m) for m in set_a - agreed]
        + [(extent(m), "b", m) for m in set_b - agreed],
        key=lambda item: (item[0], item[1], repr(item[2])),
    )
    groups: list[Disagreement] = []
    current: list[tuple[tuple[int, int], str, Mark]] = []
    reach = -1
    for item in rest:
        (start, end), _, _ = item
        if current and start >= reach:
            groups.append(_group(current))
            current = []
        current.append(item)
        reach = max(reach, end) if len(current) > 1 else end
    if current:
        groups.append(_group(current))
    return agreed, groups


def _group(items: Sequence[tuple[tuple[int, int], str, Mark]]) -> Disagreement:
    return Disagreement(
        start=min(s for (s, _), _, _ in items),
        end=max(e for (_, e), _, _ in items),
        a=tuple(m for _, who, m in items if who == "a"),
        b=tuple(m for _, who, m in items if who == "b"),
    )


@dataclass
class Adjudication:
    """The lead's decisions on one article's disagreements, with undo and redo."""

    agreed: Layer
    items: list[Disagreement]
    decisions: dict[int, Choice] = field(default_factory=dict)
    done: list[Step] = field(default_factory=list)
    undone: list[Step] = field(default_factory=list)

    @classmethod
    def of(cls, a: Layer, b: Layer, decisions: dict[int, Choice] | None = None) -> Adjudication:
        spans, span_items = disagreements(a.spans, b.spans)
        events, event_items = disagreements(a.events, b.events)
        agreed = Layer(frozenset(m for m in spans if isinstance(m, Span)),
                       frozenset(m for m in events if isinstance(m, EventMark)))  # fmt: skip
        return cls(agreed, span_items + event_items, dict(decisions or {}))

    def decide(self, index: int, choice: Choice) -> None:
        if not 0 <= index < len(self.items):
            raise IndexError(f"no disagreement {index}")
        before = self.decisions.get(index)
        self.decisions[index] = choice
        self.done.append((index, before, choice))
        self.undone.clear()

    def undo(self) -> int | None:
        """Take back the last decision; the index it concerned, None if none."""
        return self._replay(self.done, self.undone, back=True)

    def redo(self) -> int | None:
        """Make again the last decision taken back; None if none."""
        return self._replay(self.undone, self.done, back=False)

    def _replay(self, source: list[Step], target: list[Step], *, back: bool) -> int | None:
        if not source:
            return None
        step = source.pop()
        index, before, after = step
        self._set(index, before if back else after)
        target.append(step)
        return index

    def _set(self, index: int, choice: Choice | None) -> None:
        if choice is None:
            self.decisions.pop(index, None)
        else:
            self.decisions[index] = choice

    def open_items(self) -> list[int]:
        return [i for i in range(len(self.items)) if i not in self.decisions]

    @property
    def open_count(self) -> int:
        """How many disagreements are still undecided (decisions are only ever of items)."""
        return len(self.items) - len(self.decisions)

    def result(self) -> Layer:
        """The adjudicated layer: what was agreed, and what the decisions took."""
        spans, events = set(self.agreed.spans), set(self.agreed.events)
        for index, item in enumerate(self.items):
            for mark in item.chosen(self.decisions.get(index)):
                (spans if isinstance(mark, Span) else events).add(mark)  # type: ignore[arg-type]
        return Layer(frozenset(spans), frozenset(events))
