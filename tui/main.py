"""The `newsdesk` command: the core's CLI, with the Textual app as its default."""

from __future__ import annotations

import sys

from annotations.cli import main as core_main
from annotations.config import Settings


def open_app(settings: Settings, read_only: bool) -> int:
    from tui.app import run_app  # headless commands never load Textual

    return run_app(settings, read_only=read_only)


def main() -> int:
    return core_main(sys.argv[1:], open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
