"""Layer 3 of the store: the generic repository of the schema's other tables.

`put`, `get`, `all`, `ids`, `count`, `delete` over any table of
`annotations.store.schema` (events, the undo history, link overrides, ...),
each holding one `Stored` model keyed by its `id`. Writes are validated before
they reach the log; reads as they leave memory, against the model the caller
names. `articles` and `entities` have repositories of their own (bodies kept
out of the snapshot, spans checked) and cannot be written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotations.store.errors import StoreError
from annotations.store.log import META
from annotations.store.schema import model_of
from annotations.store.tables import Tables
from annotations.store.validation import M, dump_for_write, validate_read

if TYPE_CHECKING:
    from annotations.models import Stored

TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
RESERVED = frozenset({"articles", "entities", META})

Reader = Callable[[str, str], dict[str, Any]]
"""(table, doc key) -> the document as it left disk (articles with their bodies)."""


class Documents:
    """Validated documents of the schema's tables, keyed by their `id`."""

    def __init__(self, tables: Tables, read: Reader) -> None:
        self.tables = tables
        self._read_doc = read

    def _table(self, table: str, *, generic: bool = True) -> str:
        if not TABLE_NAME.fullmatch(table) or (generic and table in RESERVED):
            raise StoreError(f"'{table}' is not a table name this store accepts.")
        if generic and model_of(table) is None:
            raise StoreError(f"'{table}' is not a table of the newsdesk schema; nothing was saved.")
        return table

    def put(self, table: str, item: Stored) -> None:
        """Insert `item`, or replace the stored document with the same id."""
        self.tables.writable()
        model = model_of(self._table(table))
        if not isinstance(item, model):  # type: ignore[arg-type]
            raise StoreError(
                f"A {type(item).__name__} cannot be saved in table '{table}', which holds "
                f"{model.__name__ if model else 'nothing'}; nothing was saved."
            )
        doc = dump_for_write(item, table)
        key = self.tables.key_for(table, doc["id"], create=True)
        self.tables.commit([[table, key, doc]])

    def put_many(self, table: str, items: list[Stored]) -> None:
        """Insert or replace several documents in one atomic save."""
        with self.tables.transaction():
            for item in items:
                self.put(table, item)

    def get(self, table: str, ident: str, model: type[M]) -> M | None:
        """The document `ident` of `table` as a validated `model`, None when absent."""
        key = self.tables.key_of(self._table(table, generic=False), ident)
        return None if key is None else self.read(table, key, model)

    def all(self, table: str, model: type[M]) -> list[M]:
        """Every document of `table`, validated, in insertion order."""
        keys = list(self.tables.ids(self._table(table, generic=False)).values())
        return [self.read(table, key, model) for key in keys]

    def where(self, table: str, field: str, value: str, model: type[M]) -> list[M]:
        """The documents of `table` whose indexed `field` is `value` (`schema.INDEXES`),
        validated, in insertion order; only those documents are read."""
        keys = self.tables.indexed(self._table(table, generic=False), field, value)
        return [self.read(table, key, model) for key in sorted(keys, key=int)]

    def ids(self, table: str) -> list[str]:
        """Ids of the documents of `table`, in insertion order."""
        return list(self.tables.ids(self._table(table, generic=False)))

    def count(self, table: str) -> int:
        return len(self.tables.ids(self._table(table, generic=False)))

    def delete(self, table: str, ident: str) -> bool:
        """Remove document `ident`; False when there was none."""
        self.tables.writable()
        key = self.tables.key_for(self._table(table), ident, create=False)
        if key is None:
            return False
        self.tables.commit([[table, key, None]])
        return True

    def read(self, table: str, key: str, model: type[M]) -> M:
        return validate_read(model, self._read_doc(table, key), self.tables.path, table, key)
