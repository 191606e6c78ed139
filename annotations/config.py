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
    `Settings.defaults(db_path)` is the built-in set (tests, snapshots).

    The built-in labels and event schema are pydantic models, built when first read
    (`labels`, `event_schema`): the app shows its library before it needs either."""

    db_path: Path
    own_labels: tuple[LabelSpec, ...] | None = None
    """The labels of the analyst's label file; None: the built-in ones."""
    keymap: Mapping[str, str] = field(default_factory=dict)
    own_schema: EventSchema | None = None
    """The analyst's event schema file, validated; None: the built-in schema."""
    limits: Limits = field(default_factory=Limits)
    detector: str = "rules"
    """Which detector suggests entities: "rules" (the model with the pattern rules
    and post-processing) or "model" (the statistical model alone)."""
    model: str | None = None
    """The spaCy model: "en_core_web_sm" or "en_core_web_md"; None: the detector's
    default (the small one)."""
    analyst: str = "analyst"
    """Who is annotating: recorded on every act (`annotations.team.identity`)."""

    @property
    def labels(self) -> tuple[LabelSpec, ...]:
        """The entity labels: the analyst's, else the built-in ones."""
        return _builtin_labels() if self.own_labels is None else self.own_labels

    @property
    def event_schema(self) -> EventSchema:
        """The event schema: the analyst's, else the built-in one."""
        return _builtin_schema() if self.own_schema is None else self.own_schema

    @classmethod
    def defaults(
        cls,
        db_path: Path,
        *,
        labels: tuple[LabelSpec, ...] | None = None,
        event_schema: EventSchema | None = None,
        **changes: Any,
    ) -> Settings:
        """The built-in settings for `db_path`, with `changes` applied (`labels` and
        `event_schema` in place of the built-in ones)."""
        chosen = cls(Path(db_path), own_labels=labels, own_schema=event_schema)
        return dataclasses.replace(chosen, **changes)

    @classmethod
    def load(
        cls,
        db_path: Path | None = None,
        environ: Mapping[str, str] = os.environ,
        analyst: str | None = None,
    ) -> Settings:
        """Read every setting: `db_path` (the `--db` option) and `analyst` (`--as`)
        win over the environment and the files. Each file's module (which validates
        it) is imported only when the file exists."""
        from annotations.team.identity import analyst_name

        chosen: dict[str, Any] = {}
        if path := user_file("detector", environ):
            from annotations.entities.detector import detector_choice

            chosen.update(detector_choice(path))
        if path := user_file("labels", environ):
            from annotations.labels import load_labels

            chosen["own_labels"] = load_labels(path)
        if path := user_file("keys", environ):
            from annotations.keymap import load_keymap

            chosen["keymap"] = load_keymap(path)
        if path := user_file("schema", environ):
            from annotations.events.schema import load_schema

            chosen["own_schema"] = load_schema(path)
        return cls(
            db_path=Path(db_path) if db_path else default_db_path(environ),
            limits=limits(environ),
            analyst=analyst_name(analyst, environ),
            **chosen,
        )

    def make_detector(self) -> Detector:
        """The detector these settings choose (its model loads on first use)."""
        from annotations.entities import Detector

        return Detector(rules=self.detector == "rules", model=self.model)
