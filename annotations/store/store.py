"""The `Store`: articles and entity annotations in one TinyDB file.

Every document is validated by pydantic before it is written and after it is
read; a document that fails names its file, table, document and field.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir
from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document, Table

from annotations.models import Article, Entity, Status, Stored
from annotations.store.atomic import AtomicJSONStorage
from annotations.store.errors import DamagedStoreError, StoreError

M = TypeVar("M", bound=Stored)

ENV_VAR = "NEWSDESK_DB"


def default_db_path() -> Path:
    """`$NEWSDESK_DB`, else `newsdesk.json` in the user data folder."""
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(user_data_dir("newsdesk", appauthor=False)) / "newsdesk.json"


class Store:
    """Articles and their entity annotations, saved on every change."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if self.path.is_dir():
            raise StoreError(f"The database path {self.path} is a folder, not a file.")
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Cannot create the folder {self.path.parent}: {exc.strerror}.") from exc
        self._db = TinyDB(self.path, storage=AtomicJSONStorage, read_only=read_only)
        self._articles = self._db.table("articles", cache_size=0)
        self._entities = self._db.table("entities", cache_size=0)
        self._article_doc: dict[str, int] = {}
        self._entity_doc: dict[str, int] = {}
        self._by_article: dict[str, set[int]] = {}
        self._index()

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _index(self) -> None:
        for doc in self._articles.all():
            key = self._key(doc, "articles")
            self._article_doc[key] = doc.doc_id
        for doc in self._entities.all():
            self._entity_doc[self._key(doc, "entities")] = doc.doc_id
            self._by_article.setdefault(str(doc.get("article_id")), set()).add(doc.doc_id)

    def _key(self, doc: Document, table: str) -> str:
        key = doc.get("id")
        if not isinstance(key, str):
            raise DamagedStoreError(
                f"The database {self.path} is damaged: document {doc.doc_id} of table "
                f"'{table}' has no valid 'id' field; it was left untouched."
            )
        return key

    def _validate(self, model: type[M], doc: dict[str, Any], table: str, doc_id: int) -> M:
        try:
            return model.model_validate(doc)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(document)"
            raise DamagedStoreError(
                f"The database {self.path} is damaged: document {doc_id} of table '{table}', "
                f"field '{field}': {err['msg']}; it was left untouched."
            ) from exc

    @staticmethod
    def _dump(item: Stored) -> dict[str, Any]:
        # Re-validate so a model mutated after construction cannot reach disk invalid.
        return type(item).model_validate(item.model_dump()).model_dump(mode="json")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"The database {self.path} is open read-only.")

    # -- articles ----------------------------------------------------------
    def is_empty(self) -> bool:
        return not self._article_doc

    def __len__(self) -> int:
        return len(self._article_doc)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._article_doc

    def article_ids(self) -> list[str]:
        """Ids of all articles, in the order they were added."""
        return list(self._article_doc)

    def articles(self) -> Iterator[Article]:
        """All articles, validated, in the order they were added."""
        for doc_id in self._article_doc.values():
            yield self._read(self._articles, Article, doc_id)

    def article(self, article_id: str) -> Article:
        try:
            doc_id = self._article_doc[article_id]
        except KeyError:
            raise StoreError(f"No article with id {article_id} in {self.path}.") from None
        return self._read(self._articles, Article, doc_id)

    def _read(self, table: Table, model: type[M], doc_id: int) -> M:
        doc = table.get(doc_id=doc_id)
        assert isinstance(doc, Document)
        return self._validate(model, doc, table.name, doc_id)

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Store articles not already present (by id); return the ones added."""
        self._writable()
        fresh: dict[str, Article] = {}
        for article in articles:
            if article.id not in self._article_doc and article.id not in fresh:
                fresh[article.id] = article
        if fresh:
            docs = [self._dump(a) for a in fresh.values()]
            doc_ids = self._articles.insert_multiple(docs)
            self._article_doc.update(zip(fresh, doc_ids, strict=True))
        return list(fresh.values())

    def update_article(self, article: Article) -> None:
        self._writable()
        doc_id = self._article_doc[article.id]
        self._articles.update(self._dump(article), doc_ids=[doc_id])

    def set_status(self, article_id: str, status: Status) -> Article:
        article = self.article(article_id).model_copy(update={"status": status})
        self.update_article(article)
        return article

    # -- entities ----------------------------------------------------------
    def entities(self, article_id: str) -> list[Entity]:
        """The article's entity annotations, ordered by position."""
        found = [
            self._read(self._entities, Entity, doc_id)
            for doc_id in self._by_article.get(article_id, ())
        ]
        return sorted(found, key=lambda e: (e.start, -e.end, e.label))

    def entity_count(self, article_id: str) -> int:
        return len(self._by_article.get(article_id, ()))

    def put_entity(self, entity: Entity) -> None:
        """Insert or replace one entity annotation."""
        self._writable()
        self._check_span(entity)
        doc = self._dump(entity)
        if (doc_id := self._entity_doc.get(entity.id)) is not None:
            self._entities.update(doc, doc_ids=[doc_id])
        else:
            doc_id = self._entities.insert(doc)
            self._entity_doc[entity.id] = doc_id
            self._by_article.setdefault(entity.article_id, set()).add(doc_id)

    def delete_entity(self, entity_id: str) -> None:
        self._writable()
        doc_id = self._entity_doc.pop(entity_id)
        doc = self._entities.get(doc_id=doc_id)
        assert isinstance(doc, Document)
        self._entities.remove(doc_ids=[doc_id])
        self._by_article.get(str(doc["article_id"]), set()).discard(doc_id)

    def save_detection(self, article_id: str, found: list[Entity], detector: str) -> None:
        """Replace the article's unreviewed machine suggestions with `found`.

        Reviewed entities and the analyst's own are kept; a found entity that
        duplicates one of them (same span and label) is skipped.
        """
        self._writable()
        article = self.article(article_id)
        kept, stale = [], []
        for entity in self.entities(article_id):
            if entity.source != "analyst" and entity.state == "suggested":
                stale.append(self._entity_doc[entity.id])
            else:
                kept.append(entity)
        taken = {(e.start, e.end, e.label) for e in kept}
        fresh = [e for e in found if (e.start, e.end, e.label) not in taken]
        for entity in fresh:
            self._check_span(entity, article)
        if stale:
            self._entities.remove(doc_ids=stale)
            gone = set(stale)
            self._by_article[article_id] -= gone
            self._entity_doc = {k: v for k, v in self._entity_doc.items() if v not in gone}
        doc_ids = self._entities.insert_multiple([self._dump(e) for e in fresh])
        for entity, doc_id in zip(fresh, doc_ids, strict=True):
            self._entity_doc[entity.id] = doc_id
            self._by_article.setdefault(article_id, set()).add(doc_id)
        self.update_article(article.model_copy(update={"detected_with": detector}))

    def _check_span(self, entity: Entity, article: Article | None = None) -> None:
        article = article or self.article(entity.article_id)
        if article.text[entity.start : entity.end] != entity.text:
            raise StoreError(
                f"Entity {entity.text!r} at {entity.start}-{entity.end} does not match the text "
                f"of article {article.id}; nothing was saved."
            )
