"""`newsdesk clean FILE|-`: the cleaned body of one scraped article."""

from __future__ import annotations

import argparse
import json
import sys

from annotations.commands._io import read_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "clean",
        help="print the cleaned body of a scraped article",
        description=(
            "Print the cleaned article body. With --json, print {title, date, dateline, "
            "source, body, removed: [{start, end, reason, text}]} instead."
        ),
    )
    parser.add_argument("file", help="a text file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print metadata and removed blocks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from annotations.corpus import clean
    from annotations.corpus.readers import prepare

    result = clean(prepare(read_text(args.file)))
    if not args.json:
        sys.stdout.write(result.body.rstrip("\n") + "\n")
        return 0
    meta = result.meta.model_dump(mode="json")
    payload = {
        **{k: meta[k] for k in ("title", "date", "dateline", "source")},
        **{k: v for k, v in meta.items() if k not in ("title", "date", "dateline", "source")},
        "body": result.body,
        "removed": [block.model_dump() for block in result.removed],
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 0
