"""The one segmentation: tokens, sentences and paragraphs cover any text consistently,
and navigation, event suggestions and the CoNLL export agree on them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from annotations import segment
from annotations.events import suggest_in_text
from annotations.formats.conll import document_lines
from annotations.formats.importing import new_article
from annotations.formats.records import ExportRecord, aligned_tokens
from annotations.formats.spacy_docbin import words_and_spaces
from annotations.models import Entity
from annotations.review import textnav

# Text built from the pieces segmentation cares about: words, abbreviations,
# sentence ends, quotes, `&`, every kind of space and line break.
PIECES = st.sampled_from(
    [
        *("Mr", "Putin", "U.S", "AT&T", "a", "I", "2019", "e.g", "co", "ok", "Ré", "_x", "日本"),
        *(".", "!", "?", "...", "&", "'", "’", '"', "“", "(", ")", ",", "-"),
        *(" ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2028", "\x0c"),
    ]
)
TEXTS = st.one_of(st.lists(PIECES, max_size=40).map("".join), st.text(max_size=80))


def _assert_tiling(text: str, spans: tuple[tuple[int, int], ...]) -> None:
    """Ordered, disjoint, non-empty, trimmed spans."""
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


def _inside(spans: tuple[tuple[int, int], ...], start: int, end: int) -> int:
    """How many of `spans` hold all of [start, end)."""
    return sum(1 for lo, hi in spans if lo <= start and end <= hi)


@given(TEXTS)
def test_tokens_cover_every_visible_character_once(text: str) -> None:
    tokens = segment.tokens(text)
    _assert_tiling(text, tokens)
    covered = {i for start, end in tokens for i in range(start, end)}
    assert covered == {i for i, ch in enumerate(text) if not ch.isspace()}
    assert all(not any(ch.isspace() for ch in text[s:e]) for s, e in tokens)


@given(TEXTS)
def test_sentences_split_paragraphs_and_hold_whole_tokens(text: str) -> None:
    sentences, paragraphs = segment.sentences(text), segment.paragraphs(text)
    _assert_tiling(text, sentences)
    _assert_tiling(text, paragraphs)
    assert all("\n" not in text[s:e] for s, e in paragraphs)
    for start, end in segment.tokens(text):
        assert _inside(sentences, start, end) == 1
    for start, end in sentences:
        assert _inside(paragraphs, start, end) == 1
    # together the sentences hold exactly the visible characters of the text
    for spans in (sentences, paragraphs):
        held = "".join(text[s:e] for s, e in spans)
        assert "".join(held.split()) == "".join(text.split())


@given(TEXTS, st.data())
def test_sentence_at_finds_the_sentence_of_every_offset(text: str, data: st.DataObject) -> None:
    sentences = segment.sentences(text)
    pos = data.draw(st.integers(0, len(text)))
    found = segment.sentence_at(text, pos)
    expected = next(((s, e) for s, e in sentences if s <= pos < e), None)
    assert found == expected
    assert textnav.sentence_at(text, pos) == expected


@given(TEXTS, st.lists(st.integers(0, 90), max_size=6))
def test_cut_tokens_still_cover_the_text_and_split_at_every_cut(text: str, cuts: list[int]) -> None:
    pieces = segment.split_at(segment.tokens(text), cuts)
    _assert_tiling(text, tuple(pieces))
    assert "".join(text[s:e] for s, e in pieces) == "".join(text.split())
    for cut in cuts:
        assert not any(s < cut < e for s, e in pieces)
    words, spaces = words_and_spaces(text, pieces)  # what the spaCy export builds
    assert "".join(w + (" " if sp else "") for w, sp in zip(words, spaces, strict=True)) == text


def test_ampersand_joins_a_word_and_stands_alone_between_words() -> None:
    text = "AT&T and S&P: Tom & Jerry, R&D."
    words = [text[s:e] for s, e in segment.tokens(text)]
    assert words == ["AT&T", "and", "S&P", ":", "Tom", "&", "Jerry", ",", "R&D", "."]
    # navigation and export see the same words
    assert list(textnav.tokens(text)) == list(segment.tokens(text))
    assert aligned_tokens(text, ()) == list(segment.tokens(text))
    assert textnav.next_word(text, 0) == text.index("and")


def test_a_word_with_an_ampersand_ends_a_sentence() -> None:
    text = "He bought AT&T. Then he left."
    assert [text[s:e] for s, e in segment.sentences(text)] == ["He bought AT&T.", "Then he left."]


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segment.sentences(text)]


def test_what_ends_a_sentence_and_what_does_not() -> None:
    assert _sentences("Go. Then stop.") == ["Go.", "Then stop."]  # a word at the very start
    assert _sentences("We need a plan B! Then we go.") == ["We need a plan B!", "Then we go."]
    assert _sentences("Growth was 1.5. Then it fell.") == ["Growth was 1.5.", "Then it fell."]
    assert _sentences("He waited... Then he left.") == ["He waited...", "Then he left."]
    assert _sentences("They met (Mr. Putin came late) today.") == [
        "They met (Mr. Putin came late) today."
    ]
    assert _sentences('She said "Dr. No" twice. It was.') == ['She said "Dr. No" twice.', "It was."]
    assert _sentences("Agent X. Smith spoke.") == ["Agent X. Smith spoke."]  # an initial
    assert _sentences("It ended. and went on. 2 more.") == ["It ended. and went on.", "2 more."]


MR_PUTIN = "Talks were held with Mr. Putin on Dec. 4 in the U.S. Capitol. He then left."


def test_mr_putin_is_one_sentence_everywhere() -> None:
    text = MR_PUTIN
    first = "Talks were held with Mr. Putin on Dec. 4 in the U.S. Capitol."
    assert [text[s:e] for s, e in segment.sentences(text)] == [first, "He then left."]
    putin = text.index("Putin")
    # navigation: `(`/`)` jumps and `V` (select sentence)
    assert textnav.sentence_at(text, putin) == (0, len(first))
    assert textnav.next_sentence(text, 0) == text.index("He then")
    assert textnav.prev_sentence(text, putin) == 0


def test_mr_putin_fills_the_event_of_his_sentence() -> None:
    text = "Putin and Dr. Jaishankar will visit India next month. Mr. Modi will host them."
    visitor = Entity(article_id="a", start=0, end=5, label="PERSON", text="Putin", source="model")
    at = text.index("India")
    india = Entity(article_id="a", start=at, end=at + 5, label="GPE", text="India", source="model")
    events = suggest_in_text("a", text, dt.date(2025, 1, 1), [visitor, india])
    by_trigger = {e.trigger_text: e for e in events if e.type == "VISIT"}
    roles = {a.role: a.entity_id for a in by_trigger["visit"].arguments}
    assert roles.get("Visitor") == visitor.id  # "Dr." did not end the sentence
    assert roles.get("Host") == india.id


def test_conll_sentences_are_the_segmentation_sentences() -> None:
    text = MR_PUTIN + "\nA new line starts one.\n\nA blank line too."
    putin = text.index("Putin")
    entity = Entity(
        article_id="a", start=putin, end=putin + 5, label="PERSON", text="Putin", source="analyst"
    )
    record = ExportRecord(new_article(text, "test"), (entity,))
    blocks = "".join(document_lines(record)).split("\n\n")[1:]
    rows = [[line.split(" ")[0] for line in block.splitlines()] for block in blocks if block]
    assert rows == [
        [
            "Talks",
            "were",
            "held",
            "with",
            "Mr",
            ".",
            "Putin",
            "on",
            "Dec",
            ".",
            "4",
            "in",
            "the",
            "U.S",
            ".",
            "Capitol",
            ".",
        ],
        ["He", "then", "left", "."],
        ["A", "new", "line", "starts", "one", "."],
        ["A", "blank", "line", "too", "."],
    ]
    assert "Putin _ _ B-PERSON" in "".join(document_lines(record))


def test_a_conll_sentence_never_ends_inside_an_entity() -> None:
    text = "Shares of Yahoo! Inc rose. Then they fell."
    assert next(text[s:e] for s, e in segment.sentences(text)) == "Shares of Yahoo!"
    start, end = text.index("Yahoo"), text.index(" rose")
    entity = Entity(
        article_id="a", start=start, end=end, label="ORG", text=text[start:end], source="analyst"
    )
    record = ExportRecord(new_article(text, "test"), (entity,))
    blocks = "".join(document_lines(record)).split("\n\n")[1:]
    assert blocks[0].splitlines() == [
        "Shares _ _ O",
        "of _ _ O",
        "Yahoo _ _ B-ORG",
        "! _ _ I-ORG",
        "Inc _ _ I-ORG",
        "rose _ _ O",
        ". _ _ O",
    ]
