"""The event schema: types with PLOVER/CAMEO mappings and typed roles.

A built-in default (the table in DESIGN.md) serves until the analyst gives a
schema file (TOML or JSON)::

    [[types]]
    name = "VISIT"
    plover = "CONSULT"
    cameo = ["042", "043"]
    triggers = ["visit", "state visit"]      # optional, extends the lexicon

    [[types.roles]]
    name = "Visitor"
    required = true
    labels = ["PERSON", "ORG", "GPE"]        # entity labels that may fill it

`extend = true` at the top keeps the default types and lets the file replace
or add types by name. Errors are one sentence naming the file, type, role and field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from annotations import userfile
from annotations.models import Model

_NAME = r"^[A-Z][A-Z0-9_]*$"
Label = Annotated[str, Field(pattern=_NAME, max_length=32)]


class RoleSpec(Model):
    """One role of an event type and the entity labels that may fill it."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_ ]*$", max_length=32)
    required: bool = False
    labels: list[Label] = Field(default=[], description="allowed labels; empty = any label")
    multiple: bool = Field(False, description="may hold several entities (Participants)")

    def accepts(self, label: str) -> bool:
        """Whether an entity of `label` may fill this role."""
        return not self.labels or label in self.labels


class EventTypeSpec(Model):
    """One event type: name, mappings, roles, optional extra trigger words."""

    name: str = Field(pattern=_NAME, max_length=32)
    description: str = ""
    plover: str = ""
    cameo: list[str] = Field(default_factory=list)
    key: str | None = Field(None, min_length=1, max_length=1)
    roles: list[RoleSpec]
    triggers: list[str] = Field(default_factory=list)

    @field_validator("roles")
    @classmethod
    def _some_roles(cls, roles: list[RoleSpec]) -> list[RoleSpec]:
        if not roles:
            raise ValueError("an event type needs at least one role")
        return roles

    @model_validator(mode="after")
    def _distinct_roles(self) -> EventTypeSpec:
        _no_repeats([r.name for r in self.roles], "role name")
        return self

    def role(self, name: str) -> RoleSpec | None:
        """The role called `name`, if the type has it."""
        return next((r for r in self.roles if r.name == name), None)

    @property
    def required_roles(self) -> list[str]:
        return [r.name for r in self.roles if r.required]


class EventSchema(Model):
    """A validated set of event types with distinct names and keys."""

    types: list[EventTypeSpec]
    extend: bool = Field(False, description="add to the default types instead of replacing")

    @field_validator("types")
    @classmethod
    def _some_types(cls, types: list[EventTypeSpec]) -> list[EventTypeSpec]:
        if not types:
            raise ValueError("a schema needs at least one event type")
        return types

    @model_validator(mode="after")
    def _distinct(self) -> EventSchema:
        _no_repeats([t.name for t in self.types], "type name")
        _no_repeats([t.key for t in self.types if t.key], "key")
        return self

    def get(self, name: str) -> EventTypeSpec | None:
        """The type called `name`, or None for a type the schema does not know."""
        return next((t for t in self.types if t.name == name), None)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.types]


def _no_repeats(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"the {what} {value!r} is used twice")
        seen.add(value)


def _r(name: str, *labels: str, required: bool = False, multiple: bool = False) -> RoleSpec:
    return RoleSpec(name=name, required=required, labels=list(labels), multiple=multiple)


_ACTORS = ("PERSON", "ORG", "GPE")
_PLACE = _r("Place", "GPE", "LOC", "FAC")
_TIME = _r("Time", "DATE")
_TOPIC = _r("Topic")


def _t(
    name: str, plover: str, cameo: list[str], key: str, desc: str, *roles: RoleSpec
) -> EventTypeSpec:
    return EventTypeSpec(
        name=name, plover=plover, cameo=cameo, key=key, description=desc, roles=list(roles)
    )


DEFAULT_SCHEMA = EventSchema(
    types=[
        _t("VISIT", "CONSULT (mode visit)", ["042", "043"], "v", "a visit or trip",
           _r("Visitor", *_ACTORS, "NORP", required=True, multiple=True),
           _r("Host", "GPE", "ORG", "PERSON"), _PLACE, _TIME, _TOPIC),
        _t("MEET", "CONSULT", ["040", "044"], "m", "a meeting, talks or summit",
           _r("Participants", *_ACTORS, "NORP", required=True, multiple=True),
           _PLACE, _TIME, _TOPIC),
        _t("NEGOTIATE", "CONSULT", ["046"], "n", "negotiations",
           _r("Participants", *_ACTORS, "NORP", required=True, multiple=True),
           _TOPIC, _PLACE, _TIME),
        _t("SIGN_AGREEMENT", "SUPPORT", ["057"], "s", "signing an agreement or MoU",
           _r("Signatories", "GPE", "ORG", "PERSON", required=True, multiple=True),
           _r("Agreement", "LAW", required=True), _PLACE, _TIME),
        _t("RATIFY", "SUPPORT", ["057"], "r", "ratifying or approving an agreement",
           _r("Ratifier", "ORG", "GPE", "PERSON", required=True),
           _r("Agreement", "LAW", required=True), _TIME),
        _t("MIL_COOPERATION", "COOPERATE (military)", ["062"], "c", "military cooperation",
           _r("Actor", "GPE", "ORG", "NORP", "PERSON", required=True),
           _r("Partner", "GPE", "ORG", "NORP", "PERSON", required=True),
           _r("Activity", "EVENT"), _PLACE, _TIME),
        _t("ARMS_PROCUREMENT", "COOPERATE or AID", ["062", "072"], "p", "buying weapons",
           _r("Buyer", "GPE", "ORG", required=True), _r("Seller", "GPE", "ORG", "NORP"),
           _r("Item", "WEAPON", "PRODUCT", required=True, multiple=True),
           _r("Quantity", "QUANTITY", "CARDINAL"), _r("Value", "MONEY"), _TIME),
        _t("STATEMENT", "(public statement)", ["010"], "t", "a public statement",
           _r("Speaker", "PERSON", "ORG", "GPE", required=True), _TOPIC, _TIME),
    ]
)  # fmt: skip


def _where(data: Any, loc: tuple[Any, ...]) -> str:
    """Name the place of a validation error: type 'VISIT', role 'Host', field 'labels'."""
    parts: list[str] = []
    node = data
    for i, step in enumerate(loc):
        parent = loc[i - 1] if i else None
        if isinstance(step, int) and parent in ("types", "roles"):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            name = item.get("name") if isinstance(item, dict) else None
            kind = "type" if parent == "types" else "role"
            parts.append(f"{kind} {name!r}" if isinstance(name, str) else f"{kind} #{step + 1}")
        elif isinstance(step, str) and (step not in ("types", "roles") or i == len(loc) - 1):
            parts.append(f"field {step!r}")
        elif isinstance(step, int):
            parts[-1:] = [f"{parts[-1]} item #{step + 1}" if parts else f"item #{step + 1}"]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return ", ".join(parts)


_MESSAGES = {
    "missing": "the field is missing",
    "extra_forbidden": "this field is not part of a schema",
    "string_pattern_mismatch": "must start with a letter and hold only letters, digits, "
    "spaces and underscores",
}


def _message(error: ErrorDetails) -> str:
    if error["type"] == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == _NAME:
        return "must be written in capitals, digits and underscores, like VISIT or PERSON"
    return _MESSAGES.get(error["type"], error["msg"].removeprefix("Value error, "))


def _merge(user: EventSchema) -> EventSchema:
    mine = {t.name: t for t in user.types}
    kept = [mine.pop(t.name, t) for t in DEFAULT_SCHEMA.types]
    return EventSchema(types=kept + list(mine.values()))


def parse_schema(
    text: str, fmt: str = "toml", source: str = "the event schema file"
) -> EventSchema:
    """A schema from the text of a schema file (`fmt` is "toml" or "json")."""
    return _validate(userfile.parse(text, fmt, source), source)


def _validate(data: Any, source: str) -> EventSchema:
    if isinstance(data, list):  # a bare JSON list of types is accepted too
        data = {"types": data}
    try:
        schema = EventSchema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _where(data, tuple(first["loc"])) or "the top level"
        raise userfile.invalid(source, where, _message(first)) from exc
    return _merge(schema) if schema.extend else schema


def load_schema(path: Path | str | None = None) -> EventSchema:
    """The schema of the file at `path` (.toml or .json), or the default schema."""
    if path is None:
        return DEFAULT_SCHEMA
    source = f"the event schema file {path}"
    return _validate(userfile.load(path, source), source)


def dump_schema(schema: EventSchema = DEFAULT_SCHEMA) -> str:
    """A TOML schema file for `schema`: a starting point the analyst can edit."""
    blocks = []
    for spec in schema.types:
        head = spec.model_dump(exclude={"roles"}, exclude_none=True)
        lines = ["[[types]]", *(f"{k} = {json.dumps(v)}" for k, v in head.items())]
        for role in spec.roles:
            lines += ["", "[[types.roles]]"]
            lines += [f"{k} = {json.dumps(v)}" for k, v in role.model_dump().items()]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
