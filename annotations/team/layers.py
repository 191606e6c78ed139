"""Analysts' layers kept in one database.

A database belongs to one analyst, its owner: its entities and events are the
owner's layer. Other analysts' work comes in with `newsdesk import --as NAME`:
their export is imported as any import would be (same checks, same report)
into a scratch database, then each article is matched to this database's by
the hash of its cleaned text (never by id or position) and kept whole as
NAME's `AnalystLayer`. The lead's adjudication is one more layer, named
`adjudicated`. Every layer can be compared (`compared`) and exported
(`LayerSource`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotations.errors import UserError
from annotations.events.repository import events_of, trigger_order
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.formats.records import is_confirmed
from annotations.labels import LabelSpec
from annotations.models import Article, Entity, Event
from annotations.review.documents import HISTORY, Action
from annotations.store import Store
from annotations.team.adjudication import Adjudication
from annotations.team.agreement import Compared, EventMark, Layer, Span
from annotations.team.documents import (
    ADJUDICATED,
    ADJUDICATIONS,
    LAYERS,
    AnalystLayer,
    StoredAdjudication,
    layer_id,
)
from annotations.text import content_hash


def marks(entities: Iterable[Entity], events: Iterable[Event]) -> Layer:
    """What counts as the analyst's annotation: confirmed entities (accepted, or
    added and not rejected) and accepted events, roles by their filler's span."""
    kept = confirmed(entities)
    spans = frozenset(Span(e.start, e.end, e.label) for e in kept.values())
    return Layer(spans, frozenset(event_mark(e, kept) for e in events if e.state == "accepted"))


def confirmed(entities: Iterable[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities if is_confirmed(e)}


def event_mark(event: Event, fillers: dict[str, Entity]) -> EventMark:
    """The event as agreement sees it; a role counts only with a confirmed filler."""
    roles = frozenset(
        (a.role, fillers[a.entity_id].start, fillers[a.entity_id].end)
        for a in event.arguments
        if a.entity_id in fillers
    )
    return EventMark(event.type, (event.trigger_start, event.trigger_end), roles)


@dataclass(frozen=True)
class Annotations:
    """One analyst's documents for one article (the owner's or a stored layer's)."""

    entities: list[Entity]
    events: list[Event]

    @property
    def layer(self) -> Layer:
        return marks(self.entities, self.events)


class Layers:
    """The layers of one database, whose own annotations are `owner`'s."""

    def __init__(self, store: Store, owner: str) -> None:
        self.store = store
        self.owner = owner

    def analysts(self) -> list[str]:
        """The owner first, then every analyst with a stored layer (adjudicated last)."""
        names = {ident.split("/", 1)[1] for ident in self.store.ids(LAYERS)}
        others = sorted(names - {self.owner, ADJUDICATED})
        return [self.owner, *others, *([ADJUDICATED] if ADJUDICATED in names else [])]

    def stored(self, analyst: str, article_id: str) -> AnalystLayer | None:
        return self.store.get(LAYERS, layer_id(analyst, article_id), AnalystLayer)

    def of(self, analyst: str, article_id: str) -> Annotations | None:
        """`analyst`'s annotations of the article; None when they have no layer of it."""
        if analyst == self.owner:
            return Annotations(self.store.entities(article_id), events_of(self.store, article_id))
        doc = self.stored(analyst, article_id)
        return None if doc is None else Annotations(doc.entities, doc.events)

    def compared(self, a: str, b: str, since: dt.date | None = None) -> Iterator[Compared]:
        """The articles both analysts annotated, in the database's order; with
        `since`, only those either of them changed on or after that day."""
        changed = self._changed_since(since) if since else None
        for head in list(self.store.article_heads()):  # the store may change meanwhile
            if changed is not None and not changed(head.id, a, b):
                continue
            mine, theirs = self.of(a, head.id), self.of(b, head.id)
            if mine is None or theirs is None:
                continue
            text = self.store.article(head.id).text
            yield Compared(head.id, text, mine.layer, theirs.layer, head.meta.title)

    def _changed_since(self, day: dt.date):  # type: ignore[no-untyped-def]
        touched = {
            a.article_id
            for a in self.store.all(HISTORY, Action)
            if a.at.date() >= day and not a.undone
        }

        def changed(article_id: str, a: str, b: str) -> bool:
            for who in (a, b):
                if who == self.owner and article_id in touched:
                    return True
                doc = None if who == self.owner else self.stored(who, article_id)
                if doc is not None and doc.saved_at.date() >= day:
                    return True
            return False

        return changed

    # -- import ----------------------------------------------------------
    def import_file(
        self,
        analyst: str,
        fmt: str,
        path: Path,
        labels: tuple[LabelSpec, ...] | None = None,
        schema: EventSchema = DEFAULT_SCHEMA,
    ) -> LayerImport:
        """Import `path` as `analyst`'s layer of the articles this database holds."""
        from annotations.formats import import_path

        if analyst in (self.owner, ADJUDICATED) or not analyst.strip():
            raise UserError(
                f"{analyst!r} cannot name an imported layer: it is "
                + ("this database's own analyst." if analyst == self.owner else "reserved.")
            )
        outcome = LayerImport()
        by_hash = {head.text_hash: head.id for head in self.store.article_heads()}
        docs = []
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "layer.json") as scratch:
            outcome.problems = import_path(scratch, fmt, path, labels, schema).problems
            for article in scratch.articles():
                target = by_hash.get(content_hash(article.text))
                if target is None:
                    outcome.unmatched.append(article.meta.title or article.id)
                    continue
                docs.append(self._layer_doc(analyst, target, scratch, article, str(path)))
        self.store.put_many(LAYERS, docs)  # type: ignore[arg-type]
        outcome.articles = len(docs)
        outcome.entities = sum(len(d.entities) for d in docs)
        outcome.events = sum(len(d.events) for d in docs)
        return outcome

    @staticmethod
    def _layer_doc(
        analyst: str, target: str, scratch: Store, article: Article, origin: str
    ) -> AnalystLayer:
        moved = {"article_id": target}
        entities = [
            e.model_copy(update=moved | {"analyst": e.analyst or analyst})
            for e in scratch.entities(article.id)
        ]
        events = [
            e.model_copy(update=moved | {"analyst": e.analyst or analyst})
            for e in events_of(scratch, article.id)
        ]
        return AnalystLayer(
            id=layer_id(analyst, target), analyst=analyst, article_id=target,
            text_hash=content_hash(article.text), entities=entities, events=events, origin=origin,
        )  # fmt: skip

    # -- adjudication ----------------------------------------------------
    def adjudication(self, article_id: str, a: str, b: str) -> Adjudication | None:
        """The lead's adjudication of the article between `a` and `b`, with the
        decisions made so far (if the two layers have not changed since)."""
        mine, theirs = self.of(a, article_id), self.of(b, article_id)
        if mine is None or theirs is None:
            return None
        adj = Adjudication.of(mine.layer, theirs.layer)
        saved = self.store.get(
            ADJUDICATIONS, _adjudication_id(article_id, a, b), StoredAdjudication
        )
        if saved is not None and saved.fingerprint == fingerprint(mine.layer, theirs.layer):
            adj.decisions = dict(saved.decisions)
            adj.done, adj.undone = list(saved.done), list(saved.undone)
        return adj

    def save_adjudication(self, article_id: str, a: str, b: str, adj: Adjudication) -> None:
        """Store the decisions and the adjudicated layer they give, in one save."""
        mine, theirs = self.of(a, article_id), self.of(b, article_id)
        if mine is None or theirs is None:
            raise UserError("One of the two layers being adjudicated is gone.")
        head = self.store.article_head(article_id)
        assert head is not None
        entities, events = documents_for(adj.result(), [mine, theirs], article_id)
        decided = StoredAdjudication(
            id=_adjudication_id(article_id, a, b), article_id=article_id, a=a, b=b,
            fingerprint=fingerprint(mine.layer, theirs.layer), decisions=adj.decisions,
            done=adj.done, undone=adj.undone,
        )  # fmt: skip
        layer = AnalystLayer(
            id=layer_id(ADJUDICATED, article_id), analyst=ADJUDICATED, article_id=article_id,
            text_hash=head.text_hash, entities=entities, events=events,
            origin=f"adjudication of {a} and {b}",
        )  # fmt: skip
        with self.store.transaction():
            self.store.put(ADJUDICATIONS, decided)
            self.store.put(LAYERS, layer)


@dataclass
class LayerImport:
    """What `import --as` did."""

    articles: int = 0
    entities: int = 0
    events: int = 0
    unmatched: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _adjudication_id(article_id: str, a: str, b: str) -> str:
    return f"{article_id}/{a}|{b}"


def fingerprint(a: Layer, b: Layer) -> str:
    """A digest of two layers' marks: decisions hold only for the layers they were made on."""
    digest = hashlib.sha256()
    for layer in (a, b):
        for item in sorted(repr(m) for m in (*layer.spans, *layer.events)):
            digest.update(item.encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def documents_for(
    result: Layer, sources: list[Annotations], article_id: str
) -> tuple[list[Entity], list[Event]]:
    """Entity and event documents for an adjudicated layer, taken from the layers
    the marks came from (ids, notes, dates kept); roles re-pointed by span."""
    entities: dict[Span, Entity] = {}
    for source in sources:
        for entity in source.entities:
            mark = Span(entity.start, entity.end, entity.label)
            if mark in result.spans and mark not in entities and is_confirmed(entity):
                entities[mark] = entity.model_copy(update={"article_id": article_id})
    by_extent = {(e.start, e.end): e.id for e in entities.values()}
    events: dict[EventMark, Event] = {}
    for source in sources:
        fillers = confirmed(source.entities)
        for event in source.events:
            key = event_mark(event, fillers)
            if event.state != "accepted" or key not in result.events or key in events:
                continue
            arguments = [
                a.model_copy(update={"entity_id": by_extent[(f.start, f.end)]})
                for a in event.arguments
                if (f := fillers.get(a.entity_id)) and (f.start, f.end) in by_extent
            ]
            events[key] = event.model_copy(
                update={"article_id": article_id, "arguments": arguments}
            )
    return (
        sorted(entities.values(), key=lambda e: (e.start, -e.end, e.label)),
        sorted(events.values(), key=trigger_order),
    )


class LayerSource:
    """One stored layer as an export source (`annotations.formats.records.Source`)."""

    def __init__(self, store: Store, analyst: str) -> None:
        self.store = store
        self.analyst = analyst
        self.path = store.path  # so an export never overwrites the database's own files
        self._ids = {i.split("/", 1)[0] for i in store.ids(LAYERS) if i.endswith("/" + analyst)}
        if not self._ids:
            raise UserError(f"This database holds no layer of {analyst!r}.")

    def articles(self) -> Iterator[Article]:
        for head in self.store.article_heads():
            if head.id in self._ids:
                yield self.store.article(head.id)

    def _doc(self, article_id: str) -> AnalystLayer | None:
        return self.store.get(LAYERS, layer_id(self.analyst, article_id), AnalystLayer)

    def entities(self, article_id: str) -> list[Entity]:
        doc = self._doc(article_id)
        return doc.entities if doc else []

    def events(self, article_id: str) -> list[Event]:
        doc = self._doc(article_id)
        return sorted(doc.events, key=trigger_order) if doc else []
