"""Build silver training pages for the cleaner into /work/data/clean/silver.jsonl.

Issue #12: besides Readability's test pages (gold) and trafilatura's evaluation
pages, train the text-only cleaner on "silver" labels: trafilatura run on public
news HTML is the teacher. The HTML comes from the test fixtures of three
open-source article extractors (git snapshots fetched with the `fetch` tool,
read with `git show`, no work tree needed):
- postlight/parser:  fixtures/*.html (named by the page's domain);
- goose3/goose3:     tests/data/**/*.html (the domain from the .json beside it);
- codelucas/newspaper: tests/data/html/*.html (named by domain + a number).
Only their HTML is used, never their expected outputs.

For each page: the page text is made exactly as for pages.jsonl
(clean_data.page_lines, one line per block), the teacher is
`trafilatura.extract(html, include_comments=False)` (the settings of
build_clean_data's trafilatura pages and of bench_clean's ceiling), and the
lines are labelled by clean_data.label_lines against it. A page is kept only if
the teacher can be trusted on it; else it is dropped with the first failing
reason of:
- "held-out site": its domain is one of the dev (held-out) Readability sites of
  bench/clean_split.txt (any label of the host, e.g. japan.cnet.com -> cnet,
  matched against the dev site names, the hosts of their canonical URLs and
  DEV_ALIASES), so no dev site is ever trained on;
- "synthetic test page": goose3's made-up pages (hosts exemple.com, example.com,
  foo.bar); their copies under real-looking hosts go as "duplicate of" them;
- "not an article": og:type names a non-article (video, profile, product, song)
  or the fixture is one by name, reviewed by hand (_NOT_ARTICLE_NAME: front pages,
  social and code sites, video/graphics/splash variants, lyrics, recipes, a
  clinical-trial record);
- "non-Latin script": most letters are CJK/Thai/Arabic..., where \\w+ words (the
  metric's tokens) are whole sentences and the labels mean little;
- "short teacher": the teacher's text has fewer than MIN_WORDS words;
- "poor alignment": fewer than MIN_FOUND of the teacher's words are covered by
  the lines labelled article (the teacher's text is not made of page lines),
  or fewer than MIN_PRECISION of the words of those lines are the teacher's;
- "duplicate of X": its teacher text shares at least DUP_SHARE of its word
  8-grams with a page already in pages.jsonl (any split: a copy of a held-out
  page must not train) or kept earlier here.

Each kept page is written in the line format of pages.jsonl (name, site, source,
split "train", lines, labels, gold = the teacher's text, html under
/work/data/clean/html/) with source "silver-<repo>" and site = the page's host
without "www.". Every page seen, kept or dropped with its reason, is listed in
bench/clean_silver.txt (committed); the build refuses to finish when its result
disagrees with that list unless --update-list is given. When done it creates the
empty marker /work/data/clean/silver.READY.

How good the teacher is: on the 94 Readability train pages, trafilatura's text
against the gold scores word P 0.957 R 0.939 F1 0.948 (macro), and the lines that
label_lines marks article against trafilatura's text score P 0.945 R 0.970 against
the gold (the labels agree with the gold labels on 95% of the words).
What the silver pages bring (bench/train_clean.py's out-of-fold procedure, the
silver pages added to each fold's fitting pages only, minus those of a site of the
fold's held pages): Readability-train P 0.848 R 0.950 F1 0.896 without them,
0.840/0.957/0.895 with them, 0.842/0.965/0.899 with them at half weight: within
noise for the logistic model on today's features (its line-level ROC AUC moves
0.902 -> 0.906; gradient-boosted trees 0.921 -> 0.922).

Run (about a minute on 2 cores):
    nice python bench/build_silver.py [--update-list]
The snapshots it reads (default paths below) come from
`fetch github:postlight/parser`, `fetch github:goose3/goose3`,
`fetch github:codelucas/newspaper`. bench/build_clean_data.py must have been
run first (the dedupe and the dev sites read pages.jsonl).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import lxml.html  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clean import prf
from build_clean_data import _page, git_show
from clean_data import DATA, PAGES, SILVER, SILVER_LIST, UTF8, words

READY = DATA / "silver.READY"
MIRROR = Path("/work/.mirror")
REPOS = {
    "postlight": MIRROR / "postlight+parser/repo",
    "goose3": MIRROR / "goose3+goose3/repo",
    "newspaper": MIRROR / "codelucas+newspaper/repo",
}
MIN_WORDS = 150
MIN_FOUND = 0.9
MIN_PRECISION = 0.8
DUP_SHARE = 0.5
# Dev Readability sites whose names are not a label of their host.
DEV_ALIASES = {
    "wapo": "washingtonpost", "quanta": "quantamagazine", "archive-of-our-own": "archiveofourown",
    "ebb-org": "ebb", "lifehacker-working": "lifehacker", "parsely-metadata": "parsely",
    "wikia": "fandom",
}  # fmt: skip
_NOT_ARTICLE_TYPES = {"video", "video.other", "video.movie", "profile", "music.song", "product"}
# Fixtures that are not articles, by file name (reviewed by hand): front pages, social
# and code sites, video/graphics/splash variants, lyrics, recipes, a clinical-trial record.
_NOT_ARTICLE_NAME = re.compile(
    r"main_site|--(splash|empty|title-only|video|graphics|embedded|external-image|external-link"
    r"|image)\.|^(www\.)?(twitter|github|youtube|linkedin|pastebin|reddit|genius|clinicaltrials)\."
    r"|allnewlyrics|^recipe\.com"
)
# goose3's made-up pages (the same invented text under several names).
_SYNTHETIC_HOSTS = {"exemple.com", "example.com", "foo.bar"}
# newspaper fixtures named by language: their host, from newspaper's tests/unit_tests.py
# (the URL the test gives) and the page's own links.
_KNOWN_HOSTS = {"spanish_article.html": "ultimahora.es", "ap_meta_refresh.html": "hosted.ap.org"}
# Host labels that name no site (www, top-level and second-level domains).
_SUFFIXES = {
    "www", "com", "org", "net", "gov", "edu", "co", "uk", "de", "fr", "jp", "ca", "au", "in", "ne",
    "ac", "ad", "go", "cn", "cz", "es", "it",
}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def decode(data: bytes) -> str:
    """The HTML's text: UTF-8 if it is, else its declared charset, else cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(data[:4096])
    for charset in (match.group(1).decode() if match else "", "cp1252"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def git_bytes(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={repo}", "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout


def git_files(repo: Path, pattern: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={repo}", "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    return sorted(p for p in out.split("\n") if re.fullmatch(pattern, p))


def host_of(url: str) -> str:
    host = urlparse(url.strip()).netloc.lower().split(":")[0]
    return host.removeprefix("www.")


def page_urls(html: str) -> list[str]:
    try:
        root = lxml.html.fromstring(html.encode("utf-8", "replace"), parser=UTF8)
    except (ValueError, lxml.etree.ParserError):
        return []
    return [
        str(u)
        for u in root.xpath('//link[@rel="canonical"]/@href|//meta[@property="og:url"]/@content')
        if str(u).startswith("http")
    ]


def og_type(html: str) -> str:
    match = re.search(
        r"""<meta[^>]+property=["']og:type["'][^>]+content=["']([^"']*)""", html, re.I
    ) or re.search(r"""<meta[^>]+content=["']([^"']*)["'][^>]+property=["']og:type""", html, re.I)
    return match.group(1).strip().lower() if match else ""


def labels_of(host: str) -> set[str]:
    return {label for label in host.split(".") if label and label not in _SUFFIXES}


def dev_keys(pages: list[dict[str, Any]]) -> set[str]:
    """Names that mark a host as one of the held-out Readability sites."""
    keys = set()
    for page in pages:
        if page["source"] != "readability" or page["split"] != "dev":
            continue
        keys |= {page["site"], DEV_ALIASES.get(page["site"], page["site"])}
        html = (DATA / "html" / page["html"]).read_text(encoding="utf-8")
        for url in page_urls(html):
            keys |= labels_of(host_of(url))
    return keys


def candidates() -> Iterator[tuple[str, str, str, str]]:
    """(repo key, file name, host, html) of every fixture page."""
    repo = REPOS["postlight"]
    for path in git_files(repo, r"fixtures/[^/]+\.html"):
        name = path.split("/")[-1]
        yield (
            "postlight",
            name,
            name.removesuffix(".html").split("--")[0].removeprefix("www."),
            decode(git_bytes(repo, path)),
        )
    repo = REPOS["goose3"]
    for path in git_files(repo, r"tests/data/.+\.html"):
        html = decode(git_bytes(repo, path))
        try:
            meta = json.loads(git_show(repo, path.removesuffix(".html") + ".json"))
        except (subprocess.CalledProcessError, ValueError):
            meta = {}
        url = meta.get("url") or next(iter(page_urls(html)), "")
        yield "goose3", path.removeprefix("tests/data/"), host_of(url) if url else "", html
    repo = REPOS["newspaper"]
    for path in git_files(repo, r"tests/data/html/[^/]+\.html"):
        name = path.split("/")[-1]
        html = decode(git_bytes(repo, path))
        host = _KNOWN_HOSTS.get(name) or re.sub(r"\d*\.html$", "", name)
        if "." not in host:
            host = host_of(next(iter(page_urls(html)), ""))
        yield "newspaper", name, host, html


def non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = sum("LATIN" in unicodedata.name(c, "") for c in letters[:20000])
    return not letters or latin < 0.5 * min(len(letters), 20000)


def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    ws = words(text)
    return {tuple(ws[i : i + n]) for i in range(max(len(ws) - n + 1, 1))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--update-list", action="store_true", help="rewrite bench/clean_silver.txt")
    args = parser.parse_args()
    import trafilatura

    READY.unlink(missing_ok=True)
    with PAGES.open(encoding="utf-8") as handle:
        known = [json.loads(line) for line in handle]
    held_out = dev_keys(known)
    seen = [(p["name"], shingles(p["gold"])) for p in known]
    rows, kept = [], []
    for repo, file_name, host, html in candidates():
        name = f"silver-{repo}-{file_name.replace('/', '-')}"
        site = host or file_name
        teacher = trafilatura.extract(html, include_comments=False) or ""
        reason, page = "", None
        if labels_of(site) & held_out:
            reason = "held-out site"
        elif site in _SYNTHETIC_HOSTS:
            reason = "synthetic test page"
        elif (
            _NOT_ARTICLE_NAME.search(file_name.split("/")[-1])
            or og_type(html) in _NOT_ARTICLE_TYPES
        ):
            reason = "not an article"
        elif non_latin(teacher or html):
            reason = "non-Latin script"
        elif len(words(teacher)) < MIN_WORDS:
            reason = "short teacher"
        else:
            page = _page(name, site, f"silver-{repo}", html, teacher)
            article = "\n".join(
                line for line, y in zip(page["lines"], page["labels"], strict=True) if y
            )
            precision, found = prf(article, teacher)
            if found < MIN_FOUND or precision < MIN_PRECISION:
                reason = f"poor alignment (found {found:.2f}, precision {precision:.2f})"
            else:
                mine = shingles(teacher)
                for other, theirs in seen:
                    if len(mine & theirs) >= DUP_SHARE * min(len(mine), len(theirs)):
                        reason = f"duplicate of {other}"
                        break
        if not reason and page is not None:
            page["split"] = "train"
            kept.append(page)
            seen.append((name, shingles(teacher)))
        else:
            if page is not None:
                (DATA / "html" / page["html"]).unlink(missing_ok=True)
            if reason == "synthetic test page":  # its copies under other names go too
                seen.append((name, shingles(teacher)))
        status = f"dropped: {reason}" if reason else "train"
        rows.append("\t".join((status, f"silver-{repo}", name, site)))
    finish(rows, kept, args.update_list)


def finish(rows: list[str], kept: list[dict[str, Any]], update_list: bool) -> None:
    """Write silver.jsonl and the marker, once the result agrees with bench/clean_silver.txt."""
    lines = SILVER_LIST.read_text("utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    listed = [line for line in lines if not line.startswith("#")]
    if update_list:
        SILVER_LIST.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    elif listed != rows:
        diff = sorted(set(listed) ^ set(rows))
        raise SystemExit(f"{len(diff)} rows differ from {SILVER_LIST.name} (e.g. {diff[0]!r}); "
                         "check them and rerun with --update-list.")  # fmt: skip
    partial = SILVER.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as handle:
        for page in kept:
            handle.write(json.dumps(page, ensure_ascii=False) + "\n")
    partial.replace(SILVER)
    READY.touch()
    counts = Counter(
        (row.split("\t")[1], re.sub(r" (of|\().*", "", row.split("\t")[0])) for row in rows
    )
    for (source, status), n in sorted(counts.items()):
        print(f"{source:<17} {status:<26} {n:4d}")
    print(f"{len(kept)} pages written to {SILVER}; marker {READY.name} created")


if __name__ == "__main__":
    main()
