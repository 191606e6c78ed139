"""What the library lists: one summary per article, and the analyst's filters and sorts.

Pure functions over what the store lists (`Store.listings`, `Store.entity_tallies`: no
body or entity is read, no model built); the TUI shows what they return.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from annotations.models import Entity, Status
    from annotations.store.articles import Listing

STATUSES: tuple[Status, ...] = ("new", "in_progress", "done")
SORTS = ("added", "date", "source", "status", "title")
_FIELD = re.compile(r'(\w+):("[^"]*"|\S+)')


class Summary(NamedTuple):
    """One library row: the article's metadata and the state of its entities (a
    tuple: the library builds one per article before its first frame)."""

    id: str
    order: int
    title: str
    date: dt.date | None
    source: str
    status: Status
    duplicate_of: str | None
    detected: bool
    states: Mapping[str, int] = {}
    """How many of the article's entities hold each review state."""
    labels: frozenset[str] = frozenset()  # of the entities not rejected

    @property
    def entity_count(self) -> int:
        return sum(self.states.values())

    @property
    def reviewed(self) -> float:
        """Share of entities accepted or rejected (1.0 when there are none)."""
        total = self.entity_count
        return 1.0 if not total else (total - self.states.get("suggested", 0)) / total


Tally = Mapping[tuple[str, str], int]
"""How many of an article's entities hold each (label, state) (`Store.entity_tally`)."""


def summarise(article: Listing, tally: Tally, order: int = 0) -> Summary:
    """The library row of an article from its listing and its entities' tally."""
    states: dict[str, int] = {}
    labels: set[str] = set()
    for (label, state), count in tally.items():
        states[state] = states.get(state, 0) + count
        if state != "rejected":
            labels.add(label)
    return Summary(
        article.id, order, article.title, article.date, article.source, article.status,
        article.duplicate_of, article.detected, states, frozenset(labels),
    )  # fmt: skip


def entity_names(entities: Iterable[Entity]) -> frozenset[str]:
    """The lower-cased texts of the entities not rejected (what `entity:` searches)."""
    return frozenset(e.text.lower() for e in entities if e.state != "rejected")


@dataclass(frozen=True)
class Query:
    """A library filter: free words and `status:`, `label:`, `entity:` fields."""

    words: tuple[str, ...] = ()
    status: Status | None = None
    label: str | None = None
    entity: str | None = None

    @classmethod
    def parse(cls, text: str) -> Query:
        fields: dict[str, str] = {}
        for name, value in _FIELD.findall(text):
            fields[name.lower()] = value.strip('"')
        rest = _FIELD.sub(" ", text)
        status = fields.get("status", "").replace(" ", "_").replace("-", "_") or None
        if status is not None and status not in STATUSES:
            raise ValueError(f"Unknown status {status!r}: use new, in_progress or done.")
        return cls(
            words=tuple(w.lower() for w in rest.split()),
            status=status,
            label=fields["label"].upper() if "label" in fields else None,
            entity=fields["entity"].lower() if "entity" in fields else None,
        )

    def matches(
        self,
        row: Summary,
        body: Callable[[str], str] | None = None,
        names: Callable[[str], frozenset[str]] | None = None,
    ) -> bool:
        """Whether `row` passes; `body(id)` gives the article text for word search,
        `names(id)` its entity names (`entity_names`) for `entity:`, each asked only
        when the cheaper fields have not already decided."""
        if self.status and row.status != self.status:
            return False
        if self.label and self.label not in row.labels:
            return False
        if self.entity and not any(self.entity in n for n in (names(row.id) if names else ())):
            return False
        if not self.words:
            return True
        text = f"{row.title}\n{body(row.id) if body else ''}".lower()
        return all(word in text for word in self.words)


def sort_rows(rows: Iterable[Summary], key: str) -> list[Summary]:
    """Rows by `key`: added order, date (newest first, unknown last), source, status, title."""
    rows = list(rows)
    if key == "date":
        return sorted(rows, key=lambda r: (r.date is None, -(r.date or dt.date.min).toordinal()))
    if key == "source":
        return sorted(rows, key=lambda r: (not r.source, r.source.lower(), r.order))
    if key == "status":
        return sorted(rows, key=lambda r: (STATUSES.index(r.status), r.order))
    if key == "title":
        return sorted(rows, key=lambda r: r.title.lower())
    return sorted(rows, key=attrgetter("order"))


class Totals:
    """Articles by status and entities by review state, kept up to date a row at a
    time (a corpus-wide count on every detected or reviewed article would cost a
    scan of every row each time)."""

    def __init__(self, rows: Iterable[Summary] = ()) -> None:
        self.statuses: Counter[str] = Counter()
        self.states: Counter[str] = Counter()
        for row in rows:
            self.add(row)

    def add(self, row: Summary, sign: int = 1) -> None:
        self.statuses[row.status] += sign
        for state, n in row.states.items():
            self.states[state] += sign * n

    def remove(self, row: Summary) -> None:
        self.add(row, -1)
