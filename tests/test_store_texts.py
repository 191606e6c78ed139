"""The pack of article bodies (`<db>.texts`): what it writes, how each kind of damage is
named, its cache, and a failed append leaving no bytes behind."""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

import pytest

from annotations.store import DamagedStoreError, StoreError
from annotations.store.texts import TextPack

ONE = {"raw": "<p>Modi met Putin.</p>", "text": "Modi met Putin."}
TWO = {"raw": "<p>Talks in Delhi.</p>", "text": "Talks in Delhi."}


@pytest.fixture
def pack(tmp_path: Path) -> TextPack:
    found = TextPack(tmp_path / "db.json.texts")
    yield found
    found.close()


def _damage(pack: TextPack, article_id: str, why: str) -> str:
    return (
        f"The article texts {pack.path} are damaged: article {article_id}, field 'text': "
        f"{why}; they were left untouched."
    )


def test_bodies_are_json_lines_whose_references_are_offset_length_and_checksum(
    pack: TextPack,
) -> None:
    refs = pack.append([("a1", ONE), ("a2", TWO)])
    data = pack.path.read_bytes()
    lines = data.split(b"\n")
    assert lines[0] == b'{"id":"a1","raw":"<p>Modi met Putin.</p>","text":"Modi met Putin."}'
    assert refs[0] == [0, len(lines[0]), zlib.crc32(lines[0])]
    assert refs[1] == [len(lines[0]) + 1, len(lines[1]), zlib.crc32(lines[1])]
    umask = os.umask(0)
    os.umask(umask)
    assert data.endswith(b"\n") and stat.S_IMODE(os.stat(pack.path).st_mode) == 0o644 & ~umask
    more = pack.append([("a3", ONE)])  # appends after what is there, never rewrites it
    assert more[0][0] == len(data) and pack.path.read_bytes().startswith(data)
    assert pack.read("a2", refs[1]) == TWO and pack.read("a1", refs[0]) == ONE
    reopened = TextPack(pack.path)
    assert reopened.read("a3", more[0]) == ONE
    reopened.close()


@pytest.mark.parametrize(
    "ref",
    [None, [0, 10], [0, 10, 3, 4], [0, "10", 3], "0,10,3", (0, 10, 3)],
    ids=["none", "short", "long", "text-number", "string", "tuple"],
)
def test_a_malformed_reference_is_named(pack: TextPack, ref: object) -> None:
    pack.append([("a1", ONE)])
    with pytest.raises(DamagedStoreError) as info:
        pack.read("a1", ref)  # type: ignore[arg-type]
    assert str(info.value) == _damage(pack, "a1", "its text reference is malformed")


def test_each_kind_of_damage_is_one_sentence(pack: TextPack) -> None:
    [ref] = pack.append([("a1", ONE)])
    offset, length, crc = ref
    with pytest.raises(DamagedStoreError) as info:
        pack.read("a1", [offset, length, crc ^ 1])
    assert str(info.value) == _damage(pack, "a1", "its text at byte 0 fails its checksum")
    with pytest.raises(DamagedStoreError) as info:  # right checksum, cut short by the file end
        pack.read("a1", [2, length + 1, zlib.crc32(pack.path.read_bytes()[2:])])
    assert str(info.value) == _damage(pack, "a1", "its text at byte 2 fails its checksum")
    with pytest.raises(DamagedStoreError) as info:
        pack.read("a9", ref)
    assert str(info.value) == _damage(pack, "a9", "the text at byte 0 belongs to another article")


def test_a_body_that_is_not_a_json_object_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "db.json.texts"
    path.write_bytes(b'not json\n[1, 2]\n{"raw": "r"}\n')
    pack = TextPack(path)
    with pytest.raises(DamagedStoreError) as info:
        pack.read("a1", [0, 8, zlib.crc32(b"not json")])
    assert str(info.value) == _damage(pack, "a1", "its text at byte 0 is not JSON")
    with pytest.raises(DamagedStoreError) as info:
        pack.read("a1", [9, 6, zlib.crc32(b"[1, 2]")])
    assert str(info.value) == _damage(pack, "a1", "its text at byte 9 is not a JSON object")
    with pytest.raises(DamagedStoreError) as info:  # no id: it cannot be this article's
        pack.read("a1", [16, 12, zlib.crc32(b'{"raw": "r"}')])
    assert str(info.value) == _damage(pack, "a1", "the text at byte 16 belongs to another article")
    pack.close()


def test_a_missing_or_unreadable_pack_is_named(tmp_path: Path) -> None:
    pack = TextPack(tmp_path / "gone.texts")
    with pytest.raises(DamagedStoreError) as info:
        pack.read("a1", [0, 5, 0])
    assert str(info.value) == _damage(pack, "a1", "the text file is missing")
    folder = TextPack(tmp_path)  # a folder where the pack should be: not readable as a file
    with pytest.raises(StoreError) as info:
        folder.read("a1", [0, 5, 0])
    assert str(info.value) == f"Cannot read the article texts {tmp_path}: Is a directory."


def test_the_cache_keeps_the_most_recent_bodies_and_forgets_the_oldest(tmp_path: Path) -> None:
    pack = TextPack(tmp_path / "db.json.texts", cache_size=2)
    refs = pack.append([(f"a{n}", {"raw": f"r{n}", "text": f"t{n}"}) for n in range(4)])
    first = pack.read("a0", refs[0])
    assert pack.read("a0", refs[0]) is first  # cached: the same parsed body
    pack.read("a1", refs[1])
    pack.read("a0", refs[0])  # a0 is now the most recent, a1 the oldest
    third = pack.read("a2", refs[2])  # evicts a1, keeps a0 and the newest, a2
    assert pack.read("a2", refs[2]) is third
    assert pack.read("a0", refs[0]) is first
    again = pack.read("a1", refs[1])
    assert again == {"raw": "r1", "text": "t1"}
    # the cache is keyed by offset: the body read is the body at that offset
    assert pack.read("a3", refs[3]) == {"raw": "r3", "text": "t3"}
    pack.close()
    assert pack.read("a0", refs[0]) is not first  # close forgets the cache
    pack.close()


def test_the_default_cache_holds_sixty_four_bodies(tmp_path: Path) -> None:
    pack = TextPack(tmp_path / "db.json.texts")
    refs = pack.append([(f"a{n}", {"raw": "r", "text": str(n)}) for n in range(65)])
    first = pack.read("a0", refs[0])
    for n in range(1, 64):
        pack.read(f"a{n}", refs[n])
    assert pack.read("a0", refs[0]) is first  # 64 bodies fit
    last = pack.read("a1", refs[1])
    for n in range(2, 65):  # the 65th body evicts the oldest, a0
        pack.read(f"a{n}", refs[n])
    assert pack.read("a0", refs[0]) is not first
    assert pack.read("a64", refs[64]) == {"raw": "r", "text": "64"}
    assert last is not None
    pack.close()


def test_a_failed_append_leaves_the_pack_as_it_was(
    pack: TextPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = pack.append([("a1", ONE)])
    before = pack.path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        pack.append([("a2", TWO)])
    monkeypatch.undo()
    assert pack.path.read_bytes() == before
    assert pack.append([("a3", TWO)])[0][0] == len(before)
    assert pack.read("a1", refs[0]) == ONE


def test_when_even_the_cleanup_fails_the_first_error_is_the_one_raised(
    pack: TextPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack.append([("a1", ONE)])

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    def stuck(fd: int, size: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", full_disk)
    monkeypatch.setattr(os, "ftruncate", stuck)
    with pytest.raises(OSError, match="No space left"):
        pack.append([("a2", TWO)])  # the unreferenced bytes left behind are harmless
