"""The shared half of every importer: how what readers yield is stored.

`apply_import` maps labels through the label set, checks every offset
against the text, and adds only what is new: an article, entity or event
already stored is never modified. Every item left out is reported with one
sentence; events of a type the schema does not know are kept and flagged.
Writes are grouped: each batch of articles costs two saves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.formats.import_events import EventImport
from annotations.formats.incoming import (
    ImportReport,
    Incoming,
    IncomingEvent,
    LabelMapper,
    Relation,
    Span,
    new_article,
    resolve_offsets,
)
from annotations.labels import LabelSpec
from annotations.models import Article, Entity
from annotations.store import Store

__all__ = [
    "ImportReport",
    "Incoming",
    "IncomingEvent",
    "LabelMapper",
    "Relation",
    "Span",
    "apply_import",
    "new_article",
    "resolve_offsets",
]

BATCH = 500  # articles per pair of saves


def apply_import(
    store: Store,
    items: Iterable[Incoming | str],
    labels: tuple[LabelSpec, ...] | None = None,
    schema: EventSchema = DEFAULT_SCHEMA,
    batch: int = BATCH,
) -> ImportReport:
    """Add new articles, entities and events from `items`; never touch what is stored.

    Readers yield an `Incoming` per article, or a sentence for an item they could
    not read at all. Every `batch` articles cost two saves: the new articles,
    then their entities and events in one transaction.
    """
    mapper = LabelMapper(labels)
    report = ImportReport()
    events = EventImport(store, schema, mapper, report)
    added: set[str] = set()  # ids of the entities this import created
    stream = iter(items)
    while chunk := list(itertools.islice(stream, batch)):
        ready = _new_articles(store, chunk, report)
        taken: dict[str, dict[tuple[int, int, str], str]] = {}
        with store.transaction():
            for item in ready:
                events.take_triggers(item)
                keys: dict[str, str] = {}
                for entity in _entities(store, item, mapper, report, added, taken, keys):
                    store.put_entity(entity)
                    added.add(entity.id)
                    report.entities_added += 1
                events.add(item, keys)
    return report


def _new_articles(
    store: Store, chunk: list[Incoming | str], report: ImportReport
) -> list[Incoming]:
    """The items whose article is stored or now added (one save); the rest reported."""
    ready: list[Incoming] = []
    fresh: dict[str, Article] = {}
    for item in chunk:
        if isinstance(item, str):  # an item the reader could not turn into an article
            report.problems.append(item)
            continue
        report.problems.extend(item.problems)
        article = item.article
        stored = fresh.get(article.id) or (
            store.article(article.id) if article.id in store else None
        )
        if stored is None:
            fresh[article.id] = article
            report.articles_added += 1
        elif stored.text != article.text:
            report.problems.append(
                f"{item.where}: article {article.id} is already stored with a different "
                "text; nothing of it was imported."
            )
            continue
        else:
            report.articles_existing += 1
        ready.append(item)
    store.add_articles(fresh.values())
    return ready


def _entities(
    store: Store,
    item: Incoming,
    mapper: LabelMapper,
    report: ImportReport,
    added: set[str],
    taken_by_article: dict[str, dict[tuple[int, int, str], str]],
    keys: dict[str, str],
) -> Iterator[Entity]:
    """The new, valid entities of `item`; everything else is counted or reported.

    A span is known by its id when it has one, else by its position and label
    (stored entities match either way). `keys` learns the entity id each span
    key ended up as (new or already stored).
    """
    text = item.article.text
    article_id = item.article.id
    taken = taken_by_article.get(article_id)
    if taken is None:
        stored = store.entities(article_id)
        taken = taken_by_article[article_id] = {(e.start, e.end, e.label): e.id for e in stored}
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
            "article_id": article_id,
            "start": start,
            "end": end,
            "label": label,
            "text": text[start:end],
            "source": span.source,
            "state": span.state,
            "canonical_id": span.canonical_id,
            "note": span.note,
        }
        same = store.get("entities", span.id, Entity) if span.id else None
        if same is not None and same.article_id == article_id:
            if same.model_dump(include=set(fields)) != fields:
                report.problems.append(
                    f"{span.where}: entity {span.id} is already stored with other values; "
                    "the stored one was kept."
                )
            else:
                report.entities_existing += 1
            _remember(keys, span, same.id)
            continue
        if span.id is not None and span.id in added:  # an item repeated in the file
            report.entities_existing += 1
            _remember(keys, span, span.id)
            continue
        if (start, end, label) in taken:
            report.entities_existing += 1
            _remember(keys, span, taken[(start, end, label)])
            continue
        if span.id is not None and same is None:
            fields["id"] = span.id
        try:
            entity = Entity.model_validate(fields)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"]
            report.problems.append(f"{span.where}: {reason}; the entity was not imported.")
            continue
        if span.id is None:  # spans with ids are told apart by id, even on one position
            taken[(start, end, label)] = entity.id
        _remember(keys, span, entity.id)
        yield entity


def _remember(keys: dict[str, str], span: Span, entity_id: str) -> None:
    if span.key is not None:
        keys[span.key] = entity_id
