"""Every damage and refusal the store reports is one exact sentence: the file, the table,
the document (by key and id), the field and what is wrong with it, and what was done
(nothing saved, or the file left untouched). The sentences are written out here in full:
an analyst reads them, and a wrong table, key or field name sends them to the wrong place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotations.models import Article, Entity
from annotations.store import DamagedStoreError, Store, StoreError
from annotations.store.errors import NewerStoreError
from annotations.store.validation import MAX_BODY_CHARS, MAX_FIELD_CHARS, dump_for_write
from tests.store_fixtures.factory import entities_for, make_article

ENTITY = {
    "schema_version": 1,
    "id": "e1",
    "article_id": "a1",
    "start": 0,
    "end": 5,
    "label": "ORG",
    "text": "India",
    "source": "model",
    "state": "suggested",
    "canonical_id": None,
    "note": None,
}


def _open_with(db_path: Path, tables: dict[str, Any]) -> StoreError:
    """Write `tables` as the database file, open it, return what it raised."""
    db_path.write_text(json.dumps(tables))
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as info, Store(db_path) as store:
        store.entities("a1")
    assert db_path.read_bytes() == before
    return info.value


@pytest.mark.parametrize(
    ("docs", "where"),
    [
        ({"3": 5}, "document 3 of table 'entities', field '(document)' is not a JSON object"),
        (
            {"x3": ENTITY},
            "document x3 of table 'entities', field '(key)' is not a TinyDB document number",
        ),
        (
            {"4": {**ENTITY, "id": 7}},
            "document 4 of table 'entities', field 'id' is missing or not text",
        ),
        (
            {"5": {k: v for k, v in ENTITY.items() if k != "schema_version"}},
            "document 5 of table 'entities', field 'schema_version' is missing or not a whole "
            "number",
        ),
        (
            {"6": {**ENTITY, "schema_version": -1}},
            "document 6 of table 'entities', field 'schema_version' is missing or not a whole "
            "number",
        ),
        (
            {"7": {**ENTITY, "article_id": None}},
            "document 7 of table 'entities', field 'article_id' is missing or not text",
        ),
    ],
    ids=["not-object", "bad-key", "id-not-text", "no-version", "negative-version", "index-field"],
)
def test_a_document_the_tables_cannot_index_is_named_exactly(
    db_path: Path, docs: dict[str, Any], where: str
) -> None:
    message = str(_open_with(db_path, {"entities": docs}))
    assert message == f"The database {db_path} is damaged: {where}; it was left untouched."


def test_a_newer_document_names_its_version_and_this_one(db_path: Path) -> None:
    error = _open_with(db_path, {"events": {"2": {**ENTITY, "schema_version": 9}}})
    assert isinstance(error, NewerStoreError)
    assert str(error) == (
        f"The database {db_path} was made by a newer newsdesk (document 2 of table 'events' "
        "has schema version 9, this one knows 1)."
    )


def test_a_document_that_fails_its_model_names_key_id_and_field(db_path: Path) -> None:
    message = str(_open_with(db_path, {"entities": {"1": {**ENTITY, "end": "five"}}}))
    assert message.startswith(
        f"The database {db_path} is damaged: document 1 (id e1) of table 'entities', field 'end': "
    ), message
    assert message.endswith(
        "; it was left untouched; newsdesk will not write to it until `newsdesk doctor "
        "--restore` repairs it."
    ), message


def test_a_document_without_a_text_id_is_named_by_its_key_alone(db_path: Path) -> None:
    """An article head read from a document whose id is not text: the key names it."""
    article = make_article(1, words=5).model_dump(mode="json")
    db_path.write_text(json.dumps({"articles": {"1": {**article, "status": 3}}}))
    with pytest.raises(DamagedStoreError) as info, Store(db_path) as store:
        store.article(article["id"])
    assert str(info.value).startswith(
        f"The database {db_path} is damaged: document 1 (id {article['id']}) of table "
        "'articles', field 'status': "
    ), info.value


# -- refusals on write: "Cannot save <what>: <why>; nothing was saved." ----------------


def test_a_write_of_a_broken_model_names_the_item_and_field() -> None:
    article = make_article(1, words=5)
    broken = Entity.model_construct(
        **{**entities_for(article, 1)[0].model_dump(), "id": "e9", "start": -3}
    )
    with pytest.raises(StoreError) as info:
        dump_for_write(broken, "entities")
    assert str(info.value).startswith("Cannot save entity e9: field 'start': "), info.value
    assert str(info.value).endswith("; nothing was saved.")


def test_a_write_without_an_id_names_the_kind() -> None:
    article = make_article(1, words=5)
    nameless = Article.model_construct(**{**article.model_dump(), "id": ""})
    with pytest.raises(StoreError) as info:
        dump_for_write(nameless, "articles")
    assert str(info.value) == (
        "Cannot save this article: it has no text 'id' field; nothing was saved."
    )


@pytest.mark.parametrize(
    ("table", "kind", "field", "length", "limit"),
    [
        ("articles", "article", "text", MAX_BODY_CHARS + 1, MAX_BODY_CHARS),
        ("articles", "article", "raw", MAX_BODY_CHARS + 1, MAX_BODY_CHARS),
        ("articles", "article", "origin", MAX_FIELD_CHARS + 1, MAX_FIELD_CHARS),
        ("entities", "entity", "note", MAX_FIELD_CHARS + 1, MAX_FIELD_CHARS),
    ],
)
def test_a_field_over_its_limit_is_refused_with_both_lengths(
    table: str, kind: str, field: str, length: int, limit: int
) -> None:
    article = make_article(1, words=5)
    item = article if table == "articles" else entities_for(article, 1)[0]
    long = item.model_copy(update={field: "x" * length})
    with pytest.raises(StoreError) as info:
        dump_for_write(long, table)
    assert str(info.value) == (
        f"Cannot save {kind} {item.id}: field '{field}' is {length:,} characters long, "
        f"over the limit of {limit:,}; nothing was saved."
    )


def test_fields_exactly_at_their_limits_are_saved() -> None:
    article = make_article(1, words=5)
    body = article.model_copy(update={"raw": "x" * MAX_BODY_CHARS})
    assert dump_for_write(body, "articles")["raw"] == "x" * MAX_BODY_CHARS
    entity = entities_for(article, 1)[0].model_copy(update={"note": "n" * MAX_FIELD_CHARS})
    assert dump_for_write(entity, "entities")["note"] == "n" * MAX_FIELD_CHARS
    # a body-sized value is a body only in an article's raw or text
    other = entities_for(article, 1)[0].model_copy(update={"note": "n" * (MAX_FIELD_CHARS + 1)})
    with pytest.raises(StoreError, match="over the limit of 1,000,000"):
        dump_for_write(other, "entities")


def test_a_nul_character_is_located_by_its_dotted_path_and_first_offset() -> None:
    article = make_article(1, words=5)
    meta = article.meta.model_copy(update={"title": "ab\x00c\x00"})
    with pytest.raises(StoreError) as info:
        dump_for_write(article.model_copy(update={"meta": meta}), "articles")
    assert str(info.value) == (
        f"Cannot save article {article.id}: field 'meta.title' contains a NUL character "
        "(U+0000) at 2; nothing was saved."
    )


def test_a_nested_field_is_named_by_its_dotted_path(db_path: Path) -> None:
    article = make_article(1, words=5).model_dump(mode="json")
    article["meta"]["title"] = 5
    db_path.write_text(json.dumps({"articles": {"1": article}}))
    with pytest.raises(DamagedStoreError) as info, Store(db_path) as store:
        store.article(article["id"])
    assert f"document 1 (id {article['id']}) of table 'articles', field 'meta.title': " in str(
        info.value
    ), info.value


def test_a_whole_document_problem_is_named_as_the_document(db_path: Path) -> None:
    """A rule over several fields (a reversed span) belongs to no one field."""
    message = str(_open_with(db_path, {"entities": {"1": {**ENTITY, "start": 5, "end": 3}}}))
    assert (
        f"The database {db_path} is damaged: document 1 (id e1) of table 'entities', "
        "field '(document)': Value error, entity span 5-3 is empty or reversed; it was left "
        "untouched" in message
    ), message
