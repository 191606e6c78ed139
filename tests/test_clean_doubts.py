"""Doubtful lines: kept lines of a body that the block classifier scores as residue."""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from annotations.corpus import blocks, doubts
from annotations.corpus.restore import assemble
from annotations.models import Article, ArticleMeta, RemovedBlock
from annotations.review.restore import raw_doubts
from annotations.text import content_hash
from tests.test_clean_blocks import _PROSE

MENU = "Home | World | Business | Sport | Opinion"
BODY = "\n\n".join([_PROSE, MENU, _PROSE.replace("Monday", "Tuesday")])


def _scored(probabilities: list[float]) -> blocks.Scored:
    return blocks.Scored(np.zeros((len(probabilities), len(blocks.NAMES))), probabilities)


def test_a_kept_line_scored_under_half_is_doubtful_with_its_reason() -> None:
    with mock.patch.object(blocks, "scores", return_value=_scored([0.9, 0.49, 0.5])):
        (doubt,) = doubts.doubtful(BODY)
    assert BODY[doubt.start : doubt.end] == MENU
    assert doubt.reason in {*blocks.REASONS.values(), blocks.OUTSIDE}


def test_the_longest_line_is_never_doubtful() -> None:
    """A body of one short paragraph scores low (it has no prose around it), but it is the
    article: nothing is doubtful."""
    assert blocks.scores([_PROSE]).probabilities[0] < doubts.DOUBT
    assert doubts.doubtful(_PROSE) == []
    assert doubts.doubtful("") == doubts.doubtful(" \n\n ") == []


_LINES = st.lists(
    st.sampled_from([_PROSE, MENU, "Read more", "  Share  this ", "", " ", "5 hours ago"]),
    max_size=12,
)


@given(_LINES, st.sampled_from(["\n", "\n\n"]))
def test_lines_are_the_text_of_each_line_and_doubts_are_some_of_them(
    parts: list[str], joiner: str
) -> None:
    body = joiner.join(parts)
    spans = doubts.lines(body)
    assert [body[a:b] for a, b in spans] == [t.strip() for t in body.split("\n") if t.strip()]
    found = [(d.start, d.end) for d in doubts.doubtful(body)]
    if not spans:
        assert found == []
        return
    p = blocks.scores([" ".join(body[a:b].split()) for a, b in spans]).probabilities
    longest = max(range(len(spans)), key=lambda i: (blocks.weight(body[slice(*spans[i])]), -i))
    assert found == [s for i, s in enumerate(spans) if p[i] < doubts.DOUBT and i != longest]


def test_raw_doubts_are_the_same_lines_on_the_raw_text() -> None:
    raw = f"Advertisement\n{_PROSE}\n[photo] {MENU}\n\n{_PROSE.replace('Monday', 'Tuesday')}\n"
    removed = [
        RemovedBlock(start=0, end=13, reason="advertising", text="Advertisement"),
        RemovedBlock(
            start=raw.index("[photo] "), end=raw.index(MENU), reason="photo", text="[photo] "
        ),
    ]
    body = assemble(raw, removed)[0]
    article = Article(
        id="a", origin="t", raw=raw, text=body, text_hash=content_hash(body),
        meta=ArticleMeta(), removed=removed,
    )  # fmt: skip
    with mock.patch.object(blocks, "scores", return_value=_scored([0.9, 0.2, 0.9])):
        (doubt,) = raw_doubts(article)
    assert raw[doubt.start : doubt.end] == MENU


def test_raw_doubts_read_the_body_the_raw_text_makes_not_the_stored_text() -> None:
    raw = "\n\n".join([_PROSE, MENU, _PROSE.replace("Monday", "Tuesday")])
    article = Article(
        id="a", origin="t", raw=raw, text="An edited text.", text_hash=content_hash("x"),
        meta=ArticleMeta(), removed=[],
    )  # fmt: skip
    with mock.patch.object(blocks, "scores", return_value=_scored([0.9, 0.2, 0.9])):
        (doubt,) = raw_doubts(article)
    assert raw[doubt.start : doubt.end] == MENU
