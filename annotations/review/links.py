"""One entity across articles: the corpus's canonical entities and the analyst's corrections.

The analyst's merges and splits are one `LinkOverrides` document in the
`link_overrides` table. `corpus_entities` groups every non-rejected mention
under its canonical key (`link` plus the overrides); `merged` and `split_out`
return new overrides; `sync_canonical` writes `Entity.canonical_id` where it
differs, so exports carry the same grouping the entities screen shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from annotations.entities import LinkOverrides, canonical_key, link
from annotations.models import Entity
from annotations.review.documents import OVERRIDES, OVERRIDES_ID, StoredOverrides
from annotations.store import Store


def load_overrides(store: Store) -> LinkOverrides:
    found = store.get(OVERRIDES, OVERRIDES_ID, StoredOverrides)
    return LinkOverrides(merge=found.merge, split=found.split) if found else LinkOverrides()


def save_overrides(store: Store, overrides: LinkOverrides) -> None:
    store.put(OVERRIDES, StoredOverrides(merge=overrides.merge, split=overrides.split))


@dataclass
class CanonicalEntity:
    """One entity of the corpus and its mentions."""

    key: str
    mentions: list[Entity] = field(default_factory=list)

    @cached_property
    def name(self) -> str:
        """The most frequent surface form, the longest on a tie."""
        counts = Counter(m.text for m in self.mentions)
        return max(counts, key=lambda t: (counts[t], len(t)))

    @cached_property
    def labels(self) -> list[str]:
        return [label for label, _ in Counter(m.label for m in self.mentions).most_common()]

    @cached_property
    def articles(self) -> set[str]:
        return {m.article_id for m in self.mentions}

    @cached_property
    def other_forms(self) -> list[str]:
        """The distinct surface forms of the mentions besides the name, sorted."""
        return sorted({m.text for m in self.mentions} - {self.name})

    def summarise(self) -> None:
        """Work out what the entities screen lists (name, labels, articles, forms, aliases)
        now rather than when it first shows."""
        for _ in (self.name, self.labels, self.articles, self.other_forms, self.aliases):
            pass

    @cached_property
    def aliases(self) -> list[str]:
        """The distinct own keys of the mentions ("PERSON:putin", ...), most frequent first."""
        counts = Counter(canonical_key(m.text, m.label) for m in self.mentions)
        return [k for k, _ in counts.most_common()]


def corpus_entities(
    entities: Iterable[Entity], overrides: LinkOverrides | None = None
) -> list[CanonicalEntity]:
    """Canonical entities of the non-rejected mentions, most mentioned first."""
    live = [e for e in entities if e.state != "rejected"]
    ids = link(live, overrides)
    groups: dict[str, CanonicalEntity] = {}
    for e in live:
        key = ids[e.id]
        groups.setdefault(key, CanonicalEntity(key)).mentions.append(e)
    for group in groups.values():
        group.mentions.sort(key=lambda m: (m.article_id, m.start))
    return sorted(groups.values(), key=lambda g: (-len(g.mentions), g.key))


def merged(overrides: LinkOverrides, source: Sequence[str], target: str) -> LinkOverrides:
    """Overrides where the keys `source` join the entity `target` (which keeps its name)."""
    moving = set(source) - {target}
    groups = [list(g) for g in overrides.merge]
    into = next((g for g in groups if target in g), None)
    if into is None:
        into = [target]
        groups.append(into)
    for group in [g for g in groups if g is not into and moving & set(g)]:
        groups.remove(group)
        into.extend(k for k in group if k not in into)
    into.extend(k for k in source if k not in into)
    split = [k for k in overrides.split if k not in moving]
    return LinkOverrides(merge=groups, split=split)


def split_out(overrides: LinkOverrides, key: str) -> LinkOverrides:
    """Overrides where the alias `key` is its own entity again."""
    groups = [[k for k in g if k != key] for g in overrides.merge]
    split = [*overrides.split, key] if key not in overrides.split else list(overrides.split)
    return LinkOverrides(merge=[g for g in groups if len(g) > 1], split=split)


def sync_canonical(
    store: Store, entities: Sequence[Entity], overrides: LinkOverrides | None = None
) -> list[Entity]:
    """Store each entity's canonical id where it differs, in one save; the updated ones.

    Rejected mentions belong to no entity (canonical id None)."""
    live = [e for e in entities if e.state != "rejected"]
    ids: dict[str, str | None] = dict(link(live, overrides))
    updated = [
        e.model_copy(update={"canonical_id": ids.get(e.id)})
        for e in entities
        if e.canonical_id != ids.get(e.id)
    ]
    if updated and not store.read_only:
        with store.transaction():
            for e in updated:
                store.put_entity(e)
    return updated


class CorpusLinks:
    """The corpus's canonical entities in memory; every change is stored at once.

    Methods that change something return the ids of the articles whose
    entities' canonical ids were rewritten; `StoreError` passes through."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.entities: list[Entity] = []
        self.overrides = LinkOverrides()
        self.groups: dict[str, CanonicalEntity] = {}
        self.undo_stack: list[LinkOverrides] = []
        self.dirty: set[str] | None = None  # articles to reread; None: all
        self._articles: dict[str, tuple[str, str]] = {}
        self._todo: list[str] | None = None  # articles `warm` has still to read
        self._read: list[Entity] = []  # what `warm` read so far

    def article(self, article_id: str) -> tuple[str, str]:
        """(title, text) of an article, read once."""
        if article_id not in self._articles:
            found = self.store.article(article_id)
            self._articles[article_id] = (found.meta.title or "(untitled)", found.text)
        return self._articles[article_id]

    def changed(self, articles: Iterable[str]) -> None:
        """Note that the entities of `articles` (empty: of any article) changed."""
        ids = set(articles)
        if self.dirty is not None:
            self.dirty = self.dirty | ids if ids else None

    @property
    def ready(self) -> bool:
        """Every entity has been read and grouped (`refresh` rereads only changes)."""
        return self.dirty is not None and self._todo is None

    @property
    def warming(self) -> tuple[int, int] | None:
        """(articles read, articles in all) while `warm` is under way, else None."""
        if self._todo is None:
            return None
        total = len(self.store)
        return total - len(self._todo), total

    def warm(self, count: int) -> set[str] | None:
        """Read (and validate) the entities of `count` more articles ahead of the first
        look; after the last ones, group them as `reload` does and return the articles
        whose stored canonical ids that rewrote. None while articles are left.

        Changes noted meanwhile (`changed`) are reread by the next `refresh`."""
        if self.ready:
            return set()
        if self._todo is None:
            self._todo, self._read, self.dirty = self.store.article_ids(), [], set()
        step, self._todo = self._todo[:count], self._todo[count:]
        self._read += [e for a in step if a in self.store for e in self.store.entities(a)]
        if self._todo:
            return None
        self.entities, self._read, self._todo = self._read, [], None
        self._articles.clear()
        self.overrides = load_overrides(self.store)
        touched = self._regroup()
        for group in self.groups.values():
            group.summarise()
        return touched

    def settled(self, articles: Iterable[str]) -> None:
        """The changes to `articles` just noted were these links' own canonical-id
        rewrites (returned by `warm` or a change), which they already hold."""
        if self.dirty:
            self.dirty -= set(articles)

    def refresh(self) -> set[str]:
        """Reread what changed since the last look (everything, the first time)."""
        touched = set()
        if self._todo is not None:  # `warm` has not finished: read the rest at once
            touched = self.warm(len(self._todo)) or set()
        dirty, self.dirty = self.dirty, set()
        return touched | (self.reload(dirty) if dirty is None or dirty else set())

    def reload(self, articles: set[str] | None = None) -> set[str]:
        """Read the entities (of `articles` only, when given) and the overrides; regroup."""
        if articles is None:
            self.entities = self.store.all("entities", Entity)
            self._articles.clear()
        else:
            for article_id in articles:
                self._articles.pop(article_id, None)
            kept = [e for e in self.entities if e.article_id not in articles]
            fresh = [e for a in sorted(articles) if a in self.store for e in self.store.entities(a)]
            self.entities = kept + fresh
        self.overrides = load_overrides(self.store)
        return self._regroup()

    def group_of(self, entity_id: str) -> str | None:
        """The canonical key of the entity holding mention `entity_id`."""
        return next(
            (k for k, g in self.groups.items() if any(m.id == entity_id for m in g.mentions)),
            None,
        )

    def merge(self, source: str, target: str) -> set[str]:
        """Entity `source` (with all its aliases) joins entity `target`."""
        group = self.groups[source]
        return self._change(merged(self.overrides, [group.key, *group.aliases], target))

    def split(self, entity_id: str) -> set[str]:
        """The alias of mention `entity_id` becomes its own entity."""
        mention = next(e for e in self.entities if e.id == entity_id)
        return self._change(split_out(self.overrides, canonical_key(mention.text, mention.label)))

    def undo(self) -> set[str] | None:
        """Revert the latest merge or split of this session; None when there is none."""
        if not self.undo_stack:
            return None
        return self._change(self.undo_stack.pop(), record=False)

    def _change(self, overrides: LinkOverrides, record: bool = True) -> set[str]:
        save_overrides(self.store, overrides)
        if record:
            self.undo_stack.append(self.overrides)
        self.overrides = overrides
        return self._regroup()

    def _regroup(self) -> set[str]:
        self.groups = {g.key: g for g in corpus_entities(self.entities, self.overrides)}
        if self.store.read_only:
            return set()
        updated = {e.id: e for e in sync_canonical(self.store, self.entities, self.overrides)}
        if updated:
            self.entities = [updated.get(e.id, e) for e in self.entities]
        return {e.article_id for e in updated.values()}
