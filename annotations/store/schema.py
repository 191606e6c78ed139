"""Every table of a newsdesk database, the pydantic model its documents satisfy,
and the indexes the tables keep.

The one list doctor, migrations and every read and write import (explicitly:
nothing registers a table as a side effect of being imported): a table that is
not named here cannot be written, and doctor reports one found on disk.
`_meta` (the log's own header document) is not listed.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.models import Stored

HISTORY = "history"
"""Undoable analyst actions (`annotations.review.documents.Action`)."""
OVERRIDES = "link_overrides"
OFF = "taught_off"
LAYERS = "layers"
ADJUDICATIONS = "adjudications"

NAMES: tuple[str, ...] = (
    "articles", "entities", "events", HISTORY, OVERRIDES, OFF, LAYERS, ADJUDICATIONS,
)  # fmt: skip
"""Every table, by name: what opening a database needs (no model is imported for it)."""


@functools.cache
def tables() -> dict[str, type[Stored]]:
    """Every table's model, by table name (the models are imported on first use: the
    app lists its library without building one)."""
    from annotations.models import Article, Entity, Event
    from annotations.review.documents import Action, StoredOverrides, SwitchedOff
    from annotations.team.documents import AnalystLayer, StoredAdjudication

    models = (Article, Entity, Event, Action, StoredOverrides, SwitchedOff, AnalystLayer,
              StoredAdjudication)  # fmt: skip
    return dict(zip(NAMES, models, strict=True))


def model_of(table: str) -> type[Stored] | None:
    """The model of `table`'s documents, None for a table newsdesk does not know."""
    return tables().get(table)


INDEXES: dict[str, tuple[str, ...]] = {
    "entities": ("article_id",),
    "events": ("article_id",),
    HISTORY: ("article_id",),  # an article's undo history is read when it opens
}
"""Fields a table is indexed by besides `id` (each must be a text field of its model)."""

TALLIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "entities": ("article_id", ("label", "state")),
}
"""Counts a table keeps up to date and saves with each snapshot: documents by the value
of an indexed field, then by the values of others (entities by article, then by label
and state), so the library shows its counts without reading an entity."""
