"""The snapshot file: atomic replacement, its seal (a crc32 of every table and where each
one lies), deferred tables parsed later from exactly their bytes, and the sentences for a
file that is not a snapshot."""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path

import pytest

from annotations.store import DamagedStoreError, StoreError
from annotations.store.atomic import (
    AtomicJSONStorage,
    atomic_write_bytes,
    dumps,
    parse_table,
    read_snapshot,
    read_snapshot_deferring,
    seal,
    seal_holds,
)

HEADER = {"id": "store", "schema_version": 1, "generation": 4}
TABLES = {
    "articles": {"1": {"id": "a1", "title": "Modi in Moscow — «visit»"}},
    "entities": {"1": {"id": "e1", "text": "Putin"}, "2": {"id": "e2", "text": "Delhi"}},
    "events": {},
}


def _write(path: Path) -> bytes:
    AtomicJSONStorage(path).write({"_meta": {"1": dict(HEADER)}, **TABLES})
    return path.read_bytes()


def test_a_sealed_snapshot_says_where_each_table_lies(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    payload = _write(path)
    head, _ = json.JSONDecoder().raw_decode(payload.decode())
    header = head["_meta"]["1"]
    assert {k: header[k] for k in HEADER} == HEADER
    at = (
        len(json.dumps(head["_meta"]["1"], separators=(",", ":")).encode())
        + len(b'{"_meta":{"1":')
        + 1
    )  # past the header document and its closing brace
    assert payload.startswith(b'{"_meta":{"1":{') and payload[at : at + 1] == b","
    body = b"{" + payload[at + 1 :]
    assert header["crc32"] == zlib.crc32(body)
    for table, docs in TABLES.items():
        start, end = header["segments"][table]
        assert payload[at + start : at + end] == dumps(docs), table
    assert json.loads(payload) == {"_meta": {"1": header}, **TABLES}


def test_text_is_written_as_utf8_not_escaped(tmp_path: Path) -> None:
    payload = _write(tmp_path / "db.json")
    assert "Modi in Moscow — «visit»".encode() in payload and b"\\u" not in payload
    assert dumps({"a": [1, "é"]}) == '{"a":[1,"é"]}'.encode()


def test_deferred_tables_are_their_exact_bytes_and_parse_alone(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    _write(path)
    found = read_snapshot_deferring(path, frozenset({"entities", "events"}))
    assert found is not None and found.sealed
    assert set(found.tables) == {"_meta", "articles"}
    assert found.tables["articles"] == TABLES["articles"]
    assert found.deferred == {"entities": dumps(TABLES["entities"]), "events": b"{}"}
    assert parse_table(path, "entities", found.deferred["entities"]) == TABLES["entities"]
    whole = read_snapshot_deferring(path, frozenset())
    assert whole is not None and whole.sealed and whole.deferred == {}
    assert whole.tables["entities"] == TABLES["entities"]


def test_an_edit_breaks_the_seal_and_every_table_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(_write(path).replace(b"Putin", b"Pution"))
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and not found.sealed and found.deferred == {}
    assert found.tables["entities"]["1"]["text"] == "Pution"
    assert read_snapshot(path)[1] is False
    plain = tmp_path / "plain.json"
    plain.write_bytes(dumps(TABLES))  # a plain TinyDB file: no header, no seal
    assert read_snapshot(plain) == (TABLES, False)
    assert read_snapshot(path.with_name("absent.json")) == (None, False)


@pytest.mark.parametrize(
    "segments",
    [
        "nowhere",
        {"entities": [0, 10]},
        {"entities": [5, 4]},
        {"entities": [5, 10**9]},
        {"entities": [5, 9, 12]},
        {"entities": [5.0, 9]},
        {"entities": "5-9"},
    ],
    ids=["not-a-map", "at-zero", "reversed", "past-the-end", "three", "float", "text"],
)
def test_segments_that_do_not_fit_the_file_are_not_trusted(
    tmp_path: Path, segments: object
) -> None:
    """An older newsdesk's crc covers the tables, not the header: a header whose segments
    do not fit the file is read the slow way, every table parsed, instead of cutting at
    wrong offsets. Today's header crc finds the edit itself: no seal holds."""
    body = {t: d for t, d in TABLES.items()}
    payload = seal(HEADER, body)
    head, _ = json.JSONDecoder().raw_decode(payload.decode())
    rest = payload[len(dumps({"_meta": {"1": head["_meta"]["1"]}})) - 1 :]
    for covered in (False, True):
        header = {**head["_meta"]["1"], "segments": segments}
        if not covered:
            del header["header_crc32"]
        path = tmp_path / "db.json"
        path.write_bytes(dumps({"_meta": {"1": header}})[:-1] + rest)
        found = read_snapshot_deferring(path, frozenset({"entities"}))
        assert found is not None and found.deferred == {}
        assert found.tables["entities"] == TABLES["entities"]
        assert found.sealed is not covered  # the tables are intact; the shortcut is refused


def test_segments_exactly_fitting_the_file_are_used(tmp_path: Path) -> None:
    """The last table's segment ends one byte before the closing brace: the bounds are
    inclusive where the file allows and a table may be empty."""
    path = tmp_path / "db.json"
    path.write_bytes(seal(HEADER, {"entities": {}}))
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and found.deferred == {"entities": b"{}"}


def test_an_empty_table_set_is_just_the_header(tmp_path: Path) -> None:
    payload = seal(HEADER, {})
    assert payload.startswith(b'{"_meta":{"1":') and payload.endswith(b"}}}")
    path = tmp_path / "db.json"
    path.write_bytes(payload)
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and found.sealed and set(found.tables) == {"_meta"}


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"articles": [1, 2]}', "its top level is not a set of tables"),
        (b"[1, 2]", "its top level is not a set of tables"),
        (b"\xff\xfe{}", "not valid JSON: 'utf-8' codec can't decode byte 0xff in position 0"),
        (b'{"articles": {', "not valid JSON: Expecting property name enclosed in double"),
    ],
)
def test_a_file_that_is_not_a_snapshot_is_one_sentence(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(DamagedStoreError) as info:
        read_snapshot_deferring(path, frozenset())
    message = str(info.value)
    assert message.startswith(f"The database {path} is damaged ({why}"), message
    assert message.endswith("; it was left untouched."), message


def test_a_deferred_table_that_is_not_documents_is_named(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with pytest.raises(DamagedStoreError) as info:
        parse_table(path, "entities", b"[1]")
    assert str(info.value) == (
        f"The database {path} is damaged (table 'entities' is not a set of documents); "
        "it was left untouched."
    )
    with pytest.raises(DamagedStoreError) as info:
        parse_table(path, "entities", b"{1")
    assert str(info.value) == (
        f"The database {path} is damaged (not valid JSON: Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)); it was left untouched."
    )


def test_an_unreadable_file_and_a_read_only_write_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        read_snapshot_deferring(tmp_path, frozenset())
    assert str(info.value) == f"Cannot read the database {tmp_path}: Is a directory."
    storage = AtomicJSONStorage(tmp_path / "db.json", read_only=True)
    with pytest.raises(StoreError) as info:
        storage.write({"articles": {}})
    assert str(info.value) == f"The database {tmp_path / 'db.json'} is open read-only."
    assert not (tmp_path / "db.json").exists()


def test_a_write_without_a_header_is_plain_json(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"articles": {"1": {"id": "a1"}}})
    assert path.read_bytes() == b'{"articles":{"1":{"id":"a1"}}}'
    assert not storage.sealed and storage.read() == {"articles": {"1": {"id": "a1"}}}
    storage.write({"_meta": {"1": dict(HEADER)}, "articles": {}})
    assert storage.sealed
    storage.close()
    assert storage.read() == {"_meta": {"1": {**HEADER, **_seal_of(path)}}, "articles": {}}
    assert storage.sealed


def test_the_replace_is_atomic_durable_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"old")
    synced: list[int] = []
    replaced: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))

    def replace(src: str, dst: str) -> None:
        replaced.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new" and len(synced) == 2  # the file, then its folder
    [(src, dst)] = replaced
    tmp = Path(src)
    assert tmp.parent == path.parent and Path(dst) == path
    assert tmp.name.startswith(".db.json.") and tmp.name.endswith(".tmp")
    synced.clear()
    atomic_write_bytes(path, b"quick", durable=False)
    assert synced == [] and path.read_bytes() == b"quick"

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        atomic_write_bytes(path, b"lost")
    assert path.read_bytes() == b"quick"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json"]


def _seal_of(path: Path) -> dict:
    """What sealing adds to the header document: its size and crc32, the tables' crc32,
    the segments."""
    header = json.loads(path.read_bytes())["_meta"]["1"]
    return {k: header[k] for k in ("header_bytes", "header_crc32", "crc32", "segments")}


@pytest.mark.parametrize("derived", [0, 9, 95, 990, 9_990, 99_990, 400_000])
def test_the_header_says_how_many_bytes_hold_it(
    monkeypatch: pytest.MonkeyPatch, derived: int
) -> None:
    """Its first field counts the bytes up to the header document's end and one more
    (its own digits included), at every length; an open decodes exactly those."""
    payload = seal({**HEADER, "derived": {"x": "é" * derived}}, dict(TABLES))
    size = int(payload[len(b'{"_meta":{"1":{"header_bytes":') :].split(b",")[0])
    decoder = json.JSONDecoder()
    head, end = decoder.raw_decode(payload.decode("utf-8", errors="ignore"), len(b'{"_meta":'))
    assert len(payload.decode()[:end].encode()) == size - 1 and payload[size - 1 : size] == b","
    assert head["1"]["header_bytes"] == size
    decoded: list[int] = []
    raw_decode = json.JSONDecoder.raw_decode

    def counted(self: json.JSONDecoder, text: str, at: int = 0) -> tuple[object, int]:
        decoded.append(len(text.encode()))
        return raw_decode(self, text, at)

    monkeypatch.setattr(json.JSONDecoder, "raw_decode", counted)
    assert seal_holds(payload) and decoded == [size]  # one decode, of the header's bytes


@pytest.mark.parametrize("size", [b"1", b"40", b"999999999"])
def test_a_wrong_header_size_is_read_past(tmp_path: Path, size: bytes) -> None:
    """A size too small or too large (edited by hand) fails the header's crc: no seal
    holds and every table is parsed the slow way, intact. In an older newsdesk's header
    (no header crc) it only costs the search: the header is decoded from longer prefixes
    until it parses, and the tables' crc decides."""
    path = tmp_path / "db.json"
    good = seal(HEADER, dict(TABLES))
    field = b'"header_bytes":' + good.split(b'"header_bytes":')[1].split(b",")[0]
    path.write_bytes(good.replace(field, b'"header_bytes":' + size, 1))
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and not found.sealed and not found.deferred
    assert found.tables["articles"] == TABLES["articles"]
    assert found.tables["entities"] == TABLES["entities"]
    older = re.sub(rb'"header_crc32":"[0-9a-f]{8}",', b"", path.read_bytes(), count=1)
    path.write_bytes(older)
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and found.sealed  # the tables after the header are intact
    assert found.tables["articles"] == TABLES["articles"]
    assert parse_table(path, "entities", found.deferred["entities"]) == TABLES["entities"]


def test_a_failed_write_rereads_what_is_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"articles": {"1": {"id": "a1"}}})
    assert storage.read() == {"articles": {"1": {"id": "a1"}}}

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        storage.write({"articles": {}})
    monkeypatch.undo()
    assert storage.read() == {"articles": {"1": {"id": "a1"}}}


@pytest.mark.parametrize(
    ("content", "sealed"),
    [(b'{"_meta":[1],"articles":{}}', None), (b'{"_meta":{"1":5},"articles":{}}', False)],
    ids=["header-table-not-a-table", "header-not-a-document"],
)
def test_a_header_of_the_wrong_shape_is_no_seal(
    tmp_path: Path, content: bytes, sealed: bool | None
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    if sealed is None:  # then the file is not a set of tables at all
        with pytest.raises(DamagedStoreError, match="its top level is not a set of tables"):
            read_snapshot_deferring(path, frozenset({"entities"}))
        return
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and found.sealed is sealed and found.tables["articles"] == {}


def test_segments_that_fit_but_point_at_other_bytes_are_damage_not_misread(
    tmp_path: Path,
) -> None:
    """In an older newsdesk's header (its crc covers the tables only); today's header crc
    finds such an edit at open."""
    payload = seal(HEADER, dict(TABLES))
    head, _ = json.JSONDecoder().raw_decode(payload.decode())
    header = {**head["_meta"]["1"], "segments": {"entities": [1, 5]}}
    del header["header_crc32"]
    rest = payload[len(dumps({"_meta": {"1": head["_meta"]["1"]}})) - 1 :]
    path = tmp_path / "db.json"
    path.write_bytes(dumps({"_meta": {"1": header}})[:-1] + rest)
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and found.deferred["entities"] != dumps(TABLES["entities"])
    with pytest.raises(DamagedStoreError, match="not valid JSON"):  # at first use
        parse_table(path, "entities", found.deferred["entities"])


def test_parsing_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    from annotations.store.atomic import loads

    assert gc.isenabled()
    assert loads(b'{"a": [1, 2]}') == {"a": [1, 2]}
    assert gc.isenabled()
    gc.disable()
    try:
        loads(b"[]")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_folder_that_cannot_be_synced_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from annotations.store.atomic import fsync_dir

    def refuse(fd: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "fsync", refuse)
    fsync_dir(tmp_path)  # EINVAL: this filesystem cannot sync folders

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="Input/output"):
        fsync_dir(tmp_path)


def test_a_fresh_storage_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    _write(path)
    storage = AtomicJSONStorage(path)
    found = storage.read()
    assert found is not None and found["entities"] == TABLES["entities"] and storage.sealed


def test_a_segment_reaching_past_the_tables_is_not_trusted(tmp_path: Path) -> None:
    payload = seal(HEADER, dict(TABLES))
    head, end = json.JSONDecoder().raw_decode(payload.decode(), len('{"_meta":'))
    at = len(payload.decode()[:end].encode())
    size = len(payload) - at  # the bytes the segments index: "{" and the tables after it
    header = {**head["1"], "segments": {"entities": [5, size + 1]}}
    rest = payload[len(dumps({"_meta": {"1": head["1"]}})) - 1 :]
    path = tmp_path / "db.json"
    path.write_bytes(dumps({"_meta": {"1": header}})[:-1] + rest)
    found = read_snapshot_deferring(path, frozenset({"entities"}))
    assert found is not None and found.deferred == {}
    assert found.tables["entities"] == TABLES["entities"]
