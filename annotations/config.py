"""Where the analyst's own files live: labels, keys, event schema.

Each file is looked up at `$NEWSDESK_<NAME>` first, then in the user config
folder (e.g. `~/.config/newsdesk/labels.toml`); a missing file means the
built-in default.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir

USER_FILES = {
    "labels": "labels.toml",
    "keys": "keys.toml",
    "schema": "events.toml",
}


def config_dir() -> Path:
    return Path(user_config_dir("newsdesk", appauthor=False))


def user_file(name: str) -> Path | None:
    """The analyst's file `name` ("labels", "keys", "schema"), None when there is none."""
    if env := os.environ.get(f"NEWSDESK_{name.upper()}"):
        return Path(env).expanduser()
    path = config_dir() / USER_FILES[name]
    return path if path.is_file() else None
