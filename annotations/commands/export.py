"""`newsdesk export --format F --out PATH`: write annotations in a format other tools read."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from annotations.errors import UserError
from annotations.store import Store, default_db_path


def register(sub: argparse._SubParsersAction) -> None:
    from annotations.formats import FORMATS

    parser = sub.add_parser(
        "export",
        help="export articles and annotations (jsonl, csv, brat, conll, spacy, ...)",
        description="Export articles and their annotations, one article at a time. "
        + "; ".join(f"{f.name}: {f.summary} ({f.kind})" for f in FORMATS.values())
        + ".",
    )
    parser.add_argument("--format", required=True, choices=list(FORMATS), help="output format")
    parser.add_argument("--out", required=True, type=Path, help="output file or folder")
    parser.add_argument("--status", choices=["new", "in_progress", "done"], help="article status")
    parser.add_argument(
        "--label", action="append", default=[], metavar="L", help="only entities with label L"
    )
    parser.add_argument("--since", type=_date, help="articles dated on or after YYYY-MM-DD")
    parser.add_argument("--until", type=_date, help="articles dated on or before YYYY-MM-DD")
    parser.add_argument(
        "--only-accepted",
        action="store_true",
        help="only entities and events the analyst accepted (no suggestions)",
    )
    parser.set_defaults(run=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-12-31") from None


def vocabulary():
    """The analyst's label set and event schema (their files, else the defaults)."""
    from annotations.config import user_file
    from annotations.events.schema import load_schema
    from annotations.formats.vocabulary import Vocabulary
    from annotations.labels import load_labels

    return Vocabulary(load_labels(user_file("labels")), load_schema(user_file("schema")))


def run(args: argparse.Namespace) -> int:
    from annotations.formats import Filters, export

    if args.since and args.until and args.since > args.until:
        raise UserError(f"--since {args.since} is after --until {args.until}.")
    filters = Filters(
        status=args.status,
        labels=frozenset(args.label),
        since=args.since,
        until=args.until,
        only_accepted=args.only_accepted,
    )
    path = args.db or default_db_path()
    if not path.exists():
        raise UserError(f"There is no database at {path}.")
    words = vocabulary()
    with Store(path, read_only=True) as store:
        total = len(store)
        progress = _progress(total) if sys.stderr.isatty() else None
        summary = export(store, args.format, args.out, filters, progress, words)
        if progress:
            print(file=sys.stderr)
    if summary.events_note:
        print(f"note: {summary.events_note}.", file=sys.stderr)
    print(
        f"{summary.articles} articles, {summary.entities} entities, {summary.events} events "
        f"written to {args.out}"
    )
    return 0


def _progress(total: int):
    def show(done: int) -> None:
        if done % 50 and done != total:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\rexporting [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)

    return show
