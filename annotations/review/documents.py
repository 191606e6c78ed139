"""The stored documents of the review layer: undoable actions, link overrides and
the taught patterns the analyst switched off.

They live apart from the code that uses them so `annotations.store.schema` can
list them without importing anything that imports the store; their table names
are the schema's (which imports these models only when first asked for one).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from annotations.models import Status, Stored, new_id
from annotations.review.changes import EntityChange, EventChange
from annotations.store.schema import HISTORY as HISTORY
from annotations.store.schema import OFF as OFF
from annotations.store.schema import OVERRIDES as OVERRIDES

OVERRIDES_ID = "overrides"


class Action(Stored):
    """One undoable analyst action on an article."""

    id: str = Field(default_factory=new_id)
    article_id: str
    seq: int
    description: str
    changes: list[EntityChange] = []
    event_changes: list[EventChange] = []
    status_before: Status | None = None
    status_after: Status | None = None
    undone: bool = False
    analyst: str | None = Field(None, description="who did it")
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class StoredOverrides(Stored):
    """The analyst's merges and splits, as stored."""

    id: str = OVERRIDES_ID
    merge: list[list[str]] = Field(default_factory=list)
    split: list[str] = Field(default_factory=list)


class SwitchedOff(Stored):
    """A taught (text, label) pair the analyst switched off."""

    id: str
    text: str
    label: str
