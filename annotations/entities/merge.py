"""Combine the model's spans with the rule layer's, where rules know better.

Rules win over the model spans they cover or cross. A rule inside a longer
model span yields, except a title that opens a name: "PM Modi" (ORG) becomes
ROLE "PM" + PERSON "Modi". Then: names right after a title are people, split
PERSON pieces are joined, "India-Russia Working Group" stays one ORG, and
acronym definitions ("FSMTC (Federal Service for ...)") give two ORGs.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from annotations.entities.rules import Overlapping, Span, longest_first, titles
from annotations.entities.tidy import HONORIFICS, ORG_HEADS, UNKNOWN, tidy_span

NAMEABLE = frozenset({"ORG", "PRODUCT", "GPE", "NORP", "FAC", "LOC", "EVENT"})
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(an|ian|ese|ish|i|ch|ic)$")
_ACR_FIRST = re.compile(r"\b([A-Z][A-Za-z&-]*[A-Z])\s\(([A-Z][^()\n]{2,150}?)\)")
_ACR_AFTER = re.compile(r"\s\(([A-Z][A-Za-z&-]*[A-Z])\)")
_PLACE_PAIR = re.compile(r"\b([A-Z][a-z]+)-([A-Z][a-z]+) $")
_AFTER_ROLE = re.compile(
    r" ([A-Z][a-z]*\.?)(?: ([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}))?(?: ([IVX]{1,4}))?"
    r"(?=[ ,.;:)’']|$)(?! \d)"  # "King Carlos I"; "Queen Mary 2" is a ship
)
_NOT_NAMES = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "The",
        "This",
        "That",
        "He",
        "She",
        "It",
        "They",
    ]
)
_MEETS = re.compile(r" (?:met|meets|meet|met with|hosted|greeted|phoned|thanked|invited) ")
_ARRIVAL = re.compile(
    r"\b(?:arrived|arrives|arrival|landed|lands|received|welcomed|touched down)\b"
)
_WORD = re.compile(r"[^\W\d_]+")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
# Lower-case parts of people's names ("Pierre de Marca", "De Staël", "Ludwig van Beethoven")
_PARTICLES = frozenset(
    {
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "der",
        "den",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "al",
        "el",
    }
)
_LINK = frozenset({"of", "on", "for", "and", "&", "the", "in"})


LAYERS = frozenset({"rules", "tidy", "link"})


def resolve(
    text: str, model: list[Span], rules: list[Span], layers: frozenset[str] = LAYERS
) -> list[Span]:
    """The final spans of one text from its raw model spans and rule spans.

    `layers` switches the steps on, so each one's effect can be measured:
    "tidy" (fixes to model spans), "rules" (rule spans, acronyms, names after
    titles, place pairs before an ORG), "link" (later mentions of a name)."""
    common = frozenset(_LOWER_WORD.findall(text))  # for `doubtful_names`, asked twice
    if "tidy" in layers:
        model = [piece for span in model for piece in tidy_span(text, span)]
        model = _decide_unknown(text, model, common)
    spans = sorted(model, key=lambda s: s.start)
    if "rules" in layers:
        rules = longest_first([*rules, *acronym_spans(text)])
        spans = _combine(text, model, rules)
        spans = _people_after_roles(text, _names_after_roles(text, spans))
        spans = _people_who_meet(text, _places_of_arrival(text, spans))
    if "tidy" in layers:
        spans = _nationality_in_orgs(text, _join_persons(text, spans))
    if "link" in layers:
        spans = _repeat_names(text, spans, common)
    if "rules" in layers:
        places = {text[s.start : s.end] for s in spans if s.label == "GPE"}
        spans = _extend_orgs(text, spans, places)
    return spans


def doubtful_names(text: str, spans: list[Span], common: frozenset[str]) -> set[str]:
    """The text's multi-word PERSON names that the text itself argues are not people's
    names, so no other mention is made a person from them (`common`: the words the text
    writes in lower case):

    - a capitalised word of the name is a common word here, written in lower case
      elsewhere in the text ("Clarence Dock" beside "a dock", "North Bridgton" beside
      "north of");
    - the model gives the same words another label more often ("Old Goa": a place
      twice, a person once);
    - the name lies inside a longer entity of another label ("Bowling Green" in
      "Bowling Green State University")."""
    names = {text[s.start : s.end] for s in spans if s.label == "PERSON"}
    names = {name for name in names if " " in name}
    if not names:
        return set()
    votes = _votes(text, spans)
    others = [chunk for chunk, labels in votes.items() if set(labels) - {"PERSON"}]
    around = _by_ends(others)
    doubtful = set()
    for name in names:
        words = [
            w
            for w in _WORD.findall(name)
            if w[0].isupper() and w[1:].islower() and w.lower() not in _PARTICLES
        ]
        person = votes[name]["PERSON"]
        if (
            any(w.lower() in common for w in words)
            or any(n > person for label, n in votes[name].items() if label != "PERSON")
            or any(_name_goes_on(name, other) for other in around.get(name, ()))
        ):
            doubtful.add(name)
    return doubtful


def _votes(text: str, spans: list[Span], skip: str | None = None) -> dict[str, Counter[str]]:
    """How many of `spans` give each chunk of the text each label (`skip` left out)."""
    votes: dict[str, Counter[str]] = {}
    for s in spans:
        if s.label != skip:
            chunk = text[s.start : s.end]
            counts = votes.get(chunk)
            if counts is None:
                counts = votes[chunk] = Counter()
            counts[s.label] += 1
    return votes


def _by_ends(chunks: list[str]) -> dict[str, list[str]]:
    """Each chunk under every run of its words that starts or ends it ("Bowling Green
    State University" under "Bowling", "Bowling Green", ..., "University"): the only
    chunks a name can go on into (`_name_goes_on`)."""
    found: dict[str, list[str]] = {}
    for chunk in chunks:
        for at, char in enumerate(chunk):
            if char == " ":
                found.setdefault(chunk[:at], []).append(chunk)
                found.setdefault(chunk[at + 1 :], []).append(chunk)
    return found


def _name_goes_on(name: str, other: str) -> bool:
    """`other` is `name` with more capitalised words before or after it, no punctuation
    between ("Bowling Green" in "Bowling Green State University")."""
    if other.startswith(name + " "):
        rest = other[len(name) + 1 :].split(" ")
    elif other.endswith(" " + name):
        rest = other[: -len(name) - 1].split(" ")
    else:
        return False
    return all(w[:1].isupper() and w.isalpha() for w in rest) and rest[0] != "The"


def _decide_unknown(text: str, spans: list[Span], common: frozenset[str]) -> list[Span]:
    """Label cut-off pieces and one-word names the way the rest of the text does.

    A one-word name is a person where a name the text does not doubt ends with it
    ("Singh" where "Rajnath Singh" is a PERSON), unless it also ends a longer name that
    is only ever a place ("Timor" of "East Timor": the person there is a mislabelled
    party name)."""
    votes = _votes(text, spans, skip=UNKNOWN)
    surnames = set()
    places = set()
    doubtful = doubtful_names(text, spans, common)
    for s in spans:
        chunk = text[s.start : s.end]
        if s.label == "PERSON" and " " in chunk and chunk not in doubtful:
            surnames.add(chunk.rsplit(" ", 1)[1])
        if s.label in ("GPE", "LOC") and " " in chunk and _one_name(chunk):
            places.add(chunk)
    surnames -= {p.rsplit(" ", 1)[1] for p in places if "PERSON" not in votes[p]}
    out = []
    for s in spans:
        chunk = text[s.start : s.end]
        if chunk in surnames and " " not in chunk:
            s.label = "PERSON"
        elif s.label == UNKNOWN:
            if chunk not in votes:
                continue
            s.label = votes[chunk].most_common(1)[0][0]
        out.append(s)
    return out


def _combine(text: str, model: list[Span], rules: list[Span]) -> list[Span]:
    models = Overlapping(model)
    kept_rules = [r for r in rules if all(_rule_wins(text, r, m) for m in models.of(r))]
    by_rule = Overlapping(kept_rules)
    out = list(kept_rules)
    for m in model:
        pieces = [m]
        for rule in by_rule.of(m):  # pieces lie inside m
            pieces = [p for piece in pieces for p in _cut(text, piece, rule)]
        out.extend(pieces)
    return sorted(out, key=lambda s: s.start)


def _rule_wins(text: str, rule: Span, m: Span) -> bool:
    if rule.kind == "conflict" and m.label in ("ORG", "PERSON"):
        return False  # "the Allied invasion": a conflict is named by places and peoples
    if rule.kind == "context" and m.label == "ORG":
        return False  # a "<Name>-<code>" guess is not sure enough against ORG "CJTF-OIR"
    if rule.start <= m.start and m.end <= rule.end:  # covers the model span
        return (
            rule.kind != "weak" or m.label == "PERSON" or m.end - m.start == rule.end - rule.start
        )
    if not (m.start <= rule.start and rule.end <= m.end):  # crossing
        return rule.kind != "weak" or m.label == "PERSON"
    if rule.label != "ROLE" or text.startswith(("'s", "’s"), rule.end):
        return False  # a rule inside a longer name: "BrahMos Aerospace", "SCO Summit"
    if rule.kind == "weak":
        return False  # "General Assembly"; "Prince William" stays one name
    rest = text[rule.end : m.end].split()  # "PM Modi", not "Governor General of Canada"
    if m.label == "PERSON" and _like_initials(text[rule.start : rule.end], len(rest)):
        return False  # the model reads "CM Doporto" as one person's name
    return bool(rest) and all(w[:1].isupper() for w in rest) and rest[-1] not in ORG_HEADS


def _like_initials(title: str, words_after: int) -> bool:
    """A short capitals title before one name has the shape of a person's initials and
    surname ("CM Doporto", "JK Rowling"): not sure enough to split a person or add one."""
    return words_after == 1 and title.isupper() and title.isalpha() and len(title) <= 3


def _cut(text: str, piece: Span, rule: Span) -> list[Span]:
    if not piece.overlaps(rule):
        return [piece]
    out = []
    left = Span(piece.start, rule.start, piece.label, piece.source)
    right = Span(rule.end, piece.end, piece.label, piece.source)
    for part in (left, right):
        for p in tidy_span(text, part):
            chunk = text[p.start : p.end]
            if not chunk[:1].isupper():
                continue
            if part is left and rule.label == "ROLE":
                if not _NATIONALITY.match(chunk):
                    continue  # only "Russian" survives before "President Vladimir Putin"
                p.label = "NORP"
            elif part is right and rule.label == "ROLE" and text[rule.end : p.start].isspace():
                p.label = "PERSON"
            out.append(p)
    return out


def _names_after_roles(text: str, spans: list[Span]) -> list[Span]:
    for prev, span in itertools.pairwise(spans):
        gap = text[prev.end : span.start]
        if (
            prev.label == "ROLE"
            and span.source == "model"
            and span.label in NAMEABLE
            and gap in (" ", "\u00a0")
            and len(words := text[span.start : span.end].split()) <= 4
            and all(w[:1].isupper() for w in words)
            and words[-1] not in ORG_HEADS
        ):
            span.label = "PERSON"
    return spans


def _people_after_roles(text: str, spans: list[Span]) -> list[Span]:
    """ "Joint Secretary (...) Shri Amitabh Prasad": capitalised words after a title."""
    added = []
    for prev, nxt in zip(spans, [*spans[1:], None], strict=False):
        if prev.label != "ROLE" or prev.kind == "weak":
            continue  # after "King", "Queen", "General" the name is often the whole span
        limit = nxt.start if nxt else len(text)
        match = _AFTER_ROLE.match(text, prev.end, limit)
        if not match or (match.group(1) in HONORIFICS and not match.group(2)):
            continue
        first = 2 if match.group(1) in HONORIFICS else 1
        last = 3 if match.group(3) else 2 if match.group(2) else 1
        words = text[match.start(first) : match.end(last)].split()
        named = len(words[0]) > 1 or last > 1  # a lone initial is no name
        named = named and words[-1] not in ORG_HEADS  # "Premier League"
        named = named and not _like_initials(text[prev.start : prev.end], len(words))
        if named and not any(w.strip(".") in _NOT_NAMES for w in words):
            added.append(Span(match.start(first), match.end(last), "PERSON", "rule", "after-role"))
    return sorted([*spans, *added], key=lambda s: s.start) if added else spans


def _people_who_meet(text: str, spans: list[Span]) -> list[Span]:
    """ "Putin met Modi": a one-word name meeting a person is a person, not a place."""
    for prev, span in itertools.pairwise(spans):
        if (
            prev.label == "PERSON"
            and span.label in ("GPE", "ORG", "LOC")
            and " " not in text[span.start : span.end]
            and _MEETS.fullmatch(text, prev.end, span.start)
        ):
            span.label = "PERSON"
    return spans


def _places_of_arrival(text: str, spans: list[Span]) -> list[Span]:
    """ "received by the minister at Palam": a one-word ORG where someone arrives is a place."""
    for span in spans:
        before = text[max(0, span.start - 80) : span.start]
        if (
            span.label == "ORG"
            and span.source == "model"
            and " " not in text[span.start : span.end]
            and not text[span.start : span.end].isupper()
            and before.endswith(" at ")
            and _ARRIVAL.search(before.rsplit(".", 1)[-1])
        ):
            span.label = "FAC"
    return spans


def _nationality_in_orgs(text: str, spans: list[Span]) -> list[Span]:
    """ "Iraqi" + "Security Forces": a nationality right before an ORG is part of it."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev
            and prev.label == "NORP"
            and span.label == "ORG"
            and text[prev.end : span.start] == " "
            and _NATIONALITY.match(text[prev.start : prev.end])
        ):
            out[-1] = Span(prev.start, span.end, "ORG", span.source, span.kind)
            continue
        out.append(span)
    return out


def _repeat_names(text: str, spans: list[Span], common: frozenset[str]) -> list[Span]:
    """Later bare mentions of the surname of a person named in full elsewhere in the text.

    Only the surname: the model often misses a lone surname, but where it saw a whole
    name again and labelled nothing ("A Beautiful Lie", "Dark Room Notes" are a song and
    a band), that is its evidence against a person, so an unlabelled full name is
    matched (and skipped) before its surname can be."""
    names = set()
    doubtful = doubtful_names(text, spans, common)
    for s in spans:
        chunk = text[s.start : s.end]
        if s.label == "PERSON" and " " in chunk and _one_name(chunk) and chunk not in doubtful:
            names.update({chunk, chunk.rsplit(" ", 1)[1]})
    names = {n for n in names if len(n) > 2 and n[0].isupper()} - set(titles())
    if not names:
        return spans
    pattern = re.compile(
        r"(?<![\w@-])("
        + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    taken = Overlapping(spans)
    found = (Span(m.start(), m.end(), "PERSON", "rule", "repeat") for m in pattern.finditer(text))
    added = [s for s in found if " " not in text[s.start : s.end] and not taken.of(s)]
    return sorted([*spans, *added], key=lambda s: s.start) if added else spans


def _one_name(chunk: str) -> bool:
    """Capitalised words only, no list of names ("Dwayne, Ty", "John XXIII & Pope")."""
    return all(w[:1].isupper() for w in chunk.split()) and not any(c in chunk for c in ",&;")


def _join_persons(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev
            and prev.label == span.label == "PERSON"
            and text[prev.end : span.start] == " "
            and _one_name(text[prev.start : span.end])
        ):
            prev.end = span.end
            continue
        out.append(span)
    return out


def _extend_orgs(text: str, spans: list[Span], places: set[str]) -> list[Span]:
    """ "India-Russia Working Group": the place names before an ORG belong to it."""
    out: list[Span] = []
    for span in spans:
        pair = span.label == "ORG" and _PLACE_PAIR.search(text, max(0, span.start - 60), span.start)
        if pair and pair.end() == span.start and {pair.group(1), pair.group(2)} <= places:
            while out and out[-1].end > pair.start():
                out.pop()
            span.start = pair.start()
        out.append(span)
    return out


def acronym_spans(text: str) -> list[Span]:
    """ORG spans for "ACR (Long Form)" and "Long Form (ACR)" where the initials agree."""
    found: list[Span] = []
    for match in _ACR_FIRST.finditer(text):
        acr, long = match.group(1), match.group(2)
        if long[0] == acr[0] and _mostly_capitalised(long):
            found.append(Span(match.start(1), match.end(1), "ORG", "rule", "acronym"))
            found.append(Span(match.start(2), match.end(2), "ORG", "rule", "acronym"))
    for match in _ACR_AFTER.finditer(text):
        acr = match.group(1)
        start = _long_form_start(text, match.start())
        if start is not None and text[start] == acr[0]:
            found.append(Span(start, match.start(), "ORG", "rule", "acronym"))
            found.append(Span(match.start(1), match.end(1), "ORG", "rule", "acronym"))
    return found


def _mostly_capitalised(words: str) -> bool:
    parts = words.split()
    return all(w[:1].isupper() or w in _LINK for w in parts) and len(parts) <= 12


def _long_form_start(text: str, end: int) -> int | None:
    """Start of the run of capitalised words (and linking words) ending at `end`."""
    start = None
    for word in reversed(list(re.finditer(r"\S+", text[max(0, end - 200) : end]))):
        token = word.group()
        if token[:1].isupper() and token[-1:] not in ".,;:":
            start = max(0, end - 200) + word.start()
        elif token not in _LINK:
            break
    if start is not None and text.startswith("The ", start):
        start += 4
    return start
