"""The stored documents of team work: other analysts' layers and adjudications.

They import nothing but the models (and their table names from the schema), so
`annotations.store.schema` can list them (see `annotations.review.documents` for
the same arrangement).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from annotations.models import Entity, Event, Stored
from annotations.store.schema import ADJUDICATIONS as ADJUDICATIONS
from annotations.store.schema import LAYERS as LAYERS

Choice = Annotated[str, Field(pattern=r"^(a|b|both|neither|edit:[^\n]{1,64})$")]
"""A lead's decision on one disagreement: take A's marks, B's, both, neither, or
"edit:LABEL" (the span with the label the lead picked)."""

ADJUDICATED = "adjudicated"  # the analyst name of the layer adjudication writes


def layer_id(analyst: str, article_id: str) -> str:
    return f"{article_id}/{analyst}"


class AnalystLayer(Stored):
    """One analyst's annotations of one article of this database, kept apart from
    the database's own (which are its owner's). Entities and events are stored
    whole, so an exported layer loses nothing."""

    id: str
    analyst: str = Field(min_length=1)
    article_id: str
    text_hash: str
    entities: list[Entity] = []
    events: list[Event] = []
    origin: str = Field("", description="the file it was imported from, or what made it")
    saved_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


Step = tuple[int, Choice | None, Choice | None]  # (disagreement, before, after)


class StoredAdjudication(Stored):
    """A lead's decisions on one article between analysts `a` and `b`.

    `fingerprint` names the two layers the decisions were made on: when either
    layer changes (a new import), the old decisions no longer apply."""

    id: str
    article_id: str
    a: str
    b: str
    fingerprint: str
    decisions: dict[int, Choice] = {}
    done: list[Step] = []
    undone: list[Step] = []
