"""`newsdesk entities FILE|-`: detected entities as JSONL.

The text is cleaned first, by the same path as ingest (`newsdesk clean`), so
the entities are those the app shows and the offsets point into the cleaned
text; `--raw` skips cleaning for text that is already clean.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from annotations.commands._io import read_text
from annotations.errors import UserError
from annotations.models import Entity
from annotations.text import content_hash

if TYPE_CHECKING:
    from annotations.pipeline import Suggestions


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "entities",
        help="print the entities detected in a text as JSONL",
        description=(
            "Print one JSON object per detected entity: start, end (character offsets, "
            "end exclusive), label, text. The text is cleaned first, as ingest cleans it "
            "(the body `newsdesk clean` prints), and the offsets point into that cleaned "
            "text; --raw detects in the text as given. With --jsonl, read lines of "
            "{id, text} and write one line {id, entities} per input line."
        ),
    )
    parser.add_argument("file", help="a text file, or - for standard input")
    parser.add_argument("--jsonl", action="store_true", help="input is JSONL of {id, text}")
    parser.add_argument(
        "--raw", action="store_true", help="the text is already clean: detect in it as given"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = read_text(args.file)
    out = sys.stdout
    if not args.raw:
        print(
            "note: entities of the cleaned text (as `newsdesk clean` prints it); "
            "offsets point into it. --raw detects in the text as given.",
            file=sys.stderr,
        )
    if not args.jsonl:
        body = text if args.raw else _cleaned(text, args.file)
        [found] = _suggestions([body])
        for entity in found.entities:
            out.write(json.dumps(_record(entity), ensure_ascii=False) + "\n")
        return 0
    records = list(_records(text))
    if not args.raw:
        records = [(key, _cleaned(body, f"line {n}")) for n, (key, body) in enumerate(records, 1)]
    for (key, _), found in zip(records, _suggestions(r[1] for r in records), strict=True):
        line = {"id": key, "entities": [_record(e) for e in found.entities]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


def _suggestions(bodies: Iterable[str]) -> Iterator[Suggestions]:
    """The one detection path (`annotations.pipeline`) with the analyst's detector, without
    a database: nothing taught, nothing cached."""
    from annotations.config import Settings
    from annotations.pipeline import ToDetect, compute_suggestions

    texts = (ToDetect(str(n), content_hash(b), b) for n, b in enumerate(bodies))
    return compute_suggestions(texts, Settings.load().make_detector())


def _cleaned(text: str, origin: str) -> str:
    """The body ingest would store for `text`: the same cleaning path as the app."""
    from annotations.corpus.ingest import article_from_text
    from annotations.corpus.readers import Rejection

    found = article_from_text(text, origin)
    if isinstance(found, Rejection):
        raise UserError(f"{origin}: {found.reason}")
    return found.text


def _record(entity: Entity) -> dict[str, object]:
    """The contract's fields only: start, end, label, text."""
    return {"start": entity.start, "end": entity.end, "label": entity.label, "text": entity.text}


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
