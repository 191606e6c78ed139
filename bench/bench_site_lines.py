"""Cleaning across pages of one site (annotations.corpus.site_lines): word P/R/F1 with and
without the site's other pages as evidence, on the public development pages.

Each page goes through the path an ingest takes: `built` (cleaning alone), then
`mark_duplicates` and `clean_across` over its group's pages. Groups:
- NEWS by site: the silver news pages (bench/build_silver.py) of hosts with two or more
  pages (the test fixtures of three extractors, often years apart, so a host's
  templates differ; a scrape of one site in one week shares more);
- READABILITY by site: Mozilla Readability's test pages of sites with two or more;
- ONE FOLDER: every page of a source as if read from one folder of mixed sites with no
  URL (the fallback grouping): what it costs when the "site" is wrong.
Gold: the public data's article text (Readability's expected output; trafilatura's
text of the page for the news pages), never newsdesk's output. Macro P/R over pages,
lower-cased \\w+ tokens, as bench/bench_clean.py.

Run: nice python bench/bench_site_lines.py  (about 6 minutes on 2 cores)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clean import prf
from clean_data import load, load_silver

from annotations.corpus import Record, SiteLines, built, clean_across, mark_duplicates
from annotations.models import Article


def scores(pages: list[dict], group: Callable[[dict], str]) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        groups[group(page)].append(page)
    alone, across, gold = [], [], []
    seconds = 0.0
    for name, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        pairs = []
        for page in members:
            record = Record(f"{name}/{page['name']}", "\n".join(page["lines"]))
            article = built(record)
            assert isinstance(article, Article), page["name"]
            pairs.append((article, record))
        start = time.process_time()
        mark_duplicates([article for article, _ in pairs])
        again = clean_across(pairs, SiteLines())
        seconds += time.process_time() - start
        alone += [article.text for article, _ in pairs]
        across += [article.text for article in again]
        gold += [page["gold"] for page in members]
    print(f"  {len(gold)} pages in groups of two or more; clean_across {seconds:.1f} s of CPU")
    for label, texts in (("alone", alone), ("with the site", across)):
        ps, rs = zip(*(prf(t, g) for t, g in zip(texts, gold, strict=True)), strict=True)
        p, r = statistics.mean(ps), statistics.mean(rs)
        changed = sum(a != b for a, b in zip(alone, texts, strict=True))
        print(
            f"  {label:<14} P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}  ({changed} changed)"
        )


def main() -> None:
    news = list(load_silver())
    readability = list(load(None, "readability"))
    print("NEWS by site")
    scores(news, lambda p: p["site"])
    print("READABILITY by site")
    scores(readability, lambda p: p["site"] or p["name"])
    print("NEWS as one folder")
    scores(news, lambda p: "news")
    print("READABILITY as one folder")
    scores(readability, lambda p: "readability")


if __name__ == "__main__":
    main()
