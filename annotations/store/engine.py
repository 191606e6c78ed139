"""The storage engine under `Store`: snapshot + journal, one writer, migrations.

Files beside the database `<db>` (all in one folder, on one local filesystem):
`<db>` the TinyDB snapshot (readable with plain `TinyDB(path)`), `<db>.journal`
the fsynced transactions since that snapshot, `<db>.texts` the article bodies,
`<db>.lock` the writer lock, `<db>.backups/` recent good snapshots.

Assumptions: a local disk whose `fsync` means durable, `os.replace` atomic
within the folder, `flock` honoured (no NFS), and one writer (the lock).

A save is one journal line (append + fsync), so its cost does not grow with
the database; it is acknowledged only once fsync returns. On open, the
snapshot is read, the journal of the same generation replayed, and a torn
tail dropped. Compaction writes a new snapshot (generation + 1) atomically,
backs it up, then starts an empty journal; a crash in between leaves a stale
journal that the generation check ignores. Documents are validated on write
and on read, not at open, so opening stays fast; `doctor` validates all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotations.models import SCHEMA_VERSION
from annotations.store import backups
from annotations.store.atomic import AtomicJSONStorage, Data
from annotations.store.errors import DamagedStoreError, NewerStoreError, StoreError, refusal
from annotations.store.journal import JournalWriter, Op, read_journal
from annotations.store.lock import WriterLock
from annotations.store.migrations import upgrade
from annotations.store.texts import TextPack

META = "_meta"
JOURNAL_LIMIT = 8 * 1024 * 1024


class Engine:
    """Tables of JSON documents keyed like TinyDB (str doc ids), with indexes."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        salvage: bool = False,
        journal_limit: int = JOURNAL_LIMIT,
        keep_backups: int = backups.DEFAULT_KEEP,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.salvage = salvage and read_only
        """Read what can be read of a damaged database (doctor) instead of refusing it."""
        self.journal_limit = journal_limit
        self.keep_backups = keep_backups
        if self.path.is_dir():
            raise StoreError(f"The database path {self.path} is a folder, not a file.")
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self._snapshot = AtomicJSONStorage(self.path, read_only=read_only)
        self._journal = JournalWriter(self.journal_path)
        self._texts = TextPack(self.path.with_name(self.path.name + ".texts"))
        self._lock = WriterLock(self.path)
        self._data: Data = {}
        self._ids: dict[str, dict[str, str]] = {}
        self._by_article: dict[str, set[str]] = {}
        self._next: dict[str, int] = {}
        self._generation = self._attempt = 0
        self._needs_snapshot = self._dirty = False
        self._txn: list[Op] | None = None
        self.problems: list[str] = []
        """Damage found at open (read-only opens go on with what can be read)."""
        self._pending: dict[tuple[str, str], str] = {}
        self._closed = False
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the folder {self.path.parent}: {exc.strerror}."
                ) from exc
            self._lock.acquire()
        try:
            self._open()
        except BaseException:
            self._release()
            raise

    # -- open ----------------------------------------------------------------
    def _open(self) -> None:
        for _ in range(20):  # a reader may race a compaction: retry until both files agree
            self._snapshot.close()
            snapshot = self._snapshot.read()
            journal = read_journal(self.journal_path)
            gen = self._meta_generation(snapshot)
            if journal.generation is None or journal.generation <= gen or not self.read_only:
                break
        if journal.generation is not None and journal.generation > gen:
            raise DamagedStoreError(
                f"The journal {self.journal_path} belongs to a newer state than the database "
                f"{self.path} (generation {journal.generation} after {gen}); both were left "
                "untouched."
            )
        if snapshot is None:
            self._refuse_to_start_over()
        self.sealed = self._snapshot.sealed
        self._generation = self._attempt = gen
        self._data = {t: docs for t, docs in (snapshot or {}).items() if t != META}
        oldest = self._index_all()
        if journal.generation == gen:
            for ops in journal.transactions:
                for op in ops:
                    self._apply(*op)
        if journal.damage:
            self.problems.append(journal.damage + ".")
        if self.problems and not self.salvage:
            raise refusal(self.problems[0], self.read_only)
        if self.read_only:
            if oldest < SCHEMA_VERSION:
                self._migrate()
            return
        if oldest < SCHEMA_VERSION:
            self._backup_before_migration(oldest)
            self._migrate()
            self._compact()
        elif snapshot is None:
            self._compact()
        elif journal.generation == gen:
            self._journal.resume(gen, journal.good_length)
            self._dirty = bool(journal.transactions)
        else:  # no journal, or a stale one the snapshot already holds
            self._journal.start(gen)

    def _meta_generation(self, snapshot: Data | None) -> int:
        meta = (snapshot or {}).get(META, {}).get("1", {"generation": 0})
        gen = meta.get("generation") if isinstance(meta, dict) else None
        if not isinstance(gen, int):
            raise DamagedStoreError(
                f"The database {self.path} is damaged: document 1 of table '{META}', field "
                "'generation' is not a whole number; it was left untouched."
            )
        version = meta.get("schema_version", 0)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"The database {self.path} was made by a newer newsdesk (schema version "
                f"{version}, this one knows {SCHEMA_VERSION}); it was left untouched."
            )
        return gen

    def _refuse_to_start_over(self) -> None:
        """A missing or empty snapshot starts a new database only when nothing of an old
        one is beside it: newsdesk never leaves an empty file (its `_meta` header
        document is written at creation), so an empty one beside backups is damage."""
        texts = self.path.with_name(self.path.name + ".texts")
        left = [str(p) for p in (self.journal_path, texts) if p.exists() and p.stat().st_size]
        if backups.list_backups(self.path):
            left.append(str(backups.backup_dir(self.path)))
        if left:
            state = "empty" if self.path.exists() else "missing"
            raise DamagedStoreError(
                f"The database {self.path} is {state} but {', '.join(left)} still hold its "
                "data; nothing was written: run `newsdesk doctor --restore`."
            )

    def _index_all(self) -> int:
        """Build the id indexes; return the oldest schema version found."""
        oldest = SCHEMA_VERSION
        for table, docs in self._data.items():
            self._ids.setdefault(table, {})
            self._next.setdefault(table, 1)
            for key, doc in docs.items():
                self._index_add(table, key, doc)
                version = doc["schema_version"]
                if version < oldest:
                    oldest = version
        return oldest

    def _damaged(self, table: str, key: str, field: str, why: str) -> DamagedStoreError:
        return DamagedStoreError(
            f"The database {self.path} is damaged: document {key} of table '{table}', field "
            f"'{field}' {why}; it was left untouched."
        )

    def _index_add(self, table: str, key: str, doc: Any) -> None:
        if not isinstance(doc, dict):
            raise self._damaged(table, key, "(document)", "is not a JSON object")
        if not key.isdigit():
            raise self._damaged(table, key, "(key)", "is not a TinyDB document number")
        ident, version = doc.get("id"), doc.get("schema_version")
        if not isinstance(ident, str):
            raise self._damaged(table, key, "id", "is missing or not text")
        if not isinstance(version, int) or version < 0:
            raise self._damaged(table, key, "schema_version", "is missing or not a whole number")
        if version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"The database {self.path} was made by a newer newsdesk (document {key} of "
                f"table '{table}' has schema version {version}, this one knows {SCHEMA_VERSION})."
            )
        self._ids[table][ident] = key
        self._next[table] = max(self._next[table], int(key) + 1)
        if table == "entities":
            article = doc.get("article_id")
            if not isinstance(article, str):
                raise self._damaged(table, key, "article_id", "is missing or not text")
            self._by_article.setdefault(article, set()).add(key)

    def _apply(self, table: str, key: str, doc: dict[str, Any] | None) -> None:
        docs = self._data.setdefault(table, {})
        ids = self._ids.setdefault(table, {})
        self._next.setdefault(table, 1)
        old = docs.get(key)
        if old is not None:  # replaced in place: documents keep their order
            if doc is None or old["id"] != doc["id"]:
                ids.pop(old["id"], None)
            if table == "entities":
                self._by_article.get(old["article_id"], set()).discard(key)
        if doc is None:
            docs.pop(key, None)
        else:
            docs[key] = doc
            self._index_add(table, key, doc)

    # -- migrations and backups -------------------------------------------------
    def _backup_before_migration(self, version: int) -> None:
        for source, tag in ((self.path, "db"), (self.journal_path, "journal")):
            if (
                source.exists()
                and backups.make_backup(
                    self.path,
                    source,
                    f"before-migration-v{version}-{tag}",
                    keep=max(self.keep_backups, 2),
                )
                is None
            ):
                raise StoreError(
                    f"Cannot back up {source} before migrating it; nothing was changed."
                )

    def _migrate(self) -> None:
        for table, docs in self._data.items():
            for key, doc in docs.items():
                if doc["schema_version"] < SCHEMA_VERSION:
                    try:
                        docs[key] = upgrade(table, doc)
                    except (LookupError, ValueError, TypeError) as exc:
                        raise self._damaged(
                            table, key, "schema_version", f"cannot be migrated ({exc})"
                        ) from exc

    # -- writing -------------------------------------------------------------
    def _writable(self) -> None:
        if self._closed:
            raise StoreError(f"The database {self.path} is closed.")
        if self.read_only:
            raise StoreError(f"The database {self.path} is open read-only; nothing was saved.")

    def _key_for(self, table: str, ident: str, *, create: bool) -> str | None:
        """The doc key of `ident` (pending writes of the open transaction first)."""
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
        self._writable()
        self._txn, self._pending = [], {}
        try:
            yield
            ops = self._txn
        finally:
            self._txn, self._pending = None, {}
        if ops:
            self._commit(ops)

    def _commit(self, ops: list[Op]) -> None:
        self._writable()
        if self._txn is not None:
            self._txn.extend(ops)
            return
        try:
            if self._needs_snapshot or not self._journal.ready:
                self._compact()
            self._journal.append(ops)
        except OSError as exc:
            raise StoreError(
                f"Cannot save to the database {self.path}: {exc.strerror or exc}; "
                "the change was not saved."
            ) from exc
        self._dirty = True
        for op in ops:
            self._apply(*op)
        if self._journal.size > self.journal_limit:
            with contextlib.suppress(OSError):
                self._compact()

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (also done on close)."""
        self._writable()
        self._compact()

    def _compact(self) -> None:
        self._attempt += 1
        gen = self._attempt
        self._needs_snapshot = True
        self._journal.close()
        self._before_snapshot()
        counts = {table: len(docs) for table, docs in self._data.items()}
        meta = {
            "1": {
                "id": "store",
                "schema_version": SCHEMA_VERSION,
                "generation": gen,
                "counts": counts,
            }
        }
        self._snapshot.write({META: meta, **self._data})
        self._snapshot.close()
        self._generation = gen
        backups.make_backup(self.path, self.path, f"g{gen:06d}", keep=self.keep_backups)
        self._journal.start(gen)
        self._needs_snapshot = self._dirty = False

    def _before_snapshot(self) -> None:
        """Hook: reshape documents before they are written to a snapshot."""

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        """Fold the journal into the snapshot (if anything changed) and free the lock."""
        if self._closed:
            return
        try:
            if not self.read_only and (self._needs_snapshot or self._dirty):
                self._compact()
        except OSError as exc:  # the journal still holds every save: say so, lose nothing
            raise StoreError(
                f"Cannot fold the saves into {self.path} on close ({exc.strerror or exc}); "
                f"every save is kept in {self.journal_path} and is read back on the next open."
            ) from exc
        finally:
            self._release()

    def _release(self) -> None:
        self._closed = True
        self._journal.close()
        self._texts.close()
        self._snapshot.close()
        self._lock.release()
