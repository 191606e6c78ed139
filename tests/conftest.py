"""Shared fixtures: one spaCy model per test session, temporary databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from annotations.entities import Detector

# CI runs the property tests on a fixed seed so a landing never depends on luck;
# local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
