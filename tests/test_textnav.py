"""Moving by word, sentence and paragraph: the start after or before the cursor, the
text's end and start past the last and first, and any position clamped into the text."""

from __future__ import annotations

import pytest

from annotations.review import textnav

TEXT = "Modi met Putin. They spoke.\n\nTalks ended, late."
#       0    5   9   14 16   21  26  29   35  40 42  46 47
WORD_STARTS = [0, 5, 9, 14, 16, 21, 26, 29, 35, 40, 42, 46]
SENTENCE_STARTS = [0, 16, 29]
PARAGRAPH_STARTS = [0, 29]


@pytest.mark.parametrize(
    ("forward", "back", "starts"),
    [
        (textnav.next_word, textnav.prev_word, WORD_STARTS),
        (textnav.next_sentence, textnav.prev_sentence, SENTENCE_STARTS),
        (textnav.next_paragraph, textnav.prev_paragraph, PARAGRAPH_STARTS),
    ],
    ids=["word", "sentence", "paragraph"],
)
def test_each_move_lands_on_the_nearest_start(forward, back, starts: list[int]) -> None:
    for pos in range(-3, len(TEXT) + 4):
        clamped = max(0, min(pos, len(TEXT)))
        after = [s for s in starts if s > clamped]
        before = [s for s in starts if s < clamped]
        assert forward(TEXT, pos) == (after[0] if after else len(TEXT)), pos
        assert back(TEXT, pos) == (before[-1] if before else 0), pos


def test_walking_forward_then_back_visits_every_word() -> None:
    seen, pos = [0], 0
    while (pos := textnav.next_word(TEXT, pos)) < len(TEXT):
        seen.append(pos)
    assert seen == WORD_STARTS
    back, pos = [], len(TEXT)
    while pos > 0:
        pos = textnav.prev_word(TEXT, pos)
        back.append(pos)
    assert back == WORD_STARTS[::-1]


def test_an_empty_text_stays_at_zero() -> None:
    for move in (textnav.next_word, textnav.prev_word, textnav.next_paragraph):
        assert move("", 5) == 0


def test_words_leave_punctuation_out_and_word_end_finds_the_token_end() -> None:
    assert [TEXT[s:e] for s, e in textnav.words(TEXT)] == [
        "Modi", "met", "Putin", "They", "spoke", "Talks", "ended", "late",
    ]  # fmt: skip
    assert textnav.word_end(TEXT, 0) == 4 and textnav.word_end(TEXT, 4) == 8
    assert textnav.word_end(TEXT, 46) == 47 and textnav.word_end(TEXT, 47) == 47


def test_a_text_that_starts_with_spaces_moves_back_to_its_first_word() -> None:
    text = "  Modi met Putin."
    assert textnav.prev_word(text, 5) == 2 and textnav.prev_word(text, 2) == 0
