"""Reading the analyst's own files (labels, keys, event schema): TOML or JSON.

Every problem becomes a `UserError` of one sentence that names the file.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from annotations.errors import UserError


def file_format(path: Path) -> str:
    """ "json" for a .json file, else "toml"."""
    return "json" if path.suffix.lower() == ".json" else "toml"


def parse(text: str, fmt: str, source: str) -> Any:
    """The data of a file's text; `source` names the file in messages."""
    try:
        return tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{_cap(source)} is not valid {fmt.upper()} ({exc}).") from exc


def load(path: Path | str, source: str) -> Any:
    """The data of the file at `path`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise UserError(f"Cannot read {source} ({reason}).") from exc
    return parse(text, file_format(path), source)


def invalid(source: str, where: str, message: str) -> UserError:
    """The error for data that does not validate."""
    return UserError(f"{_cap(source)} is invalid at {where}: {message}.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
