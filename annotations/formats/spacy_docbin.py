"""spaCy DocBin: one `.spacy` file (`DocBin().from_disk(path)` and
`spacy train` read it), or, when asked with a shard size, a folder of
`.spacy` files of that many docs each (for corpora too big for one file).

`doc.ents` holds the non-overlapping entities, `doc.spans["sc"]` all of them
(overlaps included), rejected ones left out. spaCy has no place for event
roles: each event's trigger is a span of `doc.spans["events"]` labelled with
its type; roles, status and dates stay in jsonl. Docs keep the article id and
title in `doc.user_data`. A DocBin is one compressed message built in
memory; in shards each one is written and dropped once full, so memory stays
flat however large the corpus.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.formats.records import (
    DEFAULT_VOCABULARY,
    ExportRecord,
    Vocabulary,
    aligned_tokens,
    non_overlapping,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

SPANS_KEY = "sc"
EVENTS_KEY = "events"
ATTRS = ("ORTH", "ENT_IOB", "ENT_TYPE")


def write(
    records: Iterable[ExportRecord],
    target: Path,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    shards: int | None = None,
) -> None:
    """One DocBin file at `target`; with `shards`, `target` is a folder of them."""
    if not shards:
        _docbin(records).to_disk(target)
        return
    stream = iter(records)
    number = 0
    while chunk := list(itertools.islice(stream, shards)):
        number += 1
        _docbin(chunk).to_disk(target / f"shard-{number:05d}.spacy")


def _docbin(records: Iterable[ExportRecord]) -> DocBin:
    """The docs of `records` in one DocBin, with a vocab of their own (a shared
    one's string store would grow forever)."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    docs = DocBin(attrs=list(ATTRS), store_user_data=True)
    for record in records:
        docs.add(to_doc(vocab, record))
    return docs


def to_doc(vocab: Vocab, record: ExportRecord) -> Doc:
    """A Doc with exactly the article's text, tokens aligned with every entity."""
    from spacy.tokens import Doc

    text = record.article.text
    spans = record.spans
    triggers = [(e.trigger_start, e.trigger_text, e.type) for e in record.events]
    cuts = [o for s, t, _ in triggers for o in (s, s + len(t))]
    words, spaces = words_and_spaces(text, aligned_tokens(text, spans, cuts))
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.ents = _spans(doc, ((e.start, e.text, e.label) for e in non_overlapping(spans)))
    doc.spans[SPANS_KEY] = _spans(doc, ((e.start, e.text, e.label) for e in spans))
    doc.spans[EVENTS_KEY] = _spans(doc, triggers)
    doc.user_data["newsdesk_id"] = record.article.id
    doc.user_data["title"] = record.article.meta.title
    return doc


def words_and_spaces(text: str, tokens: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """spaCy's view of `text`: one trailing space per token at most, other
    whitespace as whitespace tokens, so that `doc.text == text`."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for start, end in [*tokens, (len(text), len(text))]:
        gap = text[pos:start]
        if gap and words and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if end > start:
            words.append(text[start:end])
            spaces.append(False)
        pos = end
    return words, spaces


def _spans(doc: Doc, bounds: Iterable[tuple[int, str, str]]) -> list[Span]:
    """Spans for (start, text, label) without edge whitespace; whitespace-only ones are dropped."""
    found = []
    for begin, text, label in bounds:
        core = text.strip()
        if core:
            start = begin + text.index(core)
            span = doc.char_span(start, start + len(core), label)
            assert span is not None, "tokens are cut at every span boundary"
            found.append(span)
    return found
