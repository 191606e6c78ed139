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
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from annotations import userfile
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
    # Military platforms (aircraft, ships, armoured vehicles) are WEAPON too: the
    # event schema's ARMS_PROCUREMENT item and the seed gold treat a system and its
    # platform alike. An analyst who wants them apart adds a PLATFORM label.
    LabelSpec(
        name="WEAPON",
        description="weapons, munitions, military platforms",
        colour="#ff6b6b",
        key="9",
    ),
    LabelSpec(name="ROLE", description="roles and titles", colour="#a0c4ff", key="0"),
    LabelSpec(name="FAC", description="buildings, bases, venues", colour="#bdb2ff", key="!"),
    LabelSpec(name="PRODUCT", description="products, vehicles", colour="#ffadad", key="@"),
    LabelSpec(name="MONEY", description="monetary values", colour="#caffbf", key="#"),
    LabelSpec(name="QUANTITY", description="quantities", colour="#fdffb6", key="$"),
)


def label_map(labels: tuple[LabelSpec, ...] = DEFAULT_LABELS) -> dict[str, LabelSpec]:
    """Labels by name."""
    return {label.name: label for label in labels}


def parse_labels(
    text: str, fmt: str = "toml", source: str = "the label file"
) -> tuple[LabelSpec, ...]:
    """Labels from the text of a label file (`fmt` is "toml" or "json")."""
    return _validate(userfile.parse(text, fmt, source), source)


def load_labels(path: Path | None = None) -> tuple[LabelSpec, ...]:
    """The labels of the file at `path` (.toml or .json), or the default set."""
    if path is None:
        return DEFAULT_LABELS
    source = f"the label file {path}"
    return _validate(userfile.load(path, source), source)


def _validate(data: object, source: str) -> tuple[LabelSpec, ...]:
    if isinstance(data, list):  # a bare JSON list of labels is accepted too
        data = {"labels": data}
    try:
        return tuple(LabelFile.model_validate(data).labels)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the top level"
        raise userfile.invalid(source, where, first["msg"]) from exc


def dump_labels(labels: tuple[LabelSpec, ...] = DEFAULT_LABELS) -> str:
    """A TOML label file for `labels`: a starting point the analyst can edit."""
    blocks = []
    for label in labels:
        fields = label.model_dump()
        body = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
        blocks.append(f"[[labels]]\n{body}\n")
    return "\n".join(blocks)
