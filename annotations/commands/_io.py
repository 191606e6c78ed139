"""Reading the text argument of headless commands: a file path or `-` for stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from annotations.corpus.readers import Unreadable, decode
from annotations.errors import UserError


def read_text(arg: str) -> str:
    """The decoded text of a file, or of stdin when `arg` is `-`."""
    if arg == "-":
        data = sys.stdin.buffer.read()
        name = "Standard input"
    else:
        path = Path(arg)
        if not path.exists():
            raise UserError(f"{arg} does not exist.")
        if path.is_dir():
            raise UserError(f"{arg} is a folder; give a file.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Cannot read {arg}: {exc.strerror}.") from exc
        name = arg
    try:
        return decode(data)
    except Unreadable as exc:
        raise UserError(f"{name}: {exc}") from exc
