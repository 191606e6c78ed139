"""Train the block classifier (annotations/corpus/blocks_model.json) on the train pages.

Gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, a bench-only
tool: `pip install scikit-learn`) score each line; a logistic regression on the same
features only names the reason a line goes (its most negative contribution). Both
over annotations.corpus.blocks.features, trained on the TRAIN split of
/work/data/clean/pages.jsonl (Readability train sites + trafilatura's evaluation
pages with teacher labels), each line weighted by log(1 + words) (long lines
matter more for word F1) and the classes balanced.

The three thresholds of the cleaner (keep_inside, keep_outside, rescue; see
annotations.corpus.blocks.Model) are chosen on the Readability train pages
only, out of fold: the pages of each of 3 site groups are cleaned by the whole
cleaner with a model fitted on the other two groups. The choice is recall
first: the best word F1 among the settings whose recall is at least --recall,
else the best recall. The dev pages are never read here.

Run: nice python bench/train_clean.py [--recall 0.95]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import statistics
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clean import prf
from clean_data import load

from annotations.corpus import blocks, clean

INSIDE = (0.02, 0.1)
OUTSIDE = (0.2, 0.3, 0.4, 0.5, 0.7)
RESCUE = (0.5, 0.7, 0.9)
# Small, deterministic trees: no early stopping (it would draw a random validation set).
TREES = {
    "max_iter": 100, "max_depth": 4, "learning_rate": 0.1, "min_samples_leaf": 40,
    "l2_regularization": 1.0, "early_stopping": False, "random_state": 0,
}  # fmt: skip


_last_export: list[dict] = []  # the JSON of the trees of the last `fit`


def fit(pages: list[dict]) -> blocks.Model:
    """A model (thresholds still to be chosen) fitted on the lines of `pages`."""
    x = np.vstack([blocks.features(p["lines"]) for p in pages])
    y = np.array([label for p in pages for label in p["labels"]])
    weight = np.log1p([len(line.split()) for p in pages for line in p["lines"]])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    linear = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
    linear.fit((x - mean) / scale, y, sample_weight=weight)
    boosted = HistGradientBoostingClassifier(**TREES, class_weight="balanced")
    boosted.fit(x, y, sample_weight=weight)
    rounded = [tuple(round(float(v), 6) for v in a) for a in (mean, scale, linear.coef_[0])]
    intercept = round(float(linear.intercept_[0]), 6)
    exported = export(boosted)
    _last_export[:] = [exported]
    trees = blocks.Trees.from_json(exported)
    return blocks.Model(blocks.NAMES, *rounded, intercept, 0.0, 0.0, 0.0, trees)


def export(boosted: HistGradientBoostingClassifier) -> dict:
    """The fitted trees as plain lists (read back by blocks.Trees.from_json).

    scikit-learn keeps them in the private `_predictors` (one per boosting round for a
    binary task), each a record array with feature_idx, num_threshold, left, right,
    is_leaf and value (shrinkage included); the raw score starts at the baseline."""
    nodes = [
        [[int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]),
          int(n["is_leaf"]), round(float(n["value"]), 6)] for n in predictor.nodes]
        for (predictor,) in boosted._predictors
    ]  # fmt: skip
    depth = max(int(n["depth"]) for (predictor,) in boosted._predictors for n in predictor.nodes)
    return {"baseline": float(boosted._baseline_prediction.ravel()[0]), "depth": depth,
            "nodes": nodes}  # fmt: skip


def scores(model: blocks.Model, pages: list[dict]) -> tuple[float, float]:
    """Macro word P and R of the whole cleaner with `model` on `pages`."""
    blocks.model = lambda: model  # type: ignore[assignment]
    ps, rs = zip(*(prf(clean("\n".join(p["lines"])).body, p["gold"]) for p in pages), strict=True)
    return statistics.mean(ps), statistics.mean(rs)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recall", type=float, default=0.95)
    args = parser.parse_args()
    pages = list(load("train"))
    groups = [p["site"] for p in pages]
    folds = GroupKFold(n_splits=3).split(np.zeros(len(pages)), groups=groups)
    results: dict[tuple[float, float, float], list[tuple[float, float, int]]] = {}
    for train, held in folds:
        model = fit([pages[i] for i in train])
        tune = [pages[i] for i in held if pages[i]["source"] == "readability"]
        for setting in itertools.product(INSIDE, OUTSIDE, RESCUE):
            trial = dataclasses.replace(
                model, **dict(zip(("keep_inside", "keep_outside", "rescue"), setting, strict=True))
            )
            results.setdefault(setting, []).append((*scores(trial, tune), len(tune)))  # fmt: skip
    table = []
    for setting, parts in results.items():
        n = sum(k for _, _, k in parts)
        p, r = (sum(v[j] * v[2] for v in parts) / n for j in (0, 1))
        table.append((setting, p, r))
        print(f"inside {setting[0]:<4} outside {setting[1]} rescue {setting[2]}: "
              f"P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f}")  # fmt: skip
    recalled = [t for t in table if t[2] >= args.recall]
    chosen = (
        max(recalled, key=lambda t: f1(t[1], t[2])) if recalled else max(table, key=lambda t: t[2])
    )
    print(f"chosen (out of fold): {chosen[0]} P {chosen[1]:.3f} R {chosen[2]:.3f}")
    inside, outside, rescue = chosen[0]
    model = dataclasses.replace(fit(pages), keep_inside=inside, keep_outside=outside,
                                rescue=rescue)  # fmt: skip
    trees_json = _last_export[0]
    out: dict[str, object] = {
        "about": "gradient-boosted trees (scores) and logistic regression (reasons), "
        "bench/train_clean.py on public train pages"
    }
    for name in ("names", "mean", "scale", "weights", "intercept", "keep_inside",
                 "keep_outside", "rescue"):  # fmt: skip
        value = getattr(model, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    out["trees"] = trees_json
    text = json.dumps(out, separators=(",", ":")).replace('],"', '],\n"')
    blocks.MODEL.write_text(text + "\n", encoding="utf-8")
    for name, w in sorted(zip(blocks.NAMES, model.weights, strict=True), key=lambda t: t[1]):
        print(f"  {name:<20} {w:+.3f}")


if __name__ == "__main__":
    main()
