"""The analyst's settings, read once into one `Settings` object.

| setting | from | default |
|---|---|---|
| database | `--db PATH`, then `$NEWSDESK_DB` | `newsdesk.json` in the user data folder |
| labels | `$NEWSDESK_LABELS`, then `<config>/labels.toml` | the built-in labels |
| keys | `$NEWSDESK_KEYS`, then `<config>/keys.toml` | none (the app's keys) |
| event schema | `$NEWSDESK_SCHEMA`, then `<config>/events.toml` | the built-in schema |
| input limits | `$NEWSDESK_MAX_FILE_MB`, `$NEWSDESK_MAX_LINE_MB` | 32 and 4 MB |
| detector | `$NEWSDESK_DETECTOR`, then `<config>/detector.toml` | small model, rules |
| analyst | `--as NAME`, then `$NEWSDESK_ANALYST`, then `<config>/analyst.toml` | the login name |

`detector.toml` says `model = "en_core_web_sm"` or `"en_core_web_md"` and
`layers = "rules"` or `"model"` (the statistical model alone).
`<config>` is the user config folder (`~/.config/newsdesk/` on Linux). A
file is read (TOML or JSON, `annotations.userfile`) and validated by its own
module (`labels`, `keymap`, `events.schema`); a bad one stops with one
sentence naming the file, the entry and the field (`UserError`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_dir

from annotations.limits import Limits, limits
from annotations.userfile import user_file

if TYPE_CHECKING:
    from annotations.entities import Detector
    from annotations.events.schema import EventSchema
    from annotations.labels import LabelSpec

def default_db_path(environ: Mapping[str, str] = os.environ) -> Path:
    """`$NEWSDESK_DB`, else `newsdesk.json` in the user data folder."""
    if env := environ.get("NEWSDESK_DB"):
        return Path(env).expanduser()
    return Path(user_data_dir("newsdesk", appauthor=False)) / "newsdesk.json"


def _builtin_labels() -> tuple[LabelSpec, ...]:
    from annotations.labels import DEFAULT_LABELS

    return DEFAULT_LABELS


def _builtin_schema() -> EventSchema:
    from annotations.events.schema import DEFAULT_SCHEMA

    return DEFAULT_SCHEMA


@dataclass(frozen=True)
class Settings:
    """Everything the analyst can set: `Settings.load()` reads it all, once;
    `Settings.defaults(db_path)` is the built-in set (tests, snapshots)."""

    db_path: Path
    labels: tuple[LabelSpec, ...] = field(default_factory=_builtin_labels)
    keymap: Mapping[str, str] = field(default_factory=dict)
    event_schema: EventSchema = field(default_factory=_builtin_schema)
    limits: Limits = field(default_factory=Limits)
    detector: str = "rules"
    """Which detector suggests entities: "rules" (the model with the pattern rules
    and post-processing) or "model" (the statistical model alone)."""
    model: str = "en_core_web_sm"
    """The spaCy model: "en_core_web_sm" (the default) or "en_core_web_md"."""
    analyst: str = "analyst"
    """Who is annotating: recorded on every act (`annotations.team.identity`)."""

    @classmethod
    def defaults(cls, db_path: Path, **changes: Any) -> Settings:
        """The built-in settings for `db_path`, with `changes` applied."""
        return dataclasses.replace(cls(Path(db_path)), **changes)

    @classmethod
    def load(
        cls,
        db_path: Path | None = None,
        environ: Mapping[str, str] = os.environ,
        analyst: str | None = None,
    ) -> Settings:
        """Read every setting: `db_path` (the `--db` option) and `analyst` (`--as`)
        win over the environment and the files."""
        from annotations.entities.detector import detector_choice
        from annotations.events.schema import load_schema
        from annotations.keymap import load_keymap
        from annotations.labels import load_labels
        from annotations.team.identity import analyst_name

        model, detector = detector_choice(user_file("detector", environ))
        return cls(
            db_path=Path(db_path) if db_path else default_db_path(environ),
            labels=load_labels(user_file("labels", environ)),
            keymap=load_keymap(user_file("keys", environ)),
            event_schema=load_schema(user_file("schema", environ)),
            limits=limits(environ),
            detector=detector,
            model=model,
            analyst=analyst_name(analyst, environ),
        )

    def make_detector(self) -> Detector:
        """The detector these settings choose (its model loads on first use)."""
        from annotations.entities import Detector

        return Detector(rules=self.detector == "rules", model=self.model)
