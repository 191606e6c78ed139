"""`newsdesk doctor [--db PATH] [--restore]`: check a database, restore its last good state."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotations.config import default_db_path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "doctor",
        help="check the database for damage; --restore puts back the last good backup",
        description=(
            "Validate every document of the database (articles, their texts, entity "
            "annotations and their spans) and print what is wrong, one sentence per problem. "
            "Exit status 0 when healthy, 1 when damaged. With --restore, set the damaged "
            "files aside (never deleted) and restore the newest backup that checks clean."
        ),
    )
    parser.add_argument(
        "--db", dest="doctor_db", type=Path, default=None, help="database file to check"
    )
    parser.add_argument("--restore", action="store_true", help="restore the last good backup")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from annotations.store.doctor import check, restore

    path = args.doctor_db or getattr(args, "db", None) or default_db_path()
    found = check(path)
    for note in found.notes:
        print(f"note: {note}")
    for problem in found.problems:
        print(f"problem: {problem}")
    if found.healthy:
        print(f"{path} is healthy.")
        return 0
    if not args.restore:
        print(
            f"{path} is damaged; run `newsdesk doctor --restore` to restore the last good backup."
        )
        return 1
    done = restore(path)
    for moved in done.aside:
        print(f"The damaged file was kept as {moved}.")
    if done.missing:
        print(
            f"Restored {path} from the backup {done.backup} {done.journal}, but {done.missing} "
            "articles of the damaged database are in no backup that checks clean; the damaged "
            "files above still hold them."
        )
        return 1
    print(f"Restored {path} from the backup {done.backup} {done.journal}.")
    return 0
