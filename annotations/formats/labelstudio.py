"""Label Studio: one tasks file (a JSON list of tasks, e.g. `ls.json`) and its
labeling config beside it (`ls.labeling_config.xml`).

Confirmed entities (and the fillers of accepted events) go in each task's
`annotations`, machine suggestions in its `predictions`, rejected ones stay
out; notes ride in the region `meta`. An event is a region on its trigger
labelled with its type (the `event` control), a per-region `status` choice,
and one relation per argument from the trigger to the filler, labelled with
the role; accepted events go with the annotations, suggested ones with the
predictions, and a relation is written only when its filler is in the same
block. Offsets are Python characters (code points), as Label Studio stores
them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotations.formats.importing import (
    Incoming,
    Relation,
    Span,
    article_from,
    guarded,
    json_document,
    require,
)
from annotations.formats.output import json_line, text_writer
from annotations.formats.records import (
    DEFAULT_VOCABULARY,
    STATUSES,
    ExportRecord,
    Vocabulary,
    is_confirmed,
)
from annotations.labels import FALLBACK_COLOUR
from annotations.models import Entity, EntitySource, Event, ReviewState
from annotations.text import printable

TASKS = "tasks.json"  # the tasks file inside a folder exported by older versions
CONFIG_SUFFIX = ".labeling_config.xml"
FROM_NAME, TO_NAME, EVENT_NAME, STATUS_NAME = "label", "text", "event", "status"
MODEL_VERSION = "newsdesk"


def write(
    records: Iterable[ExportRecord], target: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> None:
    seen: set[str] = set()
    types: set[str] = set()
    with text_writer(target) as out:
        out.write("[\n")
        for n, record in enumerate(records, start=1):
            out.write(("," if n > 1 else "") + json_line(task(n, record)))
            seen.update(e.label for e in record.spans)
            types.update(e.type for e in record.events)
        out.write("]\n")
    config = labeling_config(seen, vocabulary, types)
    config_path(target).write_text(config, encoding="utf-8")


def config_path(tasks: Path) -> Path:
    """Where the labeling config of the tasks file `tasks` goes: beside it."""
    return tasks.with_name(tasks.stem + CONFIG_SUFFIX)


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
    found: dict[str, Any] = {"id": number, "data": data}
    accepted = [event for event in record.events if event.state == "accepted"]
    fillers = {e.id for event in accepted for _, e in record.arguments(event)}
    for key, confirmed in (("annotations", True), ("predictions", False)):
        entities = [e for e in record.spans if (is_confirmed(e) or e.id in fillers) == confirmed]
        events = [e for e in record.events if (e.state == "accepted") == confirmed]
        result = [
            region(e.id, FROM_NAME, e.start, e.end, e.text, e.label, e.note) for e in entities
        ]
        ids = {e.id for e in entities}
        for event in events:
            result += event_results(record, event, ids)
        if result:
            block: dict[str, Any] = {"result": result}
            if confirmed and (who := completed_by(entities, events)):
                block["completed_by"] = {"email": who}
            found[key] = [block if confirmed else {"model_version": MODEL_VERSION, **block}]
    return found


def completed_by(entities: list[Entity], events: list[Event]) -> str | None:
    """Who made most of an annotation block, as Label Studio resolves annotators: by
    e-mail. A name that is not an e-mail address is left out (Label Studio would refuse
    the import: it assigns the block to whoever imports it instead)."""
    names = Counter(a for a in [*(e.analyst for e in entities), *(e.analyst for e in events)] if a)
    if not names:
        return None
    who = names.most_common(1)[0][0]
    return who if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", who) else None


def region(
    ident: str, control: str, start: int, end: int, text: str, label: str, note: str | None
) -> dict[str, Any]:
    value = {"start": start, "end": end, "text": text, "labels": [label]}
    found: dict[str, Any] = {
        "id": ident,
        "from_name": control,
        "to_name": TO_NAME,
        "type": "labels",
    }
    found["value"] = value
    if note:
        found["meta"] = {"text": [note]}
    return found


def event_results(record: ExportRecord, event: Event, ids: set[str]) -> list[dict[str, Any]]:
    """The trigger region, its status choice and a relation per argument in `ids`."""
    start, end, text = event.trigger_start, event.trigger_end, event.trigger_text
    found = [region(event.id, EVENT_NAME, start, end, text, event.type, event.note)]
    found.append(
        {
            "id": event.id,
            "from_name": STATUS_NAME,
            "to_name": TO_NAME,
            "type": "choices",
            "value": {"start": start, "end": end, "text": text, "choices": [event.status]},
        }
    )
    for role, entity in record.arguments(event):
        if entity.id in ids:
            found.append(
                {
                    "type": "relation",
                    "from_id": event.id,
                    "to_id": entity.id,
                    "direction": "right",
                    "labels": [role],
                }
            )
    return found


def labeling_config(
    seen: Iterable[str] = (),
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    seen_types: Iterable[str] = (),
) -> str:
    """The labeling config XML matching the tasks: every label of the set, then any
    other used; event types, the status choice and one relation label per role."""
    keys = {s.name: s.key for s in vocabulary.labels}
    labels = "\n".join(
        f"    <Label value={quoteattr(name)} background={quoteattr(colour)}"
        + (f" hotkey={quoteattr(keys[name])}" if name in keys else "")
        + "/>"
        for name, colour in vocabulary.entity_labels(seen)
    )
    types = "\n".join(
        f"    <Label value={quoteattr(t)} background={quoteattr(FALLBACK_COLOUR)}/>"
        for t in vocabulary.event_types(seen_types)
    )
    roles = "\n".join(f"    <Relation value={quoteattr(r)}/>" for r in vocabulary.role_names())
    statuses = "\n".join(f"    <Choice value={quoteattr(s)}/>" for s in STATUSES)
    return (
        f'<View>\n  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f'  <Labels name="{EVENT_NAME}" toName="{TO_NAME}">\n{types}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n'
        f"  <Relations>\n{roles}\n  </Relations>\n"
        f'  <Choices name="{STATUS_NAME}" toName="{TO_NAME}" perRegion="true">\n{statuses}\n'
        "  </Choices>\n</View>\n"
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
        where = f"{printable(path.name)} task {n}"
        yield guarded(where, lambda: parse_task(where, raw, str(path)))  # noqa: B023


def parse_task(where: str, raw: object, origin: str) -> Incoming | str:
    data = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return f"{where} has no data.text string; it was not imported."
    item = Incoming(where, article_from(data, origin))
    assert isinstance(raw, dict)
    shapes: tuple[tuple[str, ReviewState, EntitySource], ...] = (
        ("annotations", "accepted", "analyst"),
        ("predictions", "suggested", "model"),
    )
    for kind, state, source in shapes:
        blocks = raw.get(kind) or []
        if not isinstance(blocks, list):
            item.problems.append(f"{where} {kind} is not a list; they were not imported.")
            continue
        for a, block in enumerate(blocks, start=1):
            results = block.get("result") if isinstance(block, dict) else None
            who = _annotator(block)
            for r, result in enumerate(results or [], start=1):
                _region(f"{where} {kind[:-1]} {a} result {r}", result, state, source, item, who)
    return item


def _annotator(block: object) -> str | None:
    """The e-mail of `completed_by` in Label Studio's import shape, if it has one."""
    who = block.get("completed_by") if isinstance(block, dict) else None
    email = who.get("email") if isinstance(who, dict) else None
    return email if isinstance(email, str) and email.strip() else None


def _region(
    where: str,
    result: object,
    state: ReviewState,
    source: EntitySource,
    item: Incoming,
    analyst: str | None = None,
) -> None:
    if not isinstance(result, dict):
        item.problems.append(
            f"{where} is not a text label region (type None); it was not imported."
        )
        return
    value = result.get("value")
    if result.get("type") == "relation":
        _relation(where, result, item)
        return
    if isinstance(value, dict) and isinstance(value.get("choices"), list):
        _choice(where, result, value["choices"], item)
        return
    if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
        kind = result.get("type")
        item.problems.append(
            f"{where} is not a text label region (type {kind!r}); it was not imported."
        )
        return
    start, end, text = value.get("start"), value.get("end"), value.get("text")
    if not isinstance(start, int) or not isinstance(end, int):
        item.problems.append(f"{where} has no whole-number start and end; it was not imported.")
        return
    note = (result.get("meta") or {}).get("text")
    for label in value["labels"]:
        item.spans.append(
            Span(
                where,
                start,
                end,
                str(label),
                text=text if isinstance(text, str) else None,
                state=state,
                source=source,
                note="\n".join(note) if isinstance(note, list) and note else None,
                key=str(result["id"]) if result.get("id") is not None else None,
                trigger=result.get("from_name") == EVENT_NAME,
                analyst=analyst,
            )
        )


def _relation(where: str, result: dict[str, Any], item: Incoming) -> None:
    labels = result.get("labels") or []
    ends = (result.get("from_id"), result.get("to_id"))
    if None in ends or len(labels) != 1:
        item.problems.append(
            f"{where} is a relation without two regions and one label; it was not imported."
        )
        return
    item.relations.append(Relation(where, str(ends[0]), str(ends[1]), str(labels[0])))


def _choice(where: str, result: Any, choices: list[Any], item: Incoming) -> None:
    """A per-region status choice: kept for the trigger region it names."""
    trigger = next((s for s in item.spans if s.key == str(result.get("id"))), None)
    if result.get("from_name") != STATUS_NAME or trigger is None or len(choices) != 1:
        item.problems.append(f"{where} is a choice newsdesk does not store; it was not imported.")
    elif choices[0] not in STATUSES:
        item.problems.append(
            f"{where}: status {choices[0]!r} is not one newsdesk knows; it was not imported."
        )
    else:
        trigger.event_fields["status"] = choices[0]
