"""SVG snapshots of the library, the reader and the help screen at a fixed size."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.entities import Detector
from annotations.models import Entity
from annotations.store import Store
from tests.app_fixtures import article_from_text, build_seeded_db, copy_db
from tui.app import make_app

SIZE = (120, 36)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("snap") / "newsdesk.json", detector)


def test_library_snapshot(snap_compare, template: Path, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    with Store(copy_db(template, tmp_path)) as store:
        assert snap_compare(make_app(store, detector=detector), terminal_size=SIZE)


def test_reader_snapshot(snap_compare, template: Path, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    with Store(copy_db(template, tmp_path)) as store:
        app = make_app(store, detector=detector)
        assert snap_compare(app, press=["enter"], terminal_size=SIZE)


def test_reader_review_states_snapshot(snap_compare, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    """Suggested, accepted, rejected, taught, analyst and nested (overlapping) entities."""
    text = (
        "Russian President Vladimir Putin will pay a state visit to India on December 4-5.\n\n"
        "The S-400 deal and the India-Russia Annual Summit were discussed in New Delhi."
    )
    article = article_from_text(text, title="Review states").model_copy(
        update={"detected_with": "test"}
    )
    spans = [
        ("Russian", "NORP", "suggested", "model"),
        ("President", "ROLE", "accepted", "rule"),
        ("Vladimir Putin", "PERSON", "accepted", "model"),
        ("India", "GPE", "rejected", "model"),
        ("December 4-5", "DATE", "suggested", "model"),
        ("S-400", "WEAPON", "accepted", "analyst"),
        ("India-Russia Annual Summit", "EVENT", "suggested", "rule"),
        ("Russia", "GPE", "suggested", "model"),  # nested inside the summit's name
        ("New Delhi", "GPE", "suggested", "taught"),
    ]
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        for phrase, label, state, source in spans:
            start = text.index(phrase, text.index("S-400") if phrase == "Russia" else 0)
            store.put_entity(
                Entity(
                    article_id=article.id,
                    start=start,
                    end=start + len(phrase),
                    label=label,
                    text=phrase,
                    state=state,
                    source=source,
                )
            )
        app = make_app(store, detector=detector)
        assert snap_compare(app, press=["enter", "tab", "tab"], terminal_size=SIZE)


def test_help_snapshot(snap_compare, template: Path, tmp_path: Path, detector) -> None:  # type: ignore[no-untyped-def]
    with Store(copy_db(template, tmp_path)) as store:
        app = make_app(store, detector=detector)
        assert snap_compare(app, press=["enter", "question_mark"], terminal_size=SIZE)
