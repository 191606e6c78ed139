"""Normalise date expressions to ISO date ranges relative to the article's date.

`normalise_date("from December 4-5 next month", date(2025, 11, 29))` gives
`(date(2025, 12, 4), date(2025, 12, 5))`. Ranges, months, weeks, years and
weekdays are read by the rules below; anything else falls back to dateparser
(imported lazily: it is slow to import), whose period widens the result.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

DateRange = tuple[dt.date, dt.date]
Prefer = Literal["past", "future", "nearest"]
# "next year", "last month": the unit named and how many of it to shift by.
Modifier = tuple[str, int] | None

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_M = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_D = r"(\d{1,2})"
_Y = r"(\d{4})"
_YR = rf"(?:,? {_Y})?"
_TO = r" ?(?:-|to|until|till|through|and) ?"
_DAY_RULES = (  # (pattern, group names): day-precise dates and ranges
    (rf"{_M} {_D}{_TO}{_M} {_D}{_YR}", "m1 d1 m2 d2 y"),
    (rf"{_D} {_M}{_TO}{_D} {_M}{_YR}", "d1 m1 d2 m2 y"),
    (rf"{_M} {_D}{_TO}{_D}{_YR}", "m1 d1 d2 y"),
    (rf"{_D}{_TO}{_D} {_M}{_YR}", "d1 d2 m1 y"),
    (rf"{_M} {_D}{_YR}", "m1 d1 y"),
    (rf"{_D} {_M}{_YR}", "d1 m1 y"),
)
_MODIFIER = re.compile(r"\b(this|next|last|coming|previous) (month|year)\b")
_LEADING = re.compile(r"^(?:from|on|in|during|of|the|around|about|by|at) ")


def _clean(text: str) -> str:
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
    t = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"\b([a-z]{3,4})\.", r"\1", t)  # "Dec." -> "dec"
    t = re.sub(r"\b(?:the|of)\b", " ", t)
    t = re.sub(r"\s*-\s*", "-", re.sub(r"[^\w\s,-]", " ", t))
    t = re.sub(r"\s+", " ", t).strip(" ,")
    while (stripped := _LEADING.sub("", t)) != t:
        t = stripped
    return t


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _pick_year(
    ref: dt.date, build: Callable[[int], DateRange | None], prefer: Prefer
) -> DateRange | None:
    """Choose the year (ref's, the one before or after) for a date without one."""
    spans = [s for y in (ref.year - 1, ref.year, ref.year + 1) if (s := build(y))]
    if not spans:
        return None
    if prefer == "past" and (past := [s for s in spans if s[0] <= ref]):
        return past[-1]
    if prefer == "future" and (future := [s for s in spans if s[1] >= ref]):
        return future[0]
    return min(
        spans,
        key=lambda s: (
            0 if s[0] <= ref <= s[1] else min(abs((s[0] - ref).days), abs((s[1] - ref).days))
        ),
    )


def _days(
    match: re.Match[str], names: str, ref: dt.date | None, mod: Modifier, prefer: Prefer
) -> DateRange | None:
    g = dict(zip(names.split(), match.groups(), strict=True))
    m1 = _MONTHS[g["m1"]]
    m2 = _MONTHS[g["m2"]] if g.get("m2") else m1
    d1, d2 = int(g["d1"]), int(g.get("d2") or g["d1"])

    def build(year: int) -> DateRange | None:
        try:
            start = dt.date(year, m1, d1)
            end = dt.date(year + (m2 < m1), m2, d2)
        except ValueError:
            return None
        return (start, end) if end >= start else None

    if g.get("y"):
        return build(int(g["y"]))
    if ref is None:
        return None
    if mod == ("year", 0):
        return build(ref.year)
    if mod and mod[0] == "year":
        return build(ref.year + mod[1])
    if mod and mod[0] == "month":  # "December 4-5 next month": month given, keep its side
        prefer = "future" if mod[1] > 0 else "past" if mod[1] < 0 else prefer
    return _pick_year(ref, build, prefer)


def _period(unit: str, shift: int, ref: dt.date) -> DateRange:
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        year, month = _add_months(ref, shift)
        return dt.date(year, month, 1), _month_end(year, month)
    return dt.date(ref.year + shift, 1, 1), dt.date(ref.year + shift, 12, 31)


def _weekday(day: int, word: str | None, ref: dt.date, prefer: Prefer) -> dt.date:
    back = ref - dt.timedelta(days=(ref.weekday() - day) % 7)
    ahead = ref + dt.timedelta(days=(day - ref.weekday()) % 7)
    if word == "last" or word == "previous":
        return back if back < ref else back - dt.timedelta(days=7)
    if word == "next":
        return ahead if ahead > ref else ahead + dt.timedelta(days=7)
    if word in ("this", "coming") or prefer == "future":
        return ahead
    return back  # a bare weekday in a report is most often the one just past


_SHIFT = {"this": 0, "next": 1, "coming": 1, "last": -1, "previous": -1, "past": -1}


def _relative(t: str, ref: dt.date, prefer: Prefer) -> DateRange | None:
    one = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if t in one:
        day = ref + dt.timedelta(days=one[t])
        return day, day
    if m := re.fullmatch(r"(this|next|last|coming|previous|past) (week|month|year)", t):
        return _period(m[2], _SHIFT[m[1]], ref)
    if m := re.fullmatch(r"(earlier|later) this (week|month|year)", t):
        start, end = _period(m[2], 0, ref)
        return (start, ref) if m[1] == "earlier" else (ref, end)
    count = r"(\d+|an?|one|two|three|four|five|six) (day|week|month|year)s?"
    if m := (re.fullmatch(rf"{count} ago", t) or re.fullmatch(rf"(?:in|after) {count}", t)):
        n = (int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]) * (-1 if t.endswith("ago") else 1)
        if m[2] in ("day", "week"):
            day = ref + dt.timedelta(days=n * (7 if m[2] == "week" else 1))
            return day, day
        return _period(m[2], n, ref)
    weekdays = "|".join(_WEEKDAYS)
    if m := re.fullmatch(rf"(?:(this|next|last|coming|previous) )?({weekdays})", t):
        day = _weekday(_WEEKDAYS[m[2]], m[1], ref, prefer)
        return day, day
    return None


def _absolute(t: str, ref: dt.date | None, mod: Modifier, prefer: Prefer) -> DateRange | None:
    for pattern, names in _DAY_RULES:
        if m := re.fullmatch(pattern, t):
            return _days(m, names, ref, mod, prefer)
    if m := re.fullmatch(rf"{_M}{_YR}", t):
        month = _MONTHS[m[1]]

        def build(year: int) -> DateRange:
            return dt.date(year, month, 1), _month_end(year, month)

        if m[2]:
            return build(int(m[2]))
        if ref is None:
            return None
        if mod and mod[0] == "year":
            return build(ref.year + mod[1])
        return _pick_year(ref, build, prefer)
    if m := re.fullmatch(rf"{_Y}(?:{_TO}{_Y})?", t):
        first, last = int(m[1]), int(m[2] or m[1])
        return (dt.date(first, 1, 1), dt.date(last, 12, 31)) if last >= first else None
    if m := re.fullmatch(r"(?:(early|mid|late)[- ]?)?(\d{3}0)s", t):
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(m[1] or "", (0, 9))
        decade = int(m[2])
        return dt.date(decade + lo, 1, 1), dt.date(decade + hi, 12, 31)
    if ref and mod and (m := re.fullmatch(rf"{_D}(?:{_TO}{_D})?", t)):  # "4-5 next month"
        year, month = (
            _add_months(ref, mod[1]) if mod[0] == "month" else (ref.year + mod[1], ref.month)
        )
        try:
            return dt.date(year, month, int(m[1])), dt.date(year, month, int(m[2] or m[1]))
        except ValueError:
            return None
    return None


def normalise_date(text: str, ref: dt.date | None, prefer: Prefer = "nearest") -> DateRange | None:
    """The (start, end) dates `text` names, relative to `ref`; None if unknown.

    `prefer` settles a date without a year or a bare weekday: "past" for
    reports of what happened, "future" for plans, "nearest" otherwise.
    """
    if iso := re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text):
        try:
            days = [dt.date.fromisoformat(d) for d in iso[:2]]
        except ValueError:
            return None
        return (days[0], days[-1]) if days[-1] >= days[0] else None
    raw = text.lower().strip()
    if (
        ref is not None
        and raw.startswith(("in ", "after "))
        and (found := _relative(raw, ref, prefer))
    ):
        return found
    t = _clean(text)
    if not t or t.startswith(("since ", "until ", "till ", "before ", "after ")):
        return None
    if ref is not None and (found := _relative(t, ref, prefer)):
        return found
    mod: Modifier = None
    if (m := _MODIFIER.search(t)) and (rest := _MODIFIER.sub("", t).strip(" ,")):
        mod, t = (m[2], _SHIFT[m[1]]), _clean(rest)
    found = _absolute(t, ref, mod, prefer)
    if found is None and not re.fullmatch(r"[\d ,-]*", t):
        found = _dateparser(t, ref, prefer)
    return found


def _dateparser(text: str, ref: dt.date | None, prefer: Prefer) -> DateRange | None:
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "current_period" if prefer == "nearest" else prefer
    }
    if ref is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(ref, dt.time(12))
    elif not re.search(r"\d{4}", text):
        return None
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if data.period == "month":
        return dt.date(day.year, day.month, 1), _month_end(day.year, day.month)
    if data.period == "week":
        return _period("week", 0, day)
    return day, day


def event_time(
    text: str, ref: dt.date | None, prefer: Prefer = "nearest"
) -> tuple[dt.date | None, dt.date | None]:
    """`Event.time_start`, `Event.time_end` for `text`: end is None for one day."""
    found = normalise_date(text, ref, prefer)
    if found is None:
        return None, None
    return found[0], (found[1] if found[1] != found[0] else None)
