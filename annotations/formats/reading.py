"""Small readers shared by the importers: files, JSON lines, JSON documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from annotations.config import limits
from annotations.corpus.readers import Unreadable, read_bytes
from annotations.errors import UserError
from annotations.text import printable

T = TypeVar("T")


def read_text_file(path: Path) -> str:
    """The UTF-8 text of a file, exactly as stored (no newline translation)."""
    try:
        return read_bytes(path).decode("utf-8-sig")  # a regular file, within the size limit
    except UnicodeDecodeError as exc:
        raise UserError(f"{printable(path)} is not valid UTF-8 text (byte {exc.start}).") from exc
    except Unreadable as exc:
        raise UserError(f"{printable(path)}: {exc}") from exc


def require(path: Path, kind: str) -> None:
    """Stop with one sentence when `path` is not an existing file or folder."""
    if not path.exists():
        raise UserError(f"{path} does not exist.")
    if kind == "file" and path.is_dir():
        raise UserError(f"{path} is a folder; give a file.")
    if kind == "folder" and not path.is_dir():
        raise UserError(f"{path} is a file; give the exported folder.")


class Unusable(str):
    """Why one item of a file cannot be used: reported, and the file goes on."""


def json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """`(where, value)` for each non-blank line; a line that is not JSON (or too deep, too
    long, not UTF-8) comes as `(where, Unusable(why))`, and the lines after it still count."""
    bound = limits()
    try:
        data = read_bytes(path, bound)
    except Unreadable as exc:
        raise UserError(f"{printable(path)}: {exc}") from exc
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        where = f"{printable(path.name)} line {number}"
        if not raw.strip():
            continue
        if len(raw) > bound.line_bytes:
            yield where, Unusable(f"{where} is longer than the line limit; it was not imported.")
            continue
        try:
            yield where, json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield where, Unusable(f"{where} is not valid UTF-8 text; it was not imported.")
        except json.JSONDecodeError as exc:
            yield where, Unusable(f"{where} is not valid JSON ({exc.msg}); it was not imported.")
        except RecursionError:
            yield where, Unusable(f"{where} is nested too deeply to read; it was not imported.")


def guarded(where: str, parse: Callable[[], T]) -> T | str:
    """`parse()`, or one sentence naming `where` when the item is malformed in a way the
    reader did not foresee (a number where a list belongs, nesting too deep)."""
    try:
        return parse()
    except (TypeError, AttributeError, ValueError, KeyError, IndexError, RecursionError) as exc:
        return f"{where} is malformed ({type(exc).__name__}); it was not imported."


def json_document(path: Path) -> Any:
    """A whole JSON file, parsed."""
    try:
        return json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path.name} is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    except RecursionError as exc:
        raise UserError(f"{printable(path.name)} is nested too deeply to read.") from exc
