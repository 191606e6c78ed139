"""The hand-annotated gold file fits the raw seeds, and the detector stays close to it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from annotations.entities import Detector
from annotations.labels import label_map

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "seeds_entities.jsonl"


def records() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def test_gold_offsets_point_into_the_raw_seeds() -> None:
    rows = records()
    assert len(rows) == len(list((ROOT / "seeds").glob("*.txt")))
    for row in rows:
        text = (ROOT / "seeds" / row["file"]).read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode()).hexdigest() == row["sha256"], row["file"]
        for e in row["entities"]:
            assert text[e["start"] : e["end"]] == e["text"]
            assert e["label"] in label_map()


def test_detector_scores_on_the_seeds(detector: Detector) -> None:
    tp = pred = gold = 0
    for row in records():
        text = (ROOT / "seeds" / row["file"]).read_text(encoding="utf-8")
        want = {(e["start"], e["end"], e["label"]) for e in row["entities"]}
        got = {(m.start, m.end, m.label) for m in detector.detect(text)}
        tp, pred, gold = tp + len(want & got), pred + len(got), gold + len(want)
    precision, recall = tp / pred, tp / gold
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
