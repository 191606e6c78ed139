"""What the analyst taught: accepted entities become patterns, rejections stick.

Storage-agnostic: build `TaughtPatterns` from plain (text, label) pairs or
from `Entity` records, then `apply` it to a text and its detected mentions.
Taught suggestions carry `source="taught"` (stored as "rule" until the data
model knows "taught"). A rejected (text, label) pair is never suggested again,
even when it was accepted elsewhere: the rejection is the later, stronger say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from annotations.entities.detector import Mention
from annotations.models import Entity

TAUGHT = "taught"
Pair = tuple[str, str]  # (text, label)


@dataclass(frozen=True)
class TaughtPatterns:
    """Taught (text -> label) patterns and rejected (text, label) pairs."""

    taught: dict[str, str] = field(default_factory=dict)
    rejected: frozenset[Pair] = frozenset()

    @classmethod
    def from_pairs(
        cls, accepted: Iterable[Pair], rejected: Iterable[Pair] = (), off: Iterable[Pair] = ()
    ) -> TaughtPatterns:
        """From the analyst's accepted/added pairs and rejected pairs; `off` are
        pairs the analyst switched off: they teach nothing (and refuse nothing)."""
        refused = frozenset((t.strip(), label) for t, label in rejected)
        silent = refused | frozenset(off)
        votes: dict[str, Counter[str]] = {}
        for text, label in accepted:
            text = text.strip()
            if len(text) >= 2 and (text, label) not in silent:
                votes.setdefault(text, Counter())[label] += 1
        taught = {text: counts.most_common(1)[0][0] for text, counts in votes.items()}
        return cls(taught, refused)

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], off: Iterable[Pair] = ()) -> TaughtPatterns:
        """From stored entities: accepted ones (and the analyst's own) teach,
        rejected ones are refused; pairs in `off` are switched off."""
        accepted: list[Pair] = []
        rejected: list[Pair] = []
        for e in entities:
            if e.state == "rejected":
                rejected.append((e.text, e.label))
            elif e.state == "accepted" or e.source == "analyst":
                accepted.append((e.text, e.label))
        return cls.from_pairs(accepted, rejected, off)

    def __bool__(self) -> bool:
        return bool(self.taught or self.rejected)

    def suggest(self, text: str) -> list[Mention]:
        """Every word-bounded occurrence of a taught text, longest first, no overlaps."""
        if not self.taught:
            return []
        found: list[Mention] = []
        for m in self._pattern.finditer(text):
            label = self.taught[m.group(0)]
            found.append(Mention(m.start(), m.end(), label, m.group(0), TAUGHT))
        return found

    def filter(self, mentions: Iterable[Mention]) -> list[Mention]:
        """The mentions whose (text, label) the analyst has not rejected."""
        return [m for m in mentions if (m.text, m.label) not in self.rejected]

    def apply(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        """Detected mentions without rejected ones, plus taught suggestions;
        a taught suggestion replaces the mentions of its label it overlaps but
        never lands inside or across one of another label ("Russian" NORP
        inside "Russian Federation" GPE, "India" inside an EVENT name)."""
        kept = self.filter(mentions)
        taught = [
            t
            for t in self.suggest(text)
            if (t.start, t.end, t.label) not in _keys(kept)
            and not any(collides(t, m) for m in kept)
        ]
        kept = [m for m in kept if not any(replaces(t, m) for t in taught)]
        return sorted([*kept, *taught], key=lambda m: (m.start, m.end))

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        texts = sorted(self.taught, key=len, reverse=True)
        return re.compile(r"(?<![\w@])(?:" + "|".join(map(re.escape, texts)) + r")(?!\w)")


def _keys(mentions: Iterable[Mention]) -> set[tuple[int, int, str]]:
    return {(m.start, m.end, m.label) for m in mentions}


def replaces(taught: Mention, other: Mention | Entity) -> bool:
    """True when a taught mention displaces `other`: they overlap and `other`
    does not strictly enclose it."""
    if not (taught.start < other.end and other.start < taught.end):
        return False
    encloses = other.start <= taught.start and taught.end <= other.end
    return not encloses or (other.start, other.end) == (taught.start, taught.end)


def collides(taught: Mention, other: Mention | Entity) -> bool:
    """True when `taught` would land inside or across `other` of another label
    (covering it wholly is allowed: the taught span, as long or longer, wins)."""
    if taught.label == other.label or not (taught.start < other.end and other.start < taught.end):
        return False
    return not (taught.start <= other.start and other.end <= taught.end)
