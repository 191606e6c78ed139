"""Restoring a wrongly removed block rebuilds the body and keeps annotations valid."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.corpus import clean
from annotations.corpus.restore import assemble, move_spans, restore

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _raw(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def test_assemble_rebuilds_the_cleaned_body() -> None:
    for number in ("000", "001", "002", "003", "004"):
        raw = _raw(number)
        cleaned = clean(raw)
        body, mapping = assemble(raw, cleaned.removed, with_map=True)
        assert body == cleaned.body
        assert len(mapping) == len(body)
        assert all(raw[r] == c for c, r in zip(body, mapping, strict=True) if r >= 0)


def test_restoring_a_block_keeps_annotations_on_the_same_words() -> None:
    raw = _raw("000")
    cleaned = clean(raw)
    old_body, old_map = assemble(raw, cleaned.removed, with_map=True)
    names = ["Vladimir Putin", "Tianjin", "(ANI)"]
    spans = [(old_body.index(n), old_body.index(n) + len(n)) for n in names]
    headline = next(b for b in cleaned.removed if b.reason.startswith("headline"))
    new_body, remaining = restore(raw, cleaned.removed, headline)
    assert new_body.startswith("Russian delegation visits India")
    assert headline not in remaining
    _, new_map = assemble(raw, remaining, with_map=True)
    moved = move_spans(spans, old_map, new_map)
    for name, span in zip(names, moved, strict=True):
        assert span is not None and new_body[span[0] : span[1]] == name


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_restoring_any_block_moves_every_word_span(data: st.DataObject) -> None:
    raw = _raw(data.draw(st.sampled_from(["000", "003", "004"])))
    cleaned = clean(raw)
    block = data.draw(st.sampled_from(cleaned.removed))
    old_body, old_map = assemble(raw, cleaned.removed, with_map=True)
    new_body, remaining = restore(raw, cleaned.removed, block)
    _, new_map = assemble(raw, remaining, with_map=True)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", old_body)]
    for (start, end), span in zip(words, move_spans(words, old_map, new_map), strict=True):
        assert span is not None
        assert new_body[span[0] : span[1]] == old_body[start:end]
