"""Public development pages for the cleaner: page text one line per block, gold words, labels.

Shared by bench/build_clean_data.py (which writes /work/data/clean/) and
bench/bench_clean.py and bench/train_clean.py (which read it). Nothing here is
imported by the package.

- `page_lines` turns a whole HTML page into plain text the way a scraper that
  does not know where the article is does: one line per block element, keeping
  menus, comment threads, related lists, cookie prompts and footers (like the
  samples in seeds/); only script/style/template content is dropped.
- `label_lines` marks each line article (1) or residue (0) by its overlap with
  the gold article's words: a line whose word trigrams (or, for short lines,
  words) are mostly found in the gold text is article.
- `split_of` puts a page in train or dev by a hash of its SITE, so that pages of
  one site never sit on both sides. trafilatura's evaluation pages are train
  pages, except those of a site that has dev pages (`domain_site`: aclu, bbc,
  nytimes), which `load` leaves out altogether. The resulting split is listed
  in bench/clean_split.txt, and `load` refuses data that disagrees with it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html

DATA = Path("/work/data/clean")
PAGES = DATA / "pages.jsonl"
WORD = re.compile(r"\w+")
# The pages are decoded text already: parse their UTF-8 bytes as UTF-8, whatever a
# <meta charset> says (else a page without one, or with a wrong one, turns into mojibake).
UTF8 = lxml.html.HTMLParser(encoding="utf-8")

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "center",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "option", "p", "pre", "section", "select", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip


def page_lines(html: str) -> list[str]:
    """The visible text of an HTML page, one line per block element, empty lines dropped."""
    try:
        root = lxml.html.fromstring(html.encode("utf-8", "replace"), parser=UTF8)
    except (ValueError, lxml.etree.ParserError):
        return []
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.lower() in _SKIP or not tag:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag.lower() in _BLOCK
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def label_lines(lines: list[str], gold: str) -> list[int]:
    """1 for a line whose words are mostly in the gold article, else 0."""
    gold_words = words(gold)
    unigrams = set(gold_words)
    trigrams = set(zip(gold_words, gold_words[1:], gold_words[2:], strict=False))
    labels = []
    for line in lines:
        ws = words(line)
        if not ws:
            labels.append(0)
            continue
        if len(ws) >= 5:
            grams = list(zip(ws, ws[1:], ws[2:], strict=False))
            share = sum(g in trigrams for g in grams) / len(grams)
        else:
            share = sum(w in unigrams for w in ws) / len(ws) if trigrams else 0.0
            share = share if _in_order(ws, gold_words) else 0.0
        labels.append(int(share >= 0.5))
    return labels


def _in_order(ws: list[str], gold_words: list[str]) -> bool:
    """A short line counts only if it appears as a contiguous run in the gold."""
    text = " " + " ".join(gold_words) + " "
    return f" {' '.join(ws)} " in text


def site_of(name: str) -> str:
    return re.sub(r"[-_.]?\d+$", "", name)


def split_of(site: str, dev_share: float = 0.35) -> str:
    bucket = int(hashlib.sha1(site.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "dev" if bucket < dev_share else "train"


def domain_site(name: str) -> str:
    """The site of a trafilatura evaluation page, as Readability names its sites:
    "trafilatura-www.bbc.com.52241221.html" -> "bbc"."""
    labels = name.removeprefix("trafilatura-").split(".")
    return labels[1] if labels[0] == "www" and len(labels) > 1 else labels[0]


SPLIT = Path(__file__).with_name("clean_split.txt")
# Readability pages whose name hides that they come from the site of a dev page
# (cnet.com, lifehacker.com): excluded from train, like the trafilatura pages of dev sites.
SAME_SITE_AS_DEV = {
    "cnet-svg-classes": "cnet",
    "lifehacker-post-comment-load": "lifehacker-working",
}


def documented_split() -> dict[str, str]:
    """Page name -> split, as listed in bench/clean_split.txt."""
    rows = (line.split("\t") for line in SPLIT.read_text(encoding="utf-8").splitlines())
    return {row[2]: row[0] for row in rows if not row[0].startswith("#")}


def load(split: str | None = None, source: str | None = None) -> Iterator[dict]:
    """Pages from /work/data/clean/pages.jsonl (built by bench/build_clean_data.py), in the
    split of bench/clean_split.txt ("excluded" pages are never yielded)."""
    if not PAGES.exists():
        raise SystemExit(f"{PAGES} is missing: run python bench/build_clean_data.py first.")
    with PAGES.open(encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    dev_sites = {p["site"] for p in pages if p["source"] == "readability" and p["split"] == "dev"}
    for page in pages:
        if page["source"] == "trafilatura" and domain_site(page["name"]) in dev_sites:
            page["split"] = "excluded"
        if SAME_SITE_AS_DEV.get(page["site"]) in dev_sites:
            page["split"] = "excluded"
    documented = documented_split()
    wrong = [p["name"] for p in pages if documented.get(p["name"]) != p["split"]]
    if wrong:
        raise SystemExit(f"{len(wrong)} pages (e.g. {wrong[0]}) are not in {SPLIT.name} as built.")
    for page in pages:
        wanted = page["split"] != "excluded" and (split is None or page["split"] == split)
        if wanted and (source is None or page["source"] == source):
            yield page


def host_sites(page: dict) -> set[str]:
    """The labels of a silver page's host ("money.cnn.com" -> cnn, money, com): the site
    names it may share with the Readability pages."""
    return set(page["site"].split("."))


SILVER = DATA / "silver.jsonl"
SILVER_LIST = Path(__file__).with_name("clean_silver.txt")


def load_silver() -> Iterator[dict]:
    """The silver train pages (trafilatura as the teacher on public news HTML) from
    /work/data/clean/silver.jsonl, built by bench/build_silver.py; refused when they are not
    the pages kept in bench/clean_silver.txt."""
    if not SILVER.exists():
        raise SystemExit(f"{SILVER} is missing: run python bench/build_silver.py first.")
    with SILVER.open(encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    rows = (line.split("\t") for line in SILVER_LIST.read_text(encoding="utf-8").splitlines())
    kept = [row[2] for row in rows if row[0] == "train"]
    if [p["name"] for p in pages] != kept:
        raise SystemExit(f"{SILVER.name} does not hold the pages kept in {SILVER_LIST.name}.")
    yield from pages
