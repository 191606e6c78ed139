"""Writing an export so that a crash never leaves half a file behind.

Writers fill a temporary file or folder next to the target; only a complete
export is moved into place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from annotations.errors import UserError

Kind = Literal["file", "folder"]

# Characters that str.splitlines() treats as line breaks but json.dumps leaves raw.
_RAW_BREAKS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_line(obj: Any) -> str:
    """One compact JSON line (UTF-8 kept readable) that no line splitter can break."""
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _RAW_BREAKS:
        if raw in line:
            line = line.replace(raw, escaped)
    return line + "\n"


def check_target(out: Path, kind: Kind) -> None:
    """Refuse a target that would overwrite something, before any work is done."""
    if kind == "file" and out.is_dir():
        raise UserError(f"{out} is a folder; this format writes one file.")
    if kind == "folder" and out.exists():
        if not out.is_dir():
            raise UserError(f"{out} is a file; this format writes a folder.")
        if any(out.iterdir()):
            raise UserError(f"The folder {out} is not empty; give a new or empty folder.")


@contextlib.contextmanager
def staged(out: Path, kind: Kind) -> Iterator[Path]:
    """A temporary path to write into; moved to `out` when the block succeeds."""
    check_target(out, kind)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Cannot create the folder {out.parent}: {exc.strerror}.") from exc
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    _remove(tmp)
    if kind == "folder":
        tmp.mkdir()
    try:
        yield tmp
        if kind == "folder" and out.exists():
            out.rmdir()  # checked empty above
        os.replace(tmp, out)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def text_writer(path: Path):
    """A UTF-8 text file with LF line ends on every platform."""
    return path.open("w", encoding="utf-8", newline="\n")
