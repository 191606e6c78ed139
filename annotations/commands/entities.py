"""`newsdesk entities FILE|-`: detected entities as JSONL (no cleaning)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from annotations.commands._io import read_text
from annotations.entities.detector import Mention
from annotations.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "entities",
        help="print the entities detected in a text as JSONL",
        description=(
            "Print one JSON object per detected entity: start, end (character offsets, "
            "end exclusive), label, text. With --jsonl, read lines of {id, text} and "
            "write one line {id, entities} per input line."
        ),
    )
    parser.add_argument("file", help="a text file, or - for standard input")
    parser.add_argument("--jsonl", action="store_true", help="input is JSONL of {id, text}")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from annotations.entities import Detector

    text = read_text(args.file)
    detector = Detector()
    out = sys.stdout
    if not args.jsonl:
        for mention in detector.detect(text):
            out.write(json.dumps(_record(mention), ensure_ascii=False) + "\n")
        return 0
    records = list(_records(text))
    found = detector.detect_many(r[1] for r in records)
    for (key, _), mentions in zip(records, found, strict=True):
        line = {"id": key, "entities": [_record(m) for m in mentions]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


def _record(mention: Mention) -> dict[str, object]:
    """The contract's fields only: start, end, label, text."""
    return {
        "start": mention.start,
        "end": mention.end,
        "label": mention.label,
        "text": mention.text,
    }


def _records(text: str) -> Iterator[tuple[object, str]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"Line {number} is not valid JSON ({exc.msg}).") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise UserError(f'Line {number} has no "text" string field.')
        yield record.get("id"), record["text"]
