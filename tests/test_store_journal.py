"""The journal line by line: its format, what each bad line costs (counted in lines and
bytes), the torn tail a writer cuts off, a failed append leaving no partial line, and
the size it keeps for deciding when to fold; plus the refusal sentences and backups."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from annotations.store import backups
from annotations.store.errors import refusal
from annotations.store.journal import JournalWriter, encode, read_journal


def _journal(tmp_path: Path, saves: int = 3) -> Path:
    path = tmp_path / "db.json.journal"
    writer = JournalWriter(path)
    writer.start(7)
    for n in range(saves):
        writer.append([["notes", str(n + 1), {"id": f"n{n}", "schema_version": 1}]])
    writer.close()
    return path


def test_a_line_is_lowercase_crc_space_json_newline() -> None:
    line = encode({"ops": []})
    body = b'{"ops":[]}'
    assert line == b"%08x " % zlib.crc32(body) + body + b"\n"
    assert line[:8] == line[:8].lower()


def test_the_writer_keeps_the_size_of_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "db.json.journal"
    writer = JournalWriter(path)
    writer.start(3)
    assert writer.size == path.stat().st_size and writer.generation == 3
    writer.append([["notes", "1", None]])
    writer.append([["notes", "2", None]])
    assert writer.size == path.stat().st_size
    writer.close()
    found = read_journal(path)
    assert (found.generation, found.transactions) == (
        3,
        [[["notes", "1", None]], [["notes", "2", None]]],
    )
    assert found.good_length == path.stat().st_size and not found.torn and not found.damage


def test_resuming_cuts_the_torn_tail_and_appends_after_it(tmp_path: Path) -> None:
    path = _journal(tmp_path, saves=2)
    good = path.read_bytes()
    path.write_bytes(good + b'0000abcd {"ops": [')
    found = read_journal(path)
    assert found.torn and found.good_length == len(good) and len(found.transactions) == 2
    writer = JournalWriter(path)
    writer.resume(found.generation, found.good_length)
    assert path.read_bytes() == good and writer.size == len(good) and writer.generation == 7
    writer.append([["notes", "9", None]])
    writer.close()
    again = read_journal(path)
    assert again.generation == 7 and len(again.transactions) == 3 and not again.torn


def test_resuming_a_clean_journal_rewrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path, saves=1)
    cut: list[int] = []
    monkeypatch.setattr(os, "ftruncate", lambda fd, size: cut.append(size))
    writer = JournalWriter(path)
    writer.resume(7, path.stat().st_size)
    writer.close()
    assert cut == []


def test_a_failed_append_leaves_no_partial_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path, saves=1)
    before = path.read_bytes()
    writer = JournalWriter(path)
    writer.resume(7, len(before))
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="Input/output"):
        writer.append([["notes", "5", None]])
    monkeypatch.undo()
    assert path.read_bytes() == before and writer.size == len(before) and writer.ready
    writer.append([["notes", "6", None]])
    writer.close()
    assert read_journal(path).transactions[-1] == [["notes", "6", None]]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (b"0000 {}\n", "fails its checksum"),
        (b"x" * 8 + b" {}\n", "fails its checksum"),
        (encode({"ops": []})[:8] + b"-" + encode({"ops": []})[9:], "fails its checksum"),
        (b"%08X " % zlib.crc32(b"[1]") + b"[1]\n", "fails its checksum"),
        (encode({"nope": 1}), "has no 'ops' list"),
        (encode({"ops": [["notes", "1"]]}), "holds a malformed operation"),
        (
            encode({"ops": [["notes", "one", None]]}),
            "holds an operation on table 'notes' without a document number",
        ),
        (
            encode({"ops": [["entities", "1", {"id": "e", "schema_version": 1}]]}),
            "holds a document of table 'entities' that is not a newsdesk document",
        ),
    ],
    ids=["short", "not-hex", "no-space", "not-a-record", "no-ops", "malformed", "key", "doc"],
)
def test_a_bad_line_costs_what_follows_and_is_counted(
    tmp_path: Path, line: bytes, why: str
) -> None:
    path = _journal(tmp_path, saves=2)
    good = path.read_bytes()
    after = encode({"ops": []})
    path.write_bytes(good + line + after)
    found = read_journal(path)
    assert found.damage == (
        f"The journal {path} is damaged: line 4 {why}; the 2 saves before it are intact and "
        f"2 lines ({len(line) + len(after):,} bytes) from it on cannot be read"
    )
    assert len(found.transactions) == 2 and found.good_length == len(good)


@pytest.mark.parametrize(
    "header",
    [{"journal": "other", "generation": 1}, {"journal": "newsdesk-journal", "generation": "1"}],
)
def test_a_header_line_of_another_kind_is_damage(tmp_path: Path, header: dict) -> None:
    path = tmp_path / "db.json.journal"
    path.write_bytes(encode(header))
    found = read_journal(path)
    assert found.generation is None
    assert found.damage == (
        f"The journal {path} is damaged: line 1 is not a newsdesk journal header; the 0 saves "
        f"before it are intact and 1 lines ({len(encode(header)):,} bytes) from it on cannot "
        "be read"
    )


def test_a_ten_byte_line_can_be_good(tmp_path: Path) -> None:
    """The shortest line is eight hex digits, a space and a one-byte body."""
    path = tmp_path / "db.json.journal"
    path.write_bytes(encode({"journal": "newsdesk-journal", "generation": 2}) + b"%08x 1\n" % 0)
    found = read_journal(path)
    assert found.damage is not None and "line 2 fails its checksum" in found.damage
    body = b"7"
    path.write_bytes(path.read_bytes()[:-10] + b"%08x " % zlib.crc32(body) + body + b"\n")
    found = read_journal(path)
    assert found.damage is not None and "line 2 fails its checksum" in found.damage  # not a dict


# -- the refusal sentences ----------------------------------------------------------------


def test_a_refusal_drops_the_problems_own_full_stop() -> None:
    problem = "The database db.json holds a table 'AX'."
    assert str(refusal(problem)) == (
        "The database db.json holds a table 'AX'; newsdesk will not write to it until "
        "`newsdesk doctor --restore` repairs it."
    )
    assert str(refusal(problem, read_only=True)) == (
        "The database db.json holds a table 'AX'; run `newsdesk doctor` for the details and "
        "`newsdesk doctor --restore` to repair it."
    )
    assert str(refusal(".hidden file is bad X.")).startswith(".hidden file is bad X;")
    assert str(refusal("Bad X.", read_only=True)).startswith("Bad X; run `newsdesk doctor`")


# -- backups ------------------------------------------------------------------------------------


def test_backups_live_beside_the_database_newest_first(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(b"{}")
    assert backups.backup_dir(db) == tmp_path / "db.json.backups"
    assert backups.list_backups(db) == []
    assert backups.make_backup(db, db, "a", keep=0) is None  # keeping none makes none
    assert backups.make_backup(db, tmp_path / "absent.json", "a") is None
    first = backups.make_backup(db, db, "one", keep=1)
    assert first is not None and first.parent == tmp_path / "db.json.backups"
    assert first.name.endswith("Z-one.json") and first.read_bytes() == b"{}"
    folder = backups.backup_dir(db)
    (folder / ".hidden.json").write_bytes(b"{}")
    (folder / "zzz-notes.txt").write_bytes(b"{}")
    (folder / "00000000T000000000000Z-old.json").write_bytes(b"{}")
    (folder / "99999999T000000000000Z-new.json").write_bytes(b"{}")
    assert [p.name for p in backups.list_backups(db)] == [
        "99999999T000000000000Z-new.json",
        first.name,
        "00000000T000000000000Z-old.json",
    ]


def test_pruning_keeps_the_newest_and_one_verified_older(tmp_path: Path) -> None:
    from annotations.store.atomic import seal

    db = tmp_path / "db.json"
    db.write_bytes(seal({"id": "store"}, {"articles": {}}))
    folder = backups.backup_dir(db)
    folder.mkdir()
    (folder / "20000101T000000000000Z-sealed.json").write_bytes(db.read_bytes())
    (folder / "20000102T000000000000Z-plain.json").write_bytes(b"{}")
    (folder / "20000103T000000000000Z-plain.json").write_bytes(b"{}")
    assert [p.name for p in backups.by_trust(db)] == [
        "20000101T000000000000Z-sealed.json",
        "20000103T000000000000Z-plain.json",
        "20000102T000000000000Z-plain.json",
    ]
    backups.prune(db, 1)
    assert [p.name for p in backups.list_backups(db)] == [
        "20000103T000000000000Z-plain.json",
        "20000101T000000000000Z-sealed.json",  # the newest verified one is kept as well
    ]
    assert not backups.verified(folder / "20000103T000000000000Z-plain.json")
    (folder / "20000104T000000000000Z-binary.json").write_bytes(b"\xff\xfe")
    assert not backups.verified(folder / "20000104T000000000000Z-binary.json")


def test_a_backup_that_cannot_be_made_is_none_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(b"{}")
    backups.backup_dir(db).write_bytes(b"a file where the folder should be")
    assert backups.make_backup(db, db, "x") is None


def test_pruning_without_any_verified_backup_keeps_the_newest(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    folder = backups.backup_dir(db)
    folder.mkdir()
    for day in (1, 2, 3):
        (folder / f"2000010{day}T000000000000Z-plain.json").write_bytes(b"{}")
    backups.prune(db, 2)
    assert [p.name for p in backups.list_backups(db)] == [
        "20000103T000000000000Z-plain.json",
        "20000102T000000000000Z-plain.json",
    ]


def test_backups_are_stamped_in_utc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import time

    db = tmp_path / "db.json"
    db.write_bytes(b"{}")
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        made = backups.make_backup(db, db, "tz")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert made is not None
    when = dt.datetime.strptime(made.name.split("-")[0], "%Y%m%dT%H%M%S%fZ")
    assert abs((dt.datetime.now(dt.UTC) - when.replace(tzinfo=dt.UTC)).total_seconds()) < 120


def test_a_failed_resume_raises_its_own_error_and_keeps_no_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _journal(tmp_path, saves=1)
    path.write_bytes(path.read_bytes() + b"torn")

    def stuck(fd: int, size: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "ftruncate", stuck)
    writer = JournalWriter(path)
    with pytest.raises(OSError, match="Input/output"):
        writer.resume(7, path.stat().st_size - 4)
    assert not writer.ready


@pytest.mark.parametrize(
    "op",
    [
        ["articles", "1", {}, "set"],  # changes nothing
        ["articles", "1", {"id": 3}, "set"],  # an id that is not text
        ["entities", "1", {"article_id": None}, "set"],  # an indexed field that is not text
        ["articles", "1", {"status": "new"}, "merge"],  # not an op newsdesk writes
        ["articles", "1", None, "set"],
    ],
)
def test_a_change_of_fields_of_the_wrong_shape_is_damage(tmp_path: Path, op: list) -> None:
    path = _journal(tmp_path, saves=1)
    with path.open("ab") as out:
        out.write(encode({"ops": [["articles", "1", {"status": "new"}, "set"]]}))
        out.write(encode({"ops": [op]}))
    found = read_journal(path)
    assert found.damage and "line 4" in found.damage and len(found.transactions) == 2
