"""A rule-based sentence splitter: character spans, abbreviations respected.

No spaCy component is loaded for this: the detector keeps only tok2vec+ner.
Lines are never joined (cleaned article text keeps one paragraph a line).
"""

from __future__ import annotations

import re

_ABBREVIATIONS = """mr mrs ms dr prof gen lt col maj capt sgt cdr adm gov sen rep st jr sr no nos vs
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
inc ltd co corp dept govt approx est fig etc al"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())
# A full stop, ! or ? with closing quotes/brackets, then space and an opening capital.
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    m = _WORD_BEFORE.search(line, 0, dot)
    if not m:
        return False
    word = m.group(1)
    if "." in word or len(word) == 1:  # "U.S." and initials such as "S."
        return True
    return word.lower() in ABBREVIATIONS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, in order."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for m in _BOUNDARY.finditer(line):
            if _is_abbreviation(line, m.start()):
                continue
            spans.append(_trim(line, start, m.end(), offset))
            start = m.end()
        spans.append(_trim(line, start, len(line), offset))
        offset += len(line) + 1
    return [s for s in spans if s[1] > s[0]]


def _trim(line: str, start: int, end: int, offset: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return offset + start, offset + end


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The sentence span holding `offset`, if any."""
    return next(((s, e) for s, e in spans if s <= offset < e), None)
