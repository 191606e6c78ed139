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

from pydantic import Field

from annotations.entities import LinkOverrides, canonical_key, link
from annotations.models import Entity, Stored
from annotations.store import Store

OVERRIDES = "link_overrides"
OVERRIDES_ID = "overrides"


class StoredOverrides(Stored):
    """The analyst's merges and splits, as stored."""

    id: str = OVERRIDES_ID
    merge: list[list[str]] = Field(default_factory=list)
    split: list[str] = Field(default_factory=list)


Store.register_model(OVERRIDES, StoredOverrides)


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

    @property
    def name(self) -> str:
        """The most frequent surface form, the longest on a tie."""
        counts = Counter(m.text for m in self.mentions)
        return max(counts, key=lambda t: (counts[t], len(t)))

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in Counter(m.label for m in self.mentions).most_common()]

    @property
    def articles(self) -> set[str]:
        return {m.article_id for m in self.mentions}

    @property
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
