"""doccano sequence labelling JSONL: `{"text", "label": [[start, end, LABEL]], ...}`.

Extra keys (`article_id`, `title`) become doccano metadata. Import also reads
the relation-project shape (`entities` with `start_offset`/`end_offset`);
relations are reported, not imported, until newsdesk has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotations.formats.importing import Incoming, Span, new_article
from annotations.formats.output import json_line, text_writer
from annotations.formats.reading import json_lines, require
from annotations.formats.records import ExportRecord


def write(records: Iterable[ExportRecord], target: Path) -> None:
    with text_writer(target) as out:
        for record in records:
            out.write(json_line(line(record)))


def line(record: ExportRecord) -> dict[str, Any]:
    article = record.article
    return {
        "text": article.text,
        "label": [[e.start, e.end, e.label] for e in record.spans],
        "article_id": article.id,
        "title": article.meta.title,
    }


def read(path: Path) -> Iterator[Incoming | str]:
    require(path, "file")
    for where, obj in json_lines(path):
        yield parse(where, obj, str(path))


def parse(where: str, obj: object, origin: str) -> Incoming | str:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return f"{where} has no text string; it was not imported."
    article_id = obj.get("article_id") if isinstance(obj.get("article_id"), str) else None
    title = obj.get("title") if isinstance(obj.get("title"), str) else ""
    item = Incoming(where, new_article(obj["text"], origin, article_id, title))
    for n, raw in enumerate(_triples(obj), start=1):
        if isinstance(raw, str):
            item.problems.append(f"{where} label {n} {raw}; it was not imported.")
        else:
            start, end, label = raw
            item.spans.append(Span(f"{where} label {n}", start, end, label))
    if relations := obj.get("relations"):
        item.problems.append(
            f"{where}: {len(relations)} relation(s) were not imported: newsdesk cannot "
            "store relations yet."
        )
    return item


def _triples(obj: dict[str, Any]) -> Iterator[tuple[int, int, str] | str]:
    """(start, end, label) from either doccano shape, or why an item is unusable."""
    labels = obj.get("label", obj.get("labels"))
    items: Iterable[object] = labels if isinstance(labels, list) else []
    if isinstance(obj.get("entities"), list):
        items = [
            [e.get("start_offset"), e.get("end_offset"), e.get("label")]
            if isinstance(e, dict)
            else e
            for e in obj["entities"]
        ]
    for item in items:
        if (
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], int)
            and isinstance(item[1], int)
            and isinstance(item[2], str)
        ):
            yield item[0], item[1], item[2]
        else:
            yield f"is not [start, end, label] ({str(item)[:40]})"
