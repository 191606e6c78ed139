"""Teaching on the seeds: accept each detected NORP once, propagate, and count
taught suggestions that land inside or across an entity of another label.

    nice python bench/bench_teach_overlap.py

Prints, per accepted pattern, the taught suggestions added and how many of them
overlap a different-label entity (the issue's "Russian" inside "Russian Land
Forces"); the figure should be 0.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from annotations.entities import Detector
from annotations.pipeline import detect, ingest
from annotations.review.teaching import propagate
from annotations.store import Store

SEEDS = Path("seeds")  # run from the repository root


def overlapping(store: Store) -> tuple[int, int]:
    """(taught suggestions, those overlapping an entity of another label)."""
    taught = clashes = 0
    for article_id in store.article_ids():
        entities = [e for e in store.entities(article_id) if e.state != "rejected"]
        for t in (e for e in entities if e.source == "taught" and e.state == "suggested"):
            taught += 1
            clashes += any(
                o.label != t.label and o.start < t.end and t.start < o.end
                and not (t.start <= o.start and o.end <= t.end)
                for o in entities
            )  # fmt: skip
    return taught, clashes


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "db.json") as store:
        report = ingest(store, [SEEDS])
        detect(store, Detector(), [a.id for a in report.added], cache=False)
        seen: set[str] = set()
        for article_id in store.article_ids():
            for e in store.entities(article_id):
                if e.label == "NORP" and e.text not in seen:
                    seen.add(e.text)
                    store.put_entity(e.model_copy(update={"state": "accepted"}))
        propagate(store)
        taught, clashes = overlapping(store)
        print(f"accepted NORP patterns: {len(seen)} ({', '.join(sorted(seen))})")
        print(f"taught suggestions: {taught}; inside or across another label: {clashes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
