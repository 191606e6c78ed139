"""Tokens and sentences for the token-based formats (CoNLL, spaCy DocBin).

Tokens are words (with inner hyphens, apostrophes and dots) or single
punctuation marks, split further at every entity boundary so that each
entity covers whole tokens. No token ever contains whitespace.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from annotations.models import Entity

Token = tuple[int, int]  # character offsets, end exclusive

_TOKEN = re.compile(r"\w+(?:[’'.\-]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?")


def tokenize(text: str, entities: Iterable[Entity] = (), cuts: Iterable[int] = ()) -> list[Token]:
    """The tokens of `text`, with a token boundary at every entity start and end
    and at every offset of `cuts`."""
    cuts = sorted({o for e in entities for o in (e.start, e.end)} | set(cuts))
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        lo = bisect.bisect_right(cuts, start)
        hi = bisect.bisect_left(cuts, end)
        for cut in cuts[lo:hi]:
            tokens.append((start, cut))
            start = cut
        tokens.append((start, end))
    return tokens


def iob_tags(tokens: list[Token], entities: Iterable[Entity]) -> list[str]:
    """IOB2 tags for `tokens` from non-overlapping entities aligned to them."""
    tags = ["O"] * len(tokens)
    starts = [t[0] for t in tokens]
    for entity in entities:
        first = bisect.bisect_left(starts, entity.start)
        inside = False
        for i in range(first, len(tokens)):
            if tokens[i][1] > entity.end:
                break
            tags[i] = f"{'I' if inside else 'B'}-{entity.label}"
            inside = True
    return tags


def sentences(text: str, tokens: list[Token], tags: list[str]) -> Iterator[list[int]]:
    """Token indices grouped in sentences: broken at line breaks and after . ! ?,
    never inside an entity."""
    current: list[int] = []
    for i, (start, end) in enumerate(tokens):
        current.append(i)
        last = i + 1 == len(tokens)
        if last:
            break
        nxt = tokens[i + 1]
        if tags[i + 1].startswith("I-"):
            continue
        if "\n" in text[end : nxt[0]] or (end - start == 1 and text[start] in _SENTENCE_END):
            yield current
            current = []
    if current:
        yield current
