"""Integrity checks of a database and restoring its last good backup.

`check(path)` opens the database read-only and validates every document
(every table of the schema registry, articles with their bodies, entities and
their spans) and the journal, returning one sentence per problem, with counts.
`restore(path)` sets the damaged files aside (never deletes them) and puts back
the newest trusted backup that checks clean, saying what could not be saved.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from annotations.store import backups
from annotations.store.checks import check_documents
from annotations.store.errors import NewerStoreError, StoreError
from annotations.store.journal import read_journal
from annotations.store.lock import WriterLock
from annotations.store.store import Store


@dataclass
class Checkup:
    """What `check` found: problems (damage) and notes (facts worth knowing)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: int | None = None
    """Articles the database holds, when it could be opened."""

    @property
    def healthy(self) -> bool:
        return not self.problems


def check(path: Path) -> Checkup:
    """Validate the snapshot, the journal, the texts pack and every document at `path`."""
    found = Checkup()
    lock = WriterLock(path)
    if lock.is_held_elsewhere():
        found.notes.append(f"The database is open for writing by process {lock.holder()}.")
    if not path.exists():
        found.problems.append(f"The database {path} does not exist.")
        return found
    if not path.read_bytes().strip():
        found.problems.append(
            f"The database {path} is an empty file, and newsdesk never leaves one empty "
            "(a new database gets its header document at once)."
        )
    journal_path = path.with_name(path.name + ".journal")
    journal = read_journal(journal_path)
    if journal.torn:
        cut = len(journal_path.read_bytes()) - journal.good_length
        found.problems.append(
            f"The journal {journal_path} ends in a cut-off line of {cut:,} bytes (an "
            f"interrupted save or a truncated file); the {len(journal.transactions)} saves "
            "before it are intact."
        )
    try:
        with Store(path, read_only=True, salvage=True) as store:
            found.problems += store.problems
            problems, notes = check_documents(store)
            found.problems += problems
            found.notes += notes
            found.articles = len(store)
            if not store.sealed:
                found.notes.append(
                    "The snapshot carries no newsdesk seal (edited by hand or written by an "
                    "older newsdesk); every document was validated."
                )
    except StoreError as exc:
        found.problems.append(str(exc))
    found.notes.append(f"{len(backups.list_backups(path))} backups in {backups.backup_dir(path)}.")
    return found


@dataclass
class Restored:
    """What `restore` put back, what it set aside, and how many articles it could not."""

    backup: Path
    aside: list[Path]
    missing: int
    journal: str


def restore(path: Path) -> Restored:
    """Put back the newest trusted backup that checks clean, with the saves since it.

    Verified (sealed) backups are tried first, newest first; each with the damaged
    journal, then with its intact part only, then alone. A database made by a newer
    newsdesk is refused, never rolled back. `missing` counts articles the damaged
    database held that the restored one lacks: then the restore is not a success.
    """
    before = _articles_in(path)
    lock = WriterLock(path)
    lock.acquire()
    try:
        journal = path.with_name(path.name + ".journal")
        salvage = read_journal(journal)
        intact = journal.read_bytes()[: salvage.good_length] if salvage.good_length else None
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        aside: list[Path] = []
        for name in (path, journal):
            if name.exists():
                target = name.with_name(f"{name.name}.damaged-{stamp}")
                os.replace(name, target)
                aside.append(target)
        old_journals = [p for p in aside if p.name.startswith(journal.name)]
        replays: list[tuple[str, bytes | None]] = [
            ("with every save since it", p.read_bytes()) for p in old_journals
        ]
        if intact is not None and (salvage.torn or salvage.damage):
            replays.append(
                (f"with the {len(salvage.transactions)} intact saves of the journal", intact)
            )
        replays.append(("without the journal", None))
        for candidate in backups.by_trust(path):
            for how, replay in replays:
                shutil.copyfile(candidate, path)
                if replay is not None:
                    journal.write_bytes(replay)
                found = check(path)
                if found.healthy and (found.articles or 0) >= (
                    _manifest_articles(candidate, found) or 0
                ):
                    missing = max(0, (before or 0) - (found.articles or 0))
                    return Restored(candidate, aside, missing, how)
                for made in (path, journal):
                    made.unlink(missing_ok=True)
        for moved in aside:  # nothing better: put the damaged files back as they were
            os.replace(moved, moved.with_name(moved.name.split(".damaged-")[0]))
        raise StoreError(f"No backup of {path} checks clean; the database was left as it was.")
    finally:
        lock.release()


def _articles_in(path: Path) -> int | None:
    """Articles the (damaged) database holds as far as it can be read; refuses a newer one."""
    try:
        with Store(path, read_only=True, salvage=True) as store:
            return len(store)
    except NewerStoreError as exc:
        raise StoreError(
            f"{str(exc).rstrip('.')}; `doctor --restore` does not roll it back."
        ) from exc
    except StoreError:
        pass
    try:
        data = json.loads(path.read_bytes())
        return len(data.get("articles", {}))
    except (OSError, ValueError, AttributeError):
        return None


def _manifest_articles(backup: Path, found: Checkup) -> int | None:
    """The article count the backup's own header records (the restored count if none)."""
    try:
        meta = json.loads(backup.read_bytes()).get("_meta", {}).get("1", {})
        articles = meta.get("counts", {}).get("articles", 0)
    except (OSError, ValueError, AttributeError):
        return None
    if "counts" not in meta:
        return found.articles
    return articles if isinstance(articles, int) else None
