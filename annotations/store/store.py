"""The `Store`: one database's articles, entity annotations and other documents.

The store is three layers, each composed into the next (none shares another's
private state):
1. `Log` (`log.py`): the snapshot + journal files, the writer lock, backups.
2. `Tables` (`tables.py`): the documents in memory with the indexes
   `schema.INDEXES` declares; a change goes to the log before it is applied.
3. Repositories: `Articles` (`articles.py`, bodies in the `texts.py` pack),
   `Entities` (`entities.py`, spans checked) and `Documents` (`documents.py`,
   every other table of `schema.NAMES`).
`Store` opens the layers in order, refuses to write into a database that fails
its checks, and hands each call to the repository that owns it. Every document
is validated by pydantic before it is written and after it is read; a document
that fails names its file, table, document and field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.store import backups
from annotations.store.articles import INDEX, INLINE_TEXT_LIMIT, Articles, Listing
from annotations.store.atomic import collector_paused
from annotations.store.checks import check_documents, texts_reach
from annotations.store.documents import Documents
from annotations.store.entities import Entities
from annotations.store.errors import StoreError, refusal
from annotations.store.log import JOURNAL_LIMIT, Log
from annotations.store.schema import INDEXES, NAMES, TALLIES
from annotations.store.tables import Tables
from annotations.store.texts import TextPack
from annotations.version import SCHEMA_VERSION

if TYPE_CHECKING:  # the models are imported on first validation: opening builds none
    from annotations.models import Article, ArticleHead, Entity, Status, Stored
    from annotations.store.validation import M

DEFERRED = frozenset(NAMES)
"""Tables parsed on first use rather than at open (when the snapshot's seal holds):
opening shows the library from the articles' listing index and the entity tallies."""


class Store:
    """Articles and their annotations, saved on every change.

    `Store(path, read_only=False, salvage=False, journal_limit=8 MiB, keep_backups=5,
    inline_text_limit=4M)`; a second writer on the same path gets a `StoreError`
    naming the holder. `salvage` (read-only only) reads what can be read of a
    damaged database instead of refusing it (doctor).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        salvage: bool = False,
        journal_limit: int = JOURNAL_LIMIT,
        keep_backups: int = backups.DEFAULT_KEEP,
        inline_text_limit: int = INLINE_TEXT_LIMIT,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.salvage = salvage and read_only
        self.problems: list[str] = []
        """Damage found at open (read-only opens go on with what can be read)."""
        self._log = Log(
            self.path, read_only=read_only, journal_limit=journal_limit, keep_backups=keep_backups
        )
        self.journal_path = self._log.journal_path
        self._tables = Tables(self._log, INDEXES, TALLIES)
        self._texts = TextPack(self.path.with_name(self.path.name + ".texts"))
        self._articles = Articles(self._tables, self._texts, inline_text_limit)
        self._entities = Entities(self._tables, self._articles)
        self._documents = Documents(self._tables, self._articles.full_doc)
        try:
            self._open()
            self._check_before_writing()
        except BaseException:
            self._release()
            raise
        # Sealed, or every document validated just now: listings need no model.
        self._articles.trusted = not self.salvage and (self.sealed or not read_only)

    @property
    def sealed(self) -> bool:
        """The snapshot carries a seal that holds (newsdesk wrote it and validated it)."""
        return self._log.sealed

    @property
    def texts_path(self) -> Path:
        """The append-only pack of article bodies, `<db>.texts`."""
        return self._texts.path

    def _open(self) -> None:
        with collector_paused():  # the tables, their header and indexes: all long-lived
            found = self._log.recover(frozenset() if self.salvage else DEFERRED)
            tallies = found.derived.get("tallies")
            oldest = self._tables.load(found.tables, found.deferred, tallies)
            indexed = self._articles.take_index(found.derived.get(INDEX))
            self._tables.replay(found.transactions)
        self.problems += found.problems
        if self.problems and not self.salvage:
            raise refusal(self.problems[0], self.read_only)
        if oldest < SCHEMA_VERSION and not self.read_only:
            self._log.backup_before_migration(oldest)
        if oldest < SCHEMA_VERSION:
            self._tables.migrate()
        if self.read_only:
            return
        if oldest < SCHEMA_VERSION or found.fresh:
            self._tables.snapshot()
        else:
            self._log.continue_journal()
            if "articles" in found.deferred and not indexed:  # an older newsdesk's snapshot
                self._log.needs_snapshot = True  # the next close writes the listing index

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
            self._log.needs_snapshot = True
        if problems:
            more = f" ({len(problems)} problems in all)" if len(problems) > 1 else ""
            raise refusal(problems[0].rstrip(".") + more)

    # -- lifecycle -------------------------------------------------------------
    def transaction(self) -> AbstractContextManager[None]:
        """Group writes into one atomic save; reads inside see the state before it."""
        return self._tables.transaction()

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (also done on close)."""
        self._tables.writable()
        self._tables.snapshot()

    @property
    def compact_on_save(self) -> bool:
        """Whether a save that makes the journal outgrow `journal_limit` (or the first save
        into a database awaiting its seal) folds it into a snapshot there and then (the
        default). The app turns it off, so no key waits for a snapshot of the whole
        database, and calls `compact_if_due` when the analyst pauses."""
        return self._tables.compact_on_save

    @compact_on_save.setter
    def compact_on_save(self, value: bool) -> None:
        self._tables.compact_on_save = value

    @contextmanager
    def deferred_folding(self) -> Iterator[None]:
        """Fold no journal into a snapshot while the block runs, however far it outgrows
        `journal_limit`: every save still goes to the journal (a crash loses nothing), and
        once the block ends the next save or the close folds it once, instead of a
        snapshot of the whole database each time the journal outgrew its limit on the
        way. `compact_on_save` is as it was after the block (blocks nest)."""
        folding, self._tables.compact_on_save = self._tables.compact_on_save, False
        try:
            yield
        finally:
            self._tables.compact_on_save = folding

    @property
    def compaction_due(self) -> bool:
        """The journal outgrew `journal_limit`, or the snapshot awaits its seal."""
        if self.read_only or self._tables.closed:
            return False
        return self._log.overgrown or self._log.needs_snapshot

    def compact_if_due(self) -> bool:
        """Fold the journal into a new snapshot when `compaction_due`; True when it did.
        On failure (a `StoreError`) nothing is lost: the journal keeps every save."""
        if not self.compaction_due:
            return False
        try:
            self._tables.snapshot()
        except OSError as exc:
            raise self._not_folded("now", exc) from exc
        return True

    def _not_folded(self, when: str, exc: OSError) -> StoreError:
        return StoreError(
            f"Cannot fold the saves into {self.path} {when} ({exc.strerror or exc}); "
            f"every save is kept in {self.journal_path} and is read back on the next open."
        )

    def close(self) -> None:
        """Fold the journal into the snapshot (if anything changed) and free the lock."""
        if self._tables.closed:
            return
        try:
            if not self.read_only and (self._log.needs_snapshot or self._log.dirty):
                self._tables.snapshot()
        except OSError as exc:  # the journal still holds every save: say so, lose nothing
            raise self._not_folded("on close", exc) from exc
        finally:
            self._release()

    def _release(self) -> None:
        """Close every file and free the lock without a snapshot (a crash looks like this)."""
        self._tables.closed = True
        self._log.release()
        self._texts.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles (`Articles`) -------------------------------------------------
    def is_empty(self) -> bool:
        return not len(self._articles)

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def article_ids(self) -> list[str]:
        """Ids of all articles, in the order they were added."""
        return self._articles.ids()

    def articles(self) -> Iterator[Article]:
        """All articles, validated, in the order they were added."""
        return self._articles.all()

    def article_heads(self) -> Iterator[ArticleHead]:
        """Every article without its texts (cheap: no body is read), in added order."""
        return self._articles.heads()

    def article_head(self, article_id: str) -> ArticleHead | None:
        """The article without its texts (no body is read), None when it is not stored."""
        return self._articles.head(article_id)

    def article(self, article_id: str) -> Article:
        return self._articles.get(article_id)

    def listings(self) -> list[Listing]:
        """What the library lists of every article (title, date, source, status,
        duplicate, detected), in added order, without building a model when the
        store's documents are known valid (sealed, or checked at open)."""
        return self._articles.listings()

    def listing(self, article_id: str) -> Listing | None:
        """One article's `listings` entry, None when it is not stored."""
        return self._articles.listing(article_id)

    def texts_end(self) -> int | None:
        """Where the furthest body reference ends in the texts pack (None when no body is
        kept there), read without parsing the articles table when the snapshot's
        listing index holds it."""
        return self._articles.texts_end()

    def body_refs(self) -> list[list[int]]:
        """References `[offset, length, crc32]` of the bodies kept in the texts pack."""
        return self._articles.body_refs()

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Store articles not already present (by id) in one save; return the ones added."""
        return self._articles.add(articles)

    def update_article(self, article: Article) -> None:
        """Replace a stored article; its body is rewritten only if it changed."""
        self._articles.update(article)

    def set_status(self, article_id: str, status: Status, by: str | None = None) -> Article:
        return self._articles.set_status(article_id, status, by)

    # -- entities (`Entities`) -------------------------------------------------
    def entities(self, article_id: str) -> list[Entity]:
        """The article's entity annotations, ordered by position."""
        return self._entities.of(article_id)

    def entity_count(self, article_id: str) -> int:
        return self._entities.count(article_id)

    def entity_tally(self, article_id: str) -> Mapping[tuple[str, str], int]:
        """How many of the article's entities hold each (label, state), read without
        reading (or validating) an entity: what the library shows and filters by label."""
        return self._entities.tally(article_id)

    def entity_tallies(self) -> Mapping[str, Mapping[tuple[str, str], int]]:
        """`entity_tally` of every article at once, by article id (an article without
        entities may be absent): what the library's first frame reads."""
        return self._entities.tallies()

    def annotated_article_ids(self) -> list[str]:
        """Ids of the articles some entity points to (doctor reports those not stored)."""
        return self._entities.article_ids()

    def put_entity(self, entity: Entity) -> None:
        """Insert or replace one entity annotation."""
        self._entities.put(entity)

    def put_entities(self, entities: Iterable[Entity], *, against: Article | None = None) -> None:
        """Insert or replace several entities in one save (spans checked against
        `against` when given: the article as it is rewritten in the same transaction)."""
        self._entities.put_many(entities, against=against)

    def delete_entity(self, entity_id: str) -> None:
        self._entities.delete(entity_id)

    def save_detection(self, article_id: str, found: list[Entity], detector: str) -> None:
        """Replace the article's unreviewed machine suggestions with `found`, in one save
        (reviewed entities and the analyst's own are kept)."""
        self._entities.save_detection(article_id, found, detector)

    # -- the other tables (`Documents`) ----------------------------------------
    def put(self, table: str, item: Stored) -> None:
        """Insert `item`, or replace the stored document with the same id."""
        self._documents.put(table, item)

    def put_many(self, table: str, items: list[Stored]) -> None:
        """Insert or replace several documents in one atomic save."""
        self._documents.put_many(table, items)

    def get(self, table: str, ident: str, model: type[M]) -> M | None:
        """The document `ident` of `table` as a validated `model`, None when absent."""
        return self._documents.get(table, ident, model)

    def all(self, table: str, model: type[M]) -> list[M]:
        """Every document of `table`, validated, in insertion order."""
        return self._documents.all(table, model)

    def where(self, table: str, field: str, value: str, model: type[M]) -> list[M]:
        """The documents of `table` whose `field` is `value`, validated, in insertion
        order, read through the index `schema.INDEXES` declares (KeyError without one)."""
        return self._documents.where(table, field, value, model)

    def ids(self, table: str) -> list[str]:
        """Ids of the documents of `table`, in insertion order."""
        return self._documents.ids(table)

    def count(self, table: str) -> int:
        return self._documents.count(table)

    def delete(self, table: str, ident: str) -> bool:
        """Remove document `ident`; False when there was none."""
        return self._documents.delete(table, ident)

    def tables(self) -> list[str]:
        """Names of the tables that hold documents."""
        return self._tables.names()
