"""`newsdesk ingest PATH...`: add articles to the database and detect their entities."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.config import Settings
from annotations.errors import UserError
from annotations.store import Store
from annotations.text import printable


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "ingest",
        help="add .txt/.html/.jsonl files or folders to the database",
        description=(
            "Clean and store articles from files or folders (recursively), spot duplicates, "
            "and detect entities. Prints a summary: added, duplicates, rejected with reasons."
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    parser.add_argument(
        "--no-detect", action="store_true", help="store articles without detecting entities"
    )
    parser.add_argument(
        "--processes",
        type=_processes,
        default=None,
        metavar="N",
        help="model processes for detection (default: 2 from 200 articles on a machine with "
        "2 CPUs, else 1; README, Benchmarks, says what a second one gains)",
    )
    parser.set_defaults(run=run)


def _processes(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes from 1 to 64")
    return int(value)


def run(args: argparse.Namespace) -> int:
    from annotations.pipeline import detect, ingest, pending_detection

    missing = [printable(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise UserError(f"No such file or folder: {', '.join(missing)}.")
    settings = Settings.load(args.db, analyst=args.analyst)
    with Store(settings.db_path) as store:
        report = ingest(store, args.paths)
        for rejection in report.rejected:
            print(f"rejected {printable(rejection.origin)}: {rejection.reason}", file=sys.stderr)
        for notice in report.notices:
            print(f"warning {printable(notice.origin)}: {notice.message}", file=sys.stderr)
        for duplicate, original in report.duplicates:
            print(f"duplicate {printable(duplicate)} of {printable(original)}")
        pending = [] if args.no_detect else pending_detection(store)  # a killed run's too
        if pending:
            progress = _progress if sys.stderr.isatty() else None
            detect(store, settings.make_detector(), pending, progress, processes=args.processes)
            if progress:
                print(file=sys.stderr)
        if report.site_cleaned:
            print(
                f"{report.site_cleaned} new articles lost lines that other pages of their site "
                "repeat (reason: repeated on other pages of the same site; r shows them)"
            )
        print(
            f"{len(report.added)} added, {report.already_stored} already stored, "
            f"{len(report.duplicates)} duplicates, {len(report.rejected)} rejected, "
            f"{len(report.notices)} warnings ({printable(store.path)})"
        )
    return 1 if report.rejected and not report.added else 0


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    print(f"\rdetecting entities [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)
