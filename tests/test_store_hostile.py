"""The store under hostile or unlucky conditions: damage is refused, counted, never hidden."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.cli import main
from annotations.entities import Detector
from annotations.entities.cache import DetectionCache
from annotations.entities.detector import Mention
from annotations.store import DamagedStoreError, Store, StoreError
from annotations.store import backups as backups_module
from annotations.store.doctor import check, restore
from annotations.store.journal import read_journal
from tests.store_fixtures.factory import entities_for, make_article

ARTICLE = make_article(1, words=30)


def crashed_with_saves(path: Path, saves: int = 4) -> Path:
    """A database whose last `saves` entity saves live only in its journal."""
    with Store(path) as store:
        store.add_articles([ARTICLE])
    store = Store(path)
    for entity in entities_for(ARTICLE, saves):
        store.put_entity(entity)
    store._release()  # no compaction: the saves are in the journal only
    return path.with_name(path.name + ".journal")


def line(record: object) -> bytes:
    body = json.dumps(record, separators=(",", ":")).encode()
    return b"%08x " % zlib.crc32(body) + body + b"\n"


@pytest.mark.parametrize(
    "ops",
    [
        [["entities", "9", 5]],
        [["entities", "x", None]],
        [5],
        [["entities", "9", {"id": 3}]],
        [["entities", "9", {"id": "e9", "schema_version": 1}]],  # no article_id to index by
    ],
)
def test_checksummed_line_of_wrong_shape_is_one_problem(
    db_path: Path, ops: list, capsys: pytest.CaptureFixture
) -> None:
    journal = crashed_with_saves(db_path, 2)
    journal.write_bytes(journal.read_bytes() + line({"ops": ops}))
    before = journal.read_bytes()
    with pytest.raises(DamagedStoreError, match="line 4 holds") as info:
        Store(db_path)
    assert "doctor --restore" in str(info.value) and ". " not in str(info.value)
    with pytest.raises(DamagedStoreError, match="run `newsdesk doctor` for the details"):
        Store(db_path, read_only=True)  # an export would pass a partial reading for the whole
    with Store(db_path, read_only=True, salvage=True) as store:  # what came before is read
        assert store.entity_count(ARTICLE.id) == 2
    assert main(["doctor", "--db", str(db_path)]) == 1
    assert "line 4" in capsys.readouterr().out
    assert main(
        [
            "--db",
            str(db_path),
            "export",
            "--format",
            "jsonl",
            "--out",
            str(db_path.parent / "o.jsonl"),
        ]
    ) in (0, 2)
    assert journal.read_bytes() == before


def test_garbage_over_the_journal_header_loses_no_save(db_path: Path) -> None:
    journal = crashed_with_saves(db_path)
    saved = journal.read_bytes()
    journal.write_bytes(b'{"id": "exported"}\n' + saved.split(b"\n", 1)[1])
    with pytest.raises(DamagedStoreError, match="line 1 fails its checksum"):
        Store(db_path)
    assert not check(db_path).healthy
    journal.write_bytes(saved)  # nothing was thrown away meanwhile
    with Store(db_path, read_only=True) as store:
        assert store.entity_count(ARTICLE.id) == 4


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=10_000), junk=st.binary(max_size=40))
def test_journal_reader_keeps_every_save_before_damage(
    tmp_path: Path, cut: int, junk: bytes
) -> None:
    folder = tmp_path / f"c{cut}-{zlib.crc32(junk)}"
    folder.mkdir(exist_ok=True)
    path = folder / "db.json"
    if not path.exists():
        crashed_with_saves(path)
    journal = path.with_name(path.name + ".journal")
    whole = read_journal(journal)
    good = journal.read_bytes()
    kept = good[: cut % (len(good) + 1)]
    journal.write_bytes(kept + junk)
    found = read_journal(journal)
    assert found.transactions == whole.transactions[: len(found.transactions)]
    # a cut exactly between two whole lines after the header cannot be seen (nothing records
    # how long the journal was); every other cut or any junk is reported
    unseen = not junk and kept.endswith(b"\n") and kept.count(b"\n") >= 1
    if not unseen and found.transactions != whole.transactions:
        assert found.torn or found.damage
        assert not check(path).healthy
    journal.write_bytes(good)


def test_refuses_to_write_into_a_damaged_database(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([ARTICLE])
        store.put_entity(entities_for(ARTICLE, 1)[0])
    db_path.write_text(db_path.read_text().replace('"label":"ORG"', '"label":""'))
    kept = sorted(p.name for p in backups_module.list_backups(db_path))
    with pytest.raises(DamagedStoreError, match="doctor --restore"):
        Store(db_path)
    assert sorted(p.name for p in backups_module.list_backups(db_path)) == kept


def test_empty_database_beside_its_backups_is_damage(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([ARTICLE])
    db_path.write_bytes(b"")
    db_path.with_name(db_path.name + ".journal").unlink()
    assert not check(db_path).healthy
    for _ in range(6):
        with pytest.raises(DamagedStoreError, match="is empty"):
            Store(db_path)
    assert main(["doctor", "--db", str(db_path), "--restore"]) == 0
    with Store(db_path) as store:
        assert store.article_ids() == [ARTICLE.id]


def test_rotation_keeps_the_newest_verified_backup(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([ARTICLE])
    folder = backups_module.backup_dir(db_path)
    for n in range(8):  # newer, unverified copies (a hand edit, a planted file)
        (folder / f"9999{n}-planted.json").write_text("{}")
    backups_module.prune(db_path, 5)
    assert sum(backups_module.verified(p) for p in backups_module.list_backups(db_path)) == 1


def test_planted_newer_backup_is_not_restored_first(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([ARTICLE])
    (backups_module.backup_dir(db_path) / "99999999-planted.json").write_text("{}")
    db_path.write_text("{not json")
    done = restore(db_path)
    assert done.missing == 0 and "planted" not in done.backup.name
    with Store(db_path) as store:
        assert store.article_ids() == [ARTICLE.id]


def test_restore_with_texts_missing_does_not_report_success(
    db_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Store(db_path, inline_text_limit=200) as store:
        store.add_articles([ARTICLE])
    with Store(db_path, inline_text_limit=200) as store:
        store.add_articles([make_article(n, words=30) for n in range(2, 6)])
    db_path.with_name(db_path.name + ".texts").unlink()
    with pytest.raises(DamagedStoreError, match="texts"):
        Store(db_path)
    assert main(["doctor", "--db", str(db_path), "--restore"]) == 1
    assert "in no backup that checks clean" in capsys.readouterr().out


def test_newer_schema_is_refused_not_rolled_back(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_articles([ARTICLE])
    newer = db_path.read_text().replace('"schema_version":1', '"schema_version":99')
    db_path.write_text(newer)
    with pytest.raises(StoreError, match="made by a newer newsdesk"):
        restore(db_path)
    assert db_path.read_text() == newer


def test_compaction_failing_at_close_says_so_and_keeps_the_saves(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(db_path)
    store.add_articles([ARTICLE])
    real = os.replace

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StoreError, match="every save is kept in"):
        store.close()
    monkeypatch.setattr(os, "replace", real)
    with Store(db_path) as store:
        assert store.article_ids() == [ARTICLE.id]


def test_symlinked_lock_file_never_truncates_its_target(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    db_path.with_name(db_path.name + ".lock").symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(db_path)
    assert target.read_text() == "keep me"


def test_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.write_text("a file where a folder should be")  # as unwritable as it gets
    cache = DetectionCache(folder)
    cache.put("ab12", [Mention(0, 5, "GPE", "India", "model")])
    assert cache.get("ab12") == [Mention(0, 5, "GPE", "India", "model")]


def test_ingest_detects_articles_a_killed_run_left_undetected(
    tmp_path: Path, seed_paths: list[Path]
) -> None:
    db = tmp_path / "db.json"
    assert main(["--db", str(db), "ingest", "--no-detect", str(seed_paths[0])]) == 0  # "killed"
    assert main(["--db", str(db), "ingest", str(seed_paths[0])]) == 0
    with Store(db, read_only=True) as store:
        assert all(h.detected_with for h in store.article_heads())


def test_restore_copies_are_put_back_when_nothing_is_clean(db_path: Path) -> None:
    db_path.write_text("{not json")
    with pytest.raises(StoreError, match="No backup"):
        restore(db_path)
    assert db_path.read_text() == "{not json"
    shutil.rmtree(db_path.parent / (db_path.name + ".backups"), ignore_errors=True)


async def test_app_shows_one_notice_when_the_disk_is_full(
    db_path: Path, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.worker import WorkerCancelled

    from tui.app import make_app

    with Store(db_path) as store:
        store.add_articles([make_article(n, words=20) for n in range(40)])

        def full(*args: object, **kwargs: object) -> None:
            raise StoreError("Cannot save to the database: No space left on device.")

        monkeypatch.setattr(store, "save_detection", full)
        app = make_app(store, detector=detector)
        shown: list[str] = []
        real_notify = app.notify
        monkeypatch.setattr(
            app, "notify", lambda message, **kw: (shown.append(message), real_notify(message, **kw))
        )
        async with app.run_test(size=(120, 36)) as pilot:
            with contextlib.suppress(WorkerCancelled):  # the app stops detecting: no use
                await app.workers.wait_for_complete()
            await pilot.pause()
        assert sum("No space left" in m for m in shown) == 1, shown


def test_doctor_checks_events_without_importing_their_module(db_path: Path) -> None:
    import subprocess
    import sys

    from annotations.models import Event

    with Store(db_path) as store:
        store.add_articles([ARTICLE])
        store.put(
            "events",
            Event(
                article_id=ARTICLE.id,
                type="MEET",
                trigger_start=0,
                trigger_end=5,
                trigger_text=ARTICLE.text[:5],
            ),
        )
    db_path.write_text(db_path.read_text().replace('"type":"MEET"', '"type":5'))
    code = "import sys; from annotations.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, "doctor", "--db", str(db_path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 1 and "table 'events'" in done.stdout, done.stdout


def test_restore_of_a_cut_journal_keeps_the_intact_saves(db_path: Path) -> None:
    journal = crashed_with_saves(db_path, 4)
    journal.write_bytes(journal.read_bytes() + b"0badc0de garbage\n")
    assert not check(db_path).healthy
    done = restore(db_path)
    assert done.missing == 0 and "4 intact saves" in done.journal
    with Store(db_path) as store:
        assert store.entity_count(ARTICLE.id) == 4
