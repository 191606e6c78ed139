"""Metadata found in the text itself: scraper prefixes, datelines, cited agencies, titles.

Everything here reads a string and returns what it found; deciding what to
remove from the body is `clean`'s job.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from annotations.corpus.dates import parse_date

# " date 2025-11-29 " glued in front of the text by some scrapers.
_SCRAPER_PREFIX = re.compile(
    r"^\s*(?:date|published|pubdate|publish_date|date_publish)\s*[:=]?\s*"
    r"(?P<date>(?:19|20)\d{2}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)(?=\s)\s+",
    re.I,
)
# "Title: ...", "URL: ..." header lines of scraper dumps.
_FIELD_LINE = re.compile(
    r"^\s*(?P<key>title|headline|date|published|url|link|source|author|byline|publisher)"
    r"\s*:\s*(?P<value>\S.{0,300})$",
    re.I,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
# "New Delhi [India], November 29 :", "MOSCOW, Dec 4 (Reuters) -", "NEW DELHI:", "KYIV —"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})(?:\s*\[(?P<country>[^\]]{{2,30}})\])?"
    rf"(?:\s*,\s*(?P<when>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:\s*,\s*\d{{4}})?)?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w&-]{1,11})\))?\s*(?P<sep>[:\-–—|])\s+(?=\S)",
    re.I,
)
# "MOSCOW, November 12. /TASS/."
_SLASH_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})\s*,\s*(?P<when>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})\.?\s*"
    r"/(?P<agency>[A-Za-z][\w&-]{1,11})/\.?\s+(?=\S)",
    re.I,
)
_LEAD_AGENCY = re.compile(r"^\((?P<agency>[A-Z][A-Za-z&-]{1,11})\)\s*[:\-–—]?\s*")
_TRAILING_AGENCY = re.compile(r"[.!?\"”’]\s*\((?P<agency>[A-Z][A-Za-z&-]{1,11})\)\s*$")
_INPUTS_FROM = re.compile(
    r"^\(?\s*(?:with\s+)?(?:inputs?|reporting|additional reporting)\s+(?:from|by)\s+"
    r"(?P<agency>[A-Z][\w&.-]*(?:\s*(?:,|and|&)\s*[A-Z][\w&.-]*){0,3})\s*\)?\W*$",
    re.I,
)
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:with )?inputs? from|(?:additional )?reporting by|writing by|editing by|"
    r"compiled by|source:|courtesy:)|^\((?:[A-Z][\w&-]{1,11})\)$|^[-–—]\s*[A-Z][\w&-]{1,11}$",
    re.I,
)
_SOURCE_LINE = re.compile(
    r"^\(?\s*(?:[Ss]ource|[Cc]ourtesy)\s*:\s*(?P<agency>[A-Z][\w&. -]{1,30})\)?$"
)
_KICKER = re.compile(r"^(?P<kicker>[A-Z0-9][^.:!?\n]{2,60}?)\s*:\s+(?=[A-Z\"“‘'])")
_GENERIC_KICKERS = {
    "breaking", "breaking news", "exclusive", "watch", "update", "updates", "opinion",
    "analysis", "live", "explained", "video", "photos", "editorial", "read", "also read",
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|St|Jr|Sr|No|Vol|U\.S|U\.K|Jan|Feb|Mar|"
    r"Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$"
)


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of the lead paragraph."""

    end: int  # length of the dateline prefix in the paragraph
    place: str
    agency: str | None


def scraper_prefix(text: str) -> tuple[int, dt.date | None] | None:
    """Length and date of a " date 2025-11-29 " prefix at the start of `text`."""
    m = _SCRAPER_PREFIX.match(text)
    if not m:
        return None
    return m.end(), parse_date(m["date"])


def field_line(line: str) -> tuple[str, str] | None:
    """("title", "...") for a "Title: ..." header line of a scraper dump."""
    m = _FIELD_LINE.match(line)
    return (m["key"].lower(), m["value"].strip()) if m else None


def dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a lead paragraph, e.g. "New Delhi [India], November 29 :"."""
    m = _DATELINE.match(paragraph) or _SLASH_DATELINE.match(paragraph)
    if not m:
        return None
    place = m["place"]
    groups = m.groupdict()
    has_marker = groups.get("country") or m["when"] or m["agency"]
    if not has_marker and not (place.isupper() and len(place) >= 3):
        return None  # "Putin's India Visit:" is a kicker, not a place
    if groups.get("sep") == "|" and not has_marker:
        return None
    return Dateline(m.end(), place.title() if place.isupper() else place, m["agency"])


def lead_agency(paragraph: str) -> str | None:
    """ "(MENAFN) Russia's ..." -> "MENAFN"."""
    m = _LEAD_AGENCY.match(paragraph)
    return m["agency"] if m else None


def closing_agency(paragraph: str) -> str | None:
    """The agency credited at the end of a paragraph or on a credit line:
    '... issues." (ANI)', "(With inputs from ANI )", "Source: TASS"."""
    for pattern in (_INPUTS_FROM, _TRAILING_AGENCY, _SOURCE_LINE):
        m = pattern.search(paragraph)
        if m:
            return m["agency"].strip()
    return None


def kicker(paragraph: str) -> str | None:
    """A headline-like label glued before the lead: "Putin's India Visit: The 22nd ..."."""
    m = _KICKER.match(paragraph)
    if not m:
        return None
    label = m["kicker"].strip()
    words = label.split()
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    if label.lower() in _GENERIC_KICKERS or not 2 <= len(words) <= 8:
        return None
    if capitalised * 2 < len(words) or dateline(paragraph):
        return None
    return label


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph (abbreviation-aware)."""
    for m in _SENTENCE_END.finditer(paragraph):
        head = paragraph[: m.start() + 1].rstrip('"”’)')
        if not _ABBREVIATIONS.search(head.rstrip()):
            return paragraph[: m.start() + 1].strip()
    return paragraph.strip()


def shorten(text: str, limit: int = 100) -> str:
    """`text` cut at a word boundary to at most about `limit` characters, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def title_from_lead(paragraph: str) -> str:
    """A title for a page without a headline: the lead sentence, without its dateline."""
    found = dateline(paragraph)
    text = paragraph[found.end :] if found else paragraph
    agency = _LEAD_AGENCY.match(text)
    if agency:
        text = text[agency.end() :]
    label = kicker(text)
    if label:
        return label
    return shorten(first_sentence(text).rstrip(" ."))


_CONTENT = re.compile(r"[^\W\d_]{3,}")  # words of three letters or more
LEAD_WORDS = 300  # how much of the article's start a headline is checked against


def content_words(text: str, stop: frozenset[str]) -> set[str]:
    """The lower-cased words of three letters or more of `text` that are not in `stop`."""
    return {w for w in map(str.lower, _CONTENT.findall(text)) if w not in stop}


def echo(line: str, lead: AbstractSet[str], stop: frozenset[str]) -> tuple[int, float]:
    """How much of a headline candidate the article's lead repeats: the number of its content
    words found in `lead` (`content_words` of the lead), and their share of its own."""
    own = content_words(line, stop)
    shared = len(own & lead)
    return shared, shared / len(own) if own else 0.0
