"""The analyst's key file: binding ids mapped to keys, validated.

```toml
[keys]
accept = "a,enter"      # ids are listed by `?` in the app and in the README
undo = "u,ctrl+z"
```
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError, field_validator

from annotations.errors import UserError
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
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"Cannot read the key file {path} ({exc.strerror}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"The key file {path} is not valid TOML ({exc}).") from exc
    try:
        return KeyFile.model_validate(data).keys
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise UserError(f"The key file {path} is invalid at {where}: {err['msg']}.") from exc
