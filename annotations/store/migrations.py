"""Schema migrations: one function per step from version N to N+1, run on open.

A migration takes `(table, document)` and returns the document at the next
version; `MIGRATIONS` below lists every step (written here, not registered by
importing other modules). The tables themselves are `schema.tables()`. The store
makes a backup of the files before it migrates anything and writes the
migrated documents as a new snapshot. Schema version 1 is the first: no step yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotations.version import SCHEMA_VERSION

Doc = dict[str, Any]
Migration = Callable[[str, Doc], Doc]

MIGRATIONS: dict[int, Migration] = {}
"""`MIGRATIONS[n]` turns a version-n document into a version n+1 document."""


def upgrade(table: str, doc: Doc, current: int = SCHEMA_VERSION) -> Doc:
    """Run every step from the document's version up to `current`."""
    version = doc["schema_version"]
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema version {version}")
        doc = step(table, dict(doc))
        doc["schema_version"] = version = version + 1
    return doc
