"""Date patterns: find calendar dates in text and tell a "date line" from prose.

No external date parser: a handful of regular expressions for the formats news
pages use ("Nov 29, 2025", "29 November 2025", "2025-11-29", "29.11.2025").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

_PATTERNS = [
    ("ymd", re.compile(rf"(?<!\d)(?P<y>{_YEAR})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d)")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<y>{_YEAR})\b", re.I)),
    ("num", re.compile(
        rf"(?<![\d.])(?P<d>\d{{1,2}})(?P<sep>[./])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})(?!\d)"
    )),
]  # fmt: skip

_ANY_YEAR = re.compile(_YEAR)
_WEEKDAY = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.I
)
_TIME = re.compile(
    r"\bT?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?",
    re.I,
)
_ZONE = re.compile(r"\b(?:[A-Z]{2,4}T|IST|UTC|GMT|MSK|Z)\b|[+-]\d{2}:?\d{2}\b|\bhrs?\b", re.I)
_PUBLISHED = re.compile(
    r"\b(?:published|posted|first\s+published|publication\s+date|date|on|at|dated|created)\b:?",
    re.I,
)
_UPDATED = re.compile(r"\b(?:updated|last\s+updated|modified|edited|last\s+modified)\b:?", re.I)
_BYLINE = re.compile(r"(?:by|written by|reported by|edited by|author)\b", re.I)
_SEPARATORS = re.compile(r"[+.|•·,;:()\[\]/\-–—]+")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text, with its character span."""

    start: int
    end: int
    date: dt.date


@dataclass(frozen=True)
class DateLine:
    """A line that is essentially a date stamp (possibly with a place)."""

    date: dt.date
    updated: bool
    weekday: bool
    place: str | None


def _make(y: str, m: int, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), m, int(re.sub(r"\D", "", d)))
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """All full dates (with a year) in `text`, left to right, without overlaps."""
    found: list[FoundDate] = []
    if not _ANY_YEAR.search(text):  # every pattern holds a year: most lines end here
        return found
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind in ("mdy", "dmy"):
                date = _make(m["y"], _MONTHS[m["mon"][:3].lower()], m["d"])
            elif kind == "ymd":
                date = _make(m["y"], int(m["m"]), m["d"])
            else:  # numeric day-first: dots are day-first; slashes only if unambiguous
                day, month = int(m["d"]), int(m["m"])
                if m["sep"] == "/" and day <= 12 and month <= 12 and day != month:
                    continue
                if month > 12 and day <= 12:
                    day, month = month, day
                date = _make(m["y"], month, str(day))
            if date is not None:
                found.append(FoundDate(m.start(), m.end(), date))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def parse_date(value: object) -> dt.date | None:
    """A date from a metadata field: ISO strings, datetimes, or free text with one date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    found = find_dates(text)
    return found[0].date if found else None


def date_line(line: str, max_rest_words: int = 4) -> DateLine | None:
    """If `line` is a date stamp ("- Dec 4, 2025,", "New Delhi | Nov 29, 2025 1:17 AM IST"),
    describe it; prose that merely mentions a date gives None."""
    if len(line) > 160:
        return None
    found = find_dates(line)
    if len(found) != 1:
        return None
    first = found[0]
    rest = line[: first.start] + " " + line[first.end :]
    weekday = bool(_WEEKDAY.search(rest))
    updated = bool(_UPDATED.search(rest))
    for pattern in (_UPDATED, _PUBLISHED, _WEEKDAY, _TIME, _ZONE):
        rest = pattern.sub(" ", rest)
    pieces = [p.strip() for p in _SEPARATORS.split(rest) if p.strip()]
    pieces = [p for p in pieces if not _BYLINE.match(p)]
    words = " ".join(pieces).split()
    if len(words) > max_rest_words:
        return None
    place = None
    if pieces and all(w[:1].isupper() for w in pieces[0].split()) and len(pieces) == 1:
        place = pieces[0]
    if words and place is None:
        return None
    return DateLine(first.date, updated, weekday, place)
