"""Cleaning benchmark on public pages: word-level P/R/F1 of five cleaners, and speed.

Pages: Mozilla Readability's test pages in /work/data/clean/pages.jsonl (build it
with bench/build_clean_data.py), in the fixed split of bench/clean_split.txt:
HELD-OUT (dev: sites never used for fitting or for choosing any threshold) and
TRAIN (the Readability sites bench/train_clean.py fits and tunes on; their
figures show how much of the cleaner's score is fitted). Each page's text is one
line per HTML block (menus, comments, footers kept); the gold is the words of
Readability's expected article, never newsdesk's output. NEWS: the 263 silver
pages of bench/build_silver.py (news HTML from the test fixtures of three article
extractors, most of them news sites with comments, teaser lists and share widgets,
closer to what analysts scrape than Readability's mix of blogs and docs); their gold
is trafilatura's text of the page (the teacher, word F1 0.948 against Readability's
gold), so trafilatura is not scored there. The shipped model is neither fitted nor
tuned on them (bench/train_clean.py reports them out of fold).

Scored in the same run, on the same pages:
- raw: the page text uncleaned;
- jusText over lines: justext's paragraph classifier on the lines (as <p>s);
- old rules: the rule cleaner as of commit bad30d0, run from `git archive` in a
  child process (the package holds only the new cleaner);
- new cleaner: annotations.corpus.clean (classifier + rules as evidence);
- trafilatura on HTML: the ceiling, it sees the markup the others do not.

Metric: lower-cased \\w+ tokens; P and R are multiset overlaps per page, then the
macro mean over pages; F1 from the mean P and R.

Doubtful lines (annotations/corpus/doubts.py, marked in the raw view): how many of
their words are residue, how much of the residue the new cleaner keeps they hold, and
the new cleaner's P/R/F1 were the analyst to cut them all.

Speed: articles/s of `clean` over the held-out pages (median of --runs runs) and
the time to clean a 2 MB text made of their lines.

Run: python bench/bench_clean.py [--runs 3] [--pages] (--pages: the new cleaner's
recall and precision page by page, worst recall first)
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_data import DATA, SILVER, label_lines, load, load_silver, words

from annotations.corpus import clean, doubts

ROOT = Path(__file__).resolve().parent.parent
OLD = "bad30d0"


def prf(got_text: str, gold: str) -> tuple[float, float]:
    got, want = Counter(words(got_text)), Counter(words(gold))
    hits = sum((got & want).values())
    return hits / max(sum(got.values()), 1), hits / max(sum(want.values()), 1)


def justext_lines(text: str) -> str:
    import justext

    page = (
        "<html><body>"
        + "".join(f"<p>{html.escape(t)}</p>" for t in text.split("\n"))
        + "</body></html>"
    )
    stop = justext.get_stoplist("English")
    return "\n".join(
        p.text for p in justext.justext(page.encode("utf-8"), stop) if not p.is_boilerplate
    )


def trafilatura_html(name: str) -> str:
    import trafilatura

    return (
        trafilatura.extract((DATA / "html" / name).read_text("utf-8"), include_comments=False) or ""
    )


_OLD_RUNNER = """
import json, sys
from annotations.corpus.clean import clean
texts = json.load(sys.stdin)
json.dump([clean(t).body for t in texts], sys.stdout)
"""


def old_rules(texts: list[str]) -> list[str]:
    """Bodies from the rule cleaner of commit bad30d0 (git archive into a temp dir)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", OLD, "annotations"],
                                 capture_output=True, check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out = subprocess.run([sys.executable, "-c", _OLD_RUNNER], input=json.dumps(texts),
                             capture_output=True, text=True, check=True, cwd=tmp,
                             env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"})  # fmt: skip
        return json.loads(out.stdout)


def doubt_figures(bodies: list[str], pages: list[dict]) -> str:
    """How the doubtful lines of the new cleaner's bodies (`doubts`, marked in the raw view)
    find the residue it keeps: the share of their words that is residue, the share of the
    bodies' residue words they hold (over all pages; residue as clean_data.label_lines
    labels it), and the macro word P/R/F1 were the analyst to cut them all."""
    flagged = flagged_residue = residue = 0
    ps, rs = [], []
    for body, page in zip(bodies, pages, strict=True):
        marked = {(d.start, d.end) for d in doubts.doubtful(body)}
        spans = doubts.lines(body)
        lines = [body[a:b] for a, b in spans]
        kept = []
        for span, line, label in zip(spans, lines, label_lines(lines, page["gold"]), strict=True):
            count = len(words(line))
            residue += count * (1 - label)
            if span in marked:
                flagged += count
                flagged_residue += count * (1 - label)
            else:
                kept.append(line)
        got = prf("\n".join(kept), page["gold"])
        ps.append(got[0])
        rs.append(got[1])
    p, r = statistics.mean(ps), statistics.mean(rs)
    return (
        f"doubtful lines: {flagged_residue / max(flagged, 1):.3f} of their words residue, "
        f"{flagged_residue / max(residue, 1):.3f} of the kept residue; all cut: "
        f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}"
    )


def table(title: str, pages: list[dict], show_pages: bool, ceiling: bool = True) -> list[str]:
    """Print the five systems' P/R/F1 on `pages` (trafilatura only with `ceiling`: on the
    silver pages it made the gold); return the page texts."""
    texts = ["\n".join(p["lines"]) for p in pages]
    olds = old_rules(texts)
    bodies = [clean(t).body for t in texts]
    systems: dict[str, Callable[[int], str]] = {
        "raw text": lambda i: texts[i],
        "jusText over lines": lambda i: justext_lines(texts[i]),
        f"old rules ({OLD})": lambda i: olds[i],
        "new cleaner": lambda i: bodies[i],
    }
    if ceiling:
        systems["trafilatura on HTML"] = lambda i: trafilatura_html(pages[i]["html"])
    print(f"\n{title}: {len(pages)} pages")
    print(f"{'system':<22} {'P':>6} {'R':>6} {'F1':>6}  {'R<0.9':>6}")
    for label, run in systems.items():
        ps, rs = zip(*(prf(run(i), p["gold"]) for i, p in enumerate(pages)), strict=True)
        p, r = statistics.mean(ps), statistics.mean(rs)
        f = 2 * p * r / (p + r) if p + r else 0.0
        low = sum(x < 0.9 for x in rs)
        print(f"{label:<22} {p:6.3f} {r:6.3f} {f:6.3f}  {low:6d}")
        if show_pages and label == "new cleaner":
            for rr, pp, name in sorted(zip(rs, ps, (p["name"] for p in pages), strict=True)):
                print(f"    R {rr:.3f} P {pp:.3f}  {name}")
    print(doubt_figures(bodies, pages))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="per-page figures of the new cleaner")
    args = parser.parse_args()
    texts = table("HELD-OUT (dev)", list(load("dev", "readability")), args.pages)
    table("TRAIN (fitted and tuned on)", list(load("train", "readability")), args.pages)
    if SILVER.exists():  # bench/build_silver.py writes it whole or not at all
        news = list(load_silver())
        title = "NEWS (silver, never fitted or tuned on; gold = trafilatura)"
        table(title, news, args.pages, ceiling=False)
    else:
        print(f"\n(no news pages: run python bench/build_silver.py for {SILVER})")
    print()
    rates, cpu_rates = [], []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            clean(text)
        rates.append(len(texts) / (time.perf_counter() - start))
        cpu_rates.append(len(texts) / (time.process_time() - cpu))
    print(
        f"new cleaner: {statistics.median(rates):,.1f} articles/s "
        f"({statistics.median(cpu_rates):,.1f} per CPU second; median of {args.runs} runs)"
    )
    lines = [line for t in texts for line in t.split("\n")]
    big, size = [], 0
    while size < 2_000_000:
        big.append(f"{lines[len(big) % len(lines)]} {len(big)}")
        size += len(big[-1]) + 1
    start, cpu = time.perf_counter(), time.process_time()
    clean("\n".join(big))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"2 MB text ({len(big):,} lines, each unique): {wall:.2f} s (CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
