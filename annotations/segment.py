"""Where a text's tokens, sentences and paragraphs are: the one segmentation of the app.

Reader navigation (`annotations.review.textnav`), event suggestions and the
reader's "the event in this sentence" (`annotations.events.suggest`), and the
token formats (`annotations.formats.conll`, `annotations.formats.spacy_docbin`)
all read these spans, so a word or a sentence is the same thing everywhere.

Spans are `(start, end)` character offsets, end exclusive, in text order. The
guarantees (tests/test_segment.py checks them on arbitrary text):
- every non-whitespace character is in exactly one token, and no span starts
  or ends with whitespace; tokens never contain whitespace;
- a paragraph is one non-blank line (cleaned articles keep a paragraph a line);
- sentences split paragraphs: each token is in exactly one sentence and each
  sentence in exactly one paragraph.

A token is a word (letters and digits joined by inner `-`, `'`, `’`, `.` or
`&`: "well-known", "U.S", "AT&T") or one other character ("," "." "&").
A sentence ends at `.`, `!` or `?` (and any closing quotes or brackets) when
whitespace and a capital letter or digit follow, unless the full stop ends an
abbreviation ("Mr. Putin", "Dec. 4", "U.S. Capitol", "J. Doe").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

Span = tuple[int, int]

_TOKEN = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]")
# A candidate sentence end, and then the start of the next sentence.
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘'(\[]?(\w))")
_ABBREVIATIONS = """mr mrs ms dr prof gen lt col maj capt sgt cdr adm gov sen rep st jr sr no nos vs
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
inc ltd co corp dept govt approx est fig etc al shri smt"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())


@lru_cache(maxsize=8)
def tokens(text: str) -> tuple[Span, ...]:
    """Every word and punctuation mark."""
    return tuple(m.span() for m in _TOKEN.finditer(text))


@lru_cache(maxsize=8)
def paragraphs(text: str) -> tuple[Span, ...]:
    """Each non-blank line, surrounding whitespace trimmed."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        _add_trimmed(text, spans, pos, pos + len(line))
        pos += len(line) + 1
    return tuple(spans)


@lru_cache(maxsize=8)
def sentences(text: str) -> tuple[Span, ...]:
    """The sentences of every paragraph, surrounding whitespace trimmed."""
    spans: list[Span] = []
    for lo, hi in paragraphs(text):
        start = lo
        for m in _BOUNDARY.finditer(text, lo, hi):
            opening = m.group(1)
            if not opening.islower() and opening != "_" and not is_abbreviation(text, m.start()):
                _add_trimmed(text, spans, start, m.end())
                start = m.end()
        _add_trimmed(text, spans, start, hi)
    return tuple(spans)


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the character at `dot` is a full stop that ends an abbreviation: a known
    one ("Mr", "Dec"), a single letter (an initial) or letters between dots ("U.S")."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("\"“‘'([")
    if not word or not all(part.isalpha() for part in word.split(".")):
        return False  # "2019.", "1.5.", "AT&T.", "ones).", "wait..."
    return "." in word or len(word) == 1 or word.lower() in ABBREVIATIONS


def split_at(spans: Iterable[Span], cuts: Iterable[int]) -> list[Span]:
    """`spans` cut further at every offset of `cuts` strictly inside one, so that a
    span starting and ending at cuts (an entity, an event trigger) covers whole pieces."""
    ordered = sorted(set(cuts))
    pieces: list[Span] = []
    for start, end in spans:
        lo = bisect_right(ordered, start)
        hi = bisect_left(ordered, end)
        for cut in ordered[lo:hi]:
            pieces.append((start, cut))
            start = cut
        pieces.append((start, end))
    return pieces


def containing(spans: tuple[Span, ...], pos: int) -> Span | None:
    """The span of `spans` (ordered, disjoint) that holds offset `pos`, if any."""
    index = bisect_right(spans, pos, key=lambda span: span[0]) - 1
    if index >= 0 and spans[index][0] <= pos < spans[index][1]:
        return spans[index]
    return None


def sentence_at(text: str, pos: int) -> Span | None:
    """The sentence holding offset `pos`, if `pos` is not between sentences."""
    return containing(sentences(text), pos)


def _add_trimmed(text: str, spans: list[Span], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
