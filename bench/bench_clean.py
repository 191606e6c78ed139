"""Cleaning benchmark: word-level precision/recall/F1 of the body, and throughput.

Quality set (bench/clean_gold/, 9 pages, ~2,900 gold words) -- be honest about it:
- the five bundled seed pages (real scraped text; raw in seeds/), with gold bodies
  cut by hand from the raw text (seed_NNN.body.txt);
- four pages written down by hand in the style of real scraped pages (a wire story
  behind a cookie banner, an Indian daily with "Also Read"/tags/related lists, an
  agency story with a paywall and comments, an analysis blog with subheadings and a
  newsletter box): NAME.raw.txt and NAME.body.txt.
All nine were written or cut by the author of the cleaner, while writing it, so the
figure is optimistic: a development set, not a held-out one. Gold bodies exclude the
headline, date lines, bylines and residue, and keep datelines, kickers, standfirsts
(unless repeated in the body) and agency credits.

Metric: words are lower-cased \\w+ tokens; precision and recall are multiset overlaps
of body words with gold words, micro-averaged over the set. The raw page text is
scored too, as the naive baseline.

Throughput: 10,000 synthetic articles built from the gold paragraphs with page
residue, dates, repeated bodies and lists of headlines around them; articles per
second of `clean`, median of several runs.

Run: python bench/bench_clean.py [--runs 3] [--articles 10000]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from annotations.corpus import clean

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "clean_gold"
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def pairs() -> list[tuple[str, str, str]]:
    """(name, raw, gold body) for every page of the gold set."""
    found = []
    for gold in sorted(GOLD.glob("*.body.txt")):
        name = gold.name.removesuffix(".body.txt")
        if name.startswith("seed_"):
            raw_path = next((ROOT / "seeds").glob(f"{name.removeprefix('seed_')}_*.txt"))
        else:
            raw_path = GOLD / f"{name}.raw.txt"
        found.append((name, raw_path.read_text(encoding="utf-8"), gold.read_text("utf-8")))
    return found


def prf(hits: int, got: int, want: int) -> tuple[float, float, float]:
    p = hits / got if got else 0.0
    r = hits / want if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def quality() -> None:
    totals = {"clean": [0, 0, 0], "raw": [0, 0, 0]}
    print(f"{'page':<18} {'P':>6} {'R':>6} {'F1':>6}   (raw F1)")
    for name, raw, gold in pairs():
        want = words(gold)
        row = []
        for kind, text in (("clean", clean(raw).body), ("raw", raw)):
            got = words(text)
            hits = sum((got & want).values())
            t = totals[kind]
            t[0], t[1], t[2] = t[0] + hits, t[1] + sum(got.values()), t[2] + sum(want.values())
            row.append(prf(hits, sum(got.values()), sum(want.values())))
        (p, r, f), (_, _, raw_f) = row
        print(f"{name:<18} {p:6.3f} {r:6.3f} {f:6.3f}   ({raw_f:.3f})")
    p, r, f = prf(*totals["clean"])
    print(f"{'ALL (micro)':<18} {p:6.3f} {r:6.3f} {f:6.3f}   ({prf(*totals['raw'])[2]:.3f})")


_HEADERS = [
    "Skip to main content\nHome | World | Business | Defence\n",
    "Friday, March 20, 2026\nNews\n",
    "We use cookies to improve your experience on our site.\nAccept all\n",
    "E-Paper | Subscribe | Sign In\nHome / World / Asia\n",
    "",
]
_META = [
    "By Staff Reporter\n- Dec 4, 2025,\n- Updated Dec 4, 2025 11:18 PM IST\n",
    "New Delhi | November 29, 2025 1:17:53 AM IST\n",
    "Published on: September 25, 2025\n3 min read\n",
    "",
]
_FOOTERS = [
    "\nLATEST COMMENTS (0)\nPOST YOUR COMMENT\nTRENDING TOPICS\nMORE WORLD NEWS\n"
    "Iran claims 'world's first' hit on US' f...\nSaudi Foreign Minister slams Iran on att...\n"
    "More...\n",
    "\nTags: defence, diplomacy, Russia\nFollow us on Google News\nRelated Stories\n"
    "Army inducts indigenous air defence guns\nNavy commissions anti-submarine craft\n",
    "\nLegal Disclaimer:\nThe publisher provides the information as is without warranty.\n"
    "\nComments\nNo comment\n",
    "\nShare this article\nFacebook\nTwitter\nSign up for our newsletter to get the top "
    "stories delivered to your inbox.\n",
]


def synthetic(count: int, seed: int = 7) -> list[str]:
    """`count` synthetic pages: gold paragraphs shuffled, with residue around them."""
    rng = random.Random(seed)
    paragraphs = [p for _, _, g in pairs() for p in g.split("\n") if len(p.split()) > 8]
    pages = []
    for n in range(count):
        body = rng.sample(paragraphs, rng.randint(4, 12))
        body = [re.sub(r"\b\d+\b", lambda _: str(rng.randint(2, 99)), p) for p in body]
        text = "\n\n".join(body) if rng.random() < 0.5 else "\n".join(body)
        if rng.random() < 0.2:
            text += "\n" + text  # a body pasted twice
        pages.append(
            rng.choice(_HEADERS)
            + f"Headline number {n} about defence talks between two countries\n"
            + rng.choice(_META)
            + text
            + rng.choice(_FOOTERS)
        )
    return pages


def throughput(count: int, runs: int) -> None:
    pages = synthetic(count)
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for page in pages:
            clean(page)
        rates.append(count / (time.perf_counter() - start))
    mean_words = statistics.mean(len(p.split()) for p in pages)
    print(
        f"throughput: {statistics.median(rates):,.0f} articles/s "
        f"(median of {runs} runs over {count:,} articles, {mean_words:.0f} words each on average)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    quality()
    throughput(args.articles, args.runs)


if __name__ == "__main__":
    main()
