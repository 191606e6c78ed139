"""The `Store`: articles and their entity annotations, durable on every change.

See `annotations.store.engine` for the files, the write path and the
assumptions behind crash safety. Every document is validated by pydantic
before it is written and after it is read; a document that fails names its
file, table, document and field.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from annotations.models import Article, ArticleHead, Entity, Status
from annotations.store.checks import check_documents, texts_reach
from annotations.store.errors import StoreError, refusal
from annotations.store.tables import Tables
from annotations.store.validation import BODY_FIELDS, dump_for_write, validate_read

ENV_VAR = "NEWSDESK_DB"


def default_db_path() -> Path:
    """`$NEWSDESK_DB`, else `newsdesk.json` in the user data folder."""
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    return Path(user_data_dir("newsdesk", appauthor=False)) / "newsdesk.json"


INLINE_TEXT_LIMIT = 4_000_000


class Store(Tables):
    """Articles and their entity annotations, saved on every change.

    `Store(path, read_only=False, journal_limit=8 MiB, keep_backups=5,
    inline_text_limit=4M)`; a second writer on the same path gets a
    `StoreError` naming the holder. Article bodies stay inside the snapshot
    (one self-contained file) until they total `inline_text_limit`
    characters; from then on they live in the append-only `<db>.texts` pack,
    so opening and compacting a large database stays fast.
    """

    inline_text_limit = INLINE_TEXT_LIMIT

    def __init__(self, path: Path, *, inline_text_limit: int = INLINE_TEXT_LIMIT, **options: Any):
        self.inline_text_limit = inline_text_limit
        self._inline_chars: int | None = None
        super().__init__(path, **options)
        try:
            self._check_before_writing()
        except BaseException:
            self._release()
            raise

    def _check_before_writing(self) -> None:
        """Refuse to write into a database that fails its checks.

        Cheap when the snapshot's seal holds (newsdesk wrote it and validated every
        document on the way); otherwise (hand-edited, or from before seals) every
        document is validated once, and the next close seals what passed.
        """
        if self.read_only:
            if problem := texts_reach(self):
                self.problems.append(problem)
                if not self.salvage:
                    raise refusal(problem, read_only=True)
            return
        problems = [p] if (p := texts_reach(self)) else []
        if not problems and not self.sealed:
            problems = check_documents(self)[0]
            self._needs_snapshot = True
        if problems:
            more = f" ({len(problems)} problems in all)" if len(problems) > 1 else ""
            raise refusal(problems[0].rstrip(".") + more)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles ----------------------------------------------------------
    def is_empty(self) -> bool:
        return not self._ids.get("articles")

    def __len__(self) -> int:
        return len(self._ids.get("articles", {}))

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._ids.get("articles", {})

    def article_ids(self) -> list[str]:
        """Ids of all articles, in the order they were added."""
        return list(self._ids.get("articles", {}))

    def articles(self) -> Iterator[Article]:
        """All articles, validated, in the order they were added."""
        for key in list(self._ids.get("articles", {}).values()):
            yield self._read("articles", key, Article)

    def article_heads(self) -> Iterator[ArticleHead]:
        """Every article without its texts (cheap: no body is read), in added order."""
        fields = ArticleHead.HEAD_FIELDS
        for key in list(self._ids.get("articles", {}).values()):
            doc = self._data["articles"][key]
            yield validate_read(
                ArticleHead, {f: doc[f] for f in fields if f in doc}, self.path, "articles", key
            )

    def article_head(self, article_id: str) -> ArticleHead | None:
        """The article without its texts (no body is read), None when it is not stored."""
        key = self._ids.get("articles", {}).get(article_id)
        if key is None:
            return None
        doc = self._data["articles"][key]
        fields = ArticleHead.HEAD_FIELDS
        return validate_read(
            ArticleHead, {f: doc[f] for f in fields if f in doc}, self.path, "articles", key
        )

    def article(self, article_id: str) -> Article:
        key = self._ids.get("articles", {}).get(article_id)
        if key is None:
            raise StoreError(f"No article with id {article_id} in {self.path}.")
        return self._read("articles", key, Article)

    def _doc(self, table: str, key: str) -> dict[str, Any]:
        doc = self._data[table][key]
        if table != "articles" or "_body" not in doc:
            return doc
        body = self._texts.read(doc["id"], doc["_body"])
        return {**{k: v for k, v in doc.items() if k != "_body"}, **body}

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Store articles not already present (by id) in one save; return the ones added."""
        self._writable()
        fresh: dict[str, tuple[Article, dict[str, Any]]] = {}
        for article in articles:
            if article.id not in self and article.id not in fresh:
                fresh[article.id] = (article, dump_for_write(article, "articles"))
        if not fresh:
            return []
        size = sum(len(doc["raw"]) + len(doc["text"]) for _, doc in fresh.values())
        inline = self._inline_size() + size <= self.inline_text_limit
        if not inline:
            bodies = [(i, {f: doc.pop(f) for f in BODY_FIELDS}) for i, (_, doc) in fresh.items()]
            for (_, doc), ref in zip(fresh.values(), self._append_bodies(bodies), strict=True):
                doc["_body"] = ref
        ops = [
            ["articles", self._key_for("articles", i, create=True), d]
            for i, (_, d) in fresh.items()
        ]
        self._commit(ops)
        if inline:
            self._inline_chars = self._inline_size() + size
        return [article for article, _ in fresh.values()]

    def update_article(self, article: Article) -> None:
        """Replace a stored article; its body is rewritten only if it changed."""
        self._writable()
        key = self._ids.get("articles", {}).get(article.id)
        if key is None:
            raise StoreError(f"No article with id {article.id} in {self.path}; nothing was saved.")
        doc = dump_for_write(article, "articles")
        stored = self._data["articles"][key]
        if "_body" in stored:
            body = {f: doc.pop(f) for f in BODY_FIELDS}
            current = self._doc("articles", key)
            if all(current.get(f) == body[f] for f in BODY_FIELDS):
                doc["_body"] = stored["_body"]
            else:
                doc["_body"] = self._append_bodies([(article.id, body)])[0]
        self._commit([["articles", key, doc]])

    def _inline_size(self) -> int:
        """Characters of article bodies held inside the snapshot."""
        if self._inline_chars is None:
            docs = self._data.get("articles", {}).values()
            self._inline_chars = sum(
                len(d.get("raw", "")) + len(d.get("text", "")) for d in docs if "_body" not in d
            )
        return self._inline_chars

    def _before_snapshot(self) -> None:
        """Move inline bodies to the pack once they outgrow `inline_text_limit`."""
        if self._inline_size() <= self.inline_text_limit:
            return
        docs = [d for d in self._data.get("articles", {}).values() if "_body" not in d]
        bodies = [(d["id"], {f: d.get(f, "") for f in BODY_FIELDS}) for d in docs]
        for doc, ref in zip(docs, self._texts.append(bodies), strict=True):
            for f in BODY_FIELDS:
                doc.pop(f, None)
            doc["_body"] = ref
        self._inline_chars = 0

    def _append_bodies(self, bodies: list[tuple[str, dict[str, str]]]) -> list[list[int]]:
        try:
            return self._texts.append(bodies)
        except OSError as exc:
            raise StoreError(
                f"Cannot save article texts next to {self.path}: {exc.strerror}; nothing was saved."
            ) from exc

    def set_status(self, article_id: str, status: Status) -> Article:
        article = self.article(article_id).model_copy(update={"status": status})
        self.update_article(article)
        return article

    # -- entities ----------------------------------------------------------
    def entities(self, article_id: str) -> list[Entity]:
        """The article's entity annotations, ordered by position."""
        found = [
            validate_read(Entity, self._data["entities"][key], self.path, "entities", key)
            for key in self._by_article.get(article_id, ())
        ]
        return sorted(found, key=lambda e: (e.start, -e.end, e.label))

    def entity_facets(self, article_id: str) -> list[tuple[str, str, str]]:
        """(label, state, text) of each of the article's entities, for counts and filters.

        Read without full validation, which `entities()` and `newsdesk doctor` do;
        this is what lets the library of a large corpus open quickly.
        """
        docs = (self._data["entities"][key] for key in self._by_article.get(article_id, ()))
        return [(str(d["label"]), str(d["state"]), str(d["text"])) for d in docs]

    def entity_count(self, article_id: str) -> int:
        return len(self._by_article.get(article_id, ()))

    def put_entity(self, entity: Entity) -> None:
        """Insert or replace one entity annotation."""
        self._writable()
        doc = dump_for_write(entity, "entities")
        self._check_span(entity)
        self._commit([["entities", self._key_for("entities", entity.id, create=True), doc]])

    def put_entities(self, entities: Iterable[Entity], *, against: Article | None = None) -> None:
        """Insert or replace several entities in one save.

        Spans are checked against `against` when given (the article as it is being
        rewritten in the same transaction), else against the stored articles.
        """
        self._writable()
        ops = []
        for entity in entities:
            doc = dump_for_write(entity, "entities")
            same = against is not None and against.id == entity.article_id
            self._check_span(entity, against if same else None)
            ops.append(["entities", self._key_for("entities", entity.id, create=True), doc])
        if ops:
            self._commit(ops)

    def delete_entity(self, entity_id: str) -> None:
        self._writable()
        key = self._key_for("entities", entity_id, create=False)
        if key is None:
            raise StoreError(f"No entity with id {entity_id} in {self.path}; nothing was deleted.")
        self._commit([["entities", key, None]])

    def save_detection(self, article_id: str, found: list[Entity], detector: str) -> None:
        """Replace the article's unreviewed machine suggestions with `found`, in one save.

        Reviewed entities and the analyst's own are kept; a found entity that
        duplicates one of them (same span and label) is skipped.
        """
        self._writable()
        article = self.article(article_id)
        kept, stale = [], []
        for entity in self.entities(article_id):
            if entity.source != "analyst" and entity.state == "suggested":
                stale.append(entity.id)
            else:
                kept.append(entity)
        taken = {(e.start, e.end, e.label) for e in kept}
        fresh = [e for e in found if (e.start, e.end, e.label) not in taken]
        docs = [dump_for_write(e, "entities") for e in fresh]
        for entity in fresh:
            self._check_span(entity, article)
        with self.transaction():
            self._commit([["entities", self._ids["entities"][i], None] for i in stale])
            self._commit(
                [["entities", self._key_for("entities", d["id"], create=True), d] for d in docs]
            )
            self.update_article(article.model_copy(update={"detected_with": detector}))

    def _check_span(self, entity: Entity, article: Article | None = None) -> None:
        if article is None:
            if entity.article_id not in self:
                raise StoreError(
                    f"Entity {entity.text!r} refers to article {entity.article_id}, which is "
                    f"not in {self.path}; nothing was saved."
                )
            article = self.article(entity.article_id)
        if entity.end > len(article.text):
            raise StoreError(
                f"Entity {entity.text!r} at {entity.start}-{entity.end} lies outside article "
                f"{article.id} ({len(article.text)} characters); nothing was saved."
            )
        if article.text[entity.start : entity.end] != entity.text:
            raise StoreError(
                f"Entity {entity.text!r} at {entity.start}-{entity.end} does not match the text "
                f"of article {article.id}; nothing was saved."
            )
