"""Detection figures: each layer's effect on public dev corpora, the seed regression check, speed.

    python bench/bench_detect.py [--split both|heldout|tune|all] [--limit N] [--runs 5]
                                 [--no-speed] [--diffs] [--model en_core_web_sm|en_core_web_md]

Dev corpora: the JSONL files `bench/build_ents_dev.py` writes to /work/data/ents/
(wikigold, btc-news, wnut17; PERSON/ORG/LOC gold, labels mapped as that script
documents). Predictions are mapped the newswire way: GPE and LOC -> LOC; only
PERSON, ORG and LOC are scored; other labels are ignored. For each corpus and
label: exact (same start, end, label) and overlap (a predicted span counts if it
overlaps a gold span of the same label, a gold span counts if some prediction of
its label overlaps it) precision, recall, F1, for

- ``bare``: the model's own entities, labels mapped, nothing else;
- ``+rules``, ``+tidy``, ``+link``: the bare model plus that one layer;
- ``full``: every layer (what `newsdesk entities` produces).

Every configuration is computed from the same processed docs in the same run.
Seeds: exact scores on the five sample articles against tests/gold/. That gold
was written with the rules in view, so it is only a regression check, not an
accuracy figure. Throughput: words per CPU second of the full detector and of the
bare NER-only model on the same dev texts, alternating, median of the runs.

By default both splits are reported, tune then held-out. "negative contributions"
lists every split, corpus, label and configuration whose exact or overlap F1 is
below the bare model's ("none" is the goal); `--diffs` prints, under each table,
the spans behind each of them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.entities.detector import (  # noqa: E402
    DEFAULT_MODEL,
    MODEL_LABELS,
    MODELS,
    Detector,
    load_model,
    mentions_of,
)
from annotations.entities.merge import LAYERS  # noqa: E402

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEV = Path("/work/data/ents")
CORPORA = ("wikigold", "btc-news", "wnut17")
SEED_GOLD = ROOT / "tests" / "gold" / "seeds_entities.jsonl"
SCORED = ("PERSON", "ORG", "LOC")
NEWSWIRE = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
Key = tuple[int, int, str]
Counts = dict[str, Counter[str]]
CONFIGS: dict[str, frozenset[str] | None] = {
    "bare": None,
    "+rules": frozenset({"rules"}),
    "+tidy": frozenset({"tidy"}),
    "+link": frozenset({"link"}),
    "full": LAYERS,
}


def load_dev(corpus: str, split: str, limit: int | None) -> list[tuple[str, set[Key]]]:
    path = DEV / f"{corpus}.jsonl"
    if not path.exists():
        raise SystemExit(f"no dev data at {path}: run bench/build_ents_dev.py first")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if split in ("all", record["split"]):
            gold = {(e["start"], e["end"], e["label"]) for e in record["entities"]}
            out.append((record["text"], gold))
    return out[:limit]


def load_seeds() -> list[tuple[str, set[Key]]]:
    out = []
    for line in SEED_GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = (ROOT / "seeds" / record["file"]).read_text(encoding="utf-8")
        out.append((text, {(e["start"], e["end"], e["label"]) for e in record["entities"]}))
    return out


def predict(doc: Doc, layers: frozenset[str] | None) -> set[Key]:
    """Spans of one configuration on a doc processed by the full pipeline."""
    if layers is None:
        return {
            (e.start_char, e.end_char, MODEL_LABELS[e.label_])
            for e in doc.ents
            if e.label_ in MODEL_LABELS
        }
    return {(m.start, m.end, m.label) for m in mentions_of(doc, layers)}


def newswire(spans: Iterable[Key]) -> set[Key]:
    return {(s, e, NEWSWIRE[label]) for s, e, label in spans if label in NEWSWIRE}


def add_counts(counts: Counts, found: set[Key], gold: set[Key]) -> None:
    """Exact and overlap tallies of one text, per label and under "ALL"."""

    def bump(label: str, kind: str) -> None:
        for key in (label, "ALL"):
            counts.setdefault(key, Counter())[kind] += 1

    for s, e, label in found:
        bump(label, "pred")
        if (s, e, label) in gold:
            bump(label, "tp")
        if any(g[2] == label and g[0] < e and s < g[1] for g in gold):
            bump(label, "otp_p")
    for s, e, label in gold:
        bump(label, "gold")
        if any(f[2] == label and f[0] < e and s < f[1] for f in found):
            bump(label, "otp_r")


def prf(tp: int, pred: int, gold: int, tp_r: int | None = None) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = (tp if tp_r is None else tp_r) / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figures(c: Counter[str]) -> str:
    exact = prf(c["tp"], c["pred"], c["gold"])
    overlap = prf(c["otp_p"], c["pred"], c["gold"], c["otp_r"])
    return "  ".join(f"{x:4.2f}" for x in (*exact, *overlap))


def f1s(c: Counter[str]) -> tuple[float, float]:
    """(exact F1, overlap F1) of one tally."""
    return prf(c["tp"], c["pred"], c["gold"])[2], prf(c["otp_p"], c["pred"], c["gold"], c["otp_r"])[
        2
    ]


def report(title: str, tables: dict[str, Counts], labels: Iterable[str]) -> list[str]:
    """Print P/R/F1 per label and configuration; the last two columns are the change in
    exact and overlap F1 against the bare model. Returns the negative ones as
    "label config: dF1 exact, overlap"."""
    print(f"\n{title}")
    print(
        f"  {'label':8} {'config':7}  exact P    R    F1 | overlap P  R    F1   (gold)"
        "   dF1 exact overlap"
    )
    negative = []
    for label in labels:
        base = f1s(tables["bare"].get(label, Counter()))
        for name, counts in tables.items():
            c = counts.get(label, Counter())
            exact, overlap = (a - b for a, b in zip(f1s(c), base, strict=True))
            mark = f"{exact:+.4f} {overlap:+.4f}" if name != "bare" else ""
            print(f"  {label:8} {name:7}  {figures(c)}  ({c['gold']})  {mark}")
            if name != "bare" and min(exact, overlap) < 0:
                negative.append(f"{label} {name}: {exact:+.4f} {overlap:+.4f}")
    return negative


Predictions = dict[str, list[set[Key]]]  # per configuration, one set per doc


def evaluate(
    docs: list[Doc], golds: list[set[Key]], mapper: Callable[[set[Key]], set[Key]]
) -> tuple[dict[str, Counts], Predictions]:
    tables: dict[str, Counts] = {}
    found: Predictions = {}
    for name, layers in CONFIGS.items():
        counts: Counts = {}
        found[name] = [mapper(predict(doc, layers)) for doc in docs]
        for spans, gold in zip(found[name], golds, strict=True):
            add_counts(counts, spans, mapper(gold))
        tables[name] = counts
    return tables, found


def overlaps(span: Key, others: Iterable[Key]) -> bool:
    return any(o[2] == span[2] and o[0] < span[1] and span[0] < o[1] for o in others)


def diffs(
    texts: list[str],
    golds: list[set[Key]],
    found: Predictions,
    name: str,
    label: str,
    marks: str = "EO",
) -> Iterator[str]:
    """What configuration `name` changes against the bare model on `label`, one line per
    change: bare spans -> its spans (overlapping ones paired), each marked E if it is
    exactly gold, O if it overlaps gold, x if neither; then the gold spans whose overlap
    recall it changes. A change that keeps the count of spans and of each of `marks`
    (E, O or both: the figures that went down) is left out: a trimmed "the" that was
    and stays wrong, or one that only turns O into EO when the overlap F1 fell."""
    for text, gold, bare, mine in zip(texts, golds, found["bare"], found[name], strict=True):
        gold = {g for g in gold if g[2] == label}
        lost = sorted(k for k in bare - mine if k[2] == label)
        new = sorted(k for k in mine - bare if k[2] == label)

        lines = []
        for group in _paired(lost, new):
            before, after = (_marked(text, spans, gold) for spans in group)
            if _kept(before[1], marks) != _kept(after[1], marks):
                lines.append(f"{before[0] or '(none)'} -> {after[0] or '(none)'}")
        for g in sorted(gold):
            if overlaps(g, bare) != overlaps(g, mine):
                covered = "covers" if overlaps(g, mine) else "uncovers"
                lines.append(f"{covered} gold {text[g[0] : g[1]]!r}")
        if lines:
            at = min(k[0] for k in [*lost, *new]) if lost or new else 0
            yield f"    in {text[max(0, at - 60) : at + 80]!r}"
            yield from (f"      {line}" for line in lines)


def _marked(text: str, spans: list[Key], gold: set[Key]) -> tuple[str, list[str]]:
    """The spans' texts with their marks (E exact, O overlap, x neither), and the marks."""
    marks = [("E" if k in gold else "") + ("O" if overlaps(k, gold) else "") or "x" for k in spans]
    shown = " + ".join(f"{text[k[0] : k[1]]!r} {m}" for k, m in zip(spans, marks, strict=True))
    return shown, marks


def _kept(found: list[str], marks: str) -> list[str]:
    return sorted("".join(c for c in mark if c in marks) for mark in found)


def _paired(lost: list[Key], new: list[Key]) -> Iterator[tuple[list[Key], list[Key]]]:
    """Groups of (bare spans, configuration spans) that overlap one another."""
    left, right = list(lost), list(new)
    while left or right:
        group = ([left.pop(0)], []) if left else ([], [right.pop(0)])
        grew = True
        while grew:
            grew = False
            for pool, side, other in ((right, group[1], group[0]), (left, group[0], group[1])):
                for k in [k for k in pool if any(k[0] < o[1] and o[0] < k[1] for o in other)]:
                    pool.remove(k)
                    side.append(k)
                    grew = True
        yield group


def throughput(texts: list[str], runs: int, model: str) -> tuple[float, float]:
    """Median words per CPU second of (full detector, bare NER-only model) on `texts`.

    CPU time of this process, not wall time: the machine is shared, and wall time
    measures the neighbours as much as the detector."""
    words = sum(len(t.split()) for t in texts)
    full, bare = Detector(model=model), load_model(model)
    list(full.detect_many(texts[:20]))
    list(bare.pipe(texts[:20]))
    runners = {
        "full": lambda: full.detect_many(texts, batch_size=32),
        "bare": lambda: bare.pipe(texts, batch_size=32),
    }
    rates: dict[str, list[float]] = {"full": [], "bare": []}
    for run in range(runs):
        for name in ["bare", "full"] if run % 2 == 0 else ["full", "bare"]:
            t0 = time.process_time()
            for _ in runners[name]():
                pass
            rates[name].append(words / (time.process_time() - t0))
    return statistics.median(rates["full"]), statistics.median(rates["bare"])


SPLITS = {"both": ("tune", "heldout"), "tune": ("tune",), "heldout": ("heldout",), "all": ("all",)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="both", choices=list(SPLITS))
    parser.add_argument("--limit", type=int, default=None, help="first N docs per corpus")
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="default: all")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--diffs", action="store_true", help="print the spans of each negative")
    parser.add_argument("--model", choices=sorted(MODELS), default=DEFAULT_MODEL)
    args = parser.parse_args()
    detector = Detector(model=args.model)
    nlp = detector.nlp
    print(f"detector {detector.version}; dev split: {args.split}")
    all_texts: list[str] = []
    negative: list[str] = []
    for split in SPLITS[args.split]:
        total: dict[str, Counts] = {name: {} for name in CONFIGS}
        for corpus in args.corpus or CORPORA:
            data = load_dev(corpus, split, args.limit)
            texts, golds = [t for t, _ in data], [g for _, g in data]
            all_texts.extend(texts)
            docs = list(nlp.pipe(texts, batch_size=32))
            tables, found = evaluate(docs, golds, newswire)
            for name, counts in tables.items():
                for label, c in counts.items():
                    total[name].setdefault(label, Counter()).update(c)
            title = f"{corpus} {split} ({len(data)} docs), PERSON/ORG/LOC, GPE+LOC -> LOC:"
            for line in report(title, tables, [*SCORED, "ALL"]):
                negative.append(f"{split} {corpus} {line}")
                label, name = line.split(":")[0].split()
                exact, overlap = (float(x) for x in line.split(":")[1].split())
                marks = ("E" if exact < 0 else "") + ("O" if overlap < 0 else "")
                if args.diffs and label != "ALL":
                    print(f"  spans behind {split} {corpus} {line}")
                    print("\n".join(diffs(texts, golds, found, name, label, marks)))
        title = f"all dev corpora {split}, micro:"
        negative.extend(f"{split} micro {line}" for line in report(title, total, ["ALL"]))
    seeds = load_seeds()
    seed_docs = list(nlp.pipe([t for t, _ in seeds]))
    seed_tables, _ = evaluate(seed_docs, [g for _, g in seeds], set)
    report(
        "seeds (regression check only; gold written with the rules in view):", seed_tables, ["ALL"]
    )
    print(f"\nnegative contributions (split {args.split}; corpus label layer: dF1 exact, overlap):")
    print("\n".join(f"  {line}" for line in negative) or "  none")
    if not args.no_speed:
        full, bare = throughput(all_texts, args.runs, args.model)
        words = sum(len(t.split()) for t in all_texts)
        print(f"\nthroughput on the dev texts ({words} words), median of {args.runs} runs:")
        print(f"  full detector {full:9.0f} words per CPU second")
        print(f"  bare NER      {bare:9.0f} words per CPU second")
        print(f"  ratio         {full / bare:9.2f}")


if __name__ == "__main__":
    main()
