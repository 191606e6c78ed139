"""The entity label set: name, description, colour and key for each label.

A built-in default serves until the analyst gives a label file (TOML or JSON)::

    [[labels]]
    name = "PERSON"
    description = "people"
    colour = "#f4a261"
    key = "1"

`load_labels(path)` validates the file with pydantic and returns the labels.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from annotations.errors import UserError
from annotations.models import Model

FALLBACK_COLOUR = "#cccccc"


class LabelSpec(Model):
    """One entity label as the analyst sees it."""

    name: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=32)
    description: str = ""
    colour: str = Field(FALLBACK_COLOUR, pattern=r"^#[0-9a-fA-F]{6}$")  # readable on dark
    key: str = Field(min_length=1, max_length=1)  # one key that applies the label

    @field_validator("colour")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class LabelFile(Model):
    """The content of a label file: a non-empty list of distinct labels."""

    labels: list[LabelSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> LabelFile:
        for attr in ("name", "key"):
            seen: set[str] = set()
            for label in self.labels:
                value = getattr(label, attr)
                if value in seen:
                    raise ValueError(f"two labels share the {attr} {value!r}")
                seen.add(value)
        return self


DEFAULT_LABELS: tuple[LabelSpec, ...] = (
    LabelSpec(name="PERSON", description="people", colour="#f4a261", key="1"),
    LabelSpec(name="ORG", description="organisations", colour="#4cc9f0", key="2"),
    LabelSpec(name="GPE", description="countries, cities, states", colour="#80ed99", key="3"),
    LabelSpec(name="LOC", description="other places", colour="#57cc99", key="4"),
    LabelSpec(name="NORP", description="nationalities, groups", colour="#c77dff", key="5"),
    LabelSpec(name="DATE", description="dates and periods", colour="#ffd166", key="6"),
    LabelSpec(name="EVENT", description="named events", colour="#ef476f", key="7"),
    LabelSpec(
        name="LAW", description="agreements, treaties, laws, policies", colour="#06d6a0", key="8"
    ),
    LabelSpec(name="WEAPON", description="weapons and military systems", colour="#ff6b6b", key="9"),
    LabelSpec(name="ROLE", description="roles and titles", colour="#a0c4ff", key="0"),
    LabelSpec(name="FAC", description="buildings, bases, venues", colour="#bdb2ff", key="!"),
    LabelSpec(name="PRODUCT", description="products, vehicles", colour="#ffadad", key="@"),
    LabelSpec(name="MONEY", description="monetary values", colour="#caffbf", key="#"),
    LabelSpec(name="QUANTITY", description="quantities", colour="#fdffb6", key="$"),
)


def label_map(labels: tuple[LabelSpec, ...] = DEFAULT_LABELS) -> dict[str, LabelSpec]:
    """Labels by name."""
    return {label.name: label for label in labels}


def parse_labels(text: str, fmt: str = "toml") -> tuple[LabelSpec, ...]:
    """Labels from the text of a label file (`fmt` is "toml" or "json")."""
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"The label file is not valid {fmt.upper()} ({exc}).") from exc
    if isinstance(data, list):  # a bare JSON list of labels is accepted too
        data = {"labels": data}
    try:
        return tuple(LabelFile.model_validate(data).labels)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise UserError(f"The label file is invalid at {where}: {first['msg']}.") from exc


def load_labels(path: Path | None = None) -> tuple[LabelSpec, ...]:
    """The labels of the file at `path` (.toml or .json), or the default set."""
    if path is None:
        return DEFAULT_LABELS
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Cannot read the label file {path} ({exc.strerror}).") from exc
    return parse_labels(text, "json" if Path(path).suffix.lower() == ".json" else "toml")


def dump_labels(labels: tuple[LabelSpec, ...] = DEFAULT_LABELS) -> str:
    """A TOML label file for `labels`: a starting point the analyst can edit."""
    blocks = []
    for label in labels:
        fields = label.model_dump()
        body = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
        blocks.append(f"[[labels]]\n{body}\n")
    return "\n".join(blocks)
