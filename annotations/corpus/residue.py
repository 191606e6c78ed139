"""Page residue: lines that belong to the web page around an article, not to it.

Each rule is a pattern over one whitespace-collapsed line, with the reason
shown to the analyst, how far the residue reaches, and the longest line (in
words) it may apply to, so that prose which merely mentions "comments" or
"subscribe" is never touched. Rules describe kinds of residue, not sites.

Reach:
- ``line``: only the matching line.
- ``list``: a heading of a list of links ("Top Stories", "Also read"); it takes
  the short lines that follow it, up to a blank line or a real paragraph.
- ``section``: a heading that starts a trailing section ("Legal Disclaimer:",
  "Comments"); it takes every following line up to a blank line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

Reach = Literal["line", "list", "section"]


@dataclass(frozen=True)
class Rule:
    """One kind of residue."""

    pattern: re.Pattern[str]
    reason: str
    reach: Reach = "line"
    max_words: int = 12
    # Words (lower case, whole \w+ tokens) of which every matching line holds at least
    # one: a cheap test that spares the search on most lines. Empty only for a pattern
    # anchored at ^ in every alternative: those are tested together first (see `match`).
    needles: frozenset[str] = frozenset()


def _rule(
    regex: str, reason: str, reach: Reach = "line", max_words: int = 12, needles: str = ""
) -> Rule:
    return Rule(re.compile(regex, re.I), reason, reach, max_words, frozenset(needles.split()))


_SHARE_WORDS = (
    r"share|tweet|print(?: this (?:page|article|story))?|e-?mail|facebook|twitter|x|whatsapp|"
    r"linkedin|telegram|reddit|pinterest|copy link|comment|comments|tell-a-friend|"
    r"socialtwist|save|bookmark|gift this article|listen|font size|a\+|a-"
)

RULES: tuple[Rule, ...] = (
    # error pages
    _rule(
        r"^(?:http\s+)?(?:4\d\d|5\d\d)(?:\s+(?:error|not found|forbidden|gone|"
        r"bad gateway|service unavailable|internal server error))?\W*$",
        "error page text",
    ),
    _rule(r"^(?:sorry|oops|whoops)\W*$", "error page text"),
    _rule(
        r"\b(?:page|article|content|story)\b.{0,40}\b(?:doesn'?t|does not|could not|"
        r"couldn'?t|can ?not|can'?t|no longer)\b.{0,20}\b(?:exist|be found|found|available)",
        "error page text",
        max_words=25,
        needles="page article content story",
    ),
    _rule(
        r"^(?:error!?\s*)?(?:page not found|not found|access denied|forbidden|"
        r"something went wrong)\b",
        "error page text",
    ),
    # comment boxes
    _rule(
        r"^(?:latest |user |reader |view |show |load |all )?comments?\s*(?:\(\d+\)|\d+)?\W*$",
        "comment box",
        "section",
    ),
    _rule(
        r"^(?:post|leave|add|write|submit) (?:a |your )?(?:comment|reply|review)\b", "comment box"
    ),
    _rule(
        r"^(?:no comments?(?: yet)?|comments? (?:not available|are closed|closed)|"
        r"be the first to comment|log ?in to (?:comment|reply)|join the (?:discussion|"
        r"conversation))\b",
        "comment box",
    ),
    # share and print widgets
    _rule(rf"^(?:(?:{_SHARE_WORDS})(?:\s+on\s+\w+)?\W*){{1,8}}$", "share or print widget"),
    _rule(
        r"\b(?:socialtwist|tell-a-friend|print this (?:page|article))\b",
        "share or print widget",
        needles="socialtwist tell print",
    ),
    _rule(r"^share (?:this|the) (?:article|story|page|post)\b", "share or print widget"),
    # lists of other headlines and navigation
    _rule(
        r"^(?:trending(?: now| topics| news| stories)?|top (?:stories|news|headlines)|"
        r"(?:most )?(?:read|popular|viewed|shared)(?: (?:stories|news|articles))?|"
        r"latest (?:news|stories|updates|videos)|editor'?s picks?|"
        r"more (?:\w+ ){0,2}(?:news|stories|cities|videos|articles|headlines)|"
        r"(?:related|recommended|similar|suggested) (?:news|stories|articles|posts|"
        r"videos|topics|content|reading)|"
        r"you (?:may|might) (?:also )?(?:like|be interested(?: in)?)|"
        r"(?:don'?t|do not) miss|recommended for you|city news|in (?:other|case you missed)"
        r"(?: news)?|also (?:read|see|watch)|read (?:also|more|next)|related|"
        r"more from \w+(?: \w+)?)"
        r"\W*$",
        "list of other headlines",
        "list",
        max_words=6,
    ),
    _rule(
        r"^(?:also read|read also|read more|read next|related|see also|must read|"
        r"also watch|watch|listen|recommended|suggested)\s*[:|>»\-–—]",
        "link to another story",
    ),
    _rule(
        r"^(?:[\w&'’.-]+(?: [\w&'’.-]+){0,2}\s*[|/•·]\s*){2,}[\w&'’.-]+(?: [\w&'’.-]+){0,2}$",
        "navigation menu",
    ),
    _rule(r"^more\s*(?:\.\.\.|…|»|>+)?\s*$", "navigation link"),
    _rule(
        r"^(?:home|menu|search|sections?|skip to (?:main )?content|back to top|"
        r"next (?:article|story)|previous (?:article|story)|click here|tap here|"
        r"view all|see all|show more|load more)\W*$|^click here\b|^(?:[\w&'’ -]{1,25}\s*"
        r"[>»›]\s*){1,6}[\w&'’ -]{1,40}$",
        "navigation link",
    ),
    # advertising and app prompts
    _rule(
        r"^(?:(?:advertisement|advertising|sponsored(?: content)?|ad|ads by \w+|"
        r"story continues below(?: this)? (?:advertisement|ad)|continue reading below|"
        r"scroll (?:down )?to continue(?: with content)?|promoted|partner content)\W*)+$",
        "advertising",
    ),
    _rule(
        r"\b(?:download|get) (?:the|our) (?:\w+ ){0,2}app\b",
        "app prompt",
        max_words=20,
        needles="download get",
    ),
    _rule(
        r"^(?:follow|join|like) us (?:on|at)\b|\bfollow (?:us|\w+) on (?:google news|"
        r"twitter|x|facebook|instagram|whatsapp|telegram)\b|\bjoin (?:our|the) \w*\s*"
        r"(?:whatsapp|telegram) (?:channel|group)\b",
        "social media prompt",
        max_words=25,
        needles="follow join like",
    ),
    # cookies, subscription, newsletter, paywall
    _rule(
        r"\b(?:we use|this (?:site|website) uses|uses) cookies\b|\bcookie (?:policy|settings|"
        r"preferences|consent)\b",
        "cookie prompt",
        max_words=60,
        needles="cookie cookies",
    ),
    _rule(
        r"^(?:accept|reject|allow|decline) (?:all )?(?:cookies)?\W*$|"
        r"^(?:i agree|got it|accept|ok)\W*$",
        "cookie prompt",
        max_words=60,
    ),
    _rule(
        r"\b(?:subscribe|subscription|subscriber|sign up|sign in|log in|"
        r"create (?:a |an )?(?:free )?account)\b.{0,80}\b(?:to (?:continue reading|read "
        r"(?:the|this|more|full)|access|unlock|get unlimited)|for (?:full|unlimited|free) "
        r"access)\b|^subscribe (?:now|today|here)\b|^already a "
        r"(?:subscriber|member)\b|\bfree articles? (?:left|remaining)\b|\breached your "
        r"(?:limit|free)\b",
        "subscription prompt",
        max_words=40,
        needles="subscribe subscription subscriber sign log create already free reached",
    ),
    _rule(
        r"^(?:subscribe|sign up|sign in|log ?in|register|subscribe now)\W*$", "subscription prompt"
    ),
    _rule(
        r"\bnewsletters?\b.{0,80}\b(?:sign up|subscribe|inbox|delivered|email)\b|"
        r"\b(?:sign up|subscribe) (?:for|to) (?:our|the) (?:\w+ ){0,3}newsletters?\b|"
        r"\bdelivered (?:straight |directly )?to your inbox\b|^enter your e-?mail",
        "newsletter prompt",
        max_words=40,
        needles="newsletter newsletters delivered enter",
    ),
    _rule(
        r"\bsupport (?:our|independent|quality) journalism\b|\bbecome a (?:member|"
        r"supporter|subscriber)\b|\bdonate (?:now|today)\b",
        "subscription prompt",
        max_words=40,
        needles="support become donate",
    ),
    # photo credits and captions
    _rule(
        r"^(?:\(?\s*)?(?:photo|image|picture|pic|video|graphic|illustration|file photo|"
        r"representative image|representational image|image source|image caption|"
        r"photo credit|image credit|credit|courtesy)s?\b\s*(?:credit\s*)?[:|/\-–—]",
        "photo credit or caption",
        max_words=25,
    ),
    _rule(
        r"^\(?\s*(?:file photo|representative image|representational (?:image|photo)|"
        r"photo for representation)\s*\)?\W*$",
        "photo credit or caption",
    ),
    _rule(
        r"\((?:photo|image|pic|picture)s?(?:\s+(?:credit|courtesy|source))?\s*:[^)]*\)\s*$",
        "photo credit or caption",
        max_words=25,
        needles="photo photos image images pic pics picture pictures",
    ),
    _rule(
        r"^(?:\w+\s+){0,3}(?:photo|photograph|pic)s?\s*(?:/|\||$)|"
        r"\b(?:getty images|afp via getty|reuters/[A-Z]|ap photo|shutterstock|istock)\b",
        "photo credit or caption",
        max_words=15,
        needles="photo photos photograph photographs pic pics getty afp reuters ap shutterstock "
        "istock",
    ),
    # bylines
    _rule(
        r"^(?:by|written by|reported by|edited by|posted by|author|authored by)\s*:?\s+"
        r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|bin|al|,))*\s*"
        r"(?:\s*[|/].{0,60}|\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?$",
        "byline",
        max_words=14,
    ),
    _rule(
        r"^(?:\d+|a|one|two|three|four|five)\s+min(?:ute)?s?\s+read\W*$|"
        r"^reading time\b.{0,20}$|^listen to (?:this )?(?:article|story)\b.{0,30}$",
        "reading-time widget",
    ),
    # legal boilerplate and footers
    _rule(r"^(?:legal )?disclaimer\s*:?", "legal disclaimer", "section", max_words=80),
    _rule(
        r"\bwithout warranty\b|\bdo(?:es)? not (?:accept|assume) (?:any )?(?:responsibility|"
        r"liability)\b|\bviews expressed\b.{0,80}\b(?:author|writer)s?\b|\bnot (?:been )?"
        r"edited by\b.{0,40}\bstaff\b|auto-generated from a syndicated feed",
        "legal disclaimer",
        max_words=60,
        needles="warranty responsibility liability expressed edited syndicated",
    ),
    _rule(r"^(?:©|\(c\)|copyright\b)", "copyright or site footer", max_words=30),
    _rule(
        r"\ball rights reserved\b|\bterms (?:of|and) (?:use|service|conditions)\b|"
        r"\bprivacy policy\b",
        "copyright or site footer",
        max_words=30,
        needles="rights terms privacy",
    ),
    _rule(
        r"^(?:our|editorial) (?:standards|ethics policy|code of conduct)\b|"
        r"^(?:about the author|about us|contact us|corrections?)\W*$",
        "publisher's policy or author note",
        "section",
    ),
    _rule(r"\btrust principles\b", "publisher's policy or author note", "section", needles="trust"),
    _rule(
        r"^(?:tags?|topics?|filed under|categories|category|keywords)\s*[:|]",
        "tags or topics list",
        max_words=40,
    ),
    _rule(
        r"^(?:first published|last updated|updated|published|posted)\s*(?:on|at)?\s*"
        r"[:\-–—]?\s*(?=.*\d).{0,50}$"
        r"|^(?:\w+\s+){0,2}(?:ago|hours? ago|minutes? ago)\W*$",
        "time stamp",
        max_words=10,
    ),
)

_LIMITS = sorted({rule.max_words for rule in RULES})
# For lines of up to `limit` words: one pattern for all anchored rules that apply, so
# that a line which starts like none of them costs one test, not one per rule.
_OPENINGS = {
    limit: re.compile(
        "|".join(
            f"(?:{r.pattern.pattern})" for r in RULES if not r.needles and r.max_words >= limit
        )
        or "(?!)",
        re.I,
    )
    for limit in _LIMITS
}
_WORD = re.compile(r"\w+")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\W*$")


def match(line: str, words: int) -> Rule | None:
    """The residue rule that `line` (whitespace-collapsed, non-empty) matches, if any."""
    at = bisect.bisect_left(_LIMITS, words)
    if at == len(_LIMITS):
        return None
    opening = _OPENINGS[_LIMITS[at]].match(line) is not None
    tokens: set[str] | None = None
    for rule in RULES:
        if words > rule.max_words:
            continue
        if rule.needles:
            tokens = set(_WORD.findall(line.lower())) if tokens is None else tokens
            if rule.needles.isdisjoint(tokens):
                continue
        elif not opening:
            continue
        if rule.pattern.search(line):
            return rule
    return None


def is_truncated_headline(line: str, words: int) -> bool:
    """A short line cut off with "..." (how sites list other headlines)."""
    return words <= 14 and bool(_TRUNCATED.search(line))
