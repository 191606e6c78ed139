"""Reading the text argument of headless commands: a file path or `-` for stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from annotations.errors import UserError


def read_text(arg: str) -> str:
    """The UTF-8 text of a file, or of stdin when `arg` is `-`."""
    if arg == "-":
        data = sys.stdin.buffer.read()
        name = "standard input"
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
    if b"\x00" in data:
        raise UserError(f"{name} looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{name} is not valid UTF-8 text (byte {exc.start}).") from exc
