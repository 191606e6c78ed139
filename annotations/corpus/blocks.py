"""The block classifier: how likely each line of a page is article text, and why not.

Model: a logistic regression over per-line features (length, stop-word density
as in jusText, sentence shape, capitalisation, digits, separators, position,
repetition within the page, the residue rules and date lines of `residue` and
`dates` as features) and the same features averaged over the neighbouring lines
(an article is a run of prose, a menu a run of tiny lines). A linear model was
chosen because it is small (a JSON file of a few dozen numbers), deterministic,
fast in plain Python (one dot product per line), and explainable: the feature
with the most negative contribution names the reason a line was removed.

The weights are trained by bench/train_clean.py on public pages (Mozilla
Readability's and trafilatura's test pages, see bench/build_clean_data.py) and
shipped as blocks_model.json; no training code or data is in the package.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path

import numpy as np
import numpy.typing as npt

from annotations.corpus import residue
from annotations.corpus.dates import date_line
from annotations.corpus.repeats import key

Matrix = npt.NDArray[np.float64]  # one row of features per line

MODEL = Path(__file__).with_name("blocks_model.json")

_TERMINAL = re.compile(r"[.!?\"'”’)»:。！？」]$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+[\"'“‘(]?[A-Z0-9]|[。！？]」?(?=.)")
_DIGITS = re.compile(r"\d")
_SYMBOLS = re.compile(r"[^\w\s]|_")
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PARTICLES = re.compile(r"[的了是在和有也就都而与着之这我你他她们为以于对はがをにのでともへや]")
_SEPARATORS = re.compile(r"[|•·»›>/]")

# Function words of the languages in the training pages (English first): the
# share of them in a line is the jusText signal that separates prose from links.
_STOP_TEXT = """a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few
for from further had has have having he her here hers him his how i if in into is it its
itself just me more most my no nor not now of off on once only or other our out over own
same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why
will with would you your said says
der die das und ist nicht ein eine einen dem den des mit sich auf für von zu im auch es
wie als aber noch nach bei aus wird sind wir ich sie er so dass hat nur oder wenn kann
le la les et est une un des du dans pour que qui pas sur au avec ce il elle sont par plus
el los las y en que del se por con una para es al lo como más pero su
il di che non per una con sono della nel alla"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

# The feature names, in the order of the weights in the model file; the ones a
# human can read as a reason map to a sentence below. TEXT features depend on the
# line alone (computed once per distinct line), PAGE ones on the rules and the page.
TEXT = (
    "log_words", "stop_share", "terminal", "capital_share", "digit_share", "punct_share",
    "sentences", "separators", "short", "lower_start", "commas", "word_length",
)  # fmt: skip
PAGE = ("rule", "date", "truncated", "repeated", "position")
LOCAL = (*TEXT, *PAGE)
# Averaged over the lines around (not the line itself), at each reach: an article is
# a run of prose, a menu a run of tiny lines, and hard-wrapped prose a run of
# lines that continue each other.
CONTEXT = ("log_words", "stop_share", "terminal", "short", "lower_start")
WINDOWS = (("near", 1), ("wide", 3), ("far", 8))
NAMES = (*LOCAL, *(f"{prefix}_{n}" for prefix, _ in WINDOWS for n in CONTEXT))
REASONS = {
    "log_words": "too short to be a paragraph",
    "short": "too short to be a paragraph",
    "stop_share": "few function words (a list of links or labels, not prose)",
    "terminal": "does not end like a sentence",
    "capital_share": "capitalised like a menu or headline list",
    "digit_share": "mostly numbers (scores, times, prices)",
    "punct_share": "mostly symbols and punctuation",
    "sentences": "not shaped like sentences",
    "separators": "links separated by | or » (navigation)",
    "lower_start": "does not continue the text around it",
    "commas": "no commas or clauses, unlike prose",
    "word_length": "words unlike prose (codes, names or labels)",
    "rule": "page residue",
    "date": "date or time stamp",
    "truncated": "headline cut off with ...",
    "repeated": "repeated on the page",
    "position": "at the edge of the page, away from the article",
}
OUTSIDE = "page furniture outside the article"
_PREFIXES = {prefix for prefix, _ in WINDOWS}


@dataclass(frozen=True)
class Model:
    """Weights of the logistic regression and the feature scaling used in training."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    keep_inside: float  # inside the article region, a line goes only below this score
    keep_outside: float  # outside it, a line stays only at or above this score
    rescue: float  # a line a residue rule removed comes back at or above this score
    region_offset: float = 0.5  # a line adds (score - this) * its weight to the region
    min_weight: int = 1  # a line weighs its words, at least this many (see `region`)

    @property
    def coef(self) -> tuple[float, ...]:
        """The weights over unscaled features."""
        return _unscaled(self)[0]

    @property
    def bias(self) -> float:
        """The intercept over unscaled features."""
        return _unscaled(self)[1]


@cache
def _unscaled(m: Model) -> tuple[tuple[float, ...], float]:
    coef = tuple(w / s for w, s in zip(m.weights, m.scale, strict=True))
    return coef, m.intercept - sum(c * mu for c, mu in zip(coef, m.mean, strict=True))


@cache
def model() -> Model:
    """The shipped model (loaded once, no network)."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    names = tuple(data["names"])
    if names != NAMES:
        raise RuntimeError(f"{MODEL.name} was trained on other features; retrain it.")
    return Model(
        names, tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
        float(data["intercept"]), float(data["keep_inside"]), float(data["keep_outside"]),
        float(data["rescue"]), float(data["region_offset"]), int(data["min_weight"]),
    )  # fmt: skip


Evidence = tuple[bool, bool, bool]  # a residue rule, a date line, a cut-off headline


def evidence(text: str) -> Evidence:
    """What the rules of `residue` and `dates` say about one line."""
    count = len(text.split())
    return (
        residue.match(text, count) is not None,
        date_line(text) is not None,
        residue.is_truncated_headline(text, count),
    )


def weight(text: str) -> int:
    """How many words a line holds, counting about two Chinese or Japanese characters a word
    (they write words without spaces): the line's weight in the article region."""
    return len(text.split()) + _IDEOGRAPHS.subn("", text)[1] // 2


@lru_cache(maxsize=1 << 16)
def _shape(text: str) -> tuple[tuple[float, ...], str]:
    """The TEXT features of a line, and its repeat key (cached: cleaning passes see a
    line again). Counting is done by C loops (map, subn), not Python ones."""
    words = text.split()
    joined = key(text)  # the lower-cased \w+ tokens joined by single spaces
    tokens = joined.split(" ") if joined else []
    # Chinese and Japanese write words without spaces: count about two characters a word,
    # their particles as function words, and their full stop and comma as such.
    ideographs = _IDEOGRAPHS.subn("", text)[1]
    count = weight(text)
    units = max(len(tokens) + ideographs // 2, 1)
    stops = sum(map(STOP_WORDS.__contains__, tokens))
    if ideographs:
        stops += _PARTICLES.subn("", text)[1]
    chars = max(len(text), 1)
    return (
        math.log1p(count),
        min(stops / units, 1.0),
        float(bool(_TERMINAL.search(text))),
        sum(map(str.isupper, map(itemgetter(0), words))) / max(count, 1),
        _DIGITS.subn("", text)[1] / chars,
        _SYMBOLS.subn("", text)[1] / chars,
        math.log1p(_SENTENCE_END.subn("", text)[1]),
        float(bool(_SEPARATORS.search(text))),
        float(count <= 4),
        float(text[:1].islower()),
        (text.count(",") + text.count("，") + text.count("、")) / max(count, 1),
        math.log1p((len(joined) - joined.count(" ")) / units),
    ), joined


def local_features(texts: list[str], known: list[Evidence] | None = None) -> Matrix:
    """The LOCAL features of every non-empty line of a page (whitespace-collapsed), one row
    per line. `known` is the rules' evidence when the caller has it already."""
    n = len(texts)
    known = known or [evidence(t) for t in texts]
    shapes = [_shape(t) for t in texts]
    own = np.array([shape for shape, _ in shapes], dtype=float).reshape(n, len(TEXT))
    counts = Counter(k for _, k in shapes)
    repeated = [len(k) >= 20 and counts[k] > 1 for _, k in shapes]
    last = max(n - 1, 1)
    at = np.arange(n)
    return np.column_stack([
        own,
        np.array(known, dtype=float).reshape(n, 3),
        np.array(repeated, dtype=float),
        np.minimum(at, last - at) / last,
    ])  # fmt: skip


def features(texts: list[str], known: list[Evidence] | None = None) -> Matrix:
    """Local features plus their averages over the lines around, at each reach of WINDOWS."""
    local = local_features(texts, known)
    n = len(local)
    context = local[:, [LOCAL.index(name) for name in CONTEXT]]
    prefix = np.vstack([np.zeros((1, len(CONTEXT))), np.cumsum(context, axis=0)])
    at = np.arange(n)
    parts = [local]
    for _, reach in WINDOWS:
        a, b = np.maximum(at - reach, 0), np.minimum(at + reach + 1, n)
        width = np.maximum(b - a - 1, 1)[:, None]
        parts.append((prefix[b] - prefix[a] - context) / width)
    return np.hstack(parts)


@dataclass(frozen=True)
class Scored:
    """A page's lines as the classifier sees them: feature rows and probabilities."""

    rows: Matrix
    probabilities: list[float]

    def reason(self, i: int) -> str:
        """Why line `i` does not look like article text: its most negative feature."""
        m = model()
        contributions = np.asarray(m.coef) * (self.rows[i] - np.asarray(m.mean))
        name = m.names[int(np.argmin(contributions))]
        prefix, _, feature = name.partition("_")  # near_short: the reason of "short"
        return REASONS.get(feature if prefix in _PREFIXES else name, OUTSIDE)


def scores(texts: list[str], known: list[Evidence] | None = None) -> Scored:
    """For every line: the probability that it is article text (one dot product each)."""
    m = model()
    rows = features(texts, known)
    z = np.clip(m.bias + rows @ np.asarray(m.coef), -40.0, 40.0)
    return Scored(rows, (1.0 / (1.0 + np.exp(-z))).tolist())


def region(
    probabilities: list[float], weights: list[int], offset: float = 0.5, min_weight: int = 1
) -> tuple[int, int] | None:
    """The article: the run of lines with the largest sum of (p - offset) * max(words,
    min_weight) (Kadane, one pass). A `min_weight` above one makes a run of short unlikely
    lines (menus, headline lists, share widgets) cost more than its few words, so that
    the region does not bridge from the article to teaser paragraphs further down."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, (p, w) in enumerate(zip(probabilities, weights, strict=True)):
        gain = (p - offset) * max(w, min_weight)
        if run <= 0:
            run, start = gain, i
        else:
            run += gain
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def select(probabilities: list[float], weights: list[int], m: Model) -> list[bool]:
    """Which lines to keep: inside the article region unless clearly residue, outside only
    when clearly article (recall first: the thresholds are tuned for recall)."""
    keep_inside, keep_outside = m.keep_inside, m.keep_outside
    span = region(probabilities, weights, m.region_offset, m.min_weight)
    if span is None:
        return [p >= keep_outside for p in probabilities]
    a, b = span
    return [
        p >= keep_inside if a <= i <= b else p >= keep_outside for i, p in enumerate(probabilities)
    ]
