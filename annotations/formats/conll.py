"""CoNLL-2003 style NER columns with IOB2 tags, as `spacy convert -c ner` reads them.

Each article starts with `-DOCSTART- -X- O O`; sentences are separated by a
blank line; each token line is `word _ _ TAG`. Only non-overlapping,
non-rejected entities can be tagged (confirmed ones win); events cannot be
expressed and are left out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations import segment
from annotations.formats.output import text_writer
from annotations.formats.records import (
    DEFAULT_VOCABULARY,
    ExportRecord,
    Vocabulary,
    aligned_tokens,
    non_overlapping,
)
from annotations.models import Entity
from annotations.segment import Span

DOCSTART = "-DOCSTART- -X- O O"


def write(
    records: Iterable[ExportRecord], target: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> None:
    """Entities only: CoNLL cannot express events, so they are left out (the export
    summary says so)."""
    with text_writer(target) as out:
        for record in records:
            out.writelines(document_lines(record))


def document_lines(record: ExportRecord) -> Iterator[str]:
    """The lines of one article: the document marker, then its sentences."""
    text = record.article.text
    entities = non_overlapping(record.spans)
    tokens = aligned_tokens(text, entities)
    tags = iob_tags(tokens, entities)
    yield f"{DOCSTART}\n\n"
    for sentence in sentence_groups(text, tokens, tags):
        for i in sentence:
            start, end = tokens[i]
            yield f"{text[start:end]} _ _ {tags[i]}\n"
        yield "\n"


def iob_tags(tokens: list[Span], entities: Iterable[Entity]) -> list[str]:
    """IOB2 tags for `tokens` from non-overlapping entities aligned to them."""
    tags = ["O"] * len(tokens)
    starts = [t[0] for t in tokens]
    for entity in entities:
        first = bisect.bisect_left(starts, entity.start)
        inside = False
        for i in range(first, len(tokens)):
            if tokens[i][1] > entity.end:
                break
            tags[i] = f"{'I' if inside else 'B'}-{entity.label}"
            inside = True
    return tags


def sentence_groups(text: str, tokens: list[Span], tags: list[str]) -> Iterator[list[int]]:
    """Token indices grouped by the text's sentences (`annotations.segment`); a
    sentence that ends inside an entity goes on to the entity's end."""
    starts = [lo for lo, _ in segment.sentences(text)]
    current: list[int] = []
    previous = -1
    for i, (start, _) in enumerate(tokens):
        sentence = bisect.bisect_right(starts, start) - 1
        if current and sentence != previous and not tags[i].startswith("I-"):
            yield current
            current = []
        current.append(i)
        previous = sentence
    if current:
        yield current
