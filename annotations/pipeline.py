"""The ingest path that commands and the app share: load, dedupe, store, detect."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotations.corpus import Rejection, load, mark_duplicates
from annotations.entities import Detector, to_entities
from annotations.models import Article
from annotations.store import Store

Progress = Callable[[int, int], None]

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class IngestReport:
    """What one ingest did."""

    added: list[Article] = field(default_factory=list)
    already_stored: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def ingest(store: Store, paths: Sequence[Path]) -> IngestReport:
    """Load, clean and store the articles under `paths`; detection is separate."""
    report = IngestReport()
    fresh: list[Article] = []
    for item in load(paths):
        if isinstance(item, Rejection):
            report.rejected.append(item)
        elif item.id in store:
            report.already_stored += 1
        else:
            fresh.append(item)
    report.duplicates = mark_duplicates(fresh, store.articles())
    report.added = store.add_articles(fresh)
    return report


def ingest_seeds_if_empty(store: Store) -> IngestReport | None:
    """A new user sees articles at once: fill an empty database with the bundled seeds."""
    if not store.is_empty() or not SEEDS_DIR.is_dir():
        return None
    return ingest(store, [SEEDS_DIR])


def pending_detection(store: Store, detector: Detector) -> list[str]:
    """Ids of articles whose suggestions are missing (never detected)."""
    return [a.id for a in store.articles() if a.detected_with is None]


def detect(
    store: Store,
    detector: Detector,
    article_ids: Sequence[str],
    progress: Progress | None = None,
    batch_size: int = 32,
) -> int:
    """Detect entities in the given articles (batched) and store the suggestions."""
    done = 0
    for offset in range(0, len(article_ids), batch_size):
        batch = [store.article(i) for i in article_ids[offset : offset + batch_size]]
        for article, mentions in zip(
            batch, detector.detect_many(a.text for a in batch), strict=True
        ):
            store.save_detection(article.id, to_entities(article.id, mentions), detector.version)
            done += 1
            if progress:
                progress(done, len(article_ids))
    return done
