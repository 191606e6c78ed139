"""Importing: what readers yield, the helpers they share, and how it is stored.

A reader (`read` of brat, jsonl, labelstudio, doccano) turns a file into
`Incoming` articles, each with candidate `Span`s, events (brat, jsonl) or
relations (Label Studio, doccano), and the problems it met; it reads files
through `read_text_file`, `json_lines` and `json_document`, and wraps each
item in `guarded` so one malformed item never stops the file.

`apply_import` maps labels through the label set, checks every offset
against the text, and adds only what is new: an article, entity or event
already stored is never modified. Every item left out is reported with one
sentence; events of a type the schema does not know, or with a role its type
does not have, are kept and flagged (the rule of the event schema); an
argument whose entity was not imported is reported and left out; a relation
that does not link a trigger to an entity is reported, since newsdesk stores
relations only as event roles. Writes are grouped: each batch of articles
costs two saves.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from annotations.corpus.readers import Unreadable, read_bytes
from annotations.errors import UserError
from annotations.events.repository import EVENTS
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.events.validate import check_event
from annotations.formats.records import EventReader, event_reader
from annotations.labels import LabelSpec, label_map
from annotations.limits import limits
from annotations.models import (
    Argument,
    Article,
    ArticleMeta,
    Entity,
    EntitySource,
    Event,
    ReviewState,
    Stored,
    new_id,
)
from annotations.store import Store, StoreError
from annotations.store.validation import dump_for_write
from annotations.text import content_hash, neutralise_controls, printable


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
    analyst: str | None = None  # who decided it, when the file says
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


def article_from(fields: dict[str, Any], origin: str) -> Article:
    """`new_article` for a file's object that holds a `text` string and may hold an
    `article_id` and a `title` (used only when they are strings)."""
    article_id, title = fields.get("article_id"), fields.get("title")
    return new_article(
        fields["text"],
        origin,
        article_id if isinstance(article_id, str) else None,
        title if isinstance(title, str) else "",
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


T = TypeVar("T")


def read_text_file(path: Path) -> str:
    """The UTF-8 text of a file, exactly as stored (no newline translation)."""
    try:
        return read_bytes(path).decode("utf-8-sig")  # a regular file, within the size limit
    except UnicodeDecodeError as exc:
        raise UserError(f"{printable(path)} is not valid UTF-8 text (byte {exc.start}).") from exc
    except Unreadable as exc:
        raise UserError(f"{printable(path)}: {exc}") from exc


def require(path: Path, kind: str) -> None:
    """Stop with one sentence when `path` is not an existing file or folder."""
    if not path.exists():
        raise UserError(f"{path} does not exist.")
    if kind == "file" and path.is_dir():
        raise UserError(f"{path} is a folder; give a file.")
    if kind == "folder" and not path.is_dir():
        raise UserError(f"{path} is a file; give the exported folder.")


class Unusable(str):
    """Why one item of a file cannot be used: reported, and the file goes on."""


def json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """`(where, value)` for each non-blank line; a line that is not JSON (or too deep, too
    long, not UTF-8) comes as `(where, Unusable(why))`, and the lines after it still count."""
    bound = limits()
    try:
        data = read_bytes(path, bound)
    except Unreadable as exc:
        raise UserError(f"{printable(path)}: {exc}") from exc
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        where = f"{printable(path.name)} line {number}"
        if not raw.strip():
            continue
        if len(raw) > bound.line_bytes:
            yield where, Unusable(f"{where} is longer than the line limit; it was not imported.")
            continue
        try:
            yield where, json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield where, Unusable(f"{where} is not valid UTF-8 text; it was not imported.")
        except json.JSONDecodeError as exc:
            yield where, Unusable(f"{where} is not valid JSON ({exc.msg}); it was not imported.")
        except RecursionError:
            yield where, Unusable(f"{where} is nested too deeply to read; it was not imported.")


def guarded(where: str, parse: Callable[[], T]) -> T | str:
    """`parse()`, or one sentence naming `where` when the item is malformed in a way the
    reader did not foresee (a number where a list belongs, nesting too deep)."""
    try:
        return parse()
    except (TypeError, AttributeError, ValueError, KeyError, IndexError, RecursionError) as exc:
        return f"{where} is malformed ({type(exc).__name__}); it was not imported."


def json_document(path: Path) -> Any:
    """A whole JSON file, parsed."""
    try:
        return json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path.name} is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    except RecursionError as exc:
        raise UserError(f"{printable(path.name)} is nested too deeply to read.") from exc


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
            refused = unstorable(article, "articles")
            if refused:
                report.problems.append(f"{item.where}: {refused}; nothing of it was imported.")
                continue
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
            "analyst": span.analyst,
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
        refused = unstorable(entity, "entities")
        if refused:
            report.problems.append(f"{span.where}: {refused}; the entity was not imported.")
            continue
        if span.id is None:  # spans with ids are told apart by id, even on one position
            taken[(start, end, label)] = entity.id
        _remember(keys, span, entity.id)
        yield entity


def unstorable(item: Stored, table: str) -> str | None:
    """Why the store would refuse `item` (a NUL character, a field over its length
    limit), checked before the save so that one bad item never stops the import."""
    try:
        dump_for_write(item, table)
    except StoreError as exc:
        reason = str(exc).removesuffix("; nothing was saved.")
        return reason.partition(": ")[2] or reason  # without "Cannot save <what>"
    return None


def _remember(keys: dict[str, str], span: Span, entity_id: str) -> None:
    if span.key is not None:
        keys[span.key] = entity_id


_FLAGGED = ("unknown_type", "unknown_role")


class EventImport:
    """Turns the events of incoming articles into stored events, reporting as it goes."""

    def __init__(
        self, store: Store, schema: EventSchema, mapper: LabelMapper, report: ImportReport
    ) -> None:
        self.store, self.schema, self.mapper, self.report = store, schema, mapper, report
        self._types = {_loose(name): name for name in schema.names}
        self._stored: EventReader | None = None  # built on first need
        self._pending: dict[str, list[Event]] = {}  # added by this import, by article
        self._ids: set[str] = set()  # ids of the events this import added

    def type_name(self, name: str) -> str | None:
        """The schema's spelling of an event type, None for a type it does not know."""
        return self._types.get(_loose(name))

    def role_name(self, event_type: str, role: str) -> str:
        """The schema's spelling of a role of `event_type`, else `role` as given."""
        spec = self.schema.get(event_type)
        names = {_loose(r.name): r.name for r in spec.roles} if spec else {}
        return names.get(_loose(role), role)

    def take_triggers(self, item: Incoming) -> None:
        """Turn trigger spans (marked so, or labelled with an event type and not with
        an entity label) into events, their outgoing relations into roles; report
        other relations."""
        triggers = {
            s.key: s
            for s in item.spans
            if s.key is not None
            and (s.trigger or (self.type_name(s.label) and self.mapper(s.label) is None))
        }
        if not triggers and not item.relations:
            return
        item.spans = [s for s in item.spans if s.key not in triggers]
        found = {
            key: IncomingEvent(
                span.where,
                span.label,
                span,
                fields={"state": span.state, "note": span.note, **span.event_fields},
            )
            for key, span in triggers.items()
        }
        entities = {s.key for s in item.spans}
        for rel in item.relations:
            if rel.from_key in found and rel.to_key in entities:
                found[rel.from_key].arguments.append((rel.type, rel.to_key))
            else:
                self.report.problems.append(
                    f"{rel.where}: relation {rel.type!r} does not link an event trigger to an "
                    "entity (newsdesk keeps relations only as event roles); it was not imported."
                )
        item.events.extend(found.values())

    def add(self, item: Incoming, keys: dict[str, str]) -> None:
        """Store the new events of `item`; `keys` maps span keys to stored entity ids."""
        for incoming in item.events:
            event = self._event(item, incoming, keys)
            if event is None or self._is_stored(event, incoming.where):
                continue
            refused = unstorable(event, EVENTS)
            if refused:
                self.report.problems.append(
                    f"{incoming.where}: {refused}; the event was not imported."
                )
                continue
            self.store.put(EVENTS, event)
            self._pending.setdefault(event.article_id, []).append(event)
            self._ids.add(event.id)
            self.report.events_added += 1
            for problem in check_event(event, self.schema):
                if problem.kind in _FLAGGED:
                    self.report.flagged.append(
                        f"{incoming.where}: {problem.message} The event was imported and flagged."
                    )

    def _event(self, item: Incoming, incoming: IncomingEvent, keys: dict[str, str]) -> Event | None:
        where, text = incoming.where, item.article.text
        placed = resolve_offsets(text, incoming.trigger)
        if isinstance(placed, str):
            self.report.problems.append(f"{where}: trigger {placed}; the event was not imported.")
            return None
        kind = self.type_name(incoming.type) or neutralise_controls(incoming.type)  # as texts
        arguments = []
        for role, key in incoming.arguments:
            if key in keys:
                arguments.append(Argument(role=self.role_name(kind, role), entity_id=keys[key]))
            else:
                self.report.problems.append(
                    f"{where}: the {role} of this {kind} is an entity that was not imported; "
                    "the event was imported without it."
                )
        fields = {k: v for k, v in incoming.fields.items() if v is not None}
        start, end = placed
        data = fields | {
            "article_id": item.article.id,
            "type": kind,
            "trigger_start": start,
            "trigger_end": end,
            "trigger_text": text[start:end],
            "arguments": arguments,
        }
        try:
            return Event.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            place = ".".join(str(p) for p in err["loc"]) or "event"
            self.report.problems.append(
                f"{where}: {place}: {err['msg']}; the event was not imported."
            )
            return None

    def _is_stored(self, event: Event, where: str) -> bool:
        """Whether `event` is already there (counted, or reported if it differs).

        An event whose id belongs to another article gets a fresh id instead.
        """
        if self._stored is None:
            self._stored = event_reader(self.store)
        here = [*self._stored(event.article_id), *self._pending.get(event.article_id, ())]
        same = next((e for e in here if e.id == event.id), None)
        if same is not None:
            if same != event:
                self.report.problems.append(
                    f"{where}: event {event.id} is already stored with other values; "
                    "the stored one was kept."
                )
            else:
                self.report.events_existing += 1
            return True
        trigger = (event.type, event.trigger_start, event.trigger_end)
        if any((e.type, e.trigger_start, e.trigger_end) == trigger for e in here):
            self.report.events_existing += 1
            return True
        if event.id in self._ids or self.store.get(EVENTS, event.id, Event) is not None:
            event.id = new_id()
        return False
