"""Helpers for app tests: a database holding the cleaned, detected seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotations.entities import Detector
from annotations.models import Article, ArticleMeta
from annotations.pipeline import SEEDS_DIR, detect, ingest
from annotations.store import Store
from annotations.text import content_hash


def build_seeded_db(path: Path, detector: Detector) -> Path:
    """Ingest the bundled seeds into `path` and store their detected entities."""
    with Store(path) as store:
        report = ingest(store, [SEEDS_DIR])
        detect(store, detector, [a.id for a in report.added])
    return path


def copy_db(template: Path, folder: Path) -> Path:
    target = folder / "newsdesk.json"
    shutil.copyfile(template, target)
    return target


def article_from_text(text: str, title: str) -> Article:
    """An article whose cleaned text is exactly `text` (no cleaning applied)."""
    return Article(
        id=content_hash(title + text),
        origin="test",
        raw=text,
        text=text,
        text_hash=content_hash(text),
        meta=ArticleMeta(title=title),
    )
