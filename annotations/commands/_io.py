"""Reading the text argument of headless commands: a file path or `-` for stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from annotations.corpus.readers import Unreadable, check_lines, decode, read_bytes
from annotations.errors import UserError
from annotations.limits import MB, limits
from annotations.text import printable


def read_text(arg: str) -> str:
    """The decoded text of a file, or of stdin when `arg` is `-`."""
    bound = limits()
    name = "Standard input" if arg == "-" else printable(arg)
    try:
        if arg == "-":
            data = sys.stdin.buffer.read(bound.file_bytes + 1)
            if len(data) > bound.file_bytes:
                raise Unreadable(f"It holds more than the limit of {bound.file_bytes // MB} MB "
                                 "(raise it with $NEWSDESK_MAX_FILE_MB).")  # fmt: skip
        else:
            path = Path(arg)
            if not path.exists():
                raise UserError(f"{name} does not exist.")
            data = read_bytes(path, bound)
        check_lines(data, bound)
        return decode(data)
    except Unreadable as exc:
        raise UserError(f"{name}: {exc}") from exc
