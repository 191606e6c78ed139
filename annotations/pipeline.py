"""The ingest path that commands and the app share: load, dedupe, store, detect.

Detection runs each text through the model once per detector version (an
on-disk `DetectionCache` beside the database, `<db>.cache/`), in batches, and
applies what the analyst taught (`TaughtPatterns` from the reviewed entities):
taught texts are suggested, rejected (text, label) pairs never come back.
"""

from __future__ import annotations

import os
import typing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from annotations.corpus import Notice, Rejection, load, mark_duplicates
from annotations.entities import (
    CachedDetector,
    DetectionCache,
    Detector,
    Mention,
    TaughtPatterns,
    canonical_key,
)
from annotations.entities.parallel import ParallelDetector
from annotations.models import Article, Entity, EntitySource
from annotations.review.links import load_overrides, sync_canonical
from annotations.review.teaching import switched_off
from annotations.store import Store

Progress = Callable[[int, int], None]

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SOURCES = frozenset(typing.get_args(EntitySource))
PARALLEL_FROM = 200  # articles; fewer are not worth forking processes for


@dataclass
class IngestReport:
    """What one ingest did."""

    added: list[Article] = field(default_factory=list)
    already_stored: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # read, but to be checked


def ingest(store: Store, paths: Sequence[Path]) -> IngestReport:
    """Load, clean and store the articles under `paths`; detection is separate."""
    report = IngestReport()
    fresh: list[Article] = []
    for item in load(paths):
        if isinstance(item, Rejection):
            report.rejected.append(item)
        elif isinstance(item, Notice):
            report.notices.append(item)
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
    """What the analyst taught across the corpus (accepted/added and rejected pairs,
    less the pairs switched off)."""
    return TaughtPatterns.from_entities(reviewed_entities(store), switched_off(store))


def suggestions(
    article: Article, mentions: Sequence[Mention], taught: TaughtPatterns | None
) -> list[Entity]:
    """Stored suggestions for detected `mentions`, with the analyst's teaching applied;
    each names its own canonical key (cross-mention linking comes after)."""
    if taught:
        mentions = taught.apply(article.text, mentions)
    return [
        Entity(
            article_id=article.id,
            start=m.start,
            end=m.end,
            label=m.label,
            text=m.text,
            source=m.source if m.source in SOURCES else "rule",  # type: ignore[arg-type]
            canonical_id=canonical_key(m.text, m.label),
        )
        for m in mentions
    ]


def pending_detection(store: Store) -> list[str]:
    """Ids of articles never detected (new ones, and those a killed ingest left behind)."""
    return [a.id for a in store.article_heads() if a.detected_with is None]


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
    processes: int | None = None,
) -> int:
    """Detect entities in the given articles (batched, cached) and store the suggestions.

    Each batch is saved in one transaction. `taught` defaults to the patterns
    of the store's reviewed entities; `cache=False` runs the model on every text;
    `link_entities` finally stores the corpus-wide canonical ids where they changed.
    `processes` > 1 runs the model in forked processes (default: two when there
    are at least `PARALLEL_FROM` articles and two CPUs; never from a threaded app).
    """
    if processes is None:
        many = len(article_ids) >= PARALLEL_FROM and isinstance(detector, Detector)
        processes = min(2, os.cpu_count() or 1) if many else 1
    if taught is None:
        taught = taught_patterns(store)
    runner: Detector | CachedDetector | ParallelDetector = detector
    if cache:
        runner = cached_detector(store, detector, cache_dir)
    with ExitStack() as stack:
        if processes > 1:  # each process looks the cache up itself; the parent only stores
            runner = stack.enter_context(ParallelDetector(runner, processes))
        done = _detect_batches(store, runner, article_ids, taught, progress, batch_size)
    if link_entities and done:
        sync_canonical(store, store.all("entities", Entity), load_overrides(store))
    return done


def _detect_batches(
    store: Store,
    runner: Detector | CachedDetector | ParallelDetector,
    article_ids: Sequence[str],
    taught: TaughtPatterns,
    progress: Progress | None,
    batch_size: int,
) -> int:
    """Stream the texts through `runner`; store the results a batch per transaction."""
    read: deque[Article] = deque()

    def texts() -> Iterator[str]:
        for article_id in article_ids:
            read.append(store.article(article_id))
            yield read[-1].text

    done, batch = 0, []
    found = runner.detect_many(texts(), batch_size)
    for mentions in found:
        batch.append((read.popleft(), mentions))
        if len(batch) == batch_size or done + len(batch) == len(article_ids):
            with store.transaction():
                for article, found_here in batch:
                    entities = suggestions(article, found_here, taught)
                    store.save_detection(article.id, entities, runner.version)
            for _ in batch:
                done += 1
                if progress:
                    progress(done, len(article_ids))
            batch = []
    return done
