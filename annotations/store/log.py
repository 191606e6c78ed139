"""Layer 1 of the store: the durable log of one database, a snapshot plus a journal.

Files beside the database `<db>` (all in one folder, on one local filesystem):
`<db>` the snapshot (a TinyDB-format JSON file: `TinyDB(path)` reads it),
`<db>.journal` the fsynced transactions since that snapshot, `<db>.lock` the
writer lock, `<db>.backups/` recent good snapshots. (Article bodies, `<db>.texts`,
are the articles repository's: `annotations.store.texts`.)

Assumptions: a local disk whose `fsync` means durable, `os.replace` atomic
within the folder, `flock` honoured (no NFS), and one writer (the lock).

A save is one journal line (append + fsync), so its cost does not grow with
the database; it is acknowledged only once fsync returns. On open the snapshot
is read and the journal of the same generation handed back to be replayed (a
torn tail dropped). A snapshot (compaction) is written atomically as
generation + 1, backed up, then an empty journal is started; a crash in
between leaves a stale journal that the generation check ignores.

The log knows documents only as operations `[table, doc_key, document | None]`;
indexes and validation are the layers above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.store import backups
from annotations.store.atomic import AtomicJSONStorage, Chunk, Data, parse_table
from annotations.store.errors import DamagedStoreError, NewerStoreError, StoreError
from annotations.store.journal import JournalContents, JournalWriter, Op, read_journal
from annotations.store.lock import WriterLock
from annotations.version import SCHEMA_VERSION

META = "_meta"
"""The snapshot's own header table (generation, schema version, counts): the log's."""
JOURNAL_LIMIT = 8 * 1024 * 1024


@dataclass
class Recovered:
    """What an open found on disk: the snapshot's tables, the journal's transactions
    of the same generation (to replay), and any damage."""

    tables: Data
    deferred: dict[str, Chunk] = field(default_factory=dict)
    """Tables left unparsed (their JSON bytes, covered by the seal checked at open)."""
    derived: dict[str, Any] = field(default_factory=dict)
    """What the layer above kept beside the tables at the last snapshot (`write_snapshot`)."""
    transactions: list[list[Op]] = field(default_factory=list)
    fresh: bool = False
    """No snapshot yet: a new database."""
    problems: list[str] = field(default_factory=list)


class Log:
    """The snapshot and journal of the database at `path`, with its writer lock."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        journal_limit: int = JOURNAL_LIMIT,
        keep_backups: int = backups.DEFAULT_KEEP,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.journal_limit = journal_limit
        self.keep_backups = keep_backups
        if self.path.is_dir():
            raise StoreError(f"The database path {self.path} is a folder, not a file.")
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.sealed = False
        """Whether the snapshot read carries a seal that holds (newsdesk wrote it as is)."""
        self.needs_snapshot = False
        """A snapshot is due before the next save (set while one is being written)."""
        self.dirty = False
        """The journal holds saves that no snapshot holds yet."""
        self._snapshot = AtomicJSONStorage(self.path, read_only=read_only)
        self._journal = JournalWriter(self.journal_path)
        self._lock = WriterLock(self.path)
        self._found: JournalContents | None = None
        self._generation = self._attempt = 0
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the folder {self.path.parent}: {exc.strerror}."
                ) from exc
            self._lock.acquire()

    # -- open ----------------------------------------------------------------
    def recover(self, deferrable: frozenset[str] = frozenset()) -> Recovered:
        """Read the snapshot and the journal of its generation (never writes); the
        tables `deferrable` stay unparsed when the snapshot's seal holds."""
        for _ in range(20):  # a reader may race a compaction: retry until both files agree
            self._snapshot.close()
            read = self._snapshot.read_deferring(deferrable)
            snapshot = read.tables if read else None
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
        self._found = journal
        found = Recovered({t: docs for t, docs in (snapshot or {}).items() if t != META})
        found.fresh = snapshot is None
        header = (snapshot or {}).get(META, {}).get("1", {})
        if read and read.deferred:
            if header.get("schema_version") == SCHEMA_VERSION:
                found.deferred = read.deferred
            else:  # older documents are migrated at open: parse every table now
                found.tables |= {t: parse_table(self.path, t, b) for t, b in read.deferred.items()}
        if isinstance(derived := header.get("derived"), dict):
            found.derived = derived
        if journal.generation == gen:
            found.transactions = journal.transactions
        if journal.damage:
            found.problems.append(journal.damage + ".")
        return found

    def continue_journal(self) -> None:
        """Start writing after `recover`: append to the journal of the snapshot's
        generation (its torn tail cut off), or begin an empty one."""
        journal = self._found
        if journal is not None and journal.generation == self._generation:
            self._journal.resume(self._generation, journal.good_length)
            self.dirty = bool(journal.transactions)
        else:  # no journal, or a stale one the snapshot already holds
            self._journal.start(self._generation)

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

    def backup_before_migration(self, version: int) -> None:
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

    # -- writing -------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """The journal is open for appending (else a snapshot must come first)."""
        return self._journal.ready

    @property
    def overgrown(self) -> bool:
        """The journal has outgrown `journal_limit`: time for a snapshot."""
        return self._journal.size > self.journal_limit

    def append(self, ops: list[Op]) -> None:
        """Save one transaction durably (raises OSError when it could not be)."""
        self._journal.append(ops)
        self.dirty = True

    def write_snapshot(self, tables: Data, derived: dict[str, Any] | None = None) -> None:
        """Write `tables` as the next generation's snapshot, back it up, and start an
        empty journal. A failure leaves `needs_snapshot` set and the old files valid.
        `derived` (JSON) is kept in the header and handed back by `recover`."""
        self._attempt += 1
        gen = self._attempt
        self.needs_snapshot = True
        self._journal.close()
        counts = {table: len(docs) for table, docs in tables.items()}
        header: dict[str, Any] = {
            "id": "store",
            "schema_version": SCHEMA_VERSION,
            "generation": gen,
        }
        if derived:
            header["derived"] = derived
        self._snapshot.write({META: {"1": {**header, "counts": counts}}, **tables})
        self._snapshot.close()
        self._generation = gen
        backups.make_backup(self.path, self.path, f"g{gen:06d}", keep=self.keep_backups)
        self._journal.start(gen)
        self.needs_snapshot = self.dirty = False

    def release(self) -> None:
        """Close the files and free the lock (no snapshot: a crash looks like this)."""
        self._journal.close()
        self._snapshot.close()
        self._lock.release()
