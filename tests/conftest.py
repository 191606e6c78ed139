"""Shared fixtures: one spaCy model per test session, temporary databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.entities import Detector

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def detector() -> Detector:
    """The real detector, model loaded once for the whole session."""
    found = Detector()
    found.nlp  # noqa: B018 - load now, not inside a timed test
    return found


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsdesk.json"


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
