"""Lines of a cleaned body that the block classifier doubts: marked for the analyst, kept.

Cleaning is recall first: inside the article region a line goes only when the
classifier is sure it is residue, and a full sentence is never removed on the
classifier's word alone. So a body keeps lines the classifier scores as more likely
residue than article (teaser summaries, comment threads, captions under the article).
Those are doubtful: the raw view marks them with the feature that counted most
against them, and the analyst cuts what is residue with a key. They are scored on
the body as it is now, so after a cut or a restore they follow the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.corpus import blocks

DOUBT = 0.5  # a kept line scored below this is more likely residue than article text
_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line's text, from its first to its last character


@dataclass(frozen=True)
class Doubt:
    """A doubtful line: its offsets in the body, and why the classifier doubts it."""

    start: int
    end: int
    reason: str


def lines(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the text of each line of `body` that holds any."""
    return [(found.start(), found.end()) for found in _LINE.finditer(body)]


def doubtful(body: str) -> list[Doubt]:
    """The doubtful lines of `body`, in order."""
    spans = lines(body)
    if not spans:
        return []
    texts = [" ".join(body[a:b].split()) for a, b in spans]
    page = blocks.scores(texts)
    weights = [blocks.weight(t) for t in texts]
    longest = weights.index(max(weights))  # the article's anchor: never doubted
    return [
        Doubt(a, b, page.reason(i))
        for i, ((a, b), p) in enumerate(zip(spans, page.probabilities, strict=True))
        if p < DOUBT and i != longest
    ]
