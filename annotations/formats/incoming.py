"""What readers yield: articles with candidate spans, events and relations,
plus the checks every importer shares (label mapping, offsets).

A reader turns a file into `Incoming` articles, each with candidate `Span`s,
events (brat, jsonl) or relations (Label Studio, doccano), and the problems
it met; `annotations.formats.importing` stores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from annotations.labels import LabelSpec, label_map
from annotations.models import Article, ArticleMeta, EntitySource, ReviewState
from annotations.text import content_hash


@dataclass
class Span:
    """An entity as a file states it, before it is checked."""

    where: str  # names the item in messages, e.g. "tasks.json task 3, result 2"
    start: int
    end: int
    label: str
    text: str | None = None  # the span text the file claims, when it gives one
    source: EntitySource = "analyst"
    state: ReviewState = "accepted"
    id: str | None = None
    canonical_id: str | None = None
    note: str | None = None
    key: str | None = None  # how events and relations of the same file refer to it
    trigger: bool = False  # the file marks it as an event trigger (labelled with the type)
    event_fields: dict[str, Any] = field(default_factory=dict)  # used if it is a trigger


@dataclass
class IncomingEvent:
    """An event as a file states it: type, trigger, roles filled by span keys."""

    where: str
    type: str
    trigger: Span
    arguments: list[tuple[str, str]] = field(default_factory=list)  # (role, span key)
    fields: dict[str, Any] = field(default_factory=dict)  # id, status, state, time_*, note...


@dataclass
class Relation:
    """A directed, typed link between two spans (Label Studio, doccano)."""

    where: str
    from_key: str
    to_key: str
    type: str


@dataclass
class Incoming:
    """An article read from a file, with its spans and what went wrong reading it."""

    where: str
    article: Article
    spans: list[Span] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    events: list[IncomingEvent] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did; `problems` has one sentence per item left out."""

    articles_added: int = 0
    articles_existing: int = 0
    entities_added: int = 0
    entities_existing: int = 0
    events_added: int = 0
    events_existing: int = 0
    problems: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # imported, but the analyst should look


def new_article(text: str, origin: str, article_id: str | None = None, title: str = "") -> Article:
    """An article for a text that arrives without newsdesk's own record of it."""
    digest = content_hash(text)
    return Article(
        id=article_id or digest,
        origin=origin,
        raw=text,
        text=text,
        text_hash=digest,
        meta=ArticleMeta(title=title),
    )


class LabelMapper:
    """Maps a foreign label onto the label set: exact name, else ignoring case and punctuation."""

    def __init__(self, labels: tuple[LabelSpec, ...] | None = None) -> None:
        names = label_map(labels) if labels is not None else label_map()
        self._exact = set(names)
        self._loose = {_loose(name): name for name in names}

    def __call__(self, label: str) -> str | None:
        return label if label in self._exact else self._loose.get(_loose(label))


def _loose(label: str) -> str:
    return re.sub(r"[\W_]+", "", label).casefold()


def resolve_offsets(text: str, span: Span) -> tuple[int, int] | str:
    """Offsets in Python characters, or the reason the span cannot be placed.

    Browser-based tools sometimes count UTF-16 units; when the claimed span
    text only matches that way, the offsets are converted.
    """
    start, end = span.start, span.end
    if not all(type(n) is int for n in (start, end)):  # True is an int to Python, not here
        return f"offsets {start!r}-{end!r} are not whole numbers"
    if not 0 <= start < end <= len(text):
        return f"offsets {start}-{end} are outside the text (length {len(text)})"
    if span.text is None or text[start:end] == span.text:
        return start, end
    units = text.encode("utf-16-le")
    if 2 * end <= len(units):
        prefix = len(units[: 2 * start].decode("utf-16-le", errors="ignore"))
        length = len(units[2 * start : 2 * end].decode("utf-16-le", errors="ignore"))
        if text[prefix : prefix + length] == span.text:
            return prefix, prefix + length
    return f"offsets {start}-{end} hold {text[start:end]!r}, not {span.text!r}"
