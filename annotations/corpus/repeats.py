"""Repeated text: a body pasted twice, paragraphs that recur, a standfirst repeated in the body.

Paragraphs are compared by a normalised key (case, punctuation and spacing
ignored). The first copy is kept; later copies are removed. A short paragraph
whose whole text reappears inside a longer one (a standfirst or pull quote)
is removed in favour of the longer one. Both searches hash (paragraph keys,
word runs), so the time is linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NON_WORD = re.compile(r"\W+")

MIN_REPEAT_CHARS = 20  # shorter lines are only removed as part of a repeated run
MIN_CONTAINED_WORDS = 8

REPEATED = "repeated paragraph (an earlier copy is kept)"
CONTAINED = "repeated inside another paragraph (standfirst or pull quote)"


def key(text: str) -> str:
    """The comparison key of a paragraph: lower case words joined by single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def find_repeats(paragraphs: Sequence[str]) -> dict[int, str]:
    """Indexes of `paragraphs` that repeat other ones, with the reason.

    Exact repeats: every later copy of a paragraph of at least MIN_REPEAT_CHARS
    characters, and shorter copies next to another removed copy (a repeated run).
    Contained repeats: a paragraph of MIN_CONTAINED_WORDS words or more whose text
    is found inside a longer kept paragraph.
    """
    keys = [key(p) for p in paragraphs]
    seen: set[str] = set()
    candidates: list[bool] = []
    for k in keys:
        candidates.append(bool(k) and k in seen)
        seen.add(k)
    removed: dict[int, str] = {}
    for i, k in enumerate(keys):
        if candidates[i] and len(k) >= MIN_REPEAT_CHARS:
            removed[i] = REPEATED
    for i in range(len(keys)):  # short copies inside a repeated run
        if candidates[i] and i not in removed and (i - 1 in removed or i + 1 in removed):
            removed[i] = REPEATED
    kept = [(i, k) for i, k in enumerate(keys) if i not in removed and k]
    containers = _shingle_index(kept)
    for i, k in kept:
        tokens = k.split()
        if len(tokens) < MIN_CONTAINED_WORDS:
            continue
        padded = f" {k} "
        for j in containers.get(hash(tuple(tokens[:MIN_CONTAINED_WORDS])), ()):
            other = keys[j]
            if j != i and j not in removed and len(other) > len(k) and padded in f" {other} ":
                removed[i] = CONTAINED
                break
    return removed


def _shingle_index(kept: list[tuple[int, str]], cap: int = 8) -> dict[int, list[int]]:
    """Hash of every MIN_CONTAINED_WORDS-word run -> the (first `cap`) paragraphs holding it.

    Linear in the number of words: a paragraph is only compared with the few that
    share its opening words, never with every other paragraph.
    """
    index: dict[int, list[int]] = {}
    for j, k in kept:
        tokens = k.split()
        for n in range(len(tokens) - MIN_CONTAINED_WORDS + 1):
            holders = index.setdefault(hash(tuple(tokens[n : n + MIN_CONTAINED_WORDS])), [])
            if len(holders) < cap and (not holders or holders[-1] != j):
                holders.append(j)
    return index
