"""Where the analyst's own files live: labels, keys, event schema, detector model.

Each file is looked up at `$NEWSDESK_<NAME>` first, then in the user config
folder (e.g. `~/.config/newsdesk/labels.toml`); a missing file means the
built-in default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir

MB = 1024 * 1024
USER_FILES = {
    "labels": "labels.toml",
    "keys": "keys.toml",
    "schema": "events.toml",
    "detector": "detector.toml",
}


def config_dir() -> Path:
    return Path(user_config_dir("newsdesk", appauthor=False))


def user_file(name: str) -> Path | None:
    """The analyst's file `name` ("labels", "keys", "schema"), None when there is none."""
    if env := os.environ.get(f"NEWSDESK_{name.upper()}"):
        return Path(env).expanduser()
    path = config_dir() / USER_FILES[name]
    return path if path.is_file() else None


@dataclass(frozen=True)
class Limits:
    """How much one input may hold before it is refused, unread (bytes).

    `file_bytes` bounds every file ingest, `clean` or import reads; `line_bytes` bounds one
    line (a JSONL record, or a line of a .txt). Set them with `$NEWSDESK_MAX_FILE_MB` and
    `$NEWSDESK_MAX_LINE_MB`."""

    file_bytes: int = 32 * MB
    line_bytes: int = 4 * MB


def limits() -> Limits:
    """The limits in force: the defaults, or the environment's (in megabytes)."""
    default = Limits()
    return Limits(
        file_bytes=_megabytes("NEWSDESK_MAX_FILE_MB", default.file_bytes),
        line_bytes=_megabytes("NEWSDESK_MAX_LINE_MB", default.line_bytes),
    )


def _megabytes(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip()
    try:
        return max(1, int(float(value) * MB)) if value else default
    except ValueError:
        return default
