"""Reading a brat .ann file into spans, with one sentence per line left out."""

from __future__ import annotations

import itertools
import re

from annotations.formats.brat_conf import SOURCES, STATES
from annotations.formats.importing import Incoming, Span

_T = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_A = re.compile(r"([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?")
_N = re.compile(r"(N\d+)\t\S+ (T\d+) ([^:\s]+):(\S+)\t.*")
_NOTE = re.compile(r"(#\d*)\t\S+ (T\d+)\t(.*)")
_LATER = {"E": "an event", "R": "a relation", "*": "an equivalence"}


def parse_ann(name: str, content: str, text: str, item: Incoming) -> None:
    """Add the spans of an .ann file to `item`; problems go to `item.problems`."""
    spans: dict[str, Span] = {}
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        where = f"{name} line {number}"
        if not line.strip():
            continue
        if m := _T.fullmatch(line):
            span = _entity(where, m, text)
            if isinstance(span, str):
                item.problems.append(f"{where}: {span}; the entity was not imported.")
            else:
                spans[m[1]] = span
        elif (m := _A.fullmatch(line)) and m[3] in spans:
            _attribute(where, spans[m[3]], m[2], m[4], item)
        elif (m := _N.fullmatch(line)) and m[2] in spans:
            spans[m[2]].canonical_id = m[4]
        elif (m := _NOTE.fullmatch(line)) and m[2] in spans:
            spans[m[2]].note = m[3]
        elif line[0] in _LATER:
            item.problems.append(
                f"{where} is {_LATER[line[0]]}, which newsdesk cannot import yet; "
                "it was not imported."
            )
        else:
            item.problems.append(
                f"{where} is not a brat line newsdesk understands "
                "(or refers to an entity that was not imported); it was not imported."
            )
    item.spans.extend(spans.values())


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


def _attribute(where: str, span: Span, name: str, value: str | None, item: Incoming) -> None:
    if name == "State" and value in STATES:
        span.state = value  # type: ignore[assignment]
    elif name == "Source" and value in SOURCES:
        span.source = value  # type: ignore[assignment]
    else:
        item.problems.append(
            f"{where}: attribute {name} {value or ''} is not one newsdesk knows; "
            "it was not imported."
        )
