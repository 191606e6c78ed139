"""Where the cleaner's residue stays, out of fold on the TRAIN pages: a tally and the worst pages.

For each of train_clean's 3 site-group folds, the model is fitted on the other two
groups (at the shipped settings of blocks_model.json, or --setting) and the whole
cleaner cleans the fold's Readability pages. A kept line is residue when its words are
mostly not in the gold article (clean_data.label_lines, the training labels). Each
residue line is placed against the article's span on the raw page (the run of lines
with the largest sum of (label - 0.5) * words): before, inside or after it; and split
into long (15+ words) and short lines. The tally is in word share of each page's body,
averaged over pages, so that it adds up to about 1 - P (macro precision).
`--pages N` also prints the residue lines of the N pages of lowest precision.
The held-out (dev) pages are never read. About 15 s on 2 cores.

Run: nice python bench/clean_residue.py [--pages N] [--setting 0.4,15,0.02,0.9,0.7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clean import prf
from clean_data import label_lines, load, words
from train_clean import SETTINGS, fit, using, with_setting

from annotations.corpus import blocks, clean

LONG = 15  # words: a line this long reads as a paragraph


def article_span(lines: list[str], labels: list[int]) -> tuple[int, int]:
    """The raw lines' article run: the largest sum of (label - 0.5) * words, found by the
    cleaner's own `blocks.region` with the gold labels as probabilities ((0, -1): none)."""
    span = blocks.region([float(x) for x in labels], [len(words(line)) for line in lines])
    return span or (0, -1)


def raw_index(lines: list[str], body: list[str]) -> list[int | None]:
    """For each body line, the raw line it came from (in order; a stripped prefix leaves
    the rest of its line, so a body line may be part of a raw line)."""
    at, found = 0, []
    for text in body:
        j = at
        while j < len(lines) and text not in lines[j]:
            j += 1
        found.append(j if j < len(lines) else None)
        at = j + 1 if j < len(lines) else at
    return found


def residue(page: dict[str, Any], body: str) -> list[tuple[str, str, int]]:
    """The residue lines of a cleaned page: (where, line, words), `where` as in the tally."""
    kept = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
    a, b = article_span(page["lines"], page["labels"])
    out = []
    for text, label, i in zip(
        kept, label_lines(kept, page["gold"]), raw_index(page["lines"], kept), strict=True
    ):
        if label:
            continue
        count = len(words(text))
        place = "?" if i is None else "before" if i < a else "after" if i > b else "inside"
        out.append((f"{place} {'long' if count >= LONG else 'short'}", text, count))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="pages printed, worst P first")
    parser.add_argument("--setting", help="the settings of blocks.Model, comma-separated")
    args = parser.parse_args()
    shipped = blocks.model()
    try:
        setting = (
            tuple(float(v) for v in args.setting.split(","))
            if args.setting
            else tuple(float(getattr(shipped, name)) for name in SETTINGS)
        )
    except ValueError:
        setting = ()
    if len(setting) != len(SETTINGS):
        sys.exit(f"--setting needs {len(SETTINGS)} numbers, comma-separated: {', '.join(SETTINGS)}")
    pages = list(load("train"))
    groups = [p["site"] for p in pages]
    folds = GroupKFold(n_splits=3).split(np.zeros(len(pages)), groups=groups)
    cleaned: list[tuple[float, float, dict[str, Any], str]] = []
    for train, held in folds:
        model = with_setting(fit([pages[i] for i in train]), setting)
        for i in held:
            if pages[i]["source"] == "readability":
                with using(model):
                    body = clean("\n".join(pages[i]["lines"])).body
                cleaned.append((*prf(body, pages[i]["gold"]), pages[i], body))
    share: defaultdict[str, float] = defaultdict(float)
    for _, _, page, body in cleaned:
        total = max(len(words(body)), 1)
        for where, _, count in residue(page, body):
            share[where] += count / total / len(cleaned)
    p = statistics.mean(c[0] for c in cleaned)
    r = statistics.mean(c[1] for c in cleaned)
    print(f"out of fold, {len(cleaned)} Readability train pages, setting {setting}:",
          f"P {p:.3f} R {r:.3f}")  # fmt: skip
    print("residue, word share of the body (macro):")
    for where in sorted(share, key=lambda w: -share[w]):
        print(f"  {where:<14} {share[where]:.4f}")
    print(f"  {'all':<14} {sum(share.values()):.4f}")
    for precision, recall, page, body in sorted(cleaned, key=lambda c: c[0])[: args.pages]:
        print(f"== {page['name']}  P {precision:.3f} R {recall:.3f}")
        for where, text, count in residue(page, body):
            print(f"  [{where:<12}] {count:3d} | {text[:120]}")


if __name__ == "__main__":
    main()
