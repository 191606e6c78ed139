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
from functools import lru_cache

_NON_WORD = re.compile(r"\W+")

# Recall first: a later copy goes only when it is a real paragraph (a body pasted twice);
# shorter lines recur in articles too (refrains, hard-wrapped fragments, program output)
# and go only next to a removed copy, as part of the repeated run.
MIN_REPEAT_WORDS = 20
# A standfirst: a paragraph of this many words that a LATER, longer paragraph holds
# whole. A passage repeated after its paragraph (a pull quote) stays: it may be article.
MIN_CONTAINED_WORDS = 15
_RUN = 8  # the word runs hashed to find containers (at most MIN_CONTAINED_WORDS)

REPEATED = "repeated paragraph (an earlier copy is kept)"
CONTAINED = "repeated inside another paragraph (standfirst or pull quote)"


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """The comparison key of a paragraph: its lower-cased \\w+ tokens joined by single
    spaces (cached: cleaning passes see a paragraph again)."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def find_repeats(paragraphs: Sequence[str], cap: int = 8) -> dict[int, str]:
    """Indexes of `paragraphs` that repeat other ones, with the reason.

    Exact repeats: every later copy of a paragraph of at least MIN_REPEAT_WORDS words,
    and shorter copies next to another removed copy (a repeated run). Contained
    repeats: a paragraph of MIN_CONTAINED_WORDS words or more whose text is found
    inside a longer kept paragraph after it. Hashing only: each paragraph's opening
    words are looked up in a table of the first `cap` paragraphs that open so, once per
    word run of every other paragraph; no paragraph is compared with every other one.
    """
    keys = [key(p) for p in paragraphs]
    seen: set[str] = set()
    candidates: list[bool] = []
    for k in keys:
        candidates.append(bool(k) and k in seen)
        seen.add(k)
    removed: dict[int, str] = {}
    for i, k in enumerate(keys):
        if candidates[i] and k.count(" ") >= MIN_REPEAT_WORDS - 1:
            removed[i] = REPEATED
    for i in range(len(keys)):  # short copies inside a repeated run
        if candidates[i] and i not in removed and (i - 1 in removed or i + 1 in removed):
            removed[i] = REPEATED
    spaces = MIN_CONTAINED_WORDS - 1  # a key of n words holds n - 1 spaces
    kept = [
        (i, k.split(" "))
        for i, k in enumerate(keys)
        if i not in removed and k.count(" ", 0, 400) >= spaces
    ]
    openings: dict[tuple[str, ...], list[int]] = {}
    for i, tokens in kept:
        if len(tokens) >= MIN_CONTAINED_WORDS:
            holders = openings.setdefault(tuple(tokens[:_RUN]), [])
            if len(holders) < cap:
                holders.append(i)
    if not openings:
        return removed
    for j, tokens in kept:  # every container: which paragraphs' openings its word runs hold
        if len(tokens) <= MIN_CONTAINED_WORDS:
            continue
        runs = zip(*(tokens[n:] for n in range(_RUN)), strict=False)
        padded = f" {keys[j]} "
        for run in openings.keys() & runs:
            for i in openings[run]:
                if i < j and len(keys[j]) > len(keys[i]) and f" {keys[i]} " in padded:
                    removed[i] = CONTAINED
    return removed
