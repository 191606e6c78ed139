"""Pydantic validation at the disk boundary, with one-sentence error messages.

pydantic is imported by the first validation, not with the store: opening a sealed
database and listing its library builds no model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from annotations.store.errors import DamagedStoreError, StoreError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from annotations.models import Model, Stored

M = TypeVar("M", bound="Model")

MAX_BODY_CHARS = 20_000_000
"""Longest article `raw` or `text` the store accepts."""
MAX_FIELD_CHARS = 1_000_000
"""Longest string any other field may hold."""
BODY_FIELDS = frozenset({"raw", "text"})
_SCALARS = (int, float, bool)


def first_error(exc: ValidationError) -> tuple[str, str]:
    """The field path and message of the first problem pydantic found."""
    err = exc.errors()[0]
    return ".".join(str(p) for p in err["loc"]) or "(document)", err["msg"]


def validate_read(model: type[M], doc: dict[str, Any], path: Path, table: str, key: str) -> M:
    """A document as it left disk, validated; damage names file, table, document and field."""
    from pydantic import ValidationError

    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        field, msg = first_error(exc)
        ident = doc.get("id")
        which = f"document {key} (id {ident})" if isinstance(ident, str) else f"document {key}"
        raise DamagedStoreError(
            f"The database {path} is damaged: {which} of table '{table}', field '{field}': "
            f"{msg}; it was left untouched."
        ) from exc


def dump_for_write(item: Stored, table: str) -> dict[str, Any]:
    """`item` re-validated (a model mutated after construction cannot reach disk
    invalid) and dumped to JSON types; bad input raises StoreError naming the field."""
    from pydantic import ValidationError

    try:
        doc = type(item).model_validate(item.model_dump()).model_dump(mode="json")
    except ValidationError as exc:
        field, msg = first_error(exc)
        raise _refused(item, table, f"field '{field}': {msg}") from exc
    if not isinstance(doc.get("id"), str) or not doc["id"]:
        raise _refused(item, table, "it has no text 'id' field")
    problem = _bad_string(doc, table == "articles")
    if problem:
        raise _refused(item, table, problem)
    return doc


def _refused(item: Stored, table: str, why: str) -> StoreError:
    """The sentence refusing to save `item` (named only once a save fails: most never do)."""
    kind = _singular(table)
    ident = getattr(item, "id", None)
    what = f"{kind} {ident}" if isinstance(ident, str) and ident else f"this {kind}"
    return StoreError(f"Cannot save {what}: {why}; nothing was saved.")


def _singular(table: str) -> str:
    """The singular of a table name: entity, article, history, layer."""
    if table.endswith("ies"):
        return table[:-3] + "y"
    return table.removesuffix("s")


def _bad_string(doc: dict[str, Any], is_article: bool) -> str | None:
    """The first string field holding a NUL character or exceeding its length limit.

    The path of a field is spelled out only for the one found (a document of a hundred
    fields is checked without building a hundred path strings)."""
    found = _bad_at(doc, is_article, False)
    if found is None:
        return None
    names, problem = found
    return problem.format(".".join(str(n) for n in reversed(names)))


def _bad_at(value: Any, top: bool, body: bool) -> tuple[list[object], str] | None:
    """(the field names leading to the first bad string, innermost first, and the
    problem with a {} for its path), None when every string is fine. `top`: `value`
    is an article document, whose body fields have the larger limit; `body`: `value`
    is one of those fields."""
    if isinstance(value, str):
        limit = MAX_BODY_CHARS if body else MAX_FIELD_CHARS
        if len(value) > limit:
            size = f"{len(value):,} characters long, over the limit of {limit:,}"
            return [], f"field '{{}}' is {size}"
        if "\x00" in value:
            return [], f"field '{{}}' contains a NUL character (U+0000) at {value.index(chr(0))}"
        return None
    items: Any = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for name, inner in items:
        if inner is None or type(inner) in _SCALARS:
            continue  # no string inside: nothing to check
        if isinstance(inner, str) and len(inner) <= MAX_FIELD_CHARS and "\x00" not in inner:
            continue  # the common case, without a call
        found = _bad_at(inner, False, top and name in BODY_FIELDS)
        if found is not None:
            found[0].append(name)
            return found
    return None
