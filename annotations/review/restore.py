"""Correct what cleaning did: put back a block it removed wrongly, or cut out a line it
kept wrongly, with every annotation moved along.

`plan_restore` and `plan_cut` are pure: given an article, the block to restore (or
the raw offset of the line to cut) and its entities and events, they return the
changed article and the annotations moved onto the new body (offsets change, the
words they point at do not). An annotation whose words are no longer contiguous in
the new body (the block lands inside it, or it lay on the cut line) is dropped and
listed, so the caller can ask first. A cut line becomes a removed block like those
of cleaning (reason CUT), so the raw view shows it and restoring puts it back.
`raw_doubts` names the lines worth a look: those the block classifier doubts.
`restore_block` and `cut_line` write the plan to the store in one transaction and
clear the article's undo history, whose entity snapshots point into the old body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from annotations.corpus.doubts import Doubt, doubtful
from annotations.corpus.restore import assemble, move_spans
from annotations.models import Article, Entity, Event, RemovedBlock
from annotations.review.documents import HISTORY, Action
from annotations.store import Store
from annotations.text import content_hash

EVENTS = "events"
CUT = "cut by the analyst"


@dataclass(frozen=True)
class BodyPlan:
    """The changed article and its annotations on the new body."""

    article: Article
    block: RemovedBlock  # the block restored, or the block cut out
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dropped_entities: list[Entity] = field(default_factory=list)
    dropped_events: list[Event] = field(default_factory=list)
    detached_arguments: int = 0  # event arguments whose entity was dropped

    @property
    def restoring(self) -> bool:
        """Whether the plan puts `block` back (else it cuts it out)."""
        return self.block not in self.article.removed

    @property
    def losses(self) -> int:
        return len(self.dropped_entities) + len(self.dropped_events) + self.detached_arguments


def block_at(article: Article, raw_offset: int) -> RemovedBlock | None:
    """The removed block that covers `raw_offset` of the raw text, if any."""
    return next((b for b in article.removed if b.start <= raw_offset < b.end), None)


def body_to_raw(article: Article, offset: int) -> int:
    """The raw offset of body character `offset` (the next real character for a joiner)."""
    _, mapping = assemble(article.raw, article.removed, with_map=True)
    for raw in mapping[offset:]:
        if raw >= 0:
            return raw
    return len(article.raw)


def raw_to_body(article: Article, raw_offset: int) -> int:
    """The body offset of the first kept character at or after `raw_offset`."""
    _, mapping = assemble(article.raw, article.removed, with_map=True)
    return next((i for i, r in enumerate(mapping) if r >= raw_offset), len(mapping))


def raw_doubts(article: Article) -> list[Doubt]:
    """The doubtful lines of the article's body (`corpus.doubts`), at raw offsets."""
    body, mapping = assemble(article.raw, article.removed, with_map=True)
    return [Doubt(mapping[d.start], mapping[d.end - 1] + 1, d.reason) for d in doubtful(body)]


def plan_restore(
    article: Article,
    block: RemovedBlock,
    entities: Iterable[Entity],
    events: Iterable[Event] = (),
) -> BodyPlan:
    """Restore `block` into `article` and move `entities` and `events` onto the new body."""
    if block not in article.removed:
        raise ValueError("That block is not among the article's removed blocks.")
    remaining = [b for b in article.removed if b != block]
    return _plan(article, remaining, block, entities, events)


def kept_line(article: Article, raw_offset: int) -> tuple[int, int] | None:
    """The kept part of the raw line at `raw_offset` (from its first kept character to its
    last, as `assemble` keeps them), or None when cleaning removed all of it or it is blank."""
    raw = article.raw
    start = raw.rfind("\n", 0, raw_offset) + 1
    end = raw.find("\n", raw_offset) % (len(raw) + 1)  # -1 (the last line): the text's end
    _, mapping = assemble(raw, article.removed, with_map=True)
    kept = [r for r in mapping if start <= r < end]
    return (kept[0], kept[-1] + 1) if kept else None


def plan_cut(
    article: Article,
    raw_offset: int,
    entities: Iterable[Entity],
    events: Iterable[Event] = (),
) -> BodyPlan | None:
    """Cut the kept part of the raw line at `raw_offset` out of the body (it becomes a removed
    block, reason CUT) and move `entities` and `events` onto the new body; None when the
    line holds no kept text."""
    span = kept_line(article, raw_offset)
    if span is None:
        return None
    start, end = span
    block = RemovedBlock(start=start, end=end, reason=CUT, text=article.raw[start:end])
    removed = sorted([*article.removed, block], key=lambda b: (b.start, b.end))
    return _plan(article, removed, block, entities, events)


def _plan(
    article: Article,
    removed: list[RemovedBlock],
    block: RemovedBlock,
    entities: Iterable[Entity],
    events: Iterable[Event],
) -> BodyPlan:
    """`article` with `removed` as its removed blocks, and its annotations moved along."""
    _, old_map = assemble(article.raw, article.removed, with_map=True)
    body, new_map = assemble(article.raw, removed, with_map=True)
    changed = article.model_copy(
        update={"text": body, "text_hash": content_hash(body), "removed": removed}
    )
    entities, events = list(entities), list(events)
    kept, dropped = _move(
        entities, [(e.start, e.end) for e in entities], old_map, new_map, body, "start", "end"
    )
    moved_events, dropped_events = _move(
        events,
        [(e.trigger_start, e.trigger_end) for e in events],
        old_map,
        new_map,
        body,
        "trigger_start",
        "trigger_end",
    )
    gone = {e.id for e in dropped}
    detached = 0
    for n, event in enumerate(moved_events):
        arguments = [a for a in event.arguments if a.entity_id not in gone]
        if len(arguments) != len(event.arguments):
            detached += len(event.arguments) - len(arguments)
            moved_events[n] = event.model_copy(update={"arguments": arguments})
    return BodyPlan(changed, block, kept, moved_events, dropped, dropped_events, detached)


_Item = TypeVar("_Item", Entity, Event)


def _move(
    items: Sequence[_Item],
    spans: list[tuple[int, int]],
    old_map: list[int],
    new_map: list[int],
    body: str,
    start_field: str,
    end_field: str,
) -> tuple[list[_Item], list[_Item]]:
    """Items moved onto the new body, and the items that no longer fit."""
    kept: list[_Item] = []
    dropped: list[_Item] = []
    for item, moved in zip(items, move_spans(spans, old_map, new_map), strict=True):
        words = item.text if isinstance(item, Entity) else item.trigger_text
        # move_spans compares raw offsets; a joiner there can turn from "\n" into " ".
        if moved is None or body[moved[0] : moved[1]] != words:
            dropped.append(item)
            continue
        kept.append(item.model_copy(update={start_field: moved[0], end_field: moved[1]}))
    return kept, dropped


def restore_block(store: Store, article_id: str, block: RemovedBlock) -> BodyPlan:
    """Restore `block` in the stored article and move its annotations, in one save."""
    article = store.article(article_id)
    events = store.where(EVENTS, "article_id", article_id, Event)
    return _save(store, plan_restore(article, block, store.entities(article_id), events))


def cut_line(store: Store, article_id: str, raw_offset: int) -> BodyPlan | None:
    """Cut the line at `raw_offset` out of the stored article's body and move its
    annotations, in one save; None (and nothing saved) when the line holds no kept text."""
    article = store.article(article_id)
    events = store.where(EVENTS, "article_id", article_id, Event)
    plan = plan_cut(article, raw_offset, store.entities(article_id), events)
    return plan and _save(store, plan)


def _save(store: Store, plan: BodyPlan) -> BodyPlan:
    article_id = plan.article.id
    history = [a.id for a in store.where(HISTORY, "article_id", article_id, Action)]
    with store.transaction():
        store.update_article(plan.article)
        for entity in plan.dropped_entities:
            store.delete_entity(entity.id)
        store.put_entities(plan.entities, against=plan.article)
        for event in plan.dropped_events:
            store.delete(EVENTS, event.id)
        for event in plan.events:
            store.put(EVENTS, event)
        for action_id in history:
            store.delete(HISTORY, action_id)
    return plan
