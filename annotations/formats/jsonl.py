"""Native JSONL: one article per line with everything newsdesk knows; lossless.

Line shape: `{"newsdesk": 1, "article": {...}, "entities": [...], "events": [...]}`
where article and entities are the stored models, dumped as JSON. Importing an
export into an empty database and exporting again gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from annotations.formats.importing import Incoming, Span
from annotations.formats.output import json_line, text_writer
from annotations.formats.reading import json_lines, require
from annotations.formats.records import ExportRecord
from annotations.models import Article

FORMAT_VERSION = 1


def write(records: Iterable[ExportRecord], target: Path) -> None:
    with text_writer(target) as out:
        for record in records:
            out.write(json_line(line(record)))


def line(record: ExportRecord) -> dict:
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
        item = parse(where, obj)
        yield f"{where} {item}." if isinstance(item, str) else item


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
    item = Incoming(where, article)
    for n, raw in enumerate(obj.get("entities") or [], start=1):
        span = _span(f"{where} entity {n}", raw)
        if isinstance(span, str):
            item.problems.append(f"{where} entity {n}: {span}; the entity was not imported.")
        else:
            item.spans.append(span)
    if events := obj.get("events"):
        item.problems.append(
            f"{where}: {len(events)} event(s) were not imported: this version of newsdesk "
            "cannot store events yet."
        )
    return item


def _span(where: str, raw: object) -> Span | str:
    fields = ("start", "end", "label", "text", "source", "state", "id", "canonical_id", "note")
    if not isinstance(raw, dict) or not all(k in raw for k in ("start", "end", "label")):
        return "is not an entity object with start, end and label"
    if not isinstance(raw["start"], int) or not isinstance(raw["end"], int):
        return "has offsets that are not whole numbers"
    if not isinstance(raw["label"], str) or not isinstance(raw.get("text", ""), str):
        return "has a label or text that is not a string"
    return Span(where=where, **{k: raw[k] for k in fields if k in raw})
