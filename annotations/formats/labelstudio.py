"""Label Studio: `tasks.json` (a JSON list of tasks) and `labeling_config.xml`.

Confirmed entities go in each task's `annotations`, machine suggestions in its
`predictions`, rejected ones stay out; notes ride in the region `meta`.
Offsets are Python characters (code points), as Label Studio stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotations.formats.importing import Incoming, Span, new_article
from annotations.formats.output import json_line, text_writer
from annotations.formats.reading import json_document, require
from annotations.formats.records import ExportRecord, is_confirmed
from annotations.labels import DEFAULT_LABELS, FALLBACK_COLOUR, LabelSpec
from annotations.models import Entity

TASKS = "tasks.json"
CONFIG = "labeling_config.xml"
FROM_NAME, TO_NAME = "label", "text"
MODEL_VERSION = "newsdesk"


def write(records: Iterable[ExportRecord], target: Path) -> None:
    seen: set[str] = set()
    with text_writer(target / TASKS) as out:
        out.write("[\n")
        for n, record in enumerate(records, start=1):
            out.write(("," if n > 1 else "") + json_line(task(n, record)))
            seen.update(e.label for e in record.spans)
        out.write("]\n")
    (target / CONFIG).write_text(labeling_config(seen), encoding="utf-8")


def task(number: int, record: ExportRecord) -> dict[str, Any]:
    """One Label Studio task for an article."""
    article = record.article
    meta = article.meta
    data = {
        "text": article.text,
        "article_id": article.id,
        "title": meta.title,
        "date": meta.date.isoformat() if meta.date else None,
    }
    confirmed = [e for e in record.spans if is_confirmed(e)]
    suggested = [e for e in record.spans if not is_confirmed(e)]
    found: dict[str, Any] = {"id": number, "data": data}
    if confirmed:
        found["annotations"] = [{"result": [region(e) for e in confirmed]}]
    if suggested:
        found["predictions"] = [
            {"model_version": MODEL_VERSION, "result": [region(e) for e in suggested]}
        ]
    return found


def region(entity: Entity) -> dict[str, Any]:
    value = {
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "labels": [entity.label],
    }
    found = {"id": entity.id, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels"}
    found["value"] = value
    if entity.note:
        found["meta"] = {"text": [entity.note]}
    return found


def labeling_config(seen: Iterable[str], labels: tuple[LabelSpec, ...] = DEFAULT_LABELS) -> str:
    """The labeling config XML matching the tasks: every label of the set, then any other used."""
    names = {spec.name for spec in labels}
    lines = [
        f"    <Label value={quoteattr(s.name)} background={quoteattr(s.colour)}"
        f" hotkey={quoteattr(s.key)}/>"
        for s in labels
    ]
    lines += [
        f"    <Label value={quoteattr(name)} background={quoteattr(FALLBACK_COLOUR)}/>"
        for name in sorted(set(seen) - names)
    ]
    body = "\n".join(lines)
    return (
        f'<View>\n  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{body}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n</View>\n'
    )


def read(path: Path) -> Iterator[Incoming | str]:
    """Tasks from a tasks file, or from `tasks.json` in an exported folder."""
    if path.is_dir():
        path = path / TASKS
    require(path, "file")
    tasks = json_document(path)
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        yield f"{path.name} is not a list of Label Studio tasks; nothing was imported."
        return
    for n, raw in enumerate(tasks, start=1):
        yield parse_task(f"{path.name} task {n}", raw, str(path))


def parse_task(where: str, raw: object, origin: str) -> Incoming | str:
    data = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return f"{where} has no data.text string; it was not imported."
    article_id = data.get("article_id") if isinstance(data.get("article_id"), str) else None
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    item = Incoming(where, new_article(data["text"], origin, article_id, title))
    assert isinstance(raw, dict)
    for kind, state, source in (
        ("annotations", "accepted", "analyst"),
        ("predictions", "suggested", "model"),
    ):
        for a, block in enumerate(raw.get(kind) or [], start=1):
            results = block.get("result") if isinstance(block, dict) else None
            for r, result in enumerate(results or [], start=1):
                _region(f"{where} {kind[:-1]} {a} result {r}", result, state, source, item)
    return item


def _region(where: str, result: object, state: str, source: str, item: Incoming) -> None:
    value = result.get("value") if isinstance(result, dict) else None
    if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
        kind = result.get("type") if isinstance(result, dict) else None
        item.problems.append(
            f"{where} is not a text label region (type {kind!r}); it was not imported."
        )
        return
    start, end, text = value.get("start"), value.get("end"), value.get("text")
    if not isinstance(start, int) or not isinstance(end, int):
        item.problems.append(f"{where} has no whole-number start and end; it was not imported.")
        return
    note = (result.get("meta") or {}).get("text") if isinstance(result, dict) else None
    for label in value["labels"]:
        item.spans.append(
            Span(
                where,
                start,
                end,
                str(label),
                text=text if isinstance(text, str) else None,
                state=state,  # type: ignore[arg-type]
                source=source,  # type: ignore[arg-type]
                note="\n".join(note) if isinstance(note, list) and note else None,
            )
        )
