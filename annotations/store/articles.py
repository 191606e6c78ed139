"""Layer 3 of the store: the articles repository, with bodies kept out of the snapshot.

Article bodies (`raw` and `text`) stay inside the snapshot (one self-contained
file) until they total `inline_text_limit` characters; from then on they live
in the append-only `<db>.texts` pack (`annotations.store.texts`) and the
article document holds only a reference `[offset, length, crc32]`, so opening
and compacting a large database stays fast.

Each snapshot also keeps the listing index (`listing_index`): every article's
library row and the end of the furthest body reference. While the articles table
is still unparsed (as the sealed snapshot holds it: no journal line touched it, no
read needed it), the library is listed and the texts pack checked from that index
alone; the first other use parses the table, and the index is no longer read. A
snapshot without one (an older newsdesk's) is read from the table and rewritten
with one on the next close.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from annotations.store.errors import StoreError
from annotations.store.tables import Tables
from annotations.store.texts import Body, Ref, TextPack
from annotations.store.validation import BODY_FIELDS, dump_for_write, validate_read

if TYPE_CHECKING:  # the models are imported on first validation, not with the store
    from pydantic import TypeAdapter

    from annotations.models import Article, ArticleHead, Status

TABLE = "articles"
INDEX = "listings"
"""The name of the listing index among what a snapshot derives (`Tables.derivations`)."""


@functools.cache
def _heads_adapter() -> TypeAdapter[list[ArticleHead]]:
    """Validates the head fields of stored article documents, their other fields left
    for the full read (`Article`) to validate. Built on first use (not at import: the
    library's first frame needs no model)."""
    from pydantic import ConfigDict, TypeAdapter

    from annotations.models import ArticleHead

    class StoredHead(ArticleHead):
        model_config = ConfigDict(extra="ignore")

    return cast("TypeAdapter[list[ArticleHead]]", TypeAdapter(list[StoredHead]))


INLINE_TEXT_LIMIT = 4_000_000


class Listing(NamedTuple):
    """What the library lists of an article, read from its stored document."""

    id: str
    title: str
    date: dt.date | None
    source: str
    """The cited agency, else the publisher, else empty."""
    status: Status
    duplicate_of: str | None
    detected: bool

    @classmethod
    def of(cls, head: ArticleHead) -> Listing:
        """The listing of a validated head: the same fields `_row` reads from a document."""
        return _listing(head.model_dump(mode="json"))


def _row(doc: dict[str, Any]) -> list[Any]:
    """The listing of a trusted document as JSON (KeyError or TypeError when it is not
    shaped as newsdesk writes it): the listing index holds one per article."""
    meta = doc["meta"]
    return [
        doc["id"], meta["title"], meta["date"], meta["source"] or meta["publisher"] or "",
        doc["status"], doc["duplicate_of"], doc["detected_with"] is not None,
    ]  # fmt: skip


def _listed(row: list[Any]) -> Listing:
    """The listing of a `_row` (TypeError or ValueError when it is not one)."""
    ident, title, date, *rest = row
    return Listing(ident, title, None if date is None else dt.date.fromisoformat(date), *rest)


def _listing(doc: dict[str, Any]) -> Listing:
    """The listing of a trusted document (KeyError, TypeError or ValueError when it is
    not shaped as newsdesk writes it)."""
    return _listed(_row(doc))


def _texts_end(refs: Iterable[Ref]) -> int | None:
    """Where the furthest reference ends in the texts pack, None without one."""
    return max((offset + length for offset, length, _ in refs), default=None)


class Articles:
    """Articles by id: validated on write and read, bodies inline or in the pack."""

    def __init__(self, tables: Tables, texts: TextPack, inline_text_limit: int) -> None:
        self.tables = tables
        self.texts = texts
        self.inline_text_limit = inline_text_limit
        self._inline_chars: int | None = None
        self.trusted = False
        """Every stored document is known valid (a sealed snapshot, or all checked at
        open, and journal lines newsdesk validated before writing): listings are read
        from the documents without pydantic."""
        self._index: tuple[list[Any], int | None] | None = None
        tables.before_snapshot = self.pack_bodies
        tables.derivations[INDEX] = self.listing_index

    # -- the listing index -----------------------------------------------------
    def listing_index(self) -> dict[str, Any] | None:
        """Every article's listing row and the furthest body reference's end, as JSON
        saved with each snapshot; None when a document is not shaped as newsdesk writes
        it (the next open then reads the table)."""
        docs = self.tables.data.get(TABLE, {}) if self.tables.ids(TABLE) else {}
        try:
            rows = [_row(doc) for doc in docs.values()]
        except (KeyError, TypeError):
            return None
        return {"rows": rows, "texts_end": _texts_end(self.body_refs())}

    def take_index(self, found: Any) -> bool:
        """Keep the listing index an open found beside the snapshot (False when there
        is none or it is malformed: the table is then read when first needed)."""
        self._index = None
        if not isinstance(found, dict):
            return False
        rows, end = found.get("rows"), found.get("texts_end")
        if isinstance(rows, list) and (end is None or type(end) is int):
            self._index = (rows, end)
        return self._index is not None

    def _indexed(self) -> tuple[list[Any], int | None] | None:
        """The listing index, while the table is as the snapshot holds it."""
        return self._index if self._index and self.tables.deferred(TABLE) else None

    # -- reading ---------------------------------------------------------------
    def __len__(self) -> int:
        if index := self._indexed():
            return len(index[0])
        return len(self.tables.ids(TABLE))

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.tables.ids(TABLE)

    def ids(self) -> list[str]:
        """Ids of all articles, in the order they were added."""
        return list(self.tables.ids(TABLE))

    def all(self) -> Iterator[Article]:
        """All articles, validated, in the order they were added."""
        for key in list(self.tables.ids(TABLE).values()):
            yield self._read(key)

    def heads(self) -> Iterator[ArticleHead]:
        """Every article without its texts (cheap: no body is read), in added order;
        validated in one pass (a damaged one is named by `_head`)."""
        from pydantic import ValidationError

        keys = list(self.tables.ids(TABLE).values())
        try:
            docs = [self.tables.doc(TABLE, key) for key in keys]
            yield from _heads_adapter().validate_python(docs)
        except ValidationError:
            for key in keys:
                yield self._head(key)

    def listings(self) -> list[Listing]:
        """What the library lists of every article, in added order: read from the
        documents as they are when `trusted` (no model is built), else validated."""
        if self.trusted:
            try:
                if index := self._indexed():
                    return [_listed(row) for row in index[0]]
                keys = self.tables.ids(TABLE).values()
                docs = self.tables.data.get(TABLE, {})
                return [_listing(docs[key]) for key in keys]
            except (KeyError, TypeError, ValueError):  # not as newsdesk writes it
                pass
        return [Listing.of(head) for head in self.heads()]

    def listing(self, article_id: str) -> Listing | None:
        """The library's listing of one article, None when it is not stored."""
        key = self.tables.key_of(TABLE, article_id)
        if key is None:
            return None
        if self.trusted:
            try:
                return _listing(self.tables.doc(TABLE, key))
            except (KeyError, TypeError, ValueError):
                pass
        return Listing.of(self._head(key))

    def head(self, article_id: str) -> ArticleHead | None:
        """The article without its texts, None when it is not stored."""
        key = self.tables.key_of(TABLE, article_id)
        return None if key is None else self._head(key)

    def get(self, article_id: str) -> Article:
        key = self.tables.key_of(TABLE, article_id)
        if key is None:
            raise StoreError(f"No article with id {article_id} in {self.tables.path}.")
        return self._read(key)

    def full_doc(self, table: str, key: str) -> dict[str, Any]:
        """The document as it left disk; an article's with its body read from the pack."""
        doc = self.tables.doc(table, key)
        if table != TABLE or "_body" not in doc:
            return doc
        body = self.texts.read(doc["id"], doc["_body"])
        return {**{k: v for k, v in doc.items() if k != "_body"}, **body}

    def texts_end(self) -> int | None:
        """Where the furthest body reference ends in the texts pack (None when no body is
        kept there): from the listing index while the table is unparsed."""
        if index := self._indexed():
            return index[1]
        return _texts_end(self.body_refs())

    def body_refs(self) -> list[Ref]:
        """The well-formed references of the bodies kept in the pack."""
        docs = self.tables.data.get(TABLE, {}) if self.tables.ids(TABLE) else {}
        return [
            ref
            for doc in docs.values()
            if type(ref := doc.get("_body")) is list
            and len(ref) == 3
            and type(ref[0]) is int
            and type(ref[1]) is int
            and type(ref[2]) is int
        ]

    def _read(self, key: str) -> Article:
        from annotations.models import Article

        return validate_read(Article, self.full_doc(TABLE, key), self.tables.path, TABLE, key)

    def _head_doc(self, key: str) -> dict[str, Any]:
        from annotations.models import ArticleHead

        doc = self.tables.doc(TABLE, key)
        return {f: doc[f] for f in ArticleHead.HEAD_FIELDS if f in doc}

    def _head(self, key: str) -> ArticleHead:
        from annotations.models import ArticleHead

        return validate_read(ArticleHead, self._head_doc(key), self.tables.path, TABLE, key)

    # -- writing ---------------------------------------------------------------
    def add(self, articles: Iterable[Article]) -> list[Article]:
        """Store articles not already present (by id) in one save; return the ones added."""
        self.tables.writable()
        fresh: dict[str, tuple[Article, dict[str, Any]]] = {}
        for article in articles:
            if article.id not in self and article.id not in fresh:
                fresh[article.id] = (article, dump_for_write(article, TABLE))
        if not fresh:
            return []
        size = sum(len(doc["raw"]) + len(doc["text"]) for _, doc in fresh.values())
        inline = self._inline_size() + size <= self.inline_text_limit
        if not inline:
            bodies = [(i, {f: doc.pop(f) for f in BODY_FIELDS}) for i, (_, doc) in fresh.items()]
            for (_, doc), ref in zip(fresh.values(), self._append_bodies(bodies), strict=True):
                doc["_body"] = ref
        ops = [
            [TABLE, self.tables.key_for(TABLE, i, create=True), d] for i, (_, d) in fresh.items()
        ]
        self.tables.commit(ops)
        if inline:
            self._inline_chars = self._inline_size() + size
        return [article for article, _ in fresh.values()]

    def update(self, article: Article) -> None:
        """Replace a stored article; its body is rewritten (in the pack, or in the journal
        when inline) only if it changed."""
        self.tables.writable()
        key = self.tables.key_of(TABLE, article.id)
        if key is None:
            raise StoreError(
                f"No article with id {article.id} in {self.tables.path}; nothing was saved."
            )
        doc = dump_for_write(article, TABLE)
        stored = self.tables.doc(TABLE, key)
        if "_body" in stored:
            body = {f: doc.pop(f) for f in BODY_FIELDS}
            current = self.full_doc(TABLE, key)
            if all(current.get(f) == body[f] for f in BODY_FIELDS):
                doc["_body"] = stored["_body"]
            else:
                doc["_body"] = self._append_bodies([(article.id, body)])[0]
        self.tables.replace(TABLE, key, doc)  # the journal gets the changed fields only

    def set_status(self, article_id: str, status: Status, by: str | None = None) -> Article:
        """Set the article's status; `by` names the analyst who set it."""
        article = self.get(article_id).model_copy(update={"status": status, "status_by": by})
        self.update(article)
        return article

    def _inline_size(self) -> int:
        """Characters of article bodies held inside the snapshot."""
        if self._inline_chars is None:
            docs = self.tables.data.get(TABLE, {}).values()
            self._inline_chars = sum(
                len(d.get("raw", "")) + len(d.get("text", "")) for d in docs if "_body" not in d
            )
        return self._inline_chars

    def pack_bodies(self) -> None:
        """Before a snapshot: move inline bodies to the pack once they outgrow the limit."""
        if self._inline_size() <= self.inline_text_limit:
            return
        docs = [d for d in self.tables.data.get(TABLE, {}).values() if "_body" not in d]
        bodies: list[tuple[str, Body]] = [
            (d["id"], {f: d.get(f, "") for f in BODY_FIELDS}) for d in docs
        ]
        for doc, ref in zip(docs, self.texts.append(bodies), strict=True):
            for f in BODY_FIELDS:
                doc.pop(f, None)
            doc["_body"] = ref
        self._inline_chars = 0

    def _append_bodies(self, bodies: list[tuple[str, Body]]) -> list[Ref]:
        try:
            return self.texts.append(bodies)
        except OSError as exc:
            raise StoreError(
                f"Cannot save article texts next to {self.tables.path}: {exc.strerror}; "
                "nothing was saved."
            ) from exc
