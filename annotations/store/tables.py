"""Layer 2 of the store: tables of JSON documents in memory, with declared indexes.

Documents are keyed like TinyDB's (str doc numbers, "1", "2", ...) and carry a
text `id`; every table is indexed by `id`, and by the fields `schema.INDEXES`
declares (entities by `article_id`). A change is a list of operations
`[table, doc_key, document | None]` (or `[table, doc_key, fields, "set"]`, some
fields of a stored document: `replace` journals only what changed): `commit`
saves it to the log first and applies it only once the log acknowledged it;
`transaction` groups changes into one save. Nothing here validates documents
against their models (the repositories above do, on write and on read) beyond
what indexing needs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotations.store.atomic import Chunk, Data, parse_table
from annotations.store.errors import DamagedStoreError, NewerStoreError, StoreError
from annotations.store.journal import SET, Op
from annotations.store.log import Log
from annotations.store.migrations import upgrade
from annotations.version import SCHEMA_VERSION

Tally = tuple[str, tuple[str, ...]]
"""(the field a tally groups by, the fields whose values it counts)."""


Counts = dict[tuple[str, ...], int]


def _tally_from_json(found: Any) -> dict[str, Counts]:
    """The tallies `Tables.derived` saved for one table (malformed rows left out:
    the snapshot's seal held, so newsdesk wrote them)."""
    if not isinstance(found, dict):
        return {}
    return {
        group: {tuple(r[:-1]): r[-1] for r in rows if isinstance(r, list) and r}
        for group, rows in found.items()
        if isinstance(rows, list)
    }


class Tables:
    """Every table of one database, on top of its log."""

    def __init__(
        self,
        log: Log,
        indexes: Mapping[str, tuple[str, ...]],
        tallies: Mapping[str, Tally] | None = None,
    ) -> None:
        self.log = log
        self.path: Path = log.path
        self.indexes = dict(indexes)
        self.tallies = dict(tallies or {})
        self.data: Data = {}
        self.parsed: list[str] = []
        """Tables parsed after open, in order (a deferred table is parsed on first use)."""
        self.closed = False
        self.before_snapshot: Callable[[], None] = lambda: None
        """Called before a snapshot is written (the articles move large bodies out)."""
        self.derivations: dict[str, Callable[[], Any]] = {}
        """JSON the repositories derive from the tables, by name, saved beside the tallies
        with each snapshot and handed back at open (`Recovered.derived`): the articles'
        listing index. A derivation returning None is left out."""
        self.compact_on_save = True
        """Fold an overgrown journal into a snapshot inside the save that outgrew it. An
        interactive caller turns this off and calls `Store.compact_if_due` when idle."""
        self._ids: dict[str, dict[str, str]] = {}
        self._by: dict[tuple[str, str], dict[str, set[str]]] = {}
        self._next: dict[str, int] = {}
        self._txn: list[Op] | None = None
        self._pending: dict[tuple[str, str], str] = {}
        self._touched: set[tuple[str, str]] = set()
        """(table, doc key) of the documents the open transaction writes."""
        self._deferred: dict[str, Chunk] = {}
        self._counts: dict[str, dict[str, Counts]] = {}

    # -- loading ---------------------------------------------------------------
    def load(
        self,
        data: Data,
        deferred: Mapping[str, Chunk] | None = None,
        counts: Mapping[str, Any] | None = None,
    ) -> int:
        """Take `data` as the tables and index them; return the oldest schema version.

        The tables in `deferred` (JSON bytes from a sealed snapshot) are parsed and
        indexed, with every check `data` gets, only when first used; until then their
        tallies are the `counts` saved with that snapshot (`derived()`)."""
        self.data = data
        oldest = SCHEMA_VERSION
        for table, docs in data.items():
            oldest = min(oldest, self._index_table(table, docs))
        self._deferred = dict(deferred or {})
        for table in list(self._deferred):
            if table not in self.tallies:
                continue
            if counts and table in counts:
                self._counts[table] = _tally_from_json(counts[table])
            else:  # saved without its tallies: count them now
                self._parse(table)
        return oldest

    def _index_table(self, table: str, docs: dict[str, Any]) -> int:
        self._ids.setdefault(table, {})
        self._next.setdefault(table, 1)
        self._counts.pop(table, None)
        oldest = SCHEMA_VERSION
        for key, doc in docs.items():
            self._index_add(table, key, doc)
            oldest = min(oldest, doc["schema_version"])
        return oldest

    def _parse(self, table: str) -> None:
        """Parse and index a deferred table (before any use of it)."""
        chunk = self._deferred.pop(table, None)
        if chunk is None:
            return
        docs = parse_table(self.path, table, chunk)
        self.data[table] = docs
        self.parsed.append(table)
        if self._index_table(table, docs) < SCHEMA_VERSION:
            self._migrate(table, docs)

    def deferred(self, table: str) -> bool:
        """Whether `table` is still unparsed: exactly as the snapshot read at open holds it
        (a journal line touching it, or any use of it, parses it first)."""
        return table in self._deferred

    def parse_all(self) -> None:
        """Parse every deferred table now."""
        for table in list(self._deferred):
            self._parse(table)

    def replay(self, transactions: list[list[Op]]) -> None:
        for ops in transactions:
            for op in ops:
                self._apply(*op)

    def migrate(self) -> None:
        """Upgrade every document older than this newsdesk's schema version."""
        self.parse_all()
        for table, docs in self.data.items():
            self._migrate(table, docs)

    def _migrate(self, table: str, docs: dict[str, Any]) -> None:
        for key, doc in docs.items():
            if doc["schema_version"] < SCHEMA_VERSION:
                try:
                    docs[key] = upgrade(table, doc)
                except (LookupError, ValueError, TypeError) as exc:
                    raise self.damaged(
                        table, key, "schema_version", f"cannot be migrated ({exc})"
                    ) from exc

    def damaged(self, table: str, key: str, field: str, why: str) -> DamagedStoreError:
        return DamagedStoreError(
            f"The database {self.path} is damaged: document {key} of table '{table}', field "
            f"'{field}' {why}; it was left untouched."
        )

    def _index_add(self, table: str, key: str, doc: Any) -> None:
        if not isinstance(doc, dict):
            raise self.damaged(table, key, "(document)", "is not a JSON object")
        if not key.isdigit():
            raise self.damaged(table, key, "(key)", "is not a TinyDB document number")
        ident, version = doc.get("id"), doc.get("schema_version")
        if not isinstance(ident, str):
            raise self.damaged(table, key, "id", "is missing or not text")
        if not isinstance(version, int) or version < 0:
            raise self.damaged(table, key, "schema_version", "is missing or not a whole number")
        if version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"The database {self.path} was made by a newer newsdesk (document {key} of "
                f"table '{table}' has schema version {version}, this one knows {SCHEMA_VERSION})."
            )
        self._ids.setdefault(table, {})[ident] = key
        self._next[table] = max(self._next.get(table, 1), int(key) + 1)
        for name in self.indexes.get(table, ()):
            value = doc.get(name)
            if not isinstance(value, str):
                raise self.damaged(table, key, name, "is missing or not text")
            self._by.setdefault((table, name), {}).setdefault(value, set()).add(key)
        if table in self.tallies:
            group, counted = self._tally_key(table, doc)
            tally = self._counts.setdefault(table, {}).setdefault(group, {})
            tally[counted] = tally.get(counted, 0) + 1

    def _tally_key(self, table: str, doc: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        by, fields = self.tallies[table]
        return doc[by], tuple(str(doc.get(f)) for f in fields)

    def _apply(
        self, table: str, key: str, doc: dict[str, Any] | None, how: str | None = None
    ) -> None:
        self._parse(table)
        docs = self.data.setdefault(table, {})
        ids = self._ids.setdefault(table, {})
        self._next.setdefault(table, 1)
        old = docs.get(key)
        if how == SET:  # some fields of the stored document
            if old is None or doc is None:
                raise self.damaged(table, key, "(document)", "is changed but was never stored")
            doc = {**old, **doc}
        if old is not None:  # replaced in place: documents keep their order
            if doc is None or old["id"] != doc["id"]:
                ids.pop(old["id"], None)
            for name in self.indexes.get(table, ()):
                self._by.get((table, name), {}).get(old[name], set()).discard(key)
            if table in self.tallies:
                group, counted = self._tally_key(table, old)
                tally = self._counts[table][group]
                tally[counted] -= 1
                if tally[counted] <= 0:
                    del tally[counted]
        if doc is None:
            docs.pop(key, None)
        else:
            docs[key] = doc
            self._index_add(table, key, doc)

    # -- reading ---------------------------------------------------------------
    def key_of(self, table: str, ident: str) -> str | None:
        """The doc key of the stored document `ident` (writes in flight not included)."""
        self._parse(table)
        return self._ids.get(table, {}).get(ident)

    def ids(self, table: str) -> dict[str, str]:
        """Id -> doc key of every document of `table`, in insertion order (a live view)."""
        self._parse(table)
        return self._ids.get(table, {})

    def doc(self, table: str, key: str) -> dict[str, Any]:
        """The stored JSON document (not validated; do not mutate)."""
        self._parse(table)
        doc: dict[str, Any] = self.data[table][key]
        return doc

    def indexed(self, table: str, name: str, value: str) -> set[str]:
        """Doc keys of the documents of `table` whose declared index `name` is `value`."""
        if name not in self.indexes.get(table, ()):
            raise KeyError(f"table '{table}' declares no index on '{name}'")
        self._parse(table)
        return self._by.get((table, name), {}).get(value, set())

    def index_values(self, table: str, name: str) -> list[str]:
        """The values of `table`'s declared index `name` that some document holds."""
        self._parse(table)
        return [v for v, keys in self._by.get((table, name), {}).items() if keys]

    def tally(self, table: str, value: str) -> Mapping[tuple[str, ...], int]:
        """How many documents of `table` whose tallied field is `value` hold each
        combination of the counted fields (`schema.TALLIES`), without parsing the
        table when it is deferred. Do not mutate."""
        if table not in self.tallies:
            raise KeyError(f"table '{table}' keeps no tally")
        return self._counts.get(table, {}).get(value) or {}

    def tally_all(self, table: str) -> Mapping[str, Mapping[tuple[str, ...], int]]:
        """`tally` of every value at once (values no document holds may be absent).
        Do not mutate."""
        if table not in self.tallies:
            raise KeyError(f"table '{table}' keeps no tally")
        return self._counts.get(table, {})

    def derived(self) -> dict[str, Any]:
        """The tallies as JSON, saved with a snapshot for an open that defers their table."""
        return {
            table: {group: [[*k, n] for k, n in c.items() if n] for group, c in groups.items() if c}
            for table, groups in self._counts.items()
        }

    def names(self) -> list[str]:
        """Names of the tables that hold documents."""
        self.parse_all()
        return [t for t, docs in self.data.items() if docs]

    # -- writing ---------------------------------------------------------------
    def writable(self) -> None:
        if self.closed:
            raise StoreError(f"The database {self.path} is closed.")
        if self.log.read_only:
            raise StoreError(f"The database {self.path} is open read-only; nothing was saved.")

    def key_for(self, table: str, ident: str, *, create: bool) -> str | None:
        """The doc key of `ident` (pending writes of the open transaction first)."""
        self._parse(table)
        key = self._pending.get((table, ident)) or self._ids.get(table, {}).get(ident)
        if key is None and create:
            self._next.setdefault(table, 1)
            key = str(self._next[table])
            self._next[table] += 1
            if self._txn is not None:
                self._pending[(table, ident)] = key
        return key

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic save; reads inside see the state before it."""
        if self._txn is not None:
            yield
            return
        self.writable()
        self._txn, self._pending, self._touched = [], {}, set()
        try:
            yield
            ops = self._txn
        finally:
            self._txn, self._pending, self._touched = None, {}, set()
        if ops:
            self.commit(ops)

    def replace(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """Save `doc` as the stored document `key`, journaled as the fields that changed
        (a SET op) when it has the same fields as the stored one and no write of the
        open transaction touches it (else the whole document); nothing when no field
        changed."""
        self._parse(table)
        old = self.data.get(table, {}).get(key)
        if old is None or old.keys() != doc.keys() or (table, key) in self._touched:
            self.commit([[table, key, doc]])
            return
        changed = {f: v for f, v in doc.items() if old[f] != v or type(old[f]) is not type(v)}
        if changed:
            self.commit([[table, key, changed, SET]])

    def commit(self, ops: list[Op]) -> None:
        """Save `ops` (or add them to the open transaction), then apply them."""
        self.writable()
        if self._txn is not None:
            self._txn.extend(ops)
            self._touched.update((op[0], op[1]) for op in ops)
            return
        try:
            if not self.log.ready or (self.log.needs_snapshot and self.compact_on_save):
                self.snapshot()  # a failed snapshot closed the journal: it must come first
            self.log.append(ops)
        except OSError as exc:
            raise StoreError(
                f"Cannot save to the database {self.path}: {exc.strerror or exc}; "
                "the change was not saved."
            ) from exc
        for op in ops:
            self._apply(*op)
        if self.log.overgrown and self.compact_on_save:
            with contextlib.suppress(OSError):
                self.snapshot()

    def snapshot(self) -> None:
        """Fold the journal into a new snapshot of every table (raises OSError)."""
        self.parse_all()
        self.before_snapshot()
        derived = {"tallies": self.derived()}
        for name, derive in self.derivations.items():
            if (found := derive()) is not None:
                derived[name] = found
        self.log.write_snapshot(self.data, derived)
