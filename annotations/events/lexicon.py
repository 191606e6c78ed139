"""Trigger words per event type and the cues that suggest an event's status.

Patterns are regular expressions matched case-insensitively on word
boundaries. A *weak* trigger ("deal", "order") only fires when the sentence
also has the type's context (for ARMS_PROCUREMENT: a weapon word or entity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.models import EventStatus

_AGREEMENT = r"(?=\W+(?:[\w’'-]+\W+){0,6}?(?:agreement|pact|deal|treaty|accord|protocol)s?\b)"
_WEAPONS = (
    r"\b(?:arms|weapons?|missiles?|jets?|fighters?|aircraft|helicopters?|tanks?|rifles?|"
    r"drones?|frigates?|submarines?|warships?|ammunition|munitions|howitzers?|"
    r"air[- ]defen[cs]e|S-\d{3})\b"
)

DEFAULT_TRIGGERS: dict[str, tuple[str, ...]] = {
    "VISIT": (
        r"state visits?", r"visit(?:s|ed|ing)?", r"arriv(?:e|es|ed|ing|al)",
        r"host(?:s|ed|ing)?", r"travel(?:s|led|ed|ling|ing)?", r"trip", r"tour(?:s|ed)?",
    ),
    "MEET": (
        r"meet(?:s|ing|ings)?", r"met", r"talks", r"co-chair(?:s|ed|ing)?", r"summit",
        r"held discussions",
    ),
    "NEGOTIATE": (r"negotiat(?:e|es|ed|ing|ion|ions)",),
    "SIGN_AGREEMENT": (
        r"sign(?:s|ed|ing)?", r"MoUs?", r"ink(?:s|ed)", r"memorand(?:um|ums|a)",
    ),
    "RATIFY": (
        r"ratif(?:y|ies|ied|ying|ication)",
        r"(?:approv|endors|pass|adopt)(?:e|es|ed|ing|s)?" + _AGREEMENT,
    ),
    "MIL_COOPERATION": (
        r"(?:military|defen[cs]e|army|naval)(?:[- ](?:&\s+)?(?:military[- ])?technical)?"
        r"[- ](?:cooperation|collaboration|partnership)",
        r"joint (?:military |naval )?(?:exercises?|drills?)",
    ),
    "ARMS_PROCUREMENT": (
        r"procur(?:e|es|ed|ing|ement)", r"arms deals?", r"buy(?:s|ing)?", r"bought",
        r"purchas(?:e|es|ed|ing)", r"acquir(?:e|es|ed|ing)", r"acquisitions?",
        r"(?<!in )order(?:s|ed)?", r"deals?", r"contracts?",
    ),
    "STATEMENT": (
        r"said", r"says", r"stated", r"statements?", r"told", r"announced", r"posted",
    ),
}  # fmt: skip

WEAK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "ARMS_PROCUREMENT": (r"buy", r"bought", r"purchas", r"acquir", r"acquisition", r"order",
                         r"deal", r"contract"),
}  # fmt: skip
CONTEXT: dict[str, re.Pattern[str]] = {"ARMS_PROCUREMENT": re.compile(_WEAPONS, re.I)}
CONTEXT_LABELS: dict[str, frozenset[str]] = {"ARMS_PROCUREMENT": frozenset({"WEAPON"})}


@dataclass(frozen=True, slots=True)
class Trigger:
    """A compiled trigger pattern of one event type."""

    type: str
    pattern: re.Pattern[str]
    weak: bool


def compile_triggers(extra: dict[str, list[str]] | None = None) -> list[Trigger]:
    """Trigger patterns of the default lexicon plus `extra` words per type.

    Extra words (from a schema file) are literal phrases, not regexes.
    """
    found: list[Trigger] = []
    for type_, patterns in DEFAULT_TRIGGERS.items():
        weak = WEAK_TRIGGERS.get(type_, ())
        for p in patterns:
            found.append(Trigger(type_, _word(p), any(p.startswith(w) for w in weak)))
    for type_, words in (extra or {}).items():
        found += [Trigger(type_, _word(re.escape(w)), False) for w in words]
    return found


def _word(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


# Status cues, strongest first: the first family found in the trigger's clause wins.
STATUS_CUES: tuple[tuple[EventStatus, re.Pattern[str]], ...] = (
    ("negated", re.compile(
        r"\b(?:not|no|never|denied|denies|deny|cancel+ed|called off|ruled out)\b|n[’']t\b",
        re.I)),
    ("hypothetical", re.compile(
        r"(?-i:\bmay\b)|\b(?:might|could|would|if|whether|likely|possible|possibly|considering|"
        r"proposed|potential)\b", re.I)),
    ("planned", re.compile(
        r"\b(?:will|shall|set to|(?:seek|seeks|seeking|intends?|aims?|wants?) to|"
        r"expected|expects|plans?|planned|planning|scheduled|upcoming|"
        r"to be held|being prepared|preparing|preparations|awaiting)\b|[’']ll\b", re.I)),
)  # fmt: skip
# Words before (or after) an entity that mark it as the filler of a role.
ROLE_CUES: dict[str, re.Pattern[str]] = {
    "Place": re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.I),
    "Host": re.compile(r"\b(?:to|by)\s+(?:the\s+)?$", re.I),
    "Partner": re.compile(r"\b(?:with|and)\s+(?:the\s+)?$", re.I),
    "Seller": re.compile(r"\bfrom\s+(?:the\s+)?$|^-(?:built|made|supplied|origin)", re.I),
}
CUED_ONLY = frozenset({"Place", "Seller"})  # left empty without their cue
_CLAUSE_END = re.compile(r"[,;:()\"“”]|\s[-–—]\s|—")


def clause_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Bounds of the clause of `text[lo:hi]` that holds start-end (commas bound it)."""
    before = [m.end() for m in _CLAUSE_END.finditer(text, lo, start)]
    after = _CLAUSE_END.search(text, end, hi)
    return before[-1] if before else lo, after.start() if after else hi


def status_cue(clause: str) -> EventStatus | None:
    """The status a clause's wording suggests, or None if it has no cue."""
    for status, pattern in STATUS_CUES:
        if pattern.search(clause):
            return status
    return None
