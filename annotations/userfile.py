"""The analyst's own files (labels, keys, event schema, detector): where they are
and how they are read (TOML or JSON).

Each file is looked up at `$NEWSDESK_<NAME>` first, then in the user config
folder (e.g. `~/.config/newsdesk/labels.toml`); a missing file means the
built-in default. Every problem becomes a `UserError` of one sentence that
names the file. A leaf: the settings (`annotations.config`) and the modules
that read one file each import it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from annotations.errors import UserError

USER_FILES = {
    "labels": "labels.toml",
    "keys": "keys.toml",
    "schema": "events.toml",
    "detector": "detector.toml",
}


def config_dir() -> Path:
    return Path(user_config_dir("newsdesk", appauthor=False))


def user_file(name: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The analyst's file `name` ("labels", "keys", "schema"), None when there is none."""
    if env := environ.get(f"NEWSDESK_{name.upper()}"):
        return Path(env).expanduser()
    path = config_dir() / USER_FILES[name]
    return path if path.is_file() else None


def file_format(path: Path) -> str:
    """ "json" for a .json file, else "toml"."""
    return "json" if path.suffix.lower() == ".json" else "toml"


def parse(text: str, fmt: str, source: str) -> Any:
    """The data of a file's text; `source` names the file in messages."""
    import tomllib  # on first use: its parser compiles its patterns at import

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
