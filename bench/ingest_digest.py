"""A digest of what an ingest + detect stores, to show a change to ingest kept results.

    python bench/ingest_digest.py [--articles 300] [--processes 1]

Ingests the seeds, then `--articles` synthetic bench pages (`bench_ingest.py`'s),
detects every article (cold cache) and prints one SHA-256 per table of what the
store holds afterwards, read back twice: after a clean close, and after a
"crash" (the store's files released without the closing snapshot, so the open
replays the journal). Fields that differ between runs by design are left out:
entity ids (random) and `ingested_at` (a clock); an article's `origin` is cut
to its file name (the folders differ between checkouts and runs). Run it before
and after a change: the lines must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.entities.detector import Detector  # noqa: E402
from annotations.pipeline import SEEDS_DIR, detect, ingest  # noqa: E402
from annotations.store import Store  # noqa: E402
from bench.bench_ingest import synthetic_pages  # noqa: E402

VOLATILE = {"articles": {"ingested_at"}, "entities": {"id"}}


def table_digests(store: Store) -> dict[str, str]:
    """SHA-256 of each table's documents (volatile fields left out, origins cut to the
    file name), in stored order; entities sorted, as their ids are random."""
    found: dict[str, str] = {}
    for table in ("articles", "entities"):
        docs = [store._articles.full_doc(table, k) for k in store._tables.ids(table).values()]
        rows: list[Any] = [{f: v for f, v in d.items() if f not in VOLATILE[table]} for d in docs]
        for row in rows:
            if "origin" in row:
                row["origin"] = Path(row["origin"]).name
        if table == "entities":
            rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
        payload = json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()
        found[table] = f"{hashlib.sha256(payload).hexdigest()[:16]} ({len(rows)} documents)"
    return found


def run(folder: Path, articles: int, processes: int, crash: bool) -> dict[str, str]:
    pages = folder / "pages"
    if not pages.exists():
        pages.mkdir()
        synthetic_pages(articles, pages)
    db = folder / f"{'crash' if crash else 'close'}.json"
    detector = Detector()
    store = Store(db)
    for source in (SEEDS_DIR, pages):
        report = ingest(store, [source])
        ids = [a.id for a in report.added]
        detect(store, detector, ids, cache_dir=folder / f"cache-{db.stem}", processes=processes)
    if crash:
        store._release()  # what a kill leaves: the snapshot of open time and the journal
    else:
        store.close()
    with Store(db, read_only=True) as again:
        return table_digests(again)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for crash in (False, True):
            digests = run(Path(tmp), args.articles, args.processes, crash)
            for table, digest in digests.items():
                print(f"{'after a crash' if crash else 'after a close'} {table}: {digest}")


if __name__ == "__main__":
    main()
