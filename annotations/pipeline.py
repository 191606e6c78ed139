"""Where a file becomes suggestions: ingest, then one detection path.

`ingest` loads, cleans, dedupes and stores articles. Detection is two steps,
used by `newsdesk ingest` and by the app's worker alike:
`compute_suggestions(texts, detector, taught, cache=...)` is pure (it reads no
database): the model runs once per text and detector version (the on-disk
`DetectionCache`, `<db>.cache/`), the analyst's teaching is applied (taught
texts suggested, rejected (text, label) pairs dropped) and every entity gets
its own canonical key. `save_suggestions(store, found)` is the writer's side:
a batch per transaction, suggestions for a text that changed since are
skipped, and the corpus is linked once at the end (canonical ids across
articles, with the analyst's merges and splits). `detect` composes the two
over stored articles.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from annotations.corpus import (
    Notice,
    Record,
    Rejection,
    SiteLines,
    article_id,
    built,
    clean_across,
    mark_duplicates,
    records,
    site_of,
)
from annotations.entities import (
    CachedDetector,
    DetectionCache,
    Detector,
    Mention,
    TaughtPatterns,
    to_entities,
)
from annotations.entities.parallel import ParallelDetector
from annotations.models import Article, Entity
from annotations.review.links import load_overrides, sync_canonical
from annotations.review.teaching import switched_off
from annotations.store import Store

Progress = Callable[[int, int], None]

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
PARALLEL_FROM = 200  # articles; fewer are not worth forking processes for


class Detects(Protocol):
    """What detection runs: a `Detector`, a `CachedDetector`, or a test's fake."""

    @property
    def version(self) -> str: ...

    def detect_many(
        self, texts: Iterable[str], batch_size: int = 32
    ) -> Iterator[list[Mention]]: ...


@dataclass
class IngestReport:
    """What one ingest did."""

    added: list[Article] = field(default_factory=list)
    already_stored: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # read, but to be checked
    site_cleaned: int = 0  # added articles that lost lines their site's other pages repeat


def ingest(store: Store, paths: Sequence[Path]) -> IngestReport:
    """Load, clean and store the articles under `paths`; detection is separate. Each new
    article is cleaned with its site's other pages, stored or new, as evidence
    (`corpus.site_lines`)."""
    report = IngestReport()
    fresh: list[tuple[Article, Record]] = []
    for item in records(paths):
        if isinstance(item, Notice):
            report.notices.append(item)
        elif isinstance(item, Rejection):
            report.rejected.append(item)
        elif article_id(item.raw) in store:  # known before it is cleaned for nothing
            report.already_stored += 1
        elif isinstance(article := built(item), Rejection):
            report.rejected.append(article)
        else:
            fresh.append((article, item))
    seen = SiteLines({site_of(article) for article, _ in fresh})

    def stored() -> Iterator[Article]:  # one read of the stored articles serves both
        for article in store.articles():
            seen.add(article)
            yield article

    report.duplicates = mark_duplicates([article for article, _ in fresh], stored())
    cleaned = clean_across(fresh, seen)
    report.site_cleaned = sum(
        again.text != first.text for again, (first, _) in zip(cleaned, fresh, strict=True)
    )
    report.added = store.add_articles(cleaned)
    return report


def ingest_seeds_if_empty(store: Store) -> IngestReport | None:
    """A new user sees articles at once: fill an empty database with the bundled seeds."""
    if not store.is_empty() or not SEEDS_DIR.is_dir():
        return None
    return ingest(store, [SEEDS_DIR])


def cache_dir_for(store: Store) -> Path:
    """Where detections of this database are cached: `<db>.cache/` beside it."""
    return store.path.with_name(store.path.name + ".cache")


def detection_cache(store: Store) -> DetectionCache:
    """The database's detection cache (`cache_dir_for`): what detection reads and fills,
    and where an undone rejection finds the model's suggestions it gives back."""
    return DetectionCache(cache_dir_for(store))


def reviewed_entities(store: Store) -> list[Entity]:
    """Every entity the analyst has had a say on: reviewed ones and their own."""
    return [
        e for e in store.all("entities", Entity) if e.state != "suggested" or e.source == "analyst"
    ]


def taught_patterns(store: Store) -> TaughtPatterns:
    """What the analyst taught across the corpus (accepted/added and rejected pairs,
    less the pairs switched off)."""
    return TaughtPatterns.from_entities(reviewed_entities(store), switched_off(store))


# -- detection: compute (pure) -------------------------------------------------
@dataclass(frozen=True)
class ToDetect:
    """One text to detect in: the article it belongs to and the hash of that text."""

    article_id: str
    text_hash: str
    text: str

    @classmethod
    def of(cls, article: Article) -> ToDetect:
        return cls(article.id, article.text_hash, article.text)


@dataclass(frozen=True)
class Suggestions:
    """What detection suggests for one text: entities with their own canonical keys,
    the analyst's teaching applied. `text_hash` is the hash of the text detected in,
    so a save can refuse offsets into a text that has changed since."""

    article_id: str
    text_hash: str
    entities: list[Entity]
    detector: str


def compute_suggestions(
    texts: Iterable[ToDetect],
    detector: Detects,
    taught: TaughtPatterns | None = None,
    *,
    cache: DetectionCache | None = None,
    processes: int = 1,
    batch_size: int = 32,
) -> Iterator[Suggestions]:
    """The suggestions for each text, in order; reads and writes no database.

    Each text goes through `detector` once per detector version when `cache` is
    given; `processes` > 1 runs the model in forked processes (each looks the
    cache up itself; never from a threaded app); `taught` adds the taught texts
    and drops the rejected (text, label) pairs; every entity names its own
    canonical key (linking across the corpus is a write: `save_suggestions`).
    Texts are pulled lazily, so a store-backed iterable holds few bodies at once.
    """
    runner: Detects = detector
    if cache is not None and not isinstance(detector, CachedDetector):
        runner = CachedDetector(detector, cache)
    pending: deque[ToDetect] = deque()

    def bodies() -> Iterator[str]:
        for item in texts:
            pending.append(item)
            yield item.text

    with ExitStack() as stack:
        if processes > 1:
            runner = stack.enter_context(ParallelDetector(runner, processes))
        for mentions in runner.detect_many(bodies(), batch_size):
            item = pending.popleft()
            if taught:
                mentions = taught.apply(item.text, mentions)
            entities = to_entities(item.article_id, mentions)
            yield Suggestions(item.article_id, item.text_hash, entities, runner.version)


# -- detection: save (the writer) ----------------------------------------------
@dataclass
class Saved:
    """What `save_suggestions` did: articles saved, and those skipped because their
    text changed (or they were deleted) after the suggestions were computed."""

    saved: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    """Articles whose stored canonical ids the final linking changed."""


def save_suggestions(
    store: Store,
    found: Iterable[Suggestions],
    *,
    batch_size: int = 32,
    progress: Progress | None = None,
    total: int | None = None,
    link_entities: bool = True,
) -> Saved:
    """Store suggestions a batch per transaction, replacing each article's unreviewed
    machine suggestions (`Store.save_detection`), then link the corpus once.

    Suggestions computed against a text that is no longer the stored one are
    skipped (their offsets would point into other words). `link_entities` stores
    the corpus-wide canonical ids, with the analyst's merges and splits, where
    they changed; pass False when more batches follow. The batches are saved under
    `Store.deferred_folding`: the journal is folded once, by the next save or the
    close, not each time it outgrows its limit on the way.
    """
    with store.deferred_folding():
        return _save_batches(store, found, batch_size, progress, total, link_entities)


def _save_batches(
    store: Store,
    found: Iterable[Suggestions],
    batch_size: int,
    progress: Progress | None,
    total: int | None,
    link_entities: bool,
) -> Saved:
    result = Saved()
    batch: list[Suggestions] = []

    def flush() -> None:
        with store.transaction():
            for item in batch:
                current = store.article_head(item.article_id)
                if current is None or current.text_hash != item.text_hash:
                    result.stale.append(item.article_id)
                    continue
                store.save_detection(item.article_id, item.entities, item.detector)
                result.saved.append(item.article_id)
        done = len(result.saved) + len(result.stale)
        for count in range(done - len(batch) + 1, done + 1):
            if progress:
                progress(count, total if total is not None else done)
        batch.clear()

    for item in found:
        batch.append(item)
        if len(batch) == batch_size:
            flush()
    if batch:
        flush()
    if link_entities:
        updated = sync_canonical(store, store.all("entities", Entity), load_overrides(store))
        result.linked = sorted({e.article_id for e in updated})
    return result


def pending_detection(store: Store) -> list[str]:
    """Ids of articles never detected (new ones, and those a killed ingest left behind)."""
    return [a.id for a in store.article_heads() if a.detected_with is None]


def detect(
    store: Store,
    detector: Detects,
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
    """Detect entities in the stored articles `article_ids` and store the suggestions:
    `compute_suggestions` fed from the store, then `save_suggestions`.

    `taught` defaults to the patterns of the store's reviewed entities; `cache=False`
    runs the model on every text (else the cache is `cache_dir`, default
    `cache_dir_for(store)`); `processes` defaults to two when there are at least
    `PARALLEL_FROM` articles and two CPUs. Returns how many articles were saved.
    """
    if processes is None:
        many = len(article_ids) >= PARALLEL_FROM and isinstance(detector, Detector)
        processes = min(2, os.cpu_count() or 1) if many else 1
    found = compute_suggestions(
        (ToDetect.of(store.article(i)) for i in article_ids),
        detector,
        taught_patterns(store) if taught is None else taught,
        cache=DetectionCache(cache_dir or cache_dir_for(store)) if cache else None,
        processes=processes,
        batch_size=batch_size,
    )
    saved = save_suggestions(
        store, found, batch_size=batch_size, progress=progress, total=len(article_ids),
        link_entities=link_entities,
    )  # fmt: skip
    return len(saved.saved)
