"""doccano JSONL, one article per line.

By default the sequence-labelling shape: `{"text", "label": [[start, end,
LABEL]], "article_id", "title"}` (events left out). With events included
(`with_events`), the relation-project shape: `{"text", "entities": [{id,
label, start_offset, end_offset}], "relations": [{id, from_id, to_id, type}],
"article_id", "title"}`, where an event is an entity labelled with its type on
the trigger, and one relation per argument from the trigger to the filler,
typed with the role. doccano has no attributes, so event status, dates and
notes stay in jsonl. Import reads both shapes; extra keys become doccano
metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotations.formats.importing import (
    Incoming,
    Relation,
    Span,
    Unusable,
    article_from,
    guarded,
    json_lines,
    require,
)
from annotations.formats.output import json_line, text_writer
from annotations.formats.records import DEFAULT_VOCABULARY, ExportRecord, Vocabulary


def write(
    records: Iterable[ExportRecord],
    target: Path,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    with_events: bool = False,
) -> None:
    shape = relation_line if with_events else line
    with text_writer(target) as out:
        for record in records:
            out.write(json_line(shape(record)))


def line(record: ExportRecord) -> dict[str, Any]:
    """The sequence-labelling line: entities as `[start, end, label]`."""
    article = record.article
    return {
        "text": article.text,
        "label": [[e.start, e.end, e.label] for e in record.spans],
        "article_id": article.id,
        "title": article.meta.title,
    }


def relation_line(record: ExportRecord) -> dict[str, Any]:
    """The relation-project line: entities, event triggers and one relation per role."""
    article = record.article
    numbers = {e.id: n for n, e in enumerate(record.spans, start=1)}
    entities = [_entity(numbers[e.id], e.start, e.end, e.label) for e in record.spans]
    relations: list[dict[str, Any]] = []
    for event in record.events:
        trigger = len(entities) + 1
        entities.append(_entity(trigger, event.trigger_start, event.trigger_end, event.type))
        for role, entity in record.arguments(event):
            relations.append(
                {
                    "id": len(relations) + 1,
                    "from_id": trigger,
                    "to_id": numbers[entity.id],
                    "type": role,
                }
            )
    return {
        "text": article.text,
        "entities": entities,
        "relations": relations,
        "article_id": article.id,
        "title": article.meta.title,
    }


def _entity(number: int, start: int, end: int, label: str) -> dict[str, Any]:
    return {"id": number, "label": label, "start_offset": start, "end_offset": end}


def read(path: Path) -> Iterator[Incoming | str]:
    require(path, "file")
    for where, obj in json_lines(path):
        yield (
            obj
            if isinstance(obj, Unusable)
            else guarded(
                where,
                lambda: parse(where, obj, str(path)),  # noqa: B023 - called at once
            )
        )


def parse(where: str, obj: object, origin: str) -> Incoming | str:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return f"{where} has no text string; it was not imported."
    item = Incoming(where, article_from(obj, origin))
    for n, raw in enumerate(_triples(obj), start=1):
        if isinstance(raw, str):
            item.problems.append(f"{where} label {n} {raw}; it was not imported.")
        else:
            start, end, label, key = raw
            item.spans.append(Span(f"{where} label {n}", start, end, label, key=key))
    relations = obj.get("relations")
    for n, rel in enumerate(relations if isinstance(relations, list) else [], start=1):
        fields = [
            rel.get(k) if isinstance(rel, dict) else None for k in ("from_id", "to_id", "type")
        ]
        if None in fields:
            item.problems.append(
                f"{where} relation {n} has no from_id, to_id and type; it was not imported."
            )
        else:
            from_id, to_id, kind = map(str, fields)
            item.relations.append(Relation(f"{where} relation {n}", from_id, to_id, kind))
    return item


def _triples(obj: dict[str, Any]) -> Iterator[tuple[int, int, str, str | None] | str]:
    """(start, end, label, id) from either doccano shape, or why an item is unusable."""
    labels = obj.get("label", obj.get("labels"))
    for key in ("label", "labels", "entities"):
        if obj.get(key) is not None and not isinstance(obj[key], list):
            yield f"is not a list ({key!r} holds {type(obj[key]).__name__})"
    items: Iterable[object] = labels if isinstance(labels, list) else []
    if isinstance(obj.get("entities"), list):
        items = [
            [e.get("start_offset"), e.get("end_offset"), e.get("label"), e.get("id")]
            if isinstance(e, dict)
            else e
            for e in obj["entities"]
        ]
    for item in items:
        if (
            isinstance(item, list)
            and len(item) in (3, 4)
            and isinstance(item[0], int)
            and isinstance(item[1], int)
            and isinstance(item[2], str)
        ):
            ident = str(item[3]) if len(item) == 4 and item[3] is not None else None
            yield item[0], item[1], item[2], ident
        else:
            yield f"is not [start, end, label] ({str(item)[:40]})"
