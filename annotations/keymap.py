"""The analyst's key file: binding ids mapped to keys, validated.

```toml
[keys]
accept = "a,enter"      # ids are listed by `?` in the app and in the README
undo = "u,ctrl+z"
```
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError, field_validator

from annotations import userfile
from annotations.models import Model

_KEY = re.compile(r"^[\w+\-]+(,[\w+\-]+)*$")


class KeyFile(Model):
    keys: dict[str, str] = {}

    @field_validator("keys")
    @classmethod
    def _valid_keys(cls, keys: dict[str, str]) -> dict[str, str]:
        for ident, value in keys.items():
            value = value.replace(" ", "")
            if not _KEY.match(value):
                raise ValueError(
                    f"{ident!r} maps to {value!r}; give key names separated by commas, "
                    'like "a,enter" or "ctrl+s"'
                )
        return {ident: value.replace(" ", "") for ident, value in keys.items()}


def load_keymap(path: Path | None) -> dict[str, str]:
    """Binding id -> keys from the key file at `path` (empty without a file)."""
    if path is None:
        return {}
    source = f"the key file {path}"
    data = userfile.load(path, source)
    try:
        return KeyFile.model_validate(data).keys
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "the top level"
        message = err["msg"].removeprefix("Value error, ")
        raise userfile.invalid(source, where, message) from exc
