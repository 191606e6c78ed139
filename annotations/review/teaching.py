"""Taught across the corpus: what the analyst does in one article is suggested in the others.

`TeachingIndex` holds every article's reviewed (text, label) votes, so one
edit updates the corpus-wide `TaughtPatterns` without rereading the store and
names the texts whose teaching changed. `find_taught` is the heavy, pure part
(a regex over every other article's text; the app runs it in a worker);
`reconcile` turns one article's finding into entities to add and ids to
remove; `store_taught` saves all of it in one transaction. `propagate` does
the whole thing at once (commands, tests, benchmarks).

Taught suggestions have `source="taught"` and state "suggested". A rejected
(text, label) pair removes the unreviewed suggestions of that pair everywhere;
a pair no longer taught (an undo) removes its taught suggestions. A text neither
taught nor refused any more (an undone rejection, accept or relabel) gets back the
model's suggestions of it where nothing else stands, read from the article's cached
detection (`DetectionCache`; without it they come back when the article is
detected again). The analyst
can switch a taught pair off (`switch`): it stops teaching and its remaining
unreviewed suggestions go; the choice is stored (table `taught_off`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from annotations.entities import (
    DetectionCache,
    Mention,
    TaughtPatterns,
    cache_key,
    canonical_key,
    to_entities,
)
from annotations.entities.teach import TAUGHT, collides, replaces
from annotations.models import Entity
from annotations.review.documents import OFF, SwitchedOff
from annotations.store import Store

Pair = tuple[str, str]
Texts = Mapping[str, tuple[str, str]]  # article id -> (text hash, text)


def _off_id(text: str, label: str) -> str:
    return canonical_key(text, label)


def switched_off(store: Store) -> frozenset[Pair]:
    """The pairs the analyst switched off."""
    return frozenset((d.text, d.label) for d in store.all(OFF, SwitchedOff))


def _votes(entities: Iterable[Entity]) -> tuple[Counter[Pair], Counter[Pair]]:
    """(accepted, rejected) pair counts of the entities the analyst had a say on."""
    accepted: Counter[Pair] = Counter()
    rejected: Counter[Pair] = Counter()
    for e in entities:
        if e.state == "rejected":
            rejected[e.text, e.label] += 1
        elif e.state == "accepted" or e.source == "analyst":
            accepted[e.text, e.label] += 1
    return accepted, rejected


def changed_texts(before: TaughtPatterns, after: TaughtPatterns) -> set[str]:
    """Texts whose taught label or rejections differ between two pattern sets."""
    texts = {t for t in before.taught.keys() | after.taught.keys()}
    changed = {t for t in texts if before.taught.get(t) != after.taught.get(t)}
    return changed | {t for t, _ in before.rejected ^ after.rejected}


@dataclass
class TeachingIndex:
    """Reviewed votes per article and their corpus-wide sums."""

    by_article: dict[str, tuple[Counter[Pair], Counter[Pair]]] = field(default_factory=dict)
    accepted: Counter[Pair] = field(default_factory=Counter)
    rejected: Counter[Pair] = field(default_factory=Counter)
    off: frozenset[Pair] = frozenset()
    _patterns: TaughtPatterns | None = None

    @classmethod
    def from_entities(
        cls, entities: Iterable[Entity], off: frozenset[Pair] = frozenset()
    ) -> TeachingIndex:
        index = cls(off=off)
        groups: dict[str, list[Entity]] = {}
        for e in entities:
            groups.setdefault(e.article_id, []).append(e)
        for article_id, group in groups.items():
            index.update(article_id, group, report=False)
        return index

    @classmethod
    def from_store(cls, store: Store) -> TeachingIndex:
        return cls.from_entities(store.all("entities", Entity), switched_off(store))

    def update(self, article_id: str, entities: Iterable[Entity], report: bool = True) -> set[str]:
        """Replace one article's votes; return the texts whose teaching changed
        (with `report=False`, when building the index, nothing is compared)."""
        accepted, rejected = _votes(entities)
        old_accepted, old_rejected = self.by_article.get(article_id, (Counter(), Counter()))
        if (accepted, rejected) == (old_accepted, old_rejected):
            return set()
        before = self.patterns() if report else None
        self.by_article.pop(article_id, None)
        self.accepted -= old_accepted
        self.rejected -= old_rejected
        if accepted or rejected:
            self.by_article[article_id] = (accepted, rejected)
        self.accepted += accepted
        self.rejected += rejected
        self._patterns = None
        return changed_texts(before, self.patterns()) if before is not None else set()

    def patterns(self) -> TaughtPatterns:
        if self._patterns is None:
            self._patterns = TaughtPatterns.from_pairs(
                self.accepted.elements(), self.rejected, self.off
            )
        return self._patterns

    def set_off(self, off: frozenset[Pair]) -> None:
        self.off, self._patterns = off, None


@dataclass(frozen=True)
class Found:
    """One article that holds a changed text, and its taught mentions of changed texts."""

    text_hash: str
    mentions: list[Mention]


def find_taught(
    patterns: TaughtPatterns, texts: Texts, changed: set[str], exclude: str | None = None
) -> dict[str, Found]:
    """Articles (but `exclude`) holding a changed text, word-bounded. Pure: run it anywhere."""
    needles = sorted((t for t in changed if t), key=len, reverse=True)
    if not needles:
        return {}
    pattern = re.compile(r"(?<![\w@])(?:" + "|".join(map(re.escape, needles)) + r")(?!\w)")
    found: dict[str, Found] = {}
    for article_id, (text_hash, text) in texts.items():
        if article_id == exclude or not any(n in text for n in needles):
            continue
        if pattern.search(text):
            mentions = [m for m in patterns.suggest(text) if m.text in changed]
            found[article_id] = Found(text_hash, mentions)
    return found


def _machine_suggestion(e: Entity) -> bool:
    return e.state == "suggested" and e.source != "analyst"


def reconcile(
    article_id: str,
    entities: list[Entity],
    found: Found,
    patterns: TaughtPatterns,
    changed: set[str],
    given_back: Iterable[Mention] = (),
) -> tuple[list[Entity], list[str]]:
    """Suggestions to add to one article and suggestion ids to remove: taught ones, and
    the model's `given_back` where the article holds no entity over them any more."""
    remove: set[str] = set()
    for e in entities:
        if not _machine_suggestion(e):
            continue
        refused = (e.text, e.label) in patterns.rejected
        untaught = e.source == TAUGHT and patterns.taught.get(e.text) != e.label
        if refused or (untaught and e.text in changed):
            remove.add(e.id)
    live = [e for e in entities if e.id not in remove]
    free = [m for m in given_back if not any(m.start < e.end and e.start < m.end for e in live)]
    add = to_entities(article_id, free)
    for m in found.mentions:
        kept = [e for e in [*entities, *add] if e.id not in remove]
        same = [e for e in kept if (e.start, e.end) == (m.start, m.end)]
        if any(e.label == m.label or not _machine_suggestion(e) for e in same):
            continue  # already there, or the analyst decided this span
        if any(collides(m, e) for e in kept if e.state != "rejected"):
            continue  # never inside or across an entity of another label
        remove |= {e.id for e in kept if _machine_suggestion(e) and replaces(m, e)}
        taught = replace(m, source=TAUGHT)
        add.append(to_entities(article_id, [taught])[0])
    stored = {e.id for e in entities}
    add = [e for e in add if e.id not in remove]  # a taught span replaced one given back
    return add, sorted(remove & stored)


def store_taught(
    store: Store,
    found: Mapping[str, Found],
    patterns: TaughtPatterns,
    changed: set[str],
    cache: DetectionCache | None = None,
) -> list[str]:
    """Save the taught changes of every found article in one transaction; the ids changed.

    An article whose text changed since `found` was computed is skipped. A changed
    text now neither taught nor refused (an undone rejection, accept or relabel) gets
    back the model's suggestions of it, read from `cache` (the articles' detections)."""
    refused = {text for text, _ in patterns.rejected}
    released = {t for t in changed if t not in patterns.taught and t not in refused}
    touched: list[str] = []
    with store.transaction():
        for article_id, hit in found.items():
            head = store.article_head(article_id)  # no body read for the common case
            if head is None or head.text_hash != hit.text_hash:
                continue
            back: list[Mention] = []
            if cache is not None and head.detected_with and released:
                text = store.article(article_id).text
                detected = cache.get(cache_key(text, head.detected_with)) or []
                back = [m for m in detected if m.text in released]
            entities = store.entities(article_id)
            add, remove = reconcile(article_id, entities, hit, patterns, changed, back)
            for entity_id in remove:
                store.delete_entity(entity_id)
            for entity in add:
                store.put_entity(entity)
            if add or remove:
                touched.append(article_id)
    return touched


def article_texts(
    store: Store, known: dict[str, tuple[str, str]] | None = None
) -> dict[str, tuple[str, str]]:
    """(text hash, text) by article id; with `known`, only articles missing from it are read."""
    texts = dict(known or {})
    ids = store.article_ids()
    for article_id in set(texts) - set(ids):
        del texts[article_id]
    for article_id in ids:
        if article_id not in texts:
            article = store.article(article_id)
            texts[article_id] = (article.text_hash, article.text)
    return texts


def propagate(
    store: Store,
    patterns: TaughtPatterns | None = None,
    exclude_article: str | None = None,
    changed: set[str] | None = None,
    cache: DetectionCache | None = None,
) -> list[str]:
    """Suggest the taught patterns in every article but `exclude_article`, drop rejected
    pairs' suggestions; `changed` limits it to those texts (default: all taught and
    rejected texts); `cache` as for `store_taught`. Returns the ids of the articles
    changed."""
    if patterns is None:
        patterns = TeachingIndex.from_store(store).patterns()
    if changed is None:
        changed = set(patterns.taught) | {t for t, _ in patterns.rejected}
    found = find_taught(patterns, article_texts(store), changed, exclude_article)
    return store_taught(store, found, patterns, changed, cache)


@dataclass(frozen=True)
class TaughtRow:
    """One taught pair as the analyst sees it: how often it was taught, how many
    unreviewed suggestions it has in the corpus, whether it is switched off."""

    text: str
    label: str
    taught_by: int
    suggestions: int
    off: bool


def _taught_suggestions(store: Store) -> Iterator[Entity]:
    """The unreviewed taught suggestions of the corpus."""
    return (
        e for e in store.all("entities", Entity) if e.source == TAUGHT and e.state == "suggested"
    )


def taught_rows(store: Store, index: TeachingIndex) -> list[TaughtRow]:
    """Every pair that teaches (or would, if not switched off), most taught first."""
    live = index.patterns().taught
    teaching = {
        (t, lab) for t, lab in index.accepted if live.get(t) == lab or (t, lab) in index.off
    }
    waiting = Counter((e.text, e.label) for e in _taught_suggestions(store))
    rows = [
        TaughtRow(t, lab, index.accepted[t, lab], waiting[t, lab], (t, lab) in index.off)
        for t, lab in teaching
        if len(t.strip()) >= 2
    ]
    return sorted(rows, key=lambda r: (-r.taught_by, r.text.casefold(), r.label))


def switch(store: Store, index: TeachingIndex, text: str, label: str, on: bool) -> int:
    """Switch a taught pair on or off, stored at once.

    Off: its remaining unreviewed taught suggestions are removed (reviewed ones
    stay); returns how many. On: it is suggested across the corpus again;
    returns how many articles changed.
    """
    key = _off_id(text, label)
    if not on:
        with store.transaction():
            store.put(OFF, SwitchedOff(id=key, text=text, label=label))
            gone = [e.id for e in _taught_suggestions(store) if (e.text, e.label) == (text, label)]
            for entity_id in gone:
                store.delete_entity(entity_id)
        index.set_off(index.off | {(text, label)})
        return len(gone)
    if store.get(OFF, key, SwitchedOff) is not None:
        store.delete(OFF, key)
    index.set_off(index.off - {(text, label)})
    return len(propagate(store, index.patterns(), changed={text}))
