"""`newsdesk import --format F PATH`: bring annotations back from another tool."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.config import Settings
from annotations.store import Store
from annotations.text import printable


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from annotations.formats import IMPORTABLE

    parser = sub.add_parser(
        "import",
        help=f"import annotations ({', '.join(IMPORTABLE)})",
        description="Add the articles, entities and events of an export to the database. "
        "Labels are mapped through the label set, event types checked against the event "
        "schema (unknown ones kept and flagged); what cannot be imported is reported line "
        "by line, and nothing already stored is changed.",
    )
    parser.add_argument("--format", required=True, choices=list(IMPORTABLE), help="input format")
    parser.add_argument("path", type=Path, help="the exported file or folder")
    parser.add_argument(
        "--as",
        dest="layer_of",
        metavar="NAME",
        help="keep it as analyst NAME's layer of the articles this database holds (matched "
        "by text), for agreement and adjudication, instead of adding it to your own",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from annotations.commands.export import vocabulary
    from annotations.formats import import_path

    settings = Settings.load(args.db, analyst=args.analyst)
    if args.layer_of is not None:
        return _as_layer(args, settings)
    words = vocabulary(settings)
    with Store(settings.db_path) as store:
        report = import_path(store, args.format, args.path, words.labels, words.schema)
    _tell("not imported", report.problems)
    _tell("flagged", report.flagged)
    print(
        f"{report.articles_added} articles added ({report.articles_existing} already stored), "
        f"{report.entities_added} entities added ({report.entities_existing} already stored), "
        f"{report.events_added} events added ({report.events_existing} already stored), "
        f"{len(report.problems)} not imported, {len(report.flagged)} flagged"
    )
    nothing = not (report.articles_added or report.entities_added or report.events_added)
    return 1 if report.problems and nothing else 0


def _as_layer(args: argparse.Namespace, settings: Settings) -> int:
    from annotations.team.identity import checked
    from annotations.team.layers import Layers

    name = checked(args.layer_of, "--as")
    with Store(settings.db_path) as store:
        done = Layers(store, settings.analyst).import_file(
            name, args.format, args.path, settings.labels, settings.event_schema
        )
    _tell("not imported", done.problems)
    _tell("not in this database", done.unmatched)
    print(
        f"{done.articles} articles kept as {printable(name)}'s layer ({done.entities} entities, "
        f"{done.events} events); {len(done.unmatched)} articles not in this database, "
        f"{len(done.problems)} not imported"
    )
    return 0 if done.articles else 1


def _tell(what: str, items: list[str]) -> None:
    """One line on stderr per item, its text made printable."""
    for item in items:
        print(f"{what}: {printable(item)}", file=sys.stderr)
