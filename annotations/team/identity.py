"""Who is annotating: the analyst name every act records.

In order: the `--as NAME` option, `$NEWSDESK_ANALYST`, `analyst = "NAME"` in
the user config folder's `analyst.toml` (e.g. `~/.config/newsdesk/analyst.toml`),
else the login name. A name is one line of at most 64 printable characters.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from pathlib import Path

from annotations.errors import UserError
from annotations.text import printable
from annotations.userfile import config_dir, load

LONGEST = 64


def analyst_name(
    given: str | None = None,
    environ: Mapping[str, str] = os.environ,
    config: Path | None = None,
) -> str:
    """The analyst's name from the first place that gives one (see the module)."""
    if given is not None:
        return checked(given, "--as")
    if env := environ.get("NEWSDESK_ANALYST", "").strip():
        return checked(env, "$NEWSDESK_ANALYST")
    config = config or config_dir() / "analyst.toml"
    if config.is_file():
        data = load(config, str(config))
        name = data.get("analyst") if isinstance(data, dict) else None
        if not isinstance(name, str):
            raise UserError(f'{config} must say analyst = "NAME".')
        return checked(name, str(config))
    try:
        return checked(getpass.getuser(), "the login name")
    except (OSError, KeyError, UserError):
        return "analyst"


def checked(name: str, source: str) -> str:
    """`name` stripped, or one sentence on why it cannot name an analyst."""
    name = name.strip()
    if not name or len(name) > LONGEST or printable(name, LONGEST + 1) != name or "/" in name:
        raise UserError(
            f"The analyst name from {source} must be 1 to {LONGEST} printable characters "
            "without '/'."
        )
    return name
