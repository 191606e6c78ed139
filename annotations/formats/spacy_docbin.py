"""spaCy DocBin (`.spacy`): `doc.ents` holds the non-overlapping entities,
`doc.spans["sc"]` all of them (overlaps included), rejected ones left out.

Docs keep the article id and title in `doc.user_data`. A DocBin is one
compressed message, so this writer holds the serialised docs (a few compact
arrays per article, not Doc objects) until the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.formats.records import ExportRecord, non_overlapping
from annotations.formats.tokens import tokenize
from annotations.models import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

SPANS_KEY = "sc"
ATTRS = ("ORTH", "ENT_IOB", "ENT_TYPE")


def write(records: Iterable[ExportRecord], target: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    docs = DocBin(attrs=list(ATTRS), store_user_data=True)
    for record in records:
        docs.add(to_doc(vocab, record))
    docs.to_disk(target)


def to_doc(vocab: Vocab, record: ExportRecord) -> Doc:
    """A Doc with exactly the article's text, tokens aligned with every entity."""
    from spacy.tokens import Doc

    text = record.article.text
    spans = record.spans
    words, spaces = words_and_spaces(text, tokenize(text, spans))
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.ents = _spans(doc, non_overlapping(spans))
    doc.spans[SPANS_KEY] = _spans(doc, spans)
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


def _spans(doc: Doc, entities: Iterable[Entity]) -> list[Span]:
    """Spans for entities without their edge whitespace; whitespace-only ones are dropped."""
    found = []
    for entity in entities:
        core = entity.text.strip()
        if core:
            start = entity.start + entity.text.index(core)
            span = doc.char_span(start, start + len(core), entity.label)
            assert span is not None, "tokens are cut at every entity boundary"
            found.append(span)
    return found
