"""Train the block classifier (annotations/corpus/blocks_model.json) on the train pages.

Logistic regression (scikit-learn, a bench-only tool: `pip install scikit-learn`)
over annotations.corpus.blocks.features, trained on the TRAIN split of
/work/data/clean/pages.jsonl (Readability train sites + trafilatura's evaluation
pages with teacher labels). The two thresholds of `blocks.select` are chosen on
out-of-fold scores of the Readability train pages (3 folds grouped by site),
maximising the recall-weighted word F2 (recall first). The dev pages are
never read here.

Run: nice python bench/train_clean.py
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_data import load, words

from annotations.corpus import blocks, clean


def page_matrix(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[slice]]:
    rows, labels, groups, spans = [], [], [], []
    for page in pages:
        start = len(rows)
        rows += blocks.features(page["lines"])
        labels += page["labels"]
        groups += [page["site"]] * len(page["lines"])
        spans.append(slice(start, len(rows)))
    return np.array(rows), np.array(labels), np.array(groups), spans


def fit(
    x: np.ndarray, y: np.ndarray, w: np.ndarray
) -> tuple[LogisticRegression, np.ndarray, np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    clf.fit((x - mean) / scale, y, sample_weight=w)
    return clf, mean, scale


def word_prf(kept_lines: list[str], gold: str) -> tuple[float, float]:
    got, want = Counter(words(" ".join(kept_lines))), Counter(words(gold))
    hits = sum((got & want).values())
    return hits / max(sum(got.values()), 1), hits / max(sum(want.values()), 1)


def f2(p: float, r: float) -> float:
    return 5 * p * r / (4 * p + r) if p + r else 0.0


def tune_lines(pages: list[dict], spans: list[slice], oof: np.ndarray) -> float:
    """keep_inside: best recall-weighted F2 of `blocks.select` on out-of-fold scores."""
    best = (-1.0, 0.0)
    for inside in (0.02, 0.05, 0.1, 0.2, 0.3):
        ps, rs = [], []
        for page, span in zip(pages, spans, strict=True):
            sizes = [len(t.split()) for t in page["lines"]]
            keep = blocks.select(list(oof[span]), sizes, inside, 0.5)
            kept = [t for t, k in zip(page["lines"], keep, strict=True) if k]
            p, r = word_prf(kept, page["gold"])
            ps.append(p)
            rs.append(r)
        p, r = float(np.mean(ps)), float(np.mean(rs))
        print(f"lines: inside {inside:<5} P {p:.3f} R {r:.3f} F2 {f2(p, r):.3f}")
        best = max(best, (f2(p, r), inside))
    return best[1]


def tune_cleaner(pages: list[dict], model: blocks.Model) -> blocks.Model:
    """keep_outside and rescue: best F2 of the whole cleaner on the train pages."""
    best: tuple[float, blocks.Model] | None = None
    for outside, rescue in itertools.product((0.2, 0.3, 0.5), (0.5, 0.7, 0.9)):
        trial = dataclasses.replace(model, keep_outside=outside, rescue=rescue)
        blocks.model = lambda trial=trial: trial  # type: ignore[assignment]
        ps, rs = zip(*(word_prf([clean("\n".join(pg["lines"])).body], pg["gold"])
                       for pg in pages), strict=True)  # fmt: skip
        p, r = float(np.mean(ps)), float(np.mean(rs))
        print(f"cleaner: outside {outside} rescue {rescue} P {p:.3f} R {r:.3f} F2 {f2(p, r):.3f}")
        if best is None or f2(p, r) > best[0]:
            best = (f2(p, r), trial)
    assert best is not None
    return best[1]


def main() -> None:
    pages = list(load("train"))
    x, y, groups, spans = page_matrix(pages)
    sizes = np.array([len(line.split()) for p in pages for line in p["lines"]])
    weight = np.log1p(sizes)  # long lines matter more for word F1
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=3).split(x, y, groups):
        clf, mean, scale = fit(x[tr], y[tr], weight[tr])
        oof[te] = clf.predict_proba((x[te] - mean) / scale)[:, 1]
    tune = [(p, s) for p, s in zip(pages, spans, strict=True) if p["source"] == "readability"]
    inside = tune_lines([p for p, _ in tune], [s for _, s in tune], oof)
    clf, mean, scale = fit(x, y, weight)
    model = blocks.Model(
        blocks.NAMES, tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale), tuple(round(float(v), 6) for v in clf.coef_[0]),
        round(float(clf.intercept_[0]), 6), inside, 0.5, 0.7,
    )  # fmt: skip
    model = tune_cleaner([p for p, _ in tune], model)
    out = {"about": "logistic regression, bench/train_clean.py on public train pages"}
    out |= {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(model).items()}
    blocks.MODEL.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"chosen: inside {model.keep_inside} outside {model.keep_outside} rescue {model.rescue}")
    for name, w in sorted(zip(blocks.NAMES, model.weights, strict=True), key=lambda t: t[1]):
        print(f"  {name:<18} {w:+.3f}")


if __name__ == "__main__":
    main()
