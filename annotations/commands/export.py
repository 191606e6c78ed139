"""`newsdesk export --format F --out PATH`: write annotations in a format other tools read."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.config import Settings
from annotations.errors import UserError
from annotations.store import Store

if TYPE_CHECKING:
    from annotations.formats.records import Vocabulary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from annotations.formats import FORMATS

    parser = sub.add_parser(
        "export",
        help="export articles and annotations (jsonl, csv, brat, conll, spacy, ...)",
        description="Export articles and their annotations, one article at a time. "
        + "; ".join(f"{f.name}: {f.summary} ({f.kind})" for f in FORMATS.values())
        + ".",
    )
    parser.add_argument("--format", required=True, choices=list(FORMATS), help="output format")
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="output file (a folder for brat, csv and spacy --shards); an existing file is "
        "replaced only with --force, the database's own files never",
    )
    parser.add_argument("--status", choices=["new", "in_progress", "done"], help="article status")
    parser.add_argument(
        "--label", action="append", default=[], metavar="L", help="only entities with label L"
    )
    parser.add_argument("--since", type=_date, help="articles dated on or after YYYY-MM-DD")
    parser.add_argument("--until", type=_date, help="articles dated on or before YYYY-MM-DD")
    parser.add_argument(
        "--only-accepted",
        action="store_true",
        help="only entities and events the analyst accepted (no suggestions); the entities "
        "filling a role of an accepted event go too",
    )
    parser.add_argument(
        "--shards",
        type=_positive,
        metavar="N",
        help="spacy: --out is a folder of .spacy files of N docs each (for big corpora)",
    )
    parser.add_argument(
        "--with-events",
        action="store_true",
        help="doccano: write the relation-project shape (entities, event triggers, one "
        "relation per role) instead of sequence labelling",
    )
    parser.add_argument(
        "--include-unfinished",
        action="store_true",
        help="doccano --only-accepted: keep articles whose status is not done "
        "(skipped by default: a trainer reads no entity as 'no entity here')",
    )
    parser.add_argument(
        "--layer",
        metavar="NAME",
        help="export NAME's stored layer (imported with import --as, or 'adjudicated') "
        "instead of the database's own annotations",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing --out file")
    parser.set_defaults(run=run)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return int(value)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-12-31") from None


def vocabulary(settings: Settings) -> Vocabulary:
    """The analyst's label set and event schema (their files, else the defaults)."""
    from annotations.formats.records import Vocabulary

    return Vocabulary(settings.labels, settings.event_schema)


def run(args: argparse.Namespace) -> int:
    from annotations.formats import Filters, Options, export
    from annotations.team.layers import LayerSource

    if args.since and args.until and args.since > args.until:
        raise UserError(f"--since {args.since} is after --until {args.until}.")
    filters = Filters(
        status=args.status,
        labels=frozenset(args.label),
        since=args.since,
        until=args.until,
        only_accepted=args.only_accepted,
    )
    settings = Settings.load(args.db, analyst=args.analyst)
    path = settings.db_path
    if not path.exists():
        raise UserError(f"There is no database at {path}.")
    words = vocabulary(settings)
    with Store(path, read_only=True) as store:
        total = len(store)
        progress = _progress(total) if sys.stderr.isatty() else None
        options = Options(args.shards, args.with_events, args.include_unfinished)
        source = store if args.layer is None else LayerSource(store, args.layer)
        summary = export(
            source, args.format, args.out, filters, progress, words, options, force=args.force
        )
        if progress:
            print(file=sys.stderr)
    if summary.events_note:
        print(f"note: {summary.events_note}.", file=sys.stderr)
    print(
        f"{summary.articles} articles, {summary.entities} entities, {summary.events} events "
        f"written to {args.out}"
    )
    return 0


def _progress(total: int) -> Callable[[int], None]:
    def show(done: int) -> None:
        if done % 50 and done != total:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\rexporting [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)

    return show
