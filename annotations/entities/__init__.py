"""Entity detection: a statistical model plus rules, behind one small interface."""

from annotations.entities.cache import CachedDetector, DetectionCache, cache_key, text_hash
from annotations.entities.detector import DETECTOR_VERSION, Detector, Mention, to_entities
from annotations.entities.linking import (
    LinkOverrides,
    assign_canonical,
    canonical_key,
    group_mentions,
    link,
)
from annotations.entities.teach import TaughtPatterns

__all__ = [
    "DETECTOR_VERSION",
    "CachedDetector",
    "DetectionCache",
    "Detector",
    "LinkOverrides",
    "Mention",
    "TaughtPatterns",
    "assign_canonical",
    "cache_key",
    "canonical_key",
    "group_mentions",
    "link",
    "text_hash",
    "to_entities",
]
