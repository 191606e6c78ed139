"""The shared half of every importer: what readers yield, and how it is stored.

A reader turns a file into `Incoming` articles, each with candidate `Span`s
and the problems it met. `apply_import` maps labels through the label set,
checks every offset against the text, and adds only what is new: an article
or entity already stored is never modified. Every item left out is reported
with one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from annotations.labels import LabelSpec, label_map
from annotations.models import Article, ArticleMeta, Entity, EntitySource, ReviewState
from annotations.store import Store
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


@dataclass
class Incoming:
    """An article read from a file, with its spans and what went wrong reading it."""

    where: str
    article: Article
    spans: list[Span] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did; `problems` has one sentence per item left out."""

    articles_added: int = 0
    articles_existing: int = 0
    entities_added: int = 0
    entities_existing: int = 0
    problems: list[str] = field(default_factory=list)


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


def apply_import(
    store: Store, items: Iterable[Incoming | str], labels: tuple[LabelSpec, ...] | None = None
) -> ImportReport:
    """Add new articles and entities from `items`; never touch what is stored.

    Readers yield an `Incoming` per article, or a sentence for an item they could
    not read at all.
    """
    mapper = LabelMapper(labels)
    report = ImportReport()
    other_ids = _StoredIds(store)
    for item in items:
        if isinstance(item, str):  # an item the reader could not turn into an article
            report.problems.append(item)
            continue
        report.problems.extend(item.problems)
        article = item.article
        if article.id in store:
            if store.article(article.id).text != article.text:
                report.problems.append(
                    f"{item.where}: article {article.id} is already stored with a different "
                    "text; nothing of it was imported."
                )
                continue
            report.articles_existing += 1
        else:
            store.add_articles([article])
            report.articles_added += 1
        for entity in _entities(store, item, mapper, report, other_ids):
            store.put_entity(entity)
            report.entities_added += 1
    return report


class _StoredIds:
    """Ids of all stored entities, collected only if an imported entity brings an id."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ids: set[str] | None = None

    def __contains__(self, entity_id: str) -> bool:
        if self._ids is None:
            self._ids = {e.id for a in self._store.article_ids() for e in self._store.entities(a)}
        return entity_id in self._ids


def _entities(
    store: Store, item: Incoming, mapper: LabelMapper, report: ImportReport, other_ids: _StoredIds
) -> Iterator[Entity]:
    """The new, valid entities of `item`; everything else is counted or reported."""
    text = item.article.text
    stored = {e.id: e for e in store.entities(item.article.id)}
    taken = {(e.start, e.end, e.label) for e in stored.values()}
    for span in item.spans:
        label = mapper(span.label)
        if label is None:
            report.problems.append(
                f"{span.where}: label {span.label!r} is not in the label set; "
                "the entity was not imported."
            )
            continue
        placed = resolve_offsets(text, span)
        if isinstance(placed, str):
            report.problems.append(f"{span.where}: {placed}; the entity was not imported.")
            continue
        start, end = placed
        fields = {
            "article_id": item.article.id,
            "start": start,
            "end": end,
            "label": label,
            "text": text[start:end],
            "source": span.source,
            "state": span.state,
            "canonical_id": span.canonical_id,
            "note": span.note,
        }
        if span.id is not None and span.id in stored:
            if stored[span.id].model_dump(include=set(fields)) != fields:
                report.problems.append(
                    f"{span.where}: entity {span.id} is already stored with other values; "
                    "the stored one was kept."
                )
            else:
                report.entities_existing += 1
            continue
        if (start, end, label) in taken:
            report.entities_existing += 1
            continue
        if span.id is not None and span.id not in other_ids:
            fields["id"] = span.id
        try:
            entity = Entity.model_validate(fields)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"]
            report.problems.append(f"{span.where}: {reason}; the entity was not imported.")
            continue
        taken.add((start, end, label))
        yield entity
