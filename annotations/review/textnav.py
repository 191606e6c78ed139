"""Pure functions that move through a text by word, sentence and paragraph.

All positions are character offsets into the text; every function returns a
position within `0..len(text)` for any input.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

_WORD = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]", re.UNICODE)
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and
# whitespace, unless the word before is a common abbreviation.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "st", "jr", "sr",
    "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "shri", "smt",
}  # fmt: skip


def _clamp(text: str, pos: int) -> int:
    return max(0, min(pos, len(text)))


@lru_cache(maxsize=8)
def tokens(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word or punctuation token, in order."""
    return tuple(m.span() for m in _WORD.finditer(text))


@lru_cache(maxsize=8)
def words(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the tokens that hold a letter or a digit: punctuation is not a word."""
    return tuple((s, e) for s, e in tokens(text) if any(ch.isalnum() for ch in text[s:e]))


@lru_cache(maxsize=8)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, whitespace between sentences excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().rstrip(".") if before else ""
        if "\n" not in match.group() and last_word in _ABBREVIATIONS:
            continue
        end = match.start() + len(match.group().rstrip())
        _add_trimmed(text, spans, start, end)
        start = match.end()
    _add_trimmed(text, spans, start, len(text))
    return tuple(spans)


@lru_cache(maxsize=8)
def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph: runs of text separated by blank lines or newlines."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        _add_trimmed(text, spans, pos, pos + len(line))
        pos += len(line) + 1
    return tuple(spans)


def _add_trimmed(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _next_start(spans: tuple[tuple[int, int], ...], pos: int, default: int) -> int:
    index = bisect_right([s for s, _ in spans], pos)
    return spans[index][0] if index < len(spans) else default


def _prev_start(spans: tuple[tuple[int, int], ...], pos: int) -> int:
    starts = [s for s, _ in spans]
    index = bisect_right(starts, pos - 1) - 1
    return starts[index] if index >= 0 else 0


def next_word(text: str, pos: int) -> int:
    return _next_start(tokens(text), _clamp(text, pos), len(text))


def prev_word(text: str, pos: int) -> int:
    return _prev_start(tokens(text), _clamp(text, pos))


def next_sentence(text: str, pos: int) -> int:
    return _next_start(sentences(text), _clamp(text, pos), len(text))


def prev_sentence(text: str, pos: int) -> int:
    return _prev_start(sentences(text), _clamp(text, pos))


def next_paragraph(text: str, pos: int) -> int:
    return _next_start(paragraphs(text), _clamp(text, pos), len(text))


def prev_paragraph(text: str, pos: int) -> int:
    return _prev_start(paragraphs(text), _clamp(text, pos))


def containing(spans: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int] | None:
    """The span that contains `pos` (or starts right after a gap at `pos`)."""
    for start, end in spans:
        if start <= pos < end:
            return start, end
    return None


def sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    return containing(sentences(text), _clamp(text, pos))


def word_end(text: str, pos: int) -> int:
    """End of the token at or after `pos`."""
    for _, end in tokens(text):
        if end > pos:
            return end
    return len(text)


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole tokens and trim surrounding whitespace.

    Returns an empty span (start == end) when the span holds only whitespace.
    """
    start, end = sorted((_clamp(text, start), _clamp(text, end)))
    covered = [(s, e) for s, e in tokens(text) if s < end and e > start]
    if not covered:
        return start, start
    return covered[0][0], covered[-1][1]
