"""Lines that recur across pages of one site: the page furniture no single page shows.

A menu, a share prompt, a section name or a site's sign-off looks like any short
line on one page; on the site's other pages it comes back word for word, while an
article's own lines do not. An ingest gathers the short lines (`repeats.key` of the
`clean.furniture_shaped` ones) of every page of each of its sites, the new ones and
those already stored, and cleans each new page again with the lines that another
page of its site carries too (`clean(..., site=...)`, which decides which of them may
go). Stored articles are never cleaned again: the analyst's offsets point into their
text.

A page's site is the host of its URL, else its publisher, else the folder (or
JSONL file) it was read from: scraped pages of one site usually sit together.
Copies of one story (the same `duplicate_of` group) are one page here, so a story
scraped twice does not lose its subheadings to its own copy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Set
from urllib.parse import urlsplit

from annotations.corpus.clean import furniture_shaped
from annotations.corpus.ingest import build_article
from annotations.corpus.readers import JSONL_SUFFIXES, Record
from annotations.corpus.repeats import key
from annotations.models import Article

# the origin of a JSON or JSONL record: "path:number"
_SUFFIXES = "|".join(re.escape(suffix) for suffix in sorted(JSONL_SUFFIXES))
_JSONL_LINE = re.compile(rf"(.+(?:{_SUFFIXES})):\d+", re.IGNORECASE)


def site_of(article: Article) -> str:
    """The site an article was published on, as well as it is known (see the module)."""
    meta = article.meta
    try:
        host = urlsplit(meta.url).hostname if meta.url else None
    except ValueError:  # a malformed URL names no host
        host = None
    if host:
        return "host:" + host.removeprefix("www.")
    if meta.publisher:
        return "publisher:" + meta.publisher.casefold()
    jsonl = _JSONL_LINE.fullmatch(article.origin)
    return "file:" + jsonl[1] if jsonl else "folder:" + os.path.dirname(article.origin)


def _keys(raw: str) -> set[str]:
    """The keys of the page's lines that cleaning may find to be furniture."""
    return {key(line) for line in raw.split("\n") if furniture_shaped(line)} - {""}


class SiteLines:
    """For each site, each gathered line's page group, or None once two groups hold it."""

    def __init__(self, sites: Set[str] | None = None) -> None:
        """Gather the lines of `sites` only (an ingest's: a stored page of another site
        costs no more than finding its site), or of every site."""
        self._only = sites
        self._sites: dict[str, dict[str, str | None]] = {}

    def add(self, article: Article) -> None:
        """Count the article's lines as its site's, under its copy group."""
        site = site_of(article)
        if self._only is not None and site not in self._only:
            return
        lines = self._sites.setdefault(site, {})
        group = article.duplicate_of or article.id
        for k in _keys(article.raw):
            if lines.setdefault(k, group) != group:
                lines[k] = None

    def elsewhere(self, article: Article) -> frozenset[str]:
        """The keys of the gathered lines of the article's body that a page of another group
        of its site holds, in its body or among its removed lines (only a kept line can
        go; the article itself must have been added)."""
        lines = self._sites.get(site_of(article), {})
        group = article.duplicate_of or article.id
        return frozenset(k for k in _keys(article.text) if lines.get(k, group) != group)


def clean_across(new: list[tuple[Article, Record]], index: SiteLines) -> list[Article]:
    """Each new article, built again from its record given its site's other pages (those
    `index` holds already, e.g. the stored ones, and the rest of `new`) when they show
    it some furniture. Call it once `duplicate_of` is set; a page that its site's lines
    would empty stays as it was."""
    for article, _ in new:
        index.add(article)
    out = []
    for article, record in new:
        site = index.elsewhere(article)
        again = build_article(record.raw, record.origin, record.hint, site) if site else None
        if isinstance(again, Article) and again.text != article.text:
            out.append(again.model_copy(update={"duplicate_of": article.duplicate_of}))
        else:
            out.append(article)
    return out
