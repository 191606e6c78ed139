"""A small generic document API over the engine: `put`, `get`, `all`, `delete`.

Each table of the schema (`annotations.store.schema`: events, the undo
history, link overrides, ...) holds one `Stored` model keyed by its `id`.
Writes are validated before they reach the journal; reads are validated as
they leave memory, against the model the caller names. `articles` and
`entities` are reserved: their own methods on `Store` check spans and keep
article bodies out of the snapshot.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from annotations.models import Stored
from annotations.store.engine import META, Engine
from annotations.store.errors import StoreError
from annotations.store.schema import TABLES, model_of
from annotations.store.validation import M, dump_for_write, validate_read

TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
RESERVED = frozenset({"articles", "entities", META})


class Tables(Engine):
    """Generic validated tables of `Stored` models keyed by their `id`."""

    MODELS: ClassVar[dict[str, type[Stored]]] = TABLES
    """Table -> model: the schema registry (`annotations.store.schema`)."""

    def _table(self, table: str, *, generic: bool = True) -> str:
        if not TABLE_NAME.fullmatch(table) or (generic and table in RESERVED):
            raise StoreError(f"'{table}' is not a table name this store accepts.")
        if generic and model_of(table) is None:
            raise StoreError(f"'{table}' is not a table of the newsdesk schema; nothing was saved.")
        return table

    def put(self, table: str, item: Stored) -> None:
        """Insert `item`, or replace the stored document with the same id."""
        self._writable()
        model = model_of(self._table(table))
        if not isinstance(item, model):  # type: ignore[arg-type]
            raise StoreError(
                f"A {type(item).__name__} cannot be saved in table '{table}', which holds "
                f"{model.__name__ if model else 'nothing'}; nothing was saved."
            )
        doc = dump_for_write(item, table)
        key = self._key_for(table, doc["id"], create=True)
        self._commit([[table, key, doc]])

    def put_many(self, table: str, items: list[Stored]) -> None:
        """Insert or replace several documents in one atomic save."""
        with self.transaction():
            for item in items:
                self.put(table, item)

    def get(self, table: str, ident: str, model: type[M]) -> M | None:
        """The document `ident` of `table` as a validated `model`, None when absent."""
        key = self._ids.get(self._table(table, generic=False), {}).get(ident)
        if key is None:
            return None
        return self._read(table, key, model)

    def all(self, table: str, model: type[M]) -> list[M]:
        """Every document of `table`, validated, in insertion order."""
        keys = self._ids.get(self._table(table, generic=False), {}).values()
        return [self._read(table, key, model) for key in keys]

    def ids(self, table: str) -> list[str]:
        """Ids of the documents of `table`, in insertion order."""
        return list(self._ids.get(self._table(table, generic=False), {}))

    def count(self, table: str) -> int:
        return len(self._ids.get(self._table(table, generic=False), {}))

    def delete(self, table: str, ident: str) -> bool:
        """Remove document `ident`; False when there was none."""
        self._writable()
        key = self._key_for(self._table(table), ident, create=False)
        if key is None:
            return False
        self._commit([[table, key, None]])
        return True

    def tables(self) -> list[str]:
        """Names of the tables that hold documents."""
        return [t for t, docs in self._data.items() if docs]

    def _read(self, table: str, key: str, model: type[M]) -> M:
        return validate_read(model, self._doc(table, key), self.path, table, key)

    def _doc(self, table: str, key: str) -> dict[str, Any]:
        return self._data[table][key]
