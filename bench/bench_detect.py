"""Detection figures: accuracy on the seeds against the gold file, and throughput.

    python bench/bench_detect.py [--runs 5] [--repeat 20] [--diff]

Accuracy: exact match of (start, end, label) on the RAW seed texts against
`tests/gold/seeds_entities.jsonl`, per label and overall (micro).
Throughput: words/s of the whole detector (model + rules + post-processing)
and of the bare spaCy model with only its NER component, on the same texts in
the same run, alternating, median of the runs. No cache is involved.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.entities.detector import MODEL_LABELS, Detector, load_model  # noqa: E402

if TYPE_CHECKING:
    from spacy.language import Language

GOLD = ROOT / "tests" / "gold" / "seeds_entities.jsonl"
Key = tuple[int, int, str]


def load_gold() -> list[tuple[str, str, set[Key]]]:
    """(file name, raw text, gold spans) per seed."""
    out = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = (ROOT / "seeds" / record["file"]).read_text(encoding="utf-8")
        spans = {(e["start"], e["end"], e["label"]) for e in record["entities"]}
        out.append((record["file"], text, spans))
    return out


def bare_spans(nlp: Language, text: str) -> set[Key]:
    """The plain model's entities, labels mapped, no post-processing."""
    ents = nlp(text).ents
    return {
        (e.start_char, e.end_char, MODEL_LABELS[e.label_]) for e in ents if e.label_ in MODEL_LABELS
    }


def score(find: Callable[[str], set[Key]], diff: bool = False) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, gold) per label, and under "ALL"."""
    counts: dict[str, Counter[str]] = {}
    for name, text, gold in load_gold():
        found = find(text)
        for kind, spans in (("tp", found & gold), ("pred", found), ("gold", gold)):
            for _, _, label in spans:
                for key in (label, "ALL"):
                    counts.setdefault(key, Counter())[kind] += 1
        if diff:
            for sign, spans in (("-", gold - found), ("+", found - gold)):
                for s, e, label in sorted(spans):
                    print(f"{name[:3]} {sign} {label:7} {text[s:e]!r} @{s}")
    return {k: (c["tp"], c["pred"], c["gold"]) for k, c in counts.items()}


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def throughput(runs: int, repeat: int) -> tuple[float, float]:
    """Median words/s of (full detector, bare NER-only model)."""
    texts = [text for _, text, _ in load_gold()] * repeat
    words = sum(len(t.split()) for t in texts)
    full, bare = Detector(), load_model()
    full.nlp  # noqa: B018 - load outside the timing
    list(full.detect_many(texts[:5]))
    list(bare.pipe(texts[:5]))
    rates: dict[str, list[float]] = {"full": [], "bare": []}
    runners = {
        "full": lambda: full.detect_many(texts, batch_size=32),
        "bare": lambda: bare.pipe(texts, batch_size=32),
    }
    for run in range(runs):
        order = ["bare", "full"] if run % 2 == 0 else ["full", "bare"]  # no order bias
        for name in order:
            t0 = time.perf_counter()
            for _ in runners[name]():
                pass
            rates[name].append(words / (time.perf_counter() - t0))
    full_rates, bare_rates = rates["full"], rates["bare"]
    return statistics.median(full_rates), statistics.median(bare_rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the seeds to time")
    parser.add_argument("--diff", action="store_true", help="print misses (-) and extras (+)")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    detector, bare = Detector(), load_model()
    finders: dict[str, Callable[[str], set[Key]]] = {
        "bare spaCy NER": lambda text: bare_spans(bare, text),
        f"full detector {detector.version}": lambda text: {
            (m.start, m.end, m.label) for m in detector.detect(text)
        },
    }
    for name, find in finders.items():
        table = score(find, diff=args.diff and name != "bare spaCy NER")
        print(f"\nseeds, {name}: label  P  R  F1  (tp/pred/gold)")
        for label in sorted(table, key=lambda k: (k == "ALL", k)):
            p, r, f = prf(*table[label])
            tp, pred, gold = table[label]
            print(f"  {label:8} {p:5.2f} {r:5.2f} {f:5.2f}  ({tp}/{pred}/{gold})")
    if not args.no_speed:
        full, bare = throughput(args.runs, args.repeat)
        print(f"\nthroughput (median of {args.runs} runs, {args.repeat}x seeds):")
        print(f"  full detector {full:9.0f} words/s")
        print(f"  bare NER      {bare:9.0f} words/s")
        print(f"  ratio         {full / bare:9.2f}")


if __name__ == "__main__":
    main()
