"""Native JSONL: one article per line with everything newsdesk knows; lossless.

Line shape: `{"newsdesk": 1, "article": {...}, "entities": [...], "events": [...]}`
where article, entities and events are the stored models, dumped as JSON
(groups are the events' shared `group_id`). Importing an
export into an empty database and exporting again gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotations.formats.importing import (
    Incoming,
    IncomingEvent,
    Span,
    Unusable,
    guarded,
    json_lines,
    require,
)
from annotations.formats.output import json_line, text_writer
from annotations.formats.records import DEFAULT_VOCABULARY, ExportRecord, Vocabulary
from annotations.models import Article, Event

FORMAT_VERSION = 1
# Event fields an importer places itself (offsets are checked against the text).
_PLACED = {"article_id", "type", "trigger_start", "trigger_end", "trigger_text", "arguments"}


def write(
    records: Iterable[ExportRecord], target: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> None:
    with text_writer(target) as out:
        for record in records:
            out.write(json_line(line(record)))


def line(record: ExportRecord) -> dict[str, Any]:
    """The JSON object for one record."""
    return {
        "newsdesk": FORMAT_VERSION,
        "article": record.article.model_dump(mode="json"),
        "entities": [e.model_dump(mode="json") for e in record.entities],
        "events": [e.model_dump(mode="json") for e in record.events],
    }


def read(path: Path) -> Iterator[Incoming | str]:
    require(path, "file")
    for where, obj in json_lines(path):
        if isinstance(obj, Unusable):
            yield obj
            continue
        item = guarded(where, lambda: parse(where, obj))  # noqa: B023 - called at once
        if isinstance(item, str) and not item.startswith(where):
            item = f"{where} {item}."
        yield item


def parse(where: str, obj: object) -> Incoming | str:
    """An `Incoming` from one line's object, or why the line cannot be used."""
    if not isinstance(obj, dict) or not isinstance(obj.get("article"), dict):
        return "has no newsdesk article object; it was not imported"
    if obj.get("newsdesk") != FORMAT_VERSION:
        found = obj.get("newsdesk")
        return f"has format version {found!r}, not {FORMAT_VERSION}; it was not imported"
    try:
        article = Article.model_validate(obj["article"])
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        return f"has an invalid article ({field}: {err['msg']}); it was not imported"
    if not article.id.strip():
        return "has an empty article id; it was not imported"
    item = Incoming(where, article)
    for n, raw in enumerate(obj.get("entities") or [], start=1):
        span = _span(f"{where} entity {n}", raw)
        if isinstance(span, str):
            item.problems.append(f"{where} entity {n}: {span}; the entity was not imported.")
        else:
            item.spans.append(span)
    for n, raw in enumerate(obj.get("events") or [], start=1):
        event = _event(f"{where} event {n}", raw)
        if isinstance(event, str):
            item.problems.append(f"{where} event {n}: {event}; the event was not imported.")
        else:
            item.events.append(event)
    return item


def _event(where: str, raw: object) -> IncomingEvent | str:
    """An event object as stored (`Event` fields); arguments name entity ids."""
    if not isinstance(raw, dict):
        return "is not an event object"
    try:
        event = Event.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        return f"is invalid ({'.'.join(str(p) for p in err['loc'])}: {err['msg']})"
    trigger = Span(where, event.trigger_start, event.trigger_end, event.type, event.trigger_text)
    arguments = [(a.role, a.entity_id) for a in event.arguments]
    fields = event.model_dump(exclude=_PLACED)
    return IncomingEvent(where, event.type, trigger, arguments, fields)


def _span(where: str, raw: object) -> Span | str:
    fields = (
        "start", "end", "label", "text", "source", "state", "id", "canonical_id", "note", "analyst",
    )  # fmt: skip
    if not isinstance(raw, dict) or not all(k in raw for k in ("start", "end", "label")):
        return "is not an entity object with start, end and label"
    if not isinstance(raw["start"], int) or not isinstance(raw["end"], int):
        return "has offsets that are not whole numbers"
    if not isinstance(raw["label"], str) or not isinstance(raw.get("text", ""), str):
        return "has a label or text that is not a string"
    return Span(where=where, key=raw.get("id"), **{k: raw[k] for k in fields if k in raw})
