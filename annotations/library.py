"""What the library lists: one summary per article, and the analyst's filters and sorts.

Pure functions over the store's models; the TUI shows what they return.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from annotations.models import ArticleHead, Entity, Status

STATUSES: tuple[Status, ...] = ("new", "in_progress", "done")
SORTS = ("added", "date", "source", "status", "title")
_FIELD = re.compile(r'(\w+):("[^"]*"|\S+)')


@dataclass(frozen=True, slots=True)
class Summary:
    """One library row: the article's metadata and the state of its entities."""

    id: str
    order: int
    title: str
    date: dt.date | None
    source: str
    status: Status
    duplicate_of: str | None
    detected: bool
    states: Counter[str] = field(default_factory=Counter)
    labels: frozenset[str] = frozenset()  # of the entities not rejected

    @property
    def entity_count(self) -> int:
        return sum(self.states.values())

    @property
    def reviewed(self) -> float:
        """Share of entities accepted or rejected (1.0 when there are none)."""
        total = self.entity_count
        return 1.0 if not total else (total - self.states["suggested"]) / total


Tally = Mapping[tuple[str, str], int]
"""How many of an article's entities hold each (label, state) (`Store.entity_tally`)."""


def summarise(article: ArticleHead, tally: Tally, order: int = 0) -> Summary:
    """The library row of an article from its head and its entities' tally."""
    states: Counter[str] = Counter()
    for (_, state), count in tally.items():
        states[state] += count
    meta = article.meta
    return Summary(
        id=article.id,
        order=order,
        title=meta.title,
        date=meta.date,
        source=meta.source or meta.publisher or "",
        status=article.status,
        duplicate_of=article.duplicate_of,
        detected=article.detected_with is not None,
        states=states,
        labels=frozenset(label for label, state in tally if state != "rejected"),
    )


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
            status=status,  # type: ignore[arg-type]
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
    return sorted(rows, key=lambda r: r.order)


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
