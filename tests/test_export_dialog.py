"""Pilot tests of the export dialog: keys in, files out that the format's reader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from annotations.entities import Detector
from annotations.formats import get_format
from annotations.store import Store
from tests.app_fixtures import build_seeded_db, copy_db
from tui.app import make_app
from tui.screens import export as export_module
from tui.screens.export import ExportScreen

SIZE = (120, 36)


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, detector: Detector) -> Path:
    return build_seeded_db(tmp_path_factory.mktemp("export") / "newsdesk.json", detector)


@pytest.fixture
def store(seeded_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the dialog suggests paths under the current folder
    with Store(copy_db(seeded_template, tmp_path)) as opened:
        yield opened


async def _finish(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _type(text: str) -> list[str]:
    names = {" ": "space", ",": "comma", "-": "minus"}
    return [names.get(c, c) for c in text]


async def test_export_brat_from_the_dialog_with_keys(store: Store, tmp_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#export-out", Input).value == "newsdesk-export/newsdesk.jsonl"
        await pilot.press("enter", "down", "down", "enter")  # format list: jsonl, csv, brat
        assert screen.query_one("#export-out", Input).value == "newsdesk-export/brat"
        await pilot.press("ctrl+s")
        await _finish(app, pilot)
        assert screen.progress == (5, 5)
        assert not isinstance(app.screen, ExportScreen)  # closed with a notice
        assert any("Exported 5 articles" in n.message for n in app._notifications)
    out = tmp_path / "newsdesk-export" / "brat"
    items = list(get_format("brat", readable=True).read(out))  # type: ignore[misc]
    assert len(items) == 5 and not [i for i in items if isinstance(i, str)]
    assert sum(len(i.spans) for i in items) > 50
    direct = tmp_path / "direct"  # the dialog writes exactly what the export command writes
    export_module.export(store, "brat", direct)
    assert {p.name: p.read_bytes() for p in direct.iterdir()} == {
        p.name: p.read_bytes() for p in out.iterdir()
    }


async def test_filters_reach_the_export(store: Store, tmp_path: Path) -> None:
    done = store.article_ids()[2]
    store.set_status(done, "done")
    people = [e for e in store.entities(done) if e.label == "PERSON"]
    store.put_entity(people[0].model_copy(update={"state": "accepted"}))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X", "tab")  # format stays jsonl; to the output path
        await pilot.press("tab", "enter", "down", "down", "down", "enter")  # status: done
        await pilot.press("tab", *_type("PERSON"), "tab", "tab", "tab", "space")
        await pilot.press("ctrl+s")
        await _finish(app, pilot)
    lines = (tmp_path / "newsdesk-export" / "newsdesk.jsonl").read_text().splitlines()
    (record,) = [json.loads(line) for line in lines]
    assert record["article"]["id"] == done
    assert len(people) > 1  # only the accepted PERSON goes out
    assert [e["id"] for e in record["entities"]] == [people[0].id]


async def test_bad_input_is_a_clear_notice_and_nothing_is_written(
    store: Store, tmp_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        screen = app.screen
        screen.query_one("#export-since", Input).value = "29 Nov"
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one("#export-status", Static).render())
        assert "'29 Nov' is not a date like 2025-12-31." in status
        screen.query_one("#export-since", Input).value = ""
        screen.query_one("#export-labels", Input).value = "PERSN"
        await pilot.press("ctrl+s")
        assert "Unknown label PERSN" in str(screen.query_one("#export-status", Static).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)
    assert not (tmp_path / "newsdesk-export").exists()


async def test_esc_cancels_a_running_export_and_leaves_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    gate = threading.Event()
    real_export = export_module.export

    def slow_export(source, name, out, filters):  # type: ignore[no-untyped-def]
        def waiting():  # type: ignore[no-untyped-def]
            for article in source.articles():
                gate.wait(5)
                yield article

        class Slow:
            articles = staticmethod(waiting)
            entities = staticmethod(source.entities)

        return real_export(Slow(), name, out, filters)

    monkeypatch.setattr(export_module, "export", slow_export)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        screen = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.worker is not None and screen.worker.is_running
        await pilot.press("escape")
        gate.set()
        assert screen.finished.wait(10)
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert any("cancelled" in n.message for n in app._notifications)
    folder = tmp_path / "newsdesk-export"
    assert not folder.exists() or not any(folder.iterdir())
