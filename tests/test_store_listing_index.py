"""The listing index a snapshot keeps (`Articles.listing_index`): a sealed database lists
its library and checks its texts pack without parsing its tables, the index is never
read once the articles table changed, and a snapshot without one (an older newsdesk's)
or with a malformed one still opens, lists correctly and gets one on the next close."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotations.models import Article, ArticleMeta
from annotations.store import DamagedStoreError, Store, atomic
from annotations.store.articles import Listing
from tests.store_fixtures.factory import entities_for, make_article

ARTICLES = 6


def expected(article: Article, status: str = "new") -> Listing:
    """The library row of `article`, worked out from the model that was stored."""
    meta = article.meta
    return Listing(
        article.id, meta.title, meta.date, meta.source or meta.publisher or "", status,  # type: ignore[arg-type]
        article.duplicate_of, article.detected_with is not None,
    )  # fmt: skip


def articles() -> list[Article]:
    """Articles whose rows differ in every listed field."""
    found = [make_article(n, words=40) for n in range(ARTICLES)]
    found[1] = found[1].model_copy(
        update={"meta": ArticleMeta(title="Dated", date=dt.date(2025, 3, 4), source="AFP")}
    )
    found[2] = found[2].model_copy(
        update={"meta": ArticleMeta(title="Published", publisher="The Paper")}
    )
    found[3] = found[3].model_copy(update={"duplicate_of": found[0].id})
    found[4] = found[4].model_copy(update={"detected_with": "test"})
    return found


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[Path, list[Article]]]:
    """A closed (sealed) database with its bodies in the texts pack and some entities."""
    db = tmp_path / "newsdesk.json"
    added = articles()
    with Store(db, inline_text_limit=0) as store:
        store.add_articles(added)
        for article in added:
            store.put_entities(entities_for(article, 3))
    yield db, added


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables parsed from the snapshot's bytes, in order, by any open."""
    seen: list[str] = []
    parse = atomic.parse_table

    def counted(path: Path, table: str, chunk: Any) -> dict[str, Any]:
        seen.append(table)
        return parse(path, table, chunk)

    monkeypatch.setattr("annotations.store.atomic.parse_table", counted)
    monkeypatch.setattr("annotations.store.tables.parse_table", counted)
    monkeypatch.setattr("annotations.store.log.parse_table", counted)
    return seen


def header(db: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(db.read_text())["_meta"]["1"]
    return found


def rewrite_header(db: Path, change: dict[str, Any]) -> None:
    """Change the snapshot's header document in place (the seal covers the tables only)."""
    data = json.loads(db.read_text())
    data["_meta"]["1"]["derived"] |= change
    db.write_bytes(atomic.seal(data["_meta"]["1"], {t: d for t, d in data.items() if t != "_meta"}))


def test_the_library_is_listed_without_parsing_a_table(
    stored: tuple[Path, list[Article]], parsed: list[str]
) -> None:
    db, added = stored
    with Store(db) as store:
        assert store.listings() == [expected(a) for a in added]
        assert len(store) == ARTICLES and not store.is_empty()
        assert store.entity_count(added[0].id) == 3
        refs = header(db)["derived"]["listings"]["texts_end"]
        pack = db.with_name(db.name + ".texts")
        assert store.texts_end() == refs == pack.stat().st_size - 1  # each body ends in "\n"
        assert parsed == []  # neither the articles nor the entities table was read
        assert store.article(added[1].id) == added[1]  # any other use reads the table
        assert parsed == ["articles"]
        assert store.listings() == [expected(a) for a in added]


def test_a_change_to_the_articles_is_listed_after_a_crash(
    stored: tuple[Path, list[Article]], parsed: list[str]
) -> None:
    """A journal line touching the articles makes the snapshot's index stale: the
    reopened store lists from the table it replayed the line into."""
    db, added = stored
    store = Store(db)
    store.set_status(added[2].id, "done")
    more = make_article(ARTICLES, words=20)
    store.add_articles([more])
    store._release()  # the process dies: no close, no new snapshot
    assert "listings" in header(db)["derived"]  # the old snapshot's index is still there
    parsed.clear()
    with Store(db, read_only=True) as again:
        rows = [expected(a, "done" if a is added[2] else "new") for a in [*added, more]]
        assert again.listings() == rows and len(again) == ARTICLES + 1
        assert "articles" in parsed


def test_a_snapshot_without_an_index_opens_and_gets_one_on_close(
    stored: tuple[Path, list[Article]], parsed: list[str]
) -> None:
    db, added = stored
    data = json.loads(db.read_text())
    del data["_meta"]["1"]["derived"]["listings"]  # as an older newsdesk wrote it
    db.write_bytes(atomic.seal(data["_meta"]["1"], {t: d for t, d in data.items() if t != "_meta"}))
    generation = header(db)["generation"]
    with Store(db, read_only=True) as store:  # read-only: read from the table, nothing written
        assert store.listings() == [expected(a) for a in added]  # read from the table
    assert "listings" not in header(db)["derived"]
    with Store(db) as store:
        assert store.listings() == [expected(a) for a in added]
    assert header(db)["generation"] == generation + 1
    assert len(header(db)["derived"]["listings"]["rows"]) == ARTICLES
    parsed.clear()
    with Store(db) as store:
        assert store.listings() == [expected(a) for a in added]
        assert parsed == []


@pytest.mark.parametrize(
    "index",
    [
        "rows",  # not an object
        {"rows": "a000000", "texts_end": 1},  # rows not a list
        {"rows": [], "texts_end": "12"},  # the end not a number
        {"rows": [["a000000", "t", "4 March", "", "new", None, False]], "texts_end": None},
        {"rows": [["a000000", "t"]], "texts_end": None},  # a row too short
    ],
)
def test_a_malformed_index_is_not_trusted(stored: tuple[Path, list[Article]], index: Any) -> None:
    db, added = stored
    rewrite_header(db, {"listings": index})
    with Store(db) as store:
        assert store.listings() == [expected(a) for a in added]
        assert len(store) == ARTICLES
        assert store.texts_end() == db.with_name(db.name + ".texts").stat().st_size - 1


def test_a_texts_pack_cut_short_is_found_from_the_index(
    stored: tuple[Path, list[Article]], parsed: list[str]
) -> None:
    db, _ = stored
    pack = db.with_name(db.name + ".texts")
    with Store(db):
        pass
    assert parsed == []  # a pack that reaches the furthest reference: no table read
    cut = pack.stat().st_size - 2  # into the last body (its newline and one byte)
    with open(pack, "r+b") as f:
        f.truncate(cut)
    sentence = f"cut short at {cut:,} bytes: 1 of {ARTICLES} articles kept there"
    with pytest.raises(DamagedStoreError, match=sentence):
        Store(db)
    with pytest.raises(DamagedStoreError, match=sentence):
        Store(db, read_only=True)


def test_an_index_changed_on_disk_is_not_trusted(stored: tuple[Path, list[Article]]) -> None:
    """The header's own crc covers the index: a title changed in it (still valid JSON,
    as a flipped letter leaves it) fails the seal, and the library is listed from the
    table with the stored titles."""
    db, added = stored
    payload = db.read_bytes()
    title = json.dumps(added[1].meta.title).encode()
    at = payload.index(title)  # the index's copy comes first, in the header
    assert at < header(db)["header_bytes"]
    db.write_bytes(payload[:at] + title.replace(b"D", b"B", 1) + payload[at + len(title) :])
    with Store(db, read_only=True) as store:
        assert not store.sealed
        assert store.listings() == [expected(a) for a in added]  # read from the table


def test_an_older_header_derives_nothing(stored: tuple[Path, list[Article]]) -> None:
    """A header without its own crc (an older newsdesk's) covers only the tables: the
    listing index and tallies it carries are not used."""
    db, added = stored
    payload = db.read_bytes()
    older = re.sub(rb'"header_crc32":"[0-9a-f]{8}",', b"", payload, count=1)
    data = json.loads(older)
    data["_meta"]["1"]["derived"]["listings"]["rows"][0][1] = "Not the title"
    db.write_bytes(atomic.dumps(data))  # its size field now too large: found by search
    with Store(db, read_only=True) as store:
        assert store.sealed
        assert store.listings() == [expected(a) for a in added]
