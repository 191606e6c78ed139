"""What an exporter receives: one `ExportRecord` per article, streamed from a source,
and the `Vocabulary` its generated configs name.

A record bundles an article with its entity annotations and its events
(suggested and accepted ones; rejected never, like entities). Events are read
through an index of event ids by article built once per export, so each
article costs only its own reads.

Every format that writes a configuration (brat's `annotation.conf`, Label
Studio's labeling config) or role columns (CSV) takes its names from one
`Vocabulary`, so the formats agree with each other and with the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, cast

from annotations import segment
from annotations.events.repository import EVENTS, trigger_order
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema, RoleSpec
from annotations.labels import DEFAULT_LABELS, FALLBACK_COLOUR, LabelSpec
from annotations.models import Article, Entity, Event, Status
from annotations.segment import Span


class Source(Protocol):
    """Where records come from: the `Store`, or anything with the same two reads."""

    def articles(self) -> Iterator[Article]: ...

    def entities(self, article_id: str) -> list[Entity]: ...


EventReader = Callable[[str], list[Event]]


@dataclass(frozen=True)
class ExportRecord:
    """One article with everything annotated in it."""

    article: Article
    entities: tuple[Entity, ...]
    events: tuple[Event, ...] = ()

    @property
    def spans(self) -> list[Entity]:
        """Entities a consumer should see as annotations: all but the rejected ones."""
        return [e for e in self.entities if e.state != "rejected"]

    @cached_property
    def _visible(self) -> dict[str, Entity]:
        return {e.id: e for e in self.spans}

    def arguments(self, event: Event) -> list[tuple[str, Entity]]:
        """(role, entity) of each argument whose entity a consumer sees (not rejected)."""
        return [
            (a.role, self._visible[a.entity_id])
            for a in event.arguments
            if a.entity_id in self._visible
        ]

    def fillers(self, event: Event) -> dict[str, list[Entity]]:
        """The visible entities of each role of `event`, roles in argument order."""
        found: dict[str, list[Entity]] = {}
        for role, entity in self.arguments(event):
            found.setdefault(role, []).append(entity)
        return found


@dataclass(frozen=True)
class Filters:
    """Which articles and annotations go out. Empty filters export everything."""

    status: Status | None = None
    labels: frozenset[str] = field(default_factory=frozenset)
    since: dt.date | None = None
    until: dt.date | None = None
    only_accepted: bool = False
    finished_only: bool = False  # only articles whose status is done

    def keeps_article(self, article: Article) -> bool:
        if self.status is not None and article.status != self.status:
            return False
        if self.finished_only and article.status != "done":
            return False
        if self.since is None and self.until is None:
            return True
        day = article.meta.date or article.meta.page_date
        if day is None:
            return False  # a date filter cannot vouch for an undated article
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def keeps_entity(self, entity: Entity, fills_role: bool = False) -> bool:
        """`fills_role`: the entity fills a role of an event that goes out, which
        vouches for it as the analyst's (unless they rejected it)."""
        if self.labels and entity.label not in self.labels:
            return False
        if fills_role and entity.state != "rejected":
            return True
        return not self.only_accepted or is_confirmed(entity)

    def keeps_event(self, event: Event) -> bool:
        """Accepted events always, suggestions unless only accepted ones go out."""
        return event.state == "accepted" or (event.state == "suggested" and not self.only_accepted)


def is_confirmed(entity: Entity) -> bool:
    """Accepted by the analyst, or added by the analyst and not rejected since."""
    return confirmed(entity.state, entity.source)


def confirmed(state: str, source: str) -> bool:
    """`is_confirmed` for an entity known by its review state and source (e.g. as read)."""
    return state == "accepted" or (source == "analyst" and state != "rejected")


def entity_order(entity: Entity) -> tuple[int, int, str, str]:
    """A total order on entities: by position, longer first, then label and id."""
    return (entity.start, -entity.end, entity.label, entity.id)


def records(source: Source, filters: Filters | None = None) -> Iterator[ExportRecord]:
    """Stream the records that pass `filters`, one article at a time."""
    filters = filters or Filters()
    events_of = event_reader(source)
    for article in source.articles():
        if not filters.keeps_article(article):
            continue
        events = [e for e in events_of(article.id) if filters.keeps_event(e)]
        fillers = {a.entity_id for e in events if e.state == "accepted" for a in e.arguments}
        found = sorted(
            (
                e
                for e in source.entities(article.id)
                if filters.keeps_entity(e, fills_role=e.id in fillers)
            ),
            key=entity_order,
        )
        kept = {e.id for e in found}
        yield ExportRecord(article, tuple(found), tuple(_pruned(e, kept) for e in events))


def _pruned(event: Event, kept: set[str]) -> Event:
    """The event without arguments whose entity the filters left out."""
    if all(a.entity_id in kept for a in event.arguments):
        return event
    args = [a for a in event.arguments if a.entity_id in kept]
    return event.model_copy(update={"arguments": args})


def event_reader(source: Any) -> EventReader:
    """`read(article_id)`: the article's events by trigger position.

    A source may offer `events(article_id)` itself; a store is indexed once
    (event ids by article, not the events), so memory stays small.
    """
    own = getattr(source, "events", None)
    if callable(own):
        return cast(EventReader, own)
    if not callable(getattr(source, "ids", None)):
        return lambda article_id: []
    index: dict[str, list[str]] = {}
    for ident in source.ids(EVENTS):
        index.setdefault(source.get(EVENTS, ident, Event).article_id, []).append(ident)

    def read(article_id: str) -> list[Event]:
        found = (source.get(EVENTS, i, Event) for i in index.get(article_id, ()))
        return sorted(found, key=trigger_order)

    return read


def counted(
    items: Iterable[ExportRecord], progress: Callable[[int], None] | None
) -> Iterator[ExportRecord]:
    """Pass records through, calling `progress(done)` after each one."""
    for done, record in enumerate(items, start=1):
        yield record
        if progress is not None:
            progress(done)


def non_overlapping(entities: Iterable[Entity]) -> list[Entity]:
    """A subset with no two spans overlapping, for formats that cannot nest.

    Confirmed entities win over suggestions, then longer over shorter, then
    earlier over later. The result is ordered by position.
    """
    ranked = sorted(
        entities, key=lambda e: (not is_confirmed(e), e.start - e.end, e.start, e.label)
    )
    taken: list[Entity] = []
    used: set[int] = set()
    for entity in ranked:
        chars = range(entity.start, entity.end)
        if used.isdisjoint(chars):
            taken.append(entity)
            used.update(chars)
    return sorted(taken, key=entity_order)


def aligned_tokens(text: str, entities: Iterable[Entity], cuts: Iterable[int] = ()) -> list[Span]:
    """The tokens of `text` (`annotations.segment`), split further at every entity
    start and end and at every offset of `cuts`, so that each covers whole tokens."""
    bounds = {o for e in entities for o in (e.start, e.end)}
    return segment.split_at(segment.tokens(text), bounds.union(cuts))


STATUSES = ("asserted", "planned", "hypothetical", "negated", "historical")


@dataclass(frozen=True)
class Vocabulary:
    """The label set and the event schema an export is written with."""

    labels: tuple[LabelSpec, ...] = DEFAULT_LABELS
    schema: EventSchema = field(default_factory=lambda: DEFAULT_SCHEMA)

    def entity_labels(self, seen: Iterable[str] = ()) -> list[tuple[str, str]]:
        """(name, colour) of every label of the set, then of any other label used
        by an entity or named by a role of the schema."""
        known = [(spec.name, spec.colour) for spec in self.labels]
        names = {name for name, _ in known}
        others = set(seen) | {lab for t in self.schema.types for r in t.roles for lab in r.labels}
        return known + [(name, FALLBACK_COLOUR) for name in sorted(others - names)]

    def role_names(self) -> list[str]:
        """Every role name of the schema, once each, in schema order."""
        return list(dict.fromkeys(r.name for t in self.schema.types for r in t.roles))

    def event_types(self, seen: Iterable[str] = ()) -> list[str]:
        """The schema's type names, then any other type used by an exported event."""
        names = self.schema.names
        return names + sorted(set(seen) - set(names))

    def roles_of(self, event_type: str) -> list[RoleSpec]:
        """The roles of a type; none for a type the schema does not know."""
        spec = self.schema.get(event_type)
        return list(spec.roles) if spec else []


DEFAULT_VOCABULARY = Vocabulary()
