"""Pure functions that move through a text by word, sentence and paragraph.

All positions are character offsets into the text; every function returns a
position within `0..len(text)` for any input. What a word, sentence and
paragraph is comes from `annotations.segment`, the app's one segmentation.
"""

from __future__ import annotations

from bisect import bisect_right

from annotations import segment
from annotations.segment import containing, paragraphs, sentences, tokens

__all__ = ["containing", "paragraphs", "sentences", "tokens"]  # the spans, from segment


def _clamp(text: str, pos: int) -> int:
    return max(0, min(pos, len(text)))


def words(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the tokens that hold a letter or a digit: punctuation is not a word."""
    return tuple((s, e) for s, e in tokens(text) if any(ch.isalnum() for ch in text[s:e]))


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


def sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    return segment.sentence_at(text, _clamp(text, pos))


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
