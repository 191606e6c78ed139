"""The `newsdesk` command: the TUI by default, headless subcommands otherwise.

Each subcommand lives in its own module under `annotations.commands` with
`register(subparsers)` adding its parser and setting `run` as the handler; only
the modules of the commands named on the command line are imported (all of them
for `--help`), so opening the app loads no headless command.
Errors a user can cause print one sentence to stderr and exit non-zero. The
app itself is passed in by `tui.main`, so the core never imports the UI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotations import __version__, commands
from annotations.config import Settings, default_db_path
from annotations.errors import UserError
from annotations.store import StoreError
from annotations.text import printable

AppRunner = Callable[[Settings, bool], int]
ERROR_LIMIT = 2000  # characters of an error sentence (it may quote a file)


def build_parser(
    open_app: AppRunner | None = None, argv: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """The parser of `argv`: with every command when `argv` is None or asks for help,
    else with the commands it names."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A terminal workbench for news analysts. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"database file (default: $NEWSDESK_DB or {default_db_path()})",
    )
    parser.add_argument(
        "--as",
        dest="analyst",
        metavar="NAME",
        help="who is annotating (default: $NEWSDESK_ANALYST, analyst.toml, the login name)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the database without changing it (works while another newsdesk has it open)",
    )
    parser.set_defaults(run=lambda args: _run_app(args, open_app))
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in commands.modules(_named(argv)):
        command.register(sub)
    return parser


def _named(argv: Sequence[str] | None) -> Sequence[str]:
    """The commands whose parsers `argv` needs."""
    if argv is None or "-h" in argv or "--help" in argv:
        return list(commands.NAMES)
    return [arg for arg in argv if arg in commands.NAMES]


def _run_app(args: argparse.Namespace, open_app: AppRunner | None) -> int:
    if open_app is None:  # the core alone has no UI; `newsdesk` passes the app in
        raise UserError("No command given; run `newsdesk` to open the app.")
    return open_app(Settings.load(args.db, analyst=args.analyst), args.read_only)


def main(argv: Sequence[str] | None = None, open_app: AppRunner | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(open_app, argv).parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (UserError, StoreError) as exc:
        print(f"newsdesk: {printable(exc, ERROR_LIMIT)}", file=sys.stderr)
        return 2
    except ImportError as exc:  # a broken install, not a bad input file
        print(
            f"newsdesk: a dependency is missing or broken ({exc}); reinstall newsdesk "
            "with the README's install command.",
            file=sys.stderr,
        )
        return 3
    except KeyboardInterrupt:
        print("newsdesk: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
