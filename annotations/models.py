"""The data model: pydantic models validated on every write and every read.

Offsets are Python character offsets into `Article.text` (the cleaned body),
start inclusive, end exclusive.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from annotations.version import SCHEMA_VERSION as SCHEMA_VERSION  # the default below

Status = Literal["new", "in_progress", "done"]
EntitySource = Literal["model", "rule", "taught", "analyst"]
ReviewState = Literal["suggested", "accepted", "rejected"]


def new_id() -> str:
    """A fresh random identifier (32 hex characters)."""
    return uuid.uuid4().hex


class Model(BaseModel):
    """Base of every model: unknown fields are an error, not silently kept. Validators
    are built on first use (`defer_build`), not at import: opening the app to its
    library validates nothing, so it does not pay for them."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Stored(Model):
    """A document that lives in the database."""

    schema_version: int = SCHEMA_VERSION


class RemovedBlock(Model):
    """A block of the raw text that cleaning removed, and why."""

    start: int = Field(ge=0, description="offset into the raw text")
    end: int = Field(ge=0)
    reason: str
    text: str

    @model_validator(mode="after")
    def _span_matches_text(self) -> RemovedBlock:
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"removed block {self.start}-{self.end} does not match "
                f"its text length {len(self.text)}"
            )
        return self


class ArticleMeta(Model):
    """What cleaning found out about an article, apart from its body."""

    title: str = ""
    date: dt.date | None = Field(None, description="publication date of the article")
    dateline: str | None = Field(None, description="place the story was filed from")
    source: str | None = Field(None, description="cited agency, e.g. ANI, TASS")
    publisher: str | None = Field(None, description="site or outlet that published the page")
    page_date: dt.date | None = Field(None, description="the page's own print or crawl date")
    url: str | None = None


class Cleaned(Model):
    """The result of cleaning one raw text."""

    body: str
    meta: ArticleMeta
    removed: list[RemovedBlock] = []


class Article(Stored):
    """An ingested article: raw text kept, cleaned text annotated."""

    id: str
    origin: str = Field(description="where it came from: a file path, or path:line for JSONL")
    raw: str
    text: str
    text_hash: str
    meta: ArticleMeta
    removed: list[RemovedBlock] = []
    status: Status = "new"
    status_by: str | None = Field(None, description="the analyst who last set the status")
    duplicate_of: str | None = Field(None, description="id of the article this one duplicates")
    detected_with: str | None = Field(
        None, description="detector version whose suggestions are stored"
    )
    ingested_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class ArticleHead(Model):
    """An article without its texts: what lists and filters need."""

    id: str
    origin: str
    text_hash: str
    meta: ArticleMeta
    status: Status = "new"
    duplicate_of: str | None = None
    detected_with: str | None = None

    HEAD_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "origin", "text_hash", "meta", "status", "duplicate_of", "detected_with",
    )  # fmt: skip


class Entity(Stored):
    """One entity mention in an article's cleaned text."""

    id: str = Field(default_factory=new_id)
    article_id: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str = Field(min_length=1)
    text: str
    source: EntitySource = "model"
    state: ReviewState = "suggested"
    canonical_id: str | None = None
    note: str | None = None
    analyst: str | None = Field(
        None, description="who last decided it (added, accepted, rejected, relabelled, noted)"
    )

    @model_validator(mode="after")
    def _span_matches_text(self) -> Entity:
        if self.end <= self.start:
            raise ValueError(f"entity span {self.start}-{self.end} is empty or reversed")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"entity span {self.start}-{self.end} does not match its text {self.text!r}"
            )
        return self


EventStatus = Literal["asserted", "planned", "hypothetical", "negated", "historical"]


class Argument(Model):
    """One participant of an event: a role filled by an entity annotation."""

    role: str = Field(min_length=1)
    entity_id: str


class Event(Stored):
    """A typed event in one article: trigger span, roles, status, time, note."""

    id: str = Field(default_factory=new_id)
    article_id: str
    type: str = Field(min_length=1, description="an event type of the schema, e.g. VISIT")
    trigger_start: int = Field(ge=0)
    trigger_end: int = Field(gt=0)
    trigger_text: str
    arguments: list[Argument] = []
    status: EventStatus = "asserted"
    time_start: dt.date | None = Field(None, description="normalised date, or start of a range")
    time_end: dt.date | None = Field(None, description="end of a range; None for one day")
    time_text: str | None = Field(None, description="the words the date was read from")
    note: str | None = None
    state: ReviewState = Field("accepted", description="suggested events are not analyst data")
    group_id: str | None = Field(None, description="events reporting one real-world event")
    analyst: str | None = Field(None, description="who last changed it (type, roles, status...)")

    @model_validator(mode="after")
    def _valid(self) -> Event:
        if self.trigger_end <= self.trigger_start:
            raise ValueError(f"event trigger {self.trigger_start}-{self.trigger_end} is empty")
        if self.trigger_end - self.trigger_start != len(self.trigger_text):
            raise ValueError(
                f"event trigger {self.trigger_start}-{self.trigger_end} does not match "
                f"{self.trigger_text!r}"
            )
        if self.time_end and (self.time_start is None or self.time_end < self.time_start):
            raise ValueError("event time range ends before it starts")
        return self
