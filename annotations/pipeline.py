"""The ingest path that commands and the app share: load, dedupe, store, detect.

Detection runs each text through the model once per detector version (an
on-disk `DetectionCache` beside the database, `<db>.cache/`), in batches, and
applies what the analyst taught (`TaughtPatterns` from the reviewed entities):
taught texts are suggested, rejected (text, label) pairs never come back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotations.corpus import Rejection, load, mark_duplicates
from annotations.entities import (
    CachedDetector,
    DetectionCache,
    Detector,
    Mention,
    TaughtPatterns,
    canonical_key,
    to_entities,
)
from annotations.models import Article, Entity
from annotations.review.links import load_overrides, sync_canonical
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


def cache_dir_for(store: Store) -> Path:
    """Where detections of this database are cached: `<db>.cache/` beside it."""
    return store.path.with_name(store.path.name + ".cache")


def cached_detector(
    store: Store, detector: Detector | CachedDetector, cache_dir: Path | None = None
) -> CachedDetector:
    """`detector` behind the on-disk cache of `store` (or of `cache_dir`)."""
    if isinstance(detector, CachedDetector):
        return detector
    return CachedDetector(detector, DetectionCache(cache_dir or cache_dir_for(store)))


def reviewed_entities(store: Store) -> list[Entity]:
    """Every entity the analyst has had a say on: reviewed ones and their own."""
    return [
        e for e in store.all("entities", Entity) if e.state != "suggested" or e.source == "analyst"
    ]


def taught_patterns(store: Store) -> TaughtPatterns:
    """What the analyst taught across the corpus (accepted/added and rejected pairs)."""
    return TaughtPatterns.from_entities(reviewed_entities(store))


def suggestions(
    article: Article, mentions: Sequence[Mention], taught: TaughtPatterns | None
) -> list[Entity]:
    """Stored suggestions for detected `mentions`, with the analyst's teaching applied;
    each names its own canonical key (cross-mention linking comes after)."""
    if taught:
        mentions = taught.apply(article.text, mentions)
    return [
        e.model_copy(update={"canonical_id": canonical_key(e.text, e.label)})
        for e in to_entities(article.id, mentions)
    ]


def pending_detection(store: Store, detector: Detector) -> list[str]:
    """Ids of articles whose suggestions are missing (never detected)."""
    return [a.id for a in store.articles() if a.detected_with is None]


def detect(
    store: Store,
    detector: Detector | CachedDetector,
    article_ids: Sequence[str],
    progress: Progress | None = None,
    batch_size: int = 32,
    *,
    cache: bool = True,
    cache_dir: Path | None = None,
    taught: TaughtPatterns | None = None,
    link_entities: bool = True,
) -> int:
    """Detect entities in the given articles (batched, cached) and store the suggestions.

    Each batch is saved in one transaction. `taught` defaults to the patterns
    of the store's reviewed entities; `cache=False` runs the model on every text;
    `link_entities` finally stores the corpus-wide canonical ids where they changed.
    """
    runner = cached_detector(store, detector, cache_dir) if cache else detector
    if taught is None:
        taught = taught_patterns(store)
    done = 0
    for offset in range(0, len(article_ids), batch_size):
        batch = [store.article(i) for i in article_ids[offset : offset + batch_size]]
        found = runner.detect_many((a.text for a in batch), batch_size)
        with store.transaction():
            for article, mentions in zip(batch, found, strict=True):
                entities = suggestions(article, mentions, taught)
                store.save_detection(article.id, entities, runner.version)
        for _ in batch:
            done += 1
            if progress:
                progress(done, len(article_ids))
    if link_entities and done:
        sync_canonical(store, store.all("entities", Entity), load_overrides(store))
    return done
