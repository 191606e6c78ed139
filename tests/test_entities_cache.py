"""Detection is cached by (content hash, detector version)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations.entities import Mention
from annotations.entities.cache import CachedDetector, DetectionCache, cache_key


class Counting:
    """A fake detector that records what reached the model."""

    def __init__(self, version: str = "v1") -> None:
        self.version = version
        self.seen: list[str] = []

    def detect_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
        for text in texts:
            self.seen.append(text)
            yield [Mention(0, 1, "ORG", text[:1])]


def test_each_text_runs_once_and_order_holds() -> None:
    fake = Counting()
    cached = CachedDetector(fake)
    first = list(cached.detect_many(["alpha", "beta", "alpha"], batch_size=2))
    again = list(cached.detect_many(["beta", "gamma", "alpha"]))
    assert [m[0].text for m in first] == ["a", "b", "a"]
    assert [m[0].text for m in again] == ["b", "g", "a"]
    assert sorted(fake.seen) == ["alpha", "beta", "gamma"]
    assert cached.detect("beta") == [Mention(0, 1, "ORG", "b")]
    assert cached.cache.hits >= 4


def test_a_new_version_detects_again() -> None:
    cache = DetectionCache()
    CachedDetector(Counting("v1"), cache).detect("alpha")
    newer = Counting("v2")
    CachedDetector(newer, cache).detect("alpha")
    assert newer.seen == ["alpha"]
    assert cache_key("alpha", "v1") != cache_key("alpha", "v2")


def test_disk_cache_survives_a_restart(tmp_path: Path) -> None:
    CachedDetector(Counting(), DetectionCache(tmp_path)).detect("alpha")
    fresh = Counting()
    got = CachedDetector(fresh, DetectionCache(tmp_path)).detect("alpha")
    assert fresh.seen == [] and got == [Mention(0, 1, "ORG", "a")]


def test_damaged_cache_file_is_detected_again(tmp_path: Path) -> None:
    cache = DetectionCache(tmp_path)
    CachedDetector(Counting(), cache).detect("alpha")
    for path in tmp_path.rglob("*.json"):
        path.write_text("{not json")
    fresh = Counting()
    CachedDetector(fresh, DetectionCache(tmp_path)).detect("alpha")
    assert fresh.seen == ["alpha"]


def test_real_detector_through_the_cache(detector) -> None:
    cached = CachedDetector(detector)
    text = "Russian President Vladimir Putin met PM Modi."
    assert cached.detect(text) == detector.detect(text) == cached.detect(text)
    assert cached.version == detector.version
