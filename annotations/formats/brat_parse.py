"""Reading a brat .ann file into spans and events.

T lines become entity spans, except the triggers E lines point to; an E line
becomes an event whose roles refer to T ids (`Role2` is a repeated `Role`);
A lines give states, sources, event status and review state; `#` lines notes.
Relations and equivalences are reported, since newsdesk does not store them.
"""

from __future__ import annotations

import itertools
import re

from annotations.formats.brat_conf import EVENT_STATE, EVENT_STATES, SOURCES, STATES, STATUS
from annotations.formats.importing import Incoming, IncomingEvent, Span
from annotations.formats.vocabulary import STATUSES

_T = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_E = re.compile(r"(E\d+)\t(\S+):(T\d+)((?: \S+:[TE]\d+)*) ?")
_A = re.compile(r"([AM]\d+)\t(\S+) ([TE]\d+)(?: (\S+))?")
_N = re.compile(r"(N\d+)\t\S+ (T\d+) ([^:\s]+):(\S+)\t.*")
_NOTE = re.compile(r"(#\d*)\t\S+ ([TE]\d+)\t(.*)")
_LATER = {"R": "a relation", "*": "an equivalence"}
_ATTRIBUTES = {  # (name, on an event) -> (field, allowed values)
    ("State", False): ("state", STATES),
    ("Source", False): ("source", SOURCES),
    (STATUS, True): ("status", STATUSES),
    (EVENT_STATE, True): ("state", EVENT_STATES),
}


def parse_ann(name: str, content: str, text: str, item: Incoming) -> None:
    """Add the spans and events of an .ann file to `item`; problems go to `item.problems`."""
    lines = [
        (f"{name} line {n}", line.rstrip("\r"))
        for n, line in enumerate(content.split("\n"), start=1)
        if line.strip()
    ]
    triggers = {m[3] for _, line in lines if (m := _E.fullmatch(line))}
    spans: dict[str, Span] = {}
    bound: dict[str, Span] = {}  # trigger T lines
    events: dict[str, IncomingEvent] = {}
    seen: set[str] = set()
    for where, line in lines:
        ident = line.split("\t", 1)[0]
        if ident[:1] in "TEAMN" and ident in seen:
            item.problems.append(
                f"{where} repeats the id {ident}; only its first line was imported."
            )
            continue
        seen.add(ident)
        if m := _T.fullmatch(line):
            span = _entity(where, m, text)
            if isinstance(span, str):
                what = "event" if m[1] in triggers else "entity"
                item.problems.append(f"{where}: {span}; the {what} was not imported.")
            else:
                (bound if m[1] in triggers else spans)[m[1]] = span
        elif (m := _E.fullmatch(line)) and m[3] in bound:
            roles = [arg.split(":") for arg in m[4].split()]
            args = [(_role(role), ref) for role, ref in roles]
            events[m[1]] = IncomingEvent(where, m[2], bound[m[3]], args)
        elif (m := _A.fullmatch(line)) and (m[3] in spans or m[3] in events):
            target = events.get(m[3]) or spans[m[3]]
            _attribute(where, target, m[2], m[4], item)
        elif (m := _N.fullmatch(line)) and m[2] in spans:
            spans[m[2]].canonical_id = m[4]
        elif (m := _NOTE.fullmatch(line)) and m[2] in spans:
            spans[m[2]].note = m[3]
        elif (m := _NOTE.fullmatch(line)) and m[2] in events:
            events[m[2]].fields["note"] = m[3]
        elif line[0] in _LATER:
            item.problems.append(
                f"{where} is {_LATER[line[0]]}, which newsdesk does not store; it was not imported."
            )
        else:
            item.problems.append(
                f"{where} is not a brat line newsdesk understands "
                "(or refers to an annotation that was not imported); it was not imported."
            )
    for key, span in spans.items():
        span.key = key
    item.spans.extend(spans.values())
    item.events.extend(events.values())


def _role(name: str) -> str:
    """`Visitor2` -> `Visitor`: brat numbers a role that is filled more than once."""
    return re.sub(r"(?<=\D)\d+$", "", name)


def _entity(where: str, m: re.Match[str], text: str) -> Span | str:
    pieces = [tuple(map(int, p.split())) for p in m[3].split(";")]
    start, end = pieces[0][0], pieces[-1][1]
    if len(pieces) == 1:
        return Span(where, start, end, m[2], text=m[4])
    for s, e in pieces:
        if not 0 <= s < e <= len(text):
            return f"offsets {s}-{e} are outside the text (length {len(text)})"
    if " ".join(text[s:e] for s, e in pieces) != m[4]:
        return f"the fragments {m[3]} do not hold {m[4]!r}"
    gaps = (text[a[1] : b[0]] for a, b in itertools.pairwise(pieces))
    if any(gap.strip() for gap in gaps):
        return "it is discontinuous, which newsdesk cannot store"
    return Span(where, start, end, m[2], text=text[start:end])


def _attribute(
    where: str, target: Span | IncomingEvent, name: str, value: str | None, item: Incoming
) -> None:
    field, allowed = _ATTRIBUTES.get((name, isinstance(target, IncomingEvent)), ("", ()))
    if value not in allowed:
        item.problems.append(
            f"{where}: attribute {name} {value or ''} is not one newsdesk knows; "
            "it was not imported."
        )
    elif isinstance(target, IncomingEvent):
        target.fields[field] = value
    else:
        setattr(target, field, value)
