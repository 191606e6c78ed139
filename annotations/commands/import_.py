"""`newsdesk import --format F PATH`: bring annotations back from another tool."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.store import Store, default_db_path


def register(sub: argparse._SubParsersAction) -> None:
    from annotations.formats import IMPORTABLE

    parser = sub.add_parser(
        "import",
        help=f"import annotations ({', '.join(IMPORTABLE)})",
        description="Add the articles and entities of an export to the database. Labels are "
        "mapped through the label set; what cannot be imported is reported line by line, "
        "and nothing already stored is changed.",
    )
    parser.add_argument("--format", required=True, choices=list(IMPORTABLE), help="input format")
    parser.add_argument("path", type=Path, help="the exported file or folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from annotations.formats import import_path

    with Store(args.db or default_db_path()) as store:
        report = import_path(store, args.format, args.path)
    for problem in report.problems:
        print(f"not imported: {problem}", file=sys.stderr)
    print(
        f"{report.articles_added} articles added ({report.articles_existing} already stored), "
        f"{report.entities_added} entities added ({report.entities_existing} already stored), "
        f"{len(report.problems)} not imported"
    )
    nothing = not (report.articles_added or report.entities_added)
    return 1 if report.problems and nothing else 0
