"""Agreement between two analysts' annotations of the same articles.

The input is a stream of `Compared` items, one per article both analysts
annotated: the article's text and each analyst's `Layer` (entity spans and
events). Nothing is kept per article but one small row, so two layers of any
size are compared in flat memory.

Figures, per label and overall, always with the counts behind them:
- exact-span agreement: F1 between the two span sets (a span is start, end
  and label; F1 is symmetric, so neither analyst is "gold");
- token-level Cohen's kappa: each token (`annotations.segment`, cut
  at every span boundary of either analyst) gets the label of the outermost
  span covering it in each layer, or "O"; per label, kappa of "this label or
  not"; overall, kappa over all labels and "O";
- events: agreement on type + trigger span, and, for the events both
  analysts marked, on the roles (role name + the filler's span).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from annotations.segment import split_at, tokens

OUTSIDE = "O"


class Span(NamedTuple):
    """An entity span as agreement sees it (a tuple: hashed and compared in C)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class EventMark:
    """An event as agreement sees it: its type, trigger and role fillers' spans."""

    type: str
    trigger: tuple[int, int]
    roles: frozenset[tuple[str, int, int]] = frozenset()


@dataclass(frozen=True, slots=True)
class Layer:
    """One analyst's annotations of one article."""

    spans: frozenset[Span] = frozenset()
    events: frozenset[EventMark] = frozenset()


@dataclass(frozen=True, slots=True)
class Compared:
    """One article that both analysts annotated."""

    article_id: str
    text: str
    a: Layer
    b: Layer
    title: str = ""


@dataclass(slots=True)
class Counts:
    """Items both analysts marked, and items only one of them marked."""

    both: int = 0
    only_a: int = 0
    only_b: int = 0

    def add(self, a: Iterable[object], b: Iterable[object]) -> None:
        sa, sb = set(a), set(b)
        self.both += len(sa & sb)
        self.only_a += len(sa - sb)
        self.only_b += len(sb - sa)

    @property
    def f1(self) -> float | None:
        """2|A∩B| / (|A|+|B|); None when neither analyst marked anything."""
        marked = 2 * self.both + self.only_a + self.only_b
        return 2 * self.both / marked if marked else None


def kappa(confusion: Counter[tuple[str, str]]) -> float | None:
    """Cohen's kappa of a confusion of (label by A, label by B) -> count.

    None when it is undefined: no items, or chance agreement is total (both
    analysts gave every item the same single label)."""
    n = sum(confusion.values())
    if not n:
        return None
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    observed = 0
    for (la, lb), count in confusion.items():
        rows[la] += count
        cols[lb] += count
        if la == lb:
            observed += count
    expected = sum(rows[k] * cols[k] for k in rows) / (n * n)
    if expected >= 1.0:
        return None
    return (observed / n - expected) / (1 - expected)


def binary(confusion: Counter[tuple[str, str]], label: str) -> Counter[tuple[str, str]]:
    """The confusion of "`label` or not" drawn from a multi-label confusion."""
    out: Counter[tuple[str, str]] = Counter()
    for (la, lb), count in confusion.items():
        out[(str(la == label), str(lb == label))] += count
    return out


def token_labels(pieces: list[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """Each piece's (token's) label: that of the outermost span covering it, else "O"."""
    labels = [OUTSIDE] * len(pieces)
    starts = [start for start, _ in pieces]
    # Shorter spans first, so that an enclosing span, painted later, wins.
    for span in sorted(spans, key=lambda s: (s.end - s.start, s)):
        i = bisect.bisect_left(starts, span.start)
        while i < len(pieces) and pieces[i][1] <= span.end:
            labels[i] = span.label
            i += 1
    return labels


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article's figures, for finding where the analysts disagree most."""

    article_id: str
    title: str
    spans: Counts
    kappa: float | None
    tokens: int


@dataclass
class Report:
    """Agreement between analysts `a` and `b` over the compared articles."""

    a: str
    b: str
    articles: int = 0
    tokens: int = 0
    spans: Counts = field(default_factory=Counts)
    by_label: dict[str, Counts] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    events: Counts = field(default_factory=Counts)
    roles: Counts = field(default_factory=Counts)
    rows: list[ArticleRow] = field(default_factory=list)

    @property
    def kappa(self) -> float | None:
        return kappa(self.confusion)

    def label_kappa(self, label: str) -> float | None:
        return kappa(binary(self.confusion, label))

    def labels(self) -> list[str]:
        return sorted(self.by_label)

    def worst_first(self) -> list[ArticleRow]:
        """Articles by span agreement, lowest first; ties: most spans first."""

        def key(row: ArticleRow) -> tuple[float, int]:
            c = row.spans
            f1 = 1.0 if c.f1 is None else c.f1
            return (f1, -(c.both + c.only_a + c.only_b))

        return sorted(self.rows, key=key)


def compare(a: str, b: str, items: Iterable[Compared], label: str | None = None) -> Report:
    """Agreement of analysts `a` and `b` on `items`; only spans (and event
    roles' fillers) of `label` when it is given."""
    report = Report(a=a, b=b)
    for item in items:
        add(report, item, label)
    return report


def add(report: Report, item: Compared, label: str | None = None) -> None:
    """Count one more article into `report` (a screen can so compare a slice at a time)."""
    spans_a = {s for s in item.a.spans if label is None or s.label == label}
    spans_b = {s for s in item.b.spans if label is None or s.label == label}
    counts = Counts()
    counts.add(spans_a, spans_b)
    report.spans.add(spans_a, spans_b)
    for name in {s.label for s in spans_a} | {s.label for s in spans_b}:
        report.by_label.setdefault(name, Counts()).add(
            (s for s in spans_a if s.label == name), (s for s in spans_b if s.label == name)
        )
    cuts = {o for s in spans_a | spans_b for o in (s.start, s.end)}
    pieces = split_at(tokens(item.text), cuts)
    pairs = Counter(zip(token_labels(pieces, spans_a), token_labels(pieces, spans_b), strict=True))
    report.confusion.update(pairs)
    report.tokens += len(pieces)
    report.articles += 1
    _events(report, item, label)
    report.rows.append(ArticleRow(item.article_id, item.title, counts, kappa(pairs), len(pieces)))


def _events(report: Report, item: Compared, label: str | None) -> None:
    if label is not None:
        return  # event agreement is about types and roles, not one entity label
    keyed_a = {(e.type, e.trigger): e for e in item.a.events}
    keyed_b = {(e.type, e.trigger): e for e in item.b.events}
    report.events.add(keyed_a, keyed_b)
    for key in keyed_a.keys() & keyed_b.keys():
        report.roles.add(keyed_a[key].roles, keyed_b[key].roles)
