"""Small readers shared by the importers: files, JSON lines, JSON documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotations.errors import UserError


def read_text_file(path: Path) -> str:
    """The UTF-8 text of a file, exactly as stored (no newline translation)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise UserError(f"{path} is not valid UTF-8 text (byte {exc.start}).") from exc
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from exc


def require(path: Path, kind: str) -> None:
    """Stop with one sentence when `path` is not an existing file or folder."""
    if not path.exists():
        raise UserError(f"{path} does not exist.")
    if kind == "file" and path.is_dir():
        raise UserError(f"{path} is a folder; give a file.")
    if kind == "folder" and not path.is_dir():
        raise UserError(f"{path} is a file; give the exported folder.")


def json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """`(where, value)` for each non-blank line; a line that is not JSON is a UserError
    naming it, since nothing after it can be trusted to be aligned."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="\n")
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from exc
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield f"{path.name} line {number}", json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UserError(
                        f"{path.name} line {number} is not valid JSON ({exc.msg})."
                    ) from exc
        except UnicodeDecodeError as exc:
            raise UserError(f"{path} is not valid UTF-8 text.") from exc


def json_document(path: Path) -> Any:
    """A whole JSON file, parsed."""
    try:
        return json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path.name} is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
