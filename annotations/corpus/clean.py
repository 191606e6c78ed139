"""Text-level cleaning of a scraped page: body, metadata, and every removed block.

The page is read line by line. Each line is blank, residue (a rule in
`residue`), a date stamp, a real paragraph ("good": long, ends like a
sentence) or a short line. The first and last good lines split the page into
a header (headline, page date, share widgets), the body, and a tail (comments,
lists of other headlines). Short lines inside the body are kept; in the header
and tail they go only when context says they are page furniture. Repeated
paragraphs go last. Recall first: a line no rule explains stays.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field

from annotations.corpus import blocks, residue
from annotations.corpus import metadata as md
from annotations.corpus.dates import DateLine, date_line, parse_date
from annotations.corpus.repeats import find_repeats, key
from annotations.corpus.restore import assemble
from annotations.models import ArticleMeta, Cleaned, RemovedBlock

_TERMINAL = re.compile(r"[.!?\"'”’)»]$")

HEADLINE = "headline (kept as the title)"
PAGE_HEADER = "page header before the headline"
PAGE_DATE = "page date (print or crawl date, kept as metadata)"
DATE_LINE = "date line (kept as metadata)"
UPDATED = "update time stamp"
PREFIX = "scraper metadata prefix (kept as metadata)"
FIELD = "scraper metadata field (kept as metadata)"
NAV_MENU = "navigation menu"
HEADLINE_LIST = "list of other headlines"
TAIL = "links or navigation after the article"
SITE_FURNITURE = "repeated on other pages of the same site"
SITE_MAX_WORDS = 25  # a line this long is a paragraph, whatever other pages hold
SITE_SENTENCE_WORDS = 4  # a sentence this long stays too (a quote, a background line)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str = ""
    words: int = 0
    rule: residue.Rule | None = None
    date: DateLine | None = None
    good: bool = False
    truncated: bool = False
    reason: str | None = None  # set when removed
    opened_by: int | None = None  # the heading line whose section took this line, if any

    def __post_init__(self) -> None:
        self.words = len(self.text.split())

    @property
    def blank(self) -> bool:
        return self.words == 0

    @property
    def kept(self) -> bool:
        return self.reason is None and not self.blank


@dataclass
class _Found:
    title: str | None = None
    headline: _Line | None = None
    date: dt.date | None = None
    page_dates: list[DateLine] = field(default_factory=list)
    dates: list[DateLine] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def _split(raw: str) -> list[_Line]:
    lines, pos = [], 0
    for part in raw.split("\n"):
        lines.append(_Line(pos, pos + len(part), " ".join(part.split())))
        pos += len(part) + 1
    return lines


@functools.lru_cache(maxsize=1 << 16)
def _evidence(text: str, words: int) -> tuple[DateLine | None, residue.Rule | None, bool]:
    """What the date and residue rules say about a line (cached: passes repeat)."""
    return (
        date_line(text),
        residue.match(text, words),
        residue.is_truncated_headline(text, words),
    )


def _classify(line: _Line) -> None:
    if line.blank:
        return
    line.date, line.rule, line.truncated = _evidence(line.text, line.words)
    sentence = bool(_TERMINAL.search(line.text)) and not line.truncated
    line.good = not (line.rule or line.date) and (
        (line.words >= 10 and sentence) or line.words >= 25
    )


def _strip_prefixes(
    raw: str, lines: list[_Line], found: _Found, removed: list[tuple[int, int, str]]
) -> None:
    """A " date 2025-11-29 " prefix and "Title: ..." field lines at the top."""
    first = next((ln for ln in lines if not ln.blank), None)
    if first is None:
        return
    prefix = md.scraper_prefix(raw[first.start : first.end])
    if prefix:
        length, found.date = prefix
        removed.append((first.start, first.start + length, PREFIX))
        first.start += length
        first.text = " ".join(raw[first.start : first.end].split())
        first.__post_init__()
    for line in lines:
        if line.blank:
            continue
        pair = md.field_line(line.text)
        if pair is None:
            break
        found.fields.setdefault(pair[0], pair[1])
        line.reason = FIELD


def _reach(lines: list[_Line], wrapped: Set[int]) -> None:
    """Residue rules that take the lines after them (list and section headings).

    A section ends at a blank line or at a real paragraph that starts a new
    sentence: pages scraped without blank lines must not lose all that follows
    a "Comments" link. The first line of a hard-wrapped paragraph (`wrapped`: the
    next line continues it) of 10+ words starting a sentence is such a paragraph,
    though it does not end like one: an "Our standards" link above a wrapped
    article must not take the article.
    """
    for i, line in enumerate(lines):
        if not line.kept or not line.rule or line.rule.reach == "line":
            continue
        for k, nxt in enumerate(lines[i + 1 :], start=i + 1):
            if nxt.blank or (line.rule.reach == "list" and (nxt.good or nxt.words > 20)):
                break
            paragraph = nxt.good or (k in wrapped and nxt.words >= 10)
            if paragraph and not nxt.text[:1].islower():
                break  # a new paragraph, not a hard-wrapped line of the section
            if nxt.reason is None:
                nxt.reason, nxt.opened_by = line.rule.reason, i


def _wrapped(lines: list[_Line]) -> set[int]:
    """The indices of the lines of hard-wrapped prose: a line the next non-blank line
    continues (it starts in lower case), and that next line. Neither is a headline;
    without this, Readability's test pages lose a paragraph line to the title."""
    text = [i for i, ln in enumerate(lines) if not ln.blank]
    pairs = [(a, b) for a, b in itertools.pairwise(text) if lines[b].text[:1].islower()]
    return {i for pair in pairs for i in pair}


ECHO_WORDS = 2  # a headline shares at least this many content words with the lead
ECHO_SHARE = 0.5  # and at least this share of its own


def _pick_headline(
    header: list[_Line],
    hint_title: str | None,
    wrapped: Set[int] = frozenset(),
    lead: Set[str] = frozenset(),
) -> _Line | None:
    """The headline among `header`, the lines of a scraped page before its first real
    paragraph (`wrapped` indexes them, `_wrapped`). A headline is what the article goes on
    to tell: of the header lines whose content words the lead (`lead`, `md.content_words`
    of the article's first LEAD_WORDS words) repeats, ECHO_WORDS of them and ECHO_SHARE of
    the line at least, the one that shares the most (then the greater share, then the
    later line); a line ending with a full stop (a caption) is not one. Without such a
    line, the first header line of 5+ words that does not end like a sentence. On the
    Readability train pages whose text holds a right title, this took right titles from
    0.339 to 0.518 (bench/bench_meta.py)."""
    candidates = [(i, ln) for i, ln in enumerate(header) if ln.kept and not ln.rule and not ln.date]
    if hint_title:
        wanted = key(hint_title)
        return next((ln for _, ln in candidates if key(ln.text) == wanted), None)
    echoed = []
    for i, ln in enumerate(header):
        # a headline a residue heading's section took (`_reach`) is still the headline
        taken = ln.kept or (ln.opened_by is not None and not ln.blank)
        if (
            not taken
            or ln.rule
            or ln.date
            or ln.words > 30
            or i in wrapped
            or ln.text.endswith(".")
        ):
            continue
        shared, share = md.echo(ln.text, lead, blocks.STOP_WORDS)
        if shared >= ECHO_WORDS and share >= ECHO_SHARE:
            echoed.append((shared, share, i, ln))
    if echoed:
        return max(echoed, key=lambda t: t[:3])[3]
    usable = [
        ln
        for i, ln in candidates
        if 3 <= ln.words <= 30 and not ln.text.endswith(":") and i not in wrapped
    ]
    for ln in usable:
        if ln.words >= 5 and not ln.text.endswith("."):
            return ln
    return usable[-1] if usable else None


def _header(
    header: list[_Line],
    found: _Found,
    hint_title: str | None,
    wrapped: Set[int] = frozenset(),
    scraped: bool = True,
    lead: Set[str] = frozenset(),
) -> None:
    """The headline, and what stands before it. `scraped` is False for a text that
    shows no page residue at all (no residue rule, date line, field line or scraper's
    date prefix): a cleaned body, or an article saved as text. Its first line is then
    the article's, not a headline to take out: the title is made from it (`_meta`),
    and cleaning a body again never takes its first line (recall first)."""
    found.headline = _pick_headline(header, hint_title, wrapped, lead) if scraped else None
    before = True
    for line in header:
        if line is found.headline:
            line.reason, before = HEADLINE, False
        elif not line.kept:
            continue
        elif found.headline is not None and key(line.text) == key(found.headline.text):
            line.reason = HEADLINE  # the page names its headline twice
        elif before and found.headline is not None:
            if line.date:
                found.page_dates.append(line.date)
                line.reason = PAGE_DATE
            else:
                line.reason = line.rule.reason if line.rule else PAGE_HEADER
        else:
            _body_line(line, found)
    if found.headline is None:
        _menus(header)


def _menus(header: list[_Line]) -> None:
    """Without a headline, a run of three or more tiny lines in the header is a menu.

    Only in a header that also holds page residue (a line a residue rule removed):
    tiny lines alone may be the article's own subheadings or a list, so they stay
    (recall first). This also keeps cleaning idempotent: every residue line is
    removed, so a cleaned body never holds the evidence and a second pass never
    takes a run the first pass kept (whether it kept it for lack of residue, because
    a removed line split the run, or because a headline stood before it).
    """
    if not any(line.rule for line in header if not line.blank):
        return
    run: list[_Line] = []
    for line in [*header, None]:
        if line is not None and line.blank:
            continue
        if line is not None and line.kept and line.words <= 3:
            run.append(line)
            continue
        if len(run) >= 3:
            for item in run:
                item.reason = NAV_MENU
        run = []


def _body_line(line: _Line, found: _Found) -> None:
    if not line.kept:
        return
    if line.date:
        found.dates.append(line.date)
        line.reason = UPDATED if line.date.updated else DATE_LINE
    elif line.rule:
        line.reason = line.rule.reason


def _tail(tail: list[_Line], found: _Found) -> None:
    """After the last real paragraph: keep sentence-like lines until the first residue."""
    seen_residue = False
    unsure: set[int] = set()
    for i, line in enumerate(tail):
        if not line.kept:
            seen_residue = seen_residue or line.reason is not None
            continue
        if line.rule or line.date:
            _body_line(line, found)
            seen_residue = True
        elif line.truncated:
            line.reason, seen_residue = HEADLINE_LIST, True
        elif seen_residue:
            line.reason = TAIL
        elif not (_TERMINAL.search(line.text) or md.CREDIT_LINE.search(line.text)):
            line.reason = TAIL
            unsure.add(i)
    for i in sorted(unsure, reverse=True):  # hard-wrapped prose: next line continues it
        if i + 1 < len(tail) and tail[i + 1].kept and tail[i + 1].text[:1].islower():
            tail[i].reason = None


def _truncated_runs(body: list[_Line]) -> None:
    kept = [ln for ln in body if ln.kept]
    for a, b in itertools.pairwise(kept):
        if a.truncated and b.truncated:
            a.reason = b.reason = HEADLINE_LIST


_METADATA = {HEADLINE, PAGE_DATE, DATE_LINE, UPDATED, FIELD}
_CONTEXT = {NAV_MENU, HEADLINE_LIST, TAIL}
_HEADER = {HEADLINE, PAGE_HEADER, PAGE_DATE}


def _weigh(lines: list[_Line], first: int, m: blocks.Model | None = None) -> None:
    """The classifier has the last word on every line that is not metadata.

    A line removed only by where it stands (after the article, in a run of tiny
    lines or of cut-off headlines, in the section that a heading in the page header
    such as a "Comments" counter opens) comes back when the classifier is sure it is
    article text: position is evidence, not a veto. A line that matches a residue
    rule itself, or that a heading after the first real paragraph takes with it (a
    disclaimer, the comment thread), stays removed. `first` is the index of the
    first real paragraph. A line the rules
    kept goes when the classifier and the article region say it is page
    furniture, with the strongest feature as the reason, unless it is a full sentence
    (`_sentence`) or stands between two of them: a subheading of a tiny page is not
    removed because the page's few paragraphs scored low (bench/clean_gold's
    blog_subheads pins it; out of fold on TRAIN this costs nothing).
    """
    m = m or blocks.model()
    scored = [ln for ln in lines if not ln.blank and ln.reason not in _METADATA]
    if not scored:
        return
    known = [(ln.rule is not None, ln.date is not None, ln.truncated) for ln in scored]
    page = blocks.scores([ln.text for ln in scored], known)
    probabilities = page.probabilities
    keep = blocks.select(probabilities, [blocks.weight(ln.text) for ln in scored], m)
    if not any(k for line, k in zip(scored, keep, strict=True) if line.reason is None):
        return  # recall first: the classifier never removes all the rules left
    # a full sentence the rules kept stays (see `_sentence`), and so does a line between two
    # of them (a subheading, a list item or a caption of the article)
    held = [line.reason is None and _sentence(line) for line in scored]
    between = [0 < i < len(held) - 1 and held[i - 1] and held[i + 1] for i in range(len(held))]
    for i, (line, p, kept) in enumerate(zip(scored, probabilities, keep, strict=True)):
        # removed for where it stands: in a tail or run, or in a section whose heading is in
        # the page header (a "Comments 87" counter link above the article, not the thread)
        header_section = line.opened_by is not None and line.opened_by < first
        placed = line.reason in _CONTEXT or header_section
        if placed and line.rule is None and p >= m.rescue:
            line.reason = None
        elif line.reason is None and not kept and not (held[i] or between[i]):
            line.reason = page.reason(i)


_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
SENTENCE_WORDS = 12


def _sentence(line: _Line) -> bool:
    """A full sentence of prose (12+ words, closing punctuation) that no rule matched: the
    classifier alone never removes one (recall first). On the Readability train pages this
    costs 0.002 F1 (P 0.831 -> 0.828, R 0.962 -> 0.963) and keeps a lead sentence that the
    page around it made look like furniture (and that a second cleaning then lost)."""
    return (
        line.rule is None
        and line.words >= SENTENCE_WORDS
        and bool(_SENTENCE_END.search(line.text.rstrip()))
    )


def _blocks(raw: str, spans: list[tuple[int, int, str]]) -> list[RemovedBlock]:
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(s for s in spans if s[1] > s[0]):
        if merged and merged[-1][2] == reason and not raw[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end), reason)
        else:
            merged.append((start, end, reason))
    return [RemovedBlock(start=s, end=e, reason=r, text=raw[s:e]) for s, e, r in merged]


def _meta(lines: list[_Line], found: _Found, hint: ArticleMeta | None) -> ArticleMeta:
    kept = [ln for ln in lines if ln.kept]
    lead = kept[0].text if kept else ""
    fields = found.fields
    title = fields.get("title") or fields.get("headline")
    if found.headline is not None:
        title = found.headline.text
    if not title and lead:
        title = md.title_from_lead(lead)
    date = found.date or parse_date(fields.get("date") or fields.get("published"))
    published = [d for d in found.dates if not d.updated]
    page_date = found.page_dates[0].date if found.page_dates else None
    if date is None and published:
        date = published[0].date
    if date is None and found.page_dates and not found.page_dates[0].weekday:
        date, page_date = found.page_dates[0].date, None
    line_dateline = md.dateline(lead) if lead else None
    place = next((d.place for d in found.dates if d.place), None)
    source = md.lead_agency(lead) or (line_dateline.agency if line_dateline else None)
    for line in reversed(kept[-3:]):
        source = source or md.closing_agency(line.text)
    guessed = ArticleMeta(
        title=title or "",
        date=date,
        dateline=place or (line_dateline.place if line_dateline else None),
        source=source or fields.get("source"),
        page_date=page_date,
        url=fields.get("url") or fields.get("link"),
        publisher=fields.get("publisher"),
    )
    if hint is None:
        return guessed
    given = {k: v for k, v in hint.model_dump().items() if v not in (None, "")}
    return guessed.model_copy(update=given)


def furniture_shaped(text: str) -> bool:
    """Whether other pages of the site carrying `text` may show it to be furniture: it is
    no paragraph (under SITE_MAX_WORDS words) and no sentence of SITE_SENTENCE_WORDS or
    more (a wire story's background line recurs in its follow-ups, and so may a quote).
    Every real paragraph (`_classify`'s good line) fails it."""
    words = len(text.split())
    return 0 < words < SITE_MAX_WORDS and not (
        words >= SITE_SENTENCE_WORDS and _TERMINAL.search(text.rstrip())
    )


def _site_furniture(lines: list[_Line], site: Set[str], wrapped: Set[int], found: _Found) -> None:
    """Remove the kept, `furniture_shaped` lines that other pages of the page's site carry
    too (`site` holds their keys, `repeats.key`): menus, share prompts, section names, a
    site's sign-off. Recall first: a line of hard-wrapped prose stays whatever other pages
    hold, and so does the first line of a page without a headline, which its title is
    made from (`_meta`)."""
    titled = found.headline is None
    for i, line in enumerate(lines):
        if line.kept and titled:
            titled = False
        elif (
            line.kept
            and furniture_shaped(line.text)
            and i not in wrapped
            and key(line.text) in site
        ):
            line.reason = SITE_FURNITURE


def _clean_once(
    raw: str, hint: ArticleMeta | None, site: Set[str] = frozenset()
) -> tuple[list[RemovedBlock], Callable[[], ArticleMeta]]:
    """One pass of the rules and the classifier over `raw`: the removed blocks, and how
    to get the metadata (only the first pass needs it). `site`: see `_site_furniture`."""
    lines = _split(raw)
    found = _Found()
    spans: list[tuple[int, int, str]] = []
    _strip_prefixes(raw, lines, found, spans)
    for line in lines:
        _classify(line)
    wrapped = _wrapped(lines)
    _reach(lines, wrapped)
    good = [i for i, ln in enumerate(lines) if ln.kept and ln.good]
    first = good[0] if good else len(lines)
    if good:
        last = good[-1]
        scraped = bool(spans) or any(ln.rule or ln.date or ln.reason for ln in lines)
        lead = md.content_words(_lead_text(lines[first:]), blocks.STOP_WORDS)
        _header(lines[:first], found, hint.title if hint else None, wrapped, scraped, lead)
        for line in lines[first : last + 1]:
            _body_line(line, found)
        _truncated_runs(lines[first : last + 1])
        _tail(lines[last + 1 :], found)
    else:
        for line in lines:
            _body_line(line, found)
    _weigh(lines, first)
    if site:
        _site_furniture(lines, site, wrapped, found)
    prose = [ln for ln in lines if ln.kept and not ln.rule and not ln.date]
    for index, reason in find_repeats([ln.text for ln in prose]).items():
        prose[index].reason = reason  # after the classifier: the kept copy is in the article
    spans += [(ln.start, ln.end, ln.reason) for ln in lines if ln.reason and not ln.blank]
    return _blocks(raw, spans), lambda: _meta(lines, found, hint)


def _lead_text(lines: list[_Line]) -> str:
    """The article's start: its first LEAD_WORDS words of prose, a line at a time."""
    parts, count = [], 0
    for line in lines:
        if line.kept and not line.rule and not line.date:
            parts.append(line.text)
            count += line.words
            if count >= md.LEAD_WORDS:
                break
    return " ".join(parts)


def _lift(raw: str, first: Cleaned, again: list[RemovedBlock]) -> list[tuple[int, int, str]]:
    """The blocks a pass over `first.body` removed, as spans of `raw` (one per line)."""
    _, where = assemble(raw, first.removed, with_map=True)
    spans = []
    for block in again:
        pos = block.start
        for piece in first.body[block.start : block.end].split("\n"):
            lo, hi = pos, pos + len(piece)
            pos = hi + 1
            while lo < hi and where[lo] < 0:
                lo += 1
            while hi > lo and where[hi - 1] < 0:
                hi -= 1
            if lo < hi:
                spans.append((where[lo], where[hi - 1] + 1, block.reason))
    return spans


def clean_text(raw: str, hint: ArticleMeta | None = None, site: Set[str] = frozenset()) -> Cleaned:
    """Clean `raw` (decoded, newline-normalised); may raise on a bug, unlike `clean`.

    The classifier sees each line's neighbours, so a line can look different once
    residue around it is gone; passes repeat over the body (at most three times)
    until cleaning the body removes nothing more. With the headline taken out of
    scraped pages only (`_header`: a body shows no page residue), that makes `clean`
    idempotent on its own body, given with its metadata or not.
    """
    removed, meta = _clean_once(raw, hint, site)
    result = Cleaned(body=assemble(raw, removed)[0], meta=meta(), removed=removed)
    for _ in range(3):
        # the title was chosen on the page, not on its body: a pass never moves it
        again = [b for b in _clean_once(result.body, hint, site)[0] if b.reason not in _HEADER]
        if not again:
            break
        old = [(b.start, b.end, b.reason) for b in result.removed]
        removed = _blocks(raw, old + _lift(raw, result, again))
        result = Cleaned(body=assemble(raw, removed)[0], meta=result.meta, removed=removed)
    return result


def clean(raw: str, hint: ArticleMeta | None = None, site: Set[str] = frozenset()) -> Cleaned:
    """Clean a scraped page: body text, metadata, and the removed blocks with reasons.

    `raw` is decoded, newline-normalised and control-neutralised; `hint` holds
    metadata already known (HTML or JSONL fields) and wins over guesses. Never
    raises: on an internal error the whole text is kept as the body.
    """
    try:
        return clean_text(raw, hint, site)
    except Exception:  # recall first: a bug must never lose or block an article
        return Cleaned(
            body="\n".join(" ".join(p.split()) for p in raw.split("\n")).strip(),
            meta=hint or ArticleMeta(),
        )
