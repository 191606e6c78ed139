"""One entity across articles: link mentions to canonical keys.

A key is "LABEL:normalised name". Normalising drops titles, honorifics, a
leading nationality before a title, "the" and a possessive, so "President
Putin" and "Russian President Vladimir Putin" give "putin" and "vladimir
putin"; a one-word PERSON key joins the only full name with that surname, an
ORG acronym joins the long form with those initials ("MEA" -> "Ministry of
External Affairs"). Places are never joined ("India" and "New Delhi" differ).
The analyst's merges and splits are data (`LinkOverrides`). Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pydantic import Field

from annotations.entities.rules import titles
from annotations.entities.tidy import HONORIFICS
from annotations.models import Entity, Model

_NATIONALITY = re.compile(r"^[A-Z][a-z]+(an|ian|ese|ish|i|ch)$")
_SMALL = frozenset({"of", "on", "for", "and", "&", "the", "in", "to"})


class LinkOverrides(Model):
    """The analyst's corrections, as keys ("PERSON:putin") or "LABEL:surface" forms.

    `merge`: each group becomes one entity (the first key names it).
    `split`: keys that stay their own entity instead of joining a longer name."""

    merge: list[list[str]] = Field(default_factory=list)
    split: list[str] = Field(default_factory=list)


def normalise(text: str, label: str) -> str:
    """The name without titles, honorifics, articles and possessive, case-folded."""
    name = re.sub(r"['’]s?$", "", " ".join(text.split()))
    changed = True
    while changed:
        changed = False
        words = name.split(" ")
        if len(words) > 1 and (words[0] in HONORIFICS or words[0].lower() == "the"):
            name, changed = " ".join(words[1:]), True
            continue
        if label == "PERSON":
            for title in titles():
                for lead in ("", *([words[0] + " "] if _NATIONALITY.match(words[0]) else [])):
                    if name.startswith(lead + title + " "):
                        name, changed = name[len(lead + title) + 1 :], True
                        break
                if changed:
                    break
    return name.casefold()


@lru_cache(maxsize=1 << 16)
def canonical_key(text: str, label: str) -> str:
    """The key of one mention before cross-mention linking."""
    return f"{label}:{normalise(text, label)}"


def link_keys(keys: Iterable[str], overrides: LinkOverrides | None = None) -> dict[str, str]:
    """Map each key to its canonical key (surnames and acronyms joined, overrides applied)."""
    overrides = overrides or LinkOverrides()
    keys = set(keys)
    split = {_as_key(k) for k in overrides.split}
    target = {k: k for k in keys}
    by_label: dict[str, list[str]] = {}
    for key in keys:
        by_label.setdefault(key.split(":", 1)[0], []).append(key)
    for short in keys - split:
        label, name = short.split(":", 1)
        if label == "PERSON" and " " not in name:
            longer = {k for k in by_label[label] if k.endswith(" " + name) and k not in split}
            full = {
                k for k in longer if not any(o != k and o.endswith(" " + k[7:]) for o in longer)
            }
            if len(full) == 1:
                target[short] = full.pop()
        elif label == "ORG" and name.isalpha() and 2 <= len(name) <= 8:
            longs = [k for k in by_label[label] if _initials(k.split(":", 1)[1]) == name]
            if len(longs) == 1:
                target[short] = longs[0]
    for key, to in list(target.items()):  # "putin" -> "vladimir putin" -> one more hop
        target[key] = target.get(to, to)
    for group in overrides.merge:
        head = _as_key(group[0])
        head = target.get(head, head)
        members = {_as_key(k) for k in group}
        for key, to in target.items():
            if key in members or to in members:
                target[key] = head
    return target


def link(entities: Sequence[Entity], overrides: LinkOverrides | None = None) -> dict[str, str]:
    """Canonical id by entity id."""
    keys: dict[tuple[str, str], str] = {}  # many mentions, few distinct surfaces
    own = {}
    for e in entities:
        surface = (e.text, e.label)
        if surface not in keys:
            keys[surface] = canonical_key(e.text, e.label)
        own[e.id] = keys[surface]
    target = link_keys(set(keys.values()), overrides)
    return {eid: target[key] for eid, key in own.items()}


def assign_canonical(
    entities: Sequence[Entity], overrides: LinkOverrides | None = None
) -> list[Entity]:
    """Copies of `entities` with `canonical_id` set from `link`."""
    ids = link(entities, overrides)
    return [e.model_copy(update={"canonical_id": ids[e.id]}) for e in entities]


def group_mentions(entities: Iterable[Entity]) -> dict[str, list[Entity]]:
    """Entities by canonical id (entities without one are keyed by their own key)."""
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        groups.setdefault(e.canonical_id or canonical_key(e.text, e.label), []).append(e)
    return groups


def _as_key(key: str) -> str:
    label, _, rest = key.partition(":")
    return f"{label}:{normalise(rest, label)}"


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w not in _SMALL)
