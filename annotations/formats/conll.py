"""CoNLL-2003 style NER columns with IOB2 tags, as `spacy convert -c ner` reads them.

Each article starts with `-DOCSTART- -X- O O`; sentences are separated by a
blank line; each token line is `word _ _ TAG`. Only non-overlapping,
non-rejected entities can be tagged (confirmed ones win); events cannot be
expressed and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations.formats.output import text_writer
from annotations.formats.records import ExportRecord, non_overlapping
from annotations.formats.tokens import iob_tags, sentences, tokenize
from annotations.formats.vocabulary import DEFAULT_VOCABULARY, Vocabulary

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
    tokens = tokenize(text, entities)
    tags = iob_tags(tokens, entities)
    yield f"{DOCSTART}\n\n"
    for sentence in sentences(text, tokens, tags):
        for i in sentence:
            start, end = tokens[i]
            yield f"{text[start:end]} _ _ {tags[i]}\n"
        yield "\n"
