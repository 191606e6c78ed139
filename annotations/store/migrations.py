"""Schema migrations: one function per step from version N to N+1, run on open.

A migration takes `(table, document)` and returns the document at the next
version. The store makes a backup of the files before it migrates anything
and writes the migrated documents as a new snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotations.models import SCHEMA_VERSION

Doc = dict[str, Any]
Migration = Callable[[str, Doc], Doc]

MIGRATIONS: dict[int, Migration] = {}
"""`MIGRATIONS[n]` turns a version-n document into a version n+1 document."""


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register the decorated function as the step from `from_version` to the next."""

    def register(step: Migration) -> Migration:
        MIGRATIONS[from_version] = step
        return step

    return register


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
