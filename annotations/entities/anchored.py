"""Token patterns matched only around their anchor: the cost follows the rare words
a pattern needs, not the length of the text.

spaCy's `Matcher` tries every pattern at every token, and a pattern whose first
token is a set or a regular expression calls Python at every token. Here each token
pattern gets an anchor, a token it cannot match without:

- a word list it requires ("missile", "Summit", "USS"): found by a `PhraseMatcher`
  (a hash look-up per token, in C);
- else a required regular expression ("S-400"): tried once on each distinct word of
  the text (and remembered for the next texts);

and the pattern's own `Matcher` runs only on the tokens within `WINDOW` of an
anchor. A pattern is always found where it would be found on the whole text,
except a match longer than `WINDOW` tokens on one side of its anchor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported when a pipeline is built: it brings rich along
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

WINDOW = 16  # tokens a match may reach on each side of its anchor
FACTORY = "newsdesk_anchored"
REQUIRED = (None, "+", "1")  # a token spec with one of these operators must match


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a pattern cannot match without: words under an attribute, or a regex."""

    attr: str  # "LOWER", "ORTH" or "REGEX"
    values: tuple[str, ...]


def anchor_of(pattern: list[dict[str, Any]]) -> Anchor | None:
    """The most selective required token of `pattern`: words that are not stop words,
    then any required words (punctuation), then a regex; None if nothing is required."""
    words: list[Anchor] = []
    regexes: list[Anchor] = []
    for spec in pattern:
        if spec.get("OP") not in REQUIRED:
            continue
        for attr, value in spec.items():
            key = "ORTH" if attr == "TEXT" else attr
            if key in ("LOWER", "ORTH") and isinstance(value, str):
                words.append(Anchor(key, (value,)))
            elif key in ("LOWER", "ORTH") and isinstance(value, dict) and "IN" in value:
                words.append(Anchor(key, tuple(value["IN"])))
            elif key == "ORTH" and isinstance(value, dict) and "REGEX" in value:
                regexes.append(Anchor("REGEX", (value["REGEX"],)))

    from spacy.lang.en.stop_words import STOP_WORDS

    def rare(anchor: Anchor) -> bool:
        return not any(v.lower() in STOP_WORDS for v in anchor.values)

    lettered = [a for a in words if rare(a) and all(any(c.isalpha() for c in v) for v in a.values)]
    ranked = [*lettered, *(a for a in words if rare(a)), *regexes, *words]
    return ranked[0] if ranked else None


class AnchoredMatcher:
    """Token patterns (spaCy's format, with `label` and optional `id`) whose matches are
    added to `doc.spans[spans_key]` with the pattern's label and id.

    Patterns with the same anchor share one `Matcher` (its keys name the patterns), so
    their windows are found and matched once; matches are added pattern by pattern, in
    the order the patterns were added."""

    def __init__(self, vocab: Vocab, spans_key: str) -> None:
        self.vocab = vocab
        self.spans_key = spans_key
        self._rules: list[tuple[str, str]] = []  # (label, id) by pattern index
        self._groups: list[tuple[Matcher, Anchor | None]] = []  # by group index
        self._group_of: dict[Anchor | None, int] = {}
        self._index_of: dict[int, int] = {}  # a Matcher key's hash -> pattern index
        self._words: dict[str, PhraseMatcher] = {}
        self._regexes: list[tuple[re.Pattern[str], int]] = []
        self._seen: set[int] = set()  # words already tried against the regexes
        self._regex_words: dict[int, tuple[int, ...]] = {}  # word -> groups it anchors

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self._seen.clear()  # words seen so far were not tried against the new regexes
        self._regex_words.clear()
        for p in patterns:
            anchor = anchor_of(p["pattern"])
            index = len(self._rules)
            self._rules.append((p["label"], p.get("id", "")))
            key = f"pattern-{index}"
            self._index_of[self.vocab.strings.add(key)] = index
            if anchor in self._group_of:
                self._groups[self._group_of[anchor]][0].add(key, [p["pattern"]])
                continue
            group = self._group_of[anchor] = len(self._groups)
            matcher = Matcher(self.vocab, validate=False)
            matcher.add(key, [p["pattern"]])
            self._groups.append((matcher, anchor))
            if anchor is None:
                continue
            if anchor.attr == "REGEX":
                self._regexes.append((re.compile(anchor.values[0]), group))
                continue
            phrases = self._words.setdefault(anchor.attr, PhraseMatcher(self.vocab, anchor.attr))
            words = [Doc(self.vocab, words=[value]) for value in anchor.values]
            phrases.add(str(group), words)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        anchors = self._anchors(doc)
        by_rule: dict[int, list[Span]] = {}
        for group, (matcher, anchor) in enumerate(self._groups):
            if anchor is None:
                windows: Iterable[tuple[int, int]] = [(0, len(doc))]
            elif group in anchors:
                windows = _windows(anchors[group], len(doc))
            else:
                continue
            for first, last in windows:
                for key, start, end in matcher(doc[first:last]):
                    index = self._index_of[key]
                    label, kind = self._rules[index]
                    span = Span(doc, first + start, first + end, label, span_id=kind)
                    by_rule.setdefault(index, []).append(span)
        found = list(doc.spans.get(self.spans_key, []))
        for index in sorted(by_rule):
            found.extend(by_rule[index])
        doc.spans[self.spans_key] = found
        return doc

    def _anchors(self, doc: Doc) -> dict[int, list[int]]:
        """Token positions of each group's anchors, by group index."""
        hits: dict[int, list[int]] = {}
        for phrases in self._words.values():
            for key, start, _ in phrases(doc):
                hits.setdefault(int(self.vocab.strings[key]), []).append(start)
        if not self._regexes:
            return hits
        import numpy
        from spacy.attrs import ORTH

        orths = doc.to_array(ORTH)  # the words' hashes, without making Token objects
        words: set[int] = set(map(int, orths.ravel()))
        for word in words.difference(self._seen):  # each distinct word is tried once
            text = doc.vocab.strings[word]
            if matched := tuple(i for regex, i in self._regexes if regex.search(text)):
                self._regex_words[word] = matched
        self._seen |= words
        by_rule: dict[int, list[int]] = {}
        for word in words.intersection(self._regex_words):
            for index in self._regex_words[word]:
                by_rule.setdefault(index, []).append(word)
        for index, matching in by_rule.items():
            hits[index] = numpy.flatnonzero(numpy.isin(orths, matching)).tolist()
        return hits


def _windows(positions: list[int], length: int) -> Iterator[tuple[int, int]]:
    """Token ranges within WINDOW of the positions, overlapping ones merged."""
    first = last = -1
    for pos in sorted(positions):
        start, end = max(0, pos - WINDOW), min(length, pos + WINDOW + 1)
        if start > last:
            if last >= 0:
                yield first, last
            first = start
        last = max(last, end)
    if last >= 0:
        yield first, last


def register() -> None:
    """Make the component known to spaCy (once) as FACTORY."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": "sc"}, func=_make)


def _make(nlp: Language, name: str, spans_key: str) -> AnchoredMatcher:
    return AnchoredMatcher(nlp.vocab, spans_key)
