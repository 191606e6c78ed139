"""The entities of one article in text order, kept sorted as they change.

An edit touches one entity, so the index moves one entry (a bisect and a list
insert) instead of sorting the article again, and the questions a key asks
("what covers this offset", "where is the next suggestion") are answered
from the sorted order without visiting every entity.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator

from annotations.models import Entity

Key = tuple[int, int, str, str]  # (start, -end, label, id): the reading order


def _key(entity: Entity) -> Key:
    return (entity.start, -entity.end, entity.label, entity.id)


class EntityIndex:
    """Sorted keys of all entities and of the suggested ones, and the longest span."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.by_id: dict[str, Entity] = {}
        self._all: list[Key] = []
        self._suggested: list[Key] = []
        self._longest = 0  # only grows: a bound for `covering`, never too small
        for entity in entities:
            self.by_id[entity.id] = entity
        self._all = sorted(_key(e) for e in self.by_id.values())
        self._suggested = [k for k in self._all if self.by_id[k[3]].state == "suggested"]
        self._longest = max((e.end - e.start for e in self.by_id.values()), default=0)

    def put(self, entity: Entity) -> None:
        """Add `entity`, or replace the stored entity of its id."""
        self.remove(entity.id)
        self.by_id[entity.id] = entity
        key = _key(entity)
        insort(self._all, key)
        if entity.state == "suggested":
            insort(self._suggested, key)
        self._longest = max(self._longest, entity.end - entity.start)

    def remove(self, entity_id: str) -> None:
        old = self.by_id.pop(entity_id, None)
        if old is None:
            return
        key = _key(old)
        for keys in (self._all, self._suggested):
            at = bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                del keys[at]

    def ordered(self) -> list[Entity]:
        """Every entity in reading order: by start, the longer first, then by label."""
        return [self.by_id[k[3]] for k in self._all]

    def covering(self, pos: int) -> Iterator[Entity]:
        """The entities with start <= pos < end (only those that start within the
        longest span before `pos` are looked at)."""
        keys = self._all
        low = bisect_left(keys, (pos - self._longest,))
        high = bisect_right(keys, (pos, 1))
        for key in keys[low:high]:
            entity = self.by_id[key[3]]
            if entity.end > pos:
                yield entity

    def next_start(self, pos: int, direction: int, *, suggested: bool = False) -> Entity | None:
        """The first entity (suggestion) starting after `pos`, or the last starting
        before it when `direction` < 0."""
        keys = self._suggested if suggested else self._all
        if direction > 0:
            at = bisect_right(keys, (pos, 1))
            return self.by_id[keys[at][3]] if at < len(keys) else None
        at = bisect_left(keys, (pos,))
        return self.by_id[keys[at - 1][3]] if at > 0 else None

    def count(self, *, suggested: bool = False) -> int:
        return len(self._suggested if suggested else self._all)
