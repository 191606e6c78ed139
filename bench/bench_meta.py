"""Metadata benchmark on public pages: are the title and the date newsdesk finds in page text right?

Gold: Mozilla Readability's test/test-pages/*/expected-metadata.json (title,
publishedTime), the expected output of Readability for each page's HTML, never
newsdesk's. Pages: the Readability pages of bench/clean_split.txt (the page text of
bench/build_clean_data.py), held-out and train, read from the snapshot that
build_clean_data read (`fetch github:mozilla/readability`).

A title is right when its words (lower-cased \\w+) have a token F1 of 0.8 or more with
the gold title or with one of its parts split at " - ", " | ", " — ", " – ", " :: ",
" · " or "_" (where <title> adds the site's name). A date is right when it is the
calendar date of the gold publishedTime (only pages whose gold has one count). Many
test pages are made up for a Readability feature ("Lorem ..."), with a <title> that is
nowhere in the page text: "in text" scores only the pages where some line of the text
is a right title.

Systems, in the same run on the same pages:
- first line: the page text's first line as the title (no date);
- newsdesk: `clean(text).meta` (title and date);
- trafilatura on the HTML: `trafilatura.extract_metadata` (the ceiling: it reads <title>,
  <meta> and JSON-LD, which page text does not hold).

NEWS: the 263 silver pages of bench/build_silver.py, with trafilatura's title of the
page's HTML as the gold (the teacher, so trafilatura is not scored there; no dates).

Run: python bench/bench_meta.py [--pages] [--split dev|train|news|all]
(--pages: newsdesk's wrong titles where the text holds a right one)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_clean_data import READABILITY
from clean_data import DATA, SILVER, load, load_silver, words

from annotations.corpus import clean

_PARTS = re.compile(r" [-|—–·] | :: |_")
RIGHT = 0.8


def expected(name: str) -> dict:
    """Readability's expected metadata of a test page ({} when it has none)."""
    page = name.removeprefix("readability-")
    out = subprocess.run(
        ["git", f"--git-dir={READABILITY}", "show",
         f"HEAD:test/test-pages/{page}/expected-metadata.json"],
        capture_output=True,
    )  # fmt: skip
    return json.loads(out.stdout) if out.returncode == 0 else {}


def token_f1(a: str, b: str) -> float:
    x, y = Counter(words(a)), Counter(words(b))
    hits = sum((x & y).values())
    return 2 * hits / max(sum(x.values()) + sum(y.values()), 1)


def title_right(got: str | None, gold: str) -> bool:
    return max(token_f1(got or "", part) for part in [gold, *_PARTS.split(gold)]) >= RIGHT


def gold_date(meta: dict) -> dt.date | None:
    published = meta.get("publishedTime")
    try:
        return dt.datetime.fromisoformat(published).date() if published else None
    except ValueError:
        return None


def trafilatura_meta(page: dict) -> tuple[str | None, dt.date | None]:
    import trafilatura

    found = trafilatura.extract_metadata((DATA / "html" / page["html"]).read_text("utf-8"))
    if found is None:
        return None, None
    try:
        date = dt.date.fromisoformat(found.date) if found.date else None
    except ValueError:
        date = None
    return found.title, date


def newsdesk_meta(page: dict) -> tuple[str | None, dt.date | None]:
    meta = clean("\n".join(page["lines"])).meta
    return meta.title, meta.date


def teacher(page: dict) -> dict:
    """trafilatura's title of a silver page's HTML, as expected metadata ({} when none)."""
    found, _ = trafilatura_meta(page)
    return {"title": found} if found else {}


def table(title: str, pages: list[dict], show: bool, news: bool = False) -> None:
    golds = [teacher(p) if news else expected(p["name"]) for p in pages]
    scored = [(p, g) for p, g in zip(pages, golds, strict=True) if g.get("title")]
    dated = sum(gold_date(g) is not None for _, g in scored)
    systems: dict[str, Callable[[dict], tuple[str | None, dt.date | None]]] = {
        "first line": lambda p: (p["lines"][0] if p["lines"] else None, None),
        "newsdesk": newsdesk_meta,
    }
    if not news:
        systems["trafilatura on HTML"] = trafilatura_meta
    # the title can be found in the text: a line of the page is a right title
    found = [any(title_right(line, g["title"]) for line in p["lines"]) for p, g in scored]
    print(f"\n{title}: {len(scored)} pages with a gold title ({sum(found)} of them with a line"
          f" of the text that is a right title), {dated} with a gold date")  # fmt: skip
    print(f"{'system':<22} {'title':>6} {'in text':>8} {'date':>6}")
    for label, run in systems.items():
        got = [(run(p), g) for p, g in scored]
        right = [title_right(t, g["title"]) for (t, _), g in got]
        titles = sum(right) / max(len(got), 1)
        in_text = sum(r for r, f in zip(right, found, strict=True) if f) / max(sum(found), 1)
        dates = sum(d == gold_date(g) for (_, d), g in got if gold_date(g)) / max(dated, 1)
        shown = f"{dates:6.3f}" if dated else f"{'-':>6}"
        print(f"{label:<22} {titles:6.3f} {in_text:8.3f} {shown}")
        if show and label == "newsdesk":
            for ((t, _), g), r, f in zip(got, right, found, strict=True):
                if f and not r:
                    print(f"    {t!r}  (gold {g['title']!r})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="newsdesk's wrong titles")
    parser.add_argument("--split", choices=("dev", "train", "news", "all"), default="all")
    args = parser.parse_args()
    if args.split in ("dev", "all"):
        table("HELD-OUT (dev)", list(load("dev", "readability")), args.pages)
    if args.split in ("train", "all"):
        table("TRAIN", list(load("train", "readability")), args.pages)
    if args.split in ("news", "all") and SILVER.exists():
        title = "NEWS (silver; gold = trafilatura's title of the HTML)"
        table(title, list(load_silver()), args.pages, news=True)


if __name__ == "__main__":
    main()
