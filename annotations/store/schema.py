"""Every table of a newsdesk database and the pydantic model its documents satisfy.

The one list doctor, migrations and the generic table API consult: a table
that is not named here cannot be written, and doctor reports one found on disk.
`_meta` (the store's own header document) is the engine's and is not listed.
"""

from __future__ import annotations

from annotations.models import Article, Entity, Event, Stored
from annotations.review.documents import (
    HISTORY,
    OFF,
    OVERRIDES,
    Action,
    StoredOverrides,
    SwitchedOff,
)

TABLES: dict[str, type[Stored]] = {
    "articles": Article,
    "entities": Entity,
    "events": Event,
    HISTORY: Action,
    OVERRIDES: StoredOverrides,
    OFF: SwitchedOff,
}


def model_of(table: str) -> type[Stored] | None:
    """The model of `table`'s documents, None for a table newsdesk does not know."""
    return TABLES.get(table)
