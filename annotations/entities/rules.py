"""The rule layer: data-driven pattern files matched in one pass over each doc.

Patterns live in `patterns/*.jsonl` (spaCy's pattern format: `label`,
`pattern` as a phrase or a token list, optional `id`). Phrases go to a
SpanRuler (one PhraseMatcher); token lists run around their anchors
(`anchored.py`); both write to `doc.spans[SPANS_KEY]`. The `id` says how a
match is judged after matching:

- ``context``: kept only near a military word (generic "<Name>-<digits>" systems,
  weapon names that are also common words or given names);
- ``weak``: a one-word title that yields to a model span other than PERSON;
- ``lower``, ``name``: a lower-case title or a short one ("PM", not "11:18 PM
  IST") kept only before a capitalised word;
- ``shape``: a generic shape ("... Summit", "Treaty on ..."): stop words at its
  edges ("During the SCO Summit") are trimmed; dropped when its head word is
  followed by another capitalised word ("Santa Clara Convention Center": the head
  is "Center") and in a headline written in title case ("US and Russia Reach
  Agreement on Plan"), where every word looks like a name;
- ``designation``: a letters-digits code ("KC-135R", "MQ-9 Reaper"), kept like
  ``context`` only near a military word;
- ``lexicon``: weapon and platform nouns with their modifiers ("chemical
  weapons", "air strikes", "main battle tank"): every word lower-case (a
  capital means a name: "Chemical Weapons Convention"), not "think tank";
- ``acronym-weapon``: VBIED, UAV, MANPADS...; not after "Counter-" or "C-";
- ``ship``: a ship prefix and name ("USS Mahan", "HMS Daring"): always kept.

Military platforms (aircraft, ships, vehicles) are WEAPON, as the default
label file describes it: the event schema and the seed gold treat a system and
its platform alike; an analyst who wants them apart adds a label of their own.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"
RULER_NAME = "newsdesk_rules"
SPANS_KEY = "newsdesk_rules"

MILITARY = frozenset(
    [
        "missile",
        "missiles",
        "system",
        "systems",
        "jet",
        "jets",
        "fighter",
        "fighters",
        "aircraft",
        "tank",
        "tanks",
        "helicopter",
        "helicopters",
        "rifle",
        "rifles",
        "submarine",
        "submarines",
        "frigate",
        "frigates",
        "warship",
        "warships",
        "launcher",
        "launchers",
        "drone",
        "drones",
        "bomber",
        "bombers",
        "howitzer",
        "howitzers",
        "gun",
        "guns",
        "artillery",
        "interceptor",
        "interceptors",
        "squadron",
        "squadrons",
        "weapon",
        "weapons",
        "air-defence",
        "air-defense",
        "defence",
        "defense",
        "armour",
        "armor",
        "rocket",
        "rockets",
        "carrier",
        "destroyer",
        "corvette",
        "military",
        "army",
        "navy",
        "platform",
        "platforms",
        "procure",
        "procurement",
        "deliveries",
        "units",
        "batteries",
        "battery",
        "regiments",
        "air",
        "airstrike",
        "airstrikes",
        "strike",
        "strikes",
        "forces",
        "naval",
        "munitions",
        "bomb",
        "bombs",
        "ship",
        "ships",
        "vessel",
        "warplane",
        "warplanes",
        "deployed",
        "mortar",
        "mortars",
        "shells",
        "armed",
        "sortie",
        "sorties",
        "refuelling",
        "refueling",
        "coalition",
        "combat",
    ]
)
NOT_BEFORE_TANK = frozenset({"think", "fuel", "water", "septic", "oil", "gas", "storage", "fish"})
COUNTER = frozenset({"counter", "c", "anti"})
CONNECTORS = frozenset({"and", "of", "on", "for", "the", "&", "-", "'", "’"})
WINDOW = 8


@dataclass(slots=True)
class Span:
    """A working span during detection: character offsets, label, origin."""

    start: int
    end: int
    label: str
    source: str = "model"  # "model" or "rule"
    kind: str = ""  # pattern id for rules: "", "weak", "lower", "context"

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def load_patterns(directory: Path = PATTERN_DIR) -> list[dict[str, Any]]:
    """All patterns of the `*.jsonl` files in `directory`, in file-name order."""
    patterns: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                patterns.append(json.loads(line))
    return patterns


@cache
def titles() -> tuple[str, ...]:
    """The literal ROLE patterns ("Prime Minister", "Pope"), longest first."""
    phrases = {p["pattern"] for p in load_patterns() if p["label"] == "ROLE"}
    return tuple(sorted((p for p in phrases if isinstance(p, str)), key=len, reverse=True))


def add_rules(nlp: Language, patterns: Iterable[dict[str, Any]] | None = None) -> None:
    """Append the rule components to `nlp` (matches go to `doc.spans`, not `doc.ents`):
    literal phrases in one `PhraseMatcher` pass, token patterns around their anchors."""
    from annotations.entities.anchored import FACTORY, register

    register()
    chosen = list(load_patterns() if patterns is None else patterns)
    ruler = nlp.add_pipe(
        "span_ruler",
        name=RULER_NAME,
        last=True,
        config={"spans_key": SPANS_KEY, "annotate_ents": False, "validate": False},
    )
    ruler.add_patterns([p for p in chosen if isinstance(p["pattern"], str)])  # type: ignore[attr-defined]
    tokens = nlp.add_pipe(FACTORY, name=f"{RULER_NAME}_tokens", config={"spans_key": SPANS_KEY})
    tokens.add_patterns([p for p in chosen if not isinstance(p["pattern"], str)])  # type: ignore[attr-defined]


def rule_spans(doc: Doc) -> list[Span]:
    """The rule matches of `doc` that pass their checks, longest first, no overlaps."""
    found: list[Span] = []
    for span in doc.spans.get(SPANS_KEY, []):
        start, end = span.start, span.end
        while start < end and doc[start].lower_ in CONNECTORS:
            start += 1
        while end > start and doc[end - 1].lower_ in CONNECTORS:
            end -= 1
        if start == end:
            continue
        kind = span.id_
        if kind == "shape":
            if _head_continues(doc, span.start, span.end) or _in_headline(
                doc, span.start, span.end
            ):
                continue
            while start < end and doc[start].is_stop:
                start += 1
            if start == end:
                continue
        if kind in ("context", "designation") and not _near_military(doc, start, end):
            continue
        if kind == "lexicon":
            while start < end and doc[start].lower_ in ("-", "to"):
                start += 1
            if start == end or not _lower_words(doc, start, end):
                continue
            if start > 0 and doc[start - 1].lower_ in NOT_BEFORE_TANK:
                continue
        if kind == "acronym-weapon" and _after_counter(doc, start):
            continue
        if kind in ("lower", "name") and not (end < len(doc) and doc[end].is_title):
            continue
        last = doc[end - 1]
        found.append(Span(doc[start].idx, last.idx + len(last), span.label_, "rule", kind))
    return longest_first(found)


def longest_first(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, preferring the longer, then the earlier; sorted by start.
    An empty (or reversed) span names no text: it is left out.

    The spans kept so far are held by start; as they do not overlap, the one that
    starts last before a span's end is the only one that can reach into it."""
    named = (s for s in spans if s.end > s.start)
    ordered = sorted(named, key=lambda s: (s.start - s.end, s.start))
    kept: list[Span] = []
    starts: list[int] = []
    for span in ordered:
        at = bisect.bisect_left(starts, span.end)
        if at and kept[at - 1].end > span.start:
            continue
        kept.insert(at, span)
        starts.insert(at, span.start)
    return kept


class Overlapping:
    """The spans of a list that overlap a given span, in the list's order, found by
    their starts rather than by comparing with every one."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self.order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self.starts = [spans[i].start for i in self.order]
        self.longest = max([0, *(s.end - s.start for s in spans)])

    def of(self, span: Span) -> list[Span]:
        # an overlapping span starts before `span` ends, and no more than the longest
        # span's length before it starts
        low = bisect.bisect_right(self.starts, span.start - self.longest)
        high = bisect.bisect_left(self.starts, span.end)
        found = sorted(i for i in self.order[low:high] if span.overlaps(self.spans[i]))
        return [self.spans[i] for i in found]


def _head_continues(doc: Doc, start: int, end: int) -> bool:
    """The shape ends on its head word, but the name goes on: "... Convention Center"."""
    return end < len(doc) and doc[end].is_title and doc[end - 1].is_title


HEADLINE_WORDS = 6  # words on each side of a shape looked at to tell a headline


def _in_headline(doc: Doc, start: int, end: int) -> bool:
    """Most words around the match are capitalised, so capitals say nothing: a title-case
    headline. Words of three letters or fewer ("of", "to", "US") do not count."""
    left = max(0, start - HEADLINE_WORDS)
    right = min(len(doc), end + HEADLINE_WORDS)
    words = [t for i, t in enumerate(doc[left:right], left) if not start <= i < end]
    long = [t for t in words if t.is_alpha and len(t) > 3]
    return len(long) >= 3 and sum(t.is_title or t.is_upper for t in long) >= 0.75 * len(long)


def _lower_words(doc: Doc, start: int, end: int) -> bool:
    """No capitalised word, except the first one of a sentence."""
    for i in range(start, end):
        token = doc[i]
        opens = i == start and (i == 0 or doc[i - 1].text in (".", "!", "?") or doc[i - 1].is_space)
        if token.is_alpha and not token.is_lower and not opens:
            return False
    return True


def _after_counter(doc: Doc, start: int) -> bool:
    """ "Counter-IED", "C-IED": the fight against a weapon, not the weapon."""
    return start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in COUNTER


def _near_military(doc: Doc, start: int, end: int) -> bool:
    left = max(0, start - WINDOW)
    right = min(len(doc), end + WINDOW)
    return any(doc[i].lower_ in MILITARY for i in range(left, right) if not start <= i < end)
