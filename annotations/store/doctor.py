"""Integrity checks of a database and restoring its last good backup.

`check(path)` opens the database read-only and validates every document
(articles with their bodies, entities and their spans, registered tables),
returning one sentence per problem. `restore(path)` sets the damaged files
aside (never deletes them) and puts back the newest backup that checks clean.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from annotations.models import Entity
from annotations.store import backups
from annotations.store.errors import StoreError
from annotations.store.journal import read_journal
from annotations.store.lock import WriterLock
from annotations.store.store import Store


@dataclass
class Checkup:
    """What `check` found: problems (damage) and notes (facts worth knowing)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def check(path: Path) -> Checkup:
    """Validate every document of the database at `path`."""
    found = Checkup()
    lock = WriterLock(path)
    if lock.is_held_elsewhere():
        found.notes.append(f"The database is open for writing by process {lock.holder()}.")
    if not path.exists():
        found.problems.append(f"The database {path} does not exist.")
        return found
    with contextlib.suppress(StoreError):  # a damaged journal is reported by the open below
        if read_journal(path.with_name(path.name + ".journal")).torn:
            found.notes.append("The journal ends in an unfinished save (never acknowledged).")
    try:
        with Store(path, read_only=True) as store:
            _check_documents(store, found)
    except StoreError as exc:
        found.problems.append(str(exc))
    found.notes.append(f"{len(backups.list_backups(path))} backups in {backups.backup_dir(path)}.")
    return found


def _check_documents(store: Store, found: Checkup) -> None:
    texts: dict[str, str] = {}
    for article_id in store.article_ids():
        try:
            texts[article_id] = store.article(article_id).text
        except StoreError as exc:
            found.problems.append(str(exc))
    entities = 0
    for article_id in {*store._by_article}:
        try:
            listed = store.entities(article_id)
        except StoreError as exc:
            found.problems.append(str(exc))
            continue
        entities += len(listed)
        for entity in listed:
            _check_span(store, entity, texts.get(article_id), found)
    for table in store.tables():
        model = store.MODELS.get(table)
        if model is not None and table not in ("articles", "entities"):
            try:
                store.all(table, model)
            except StoreError as exc:
                found.problems.append(str(exc))
    found.notes.append(f"{len(texts)} articles and {entities} entity annotations checked.")


def _check_span(store: Store, entity: Entity, text: str | None, found: Checkup) -> None:
    if text is None:
        if entity.article_id not in store:
            found.problems.append(
                f"Entity {entity.id} in {store.path} refers to article {entity.article_id}, "
                "which is not stored."
            )
    elif text[entity.start : entity.end] != entity.text:
        found.problems.append(
            f"Entity {entity.id} in {store.path}, field 'text': {entity.text!r} does not match "
            f"the article text at {entity.start}-{entity.end}."
        )


def restore(path: Path) -> tuple[Path, list[Path]]:
    """Put back the newest backup that checks clean; return it and the files set aside."""
    lock = WriterLock(path)
    lock.acquire()
    try:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        aside: list[Path] = []
        for name in (path, path.with_name(path.name + ".journal")):
            if name.exists():
                target = name.with_name(f"{name.name}.damaged-{stamp}")
                os.replace(name, target)
                aside.append(target)
        journal = path.with_name(path.name + ".journal")
        old_journals = [p for p in aside if p.name.startswith(journal.name)]
        for candidate in backups.list_backups(path):
            for replay in (*old_journals, None):  # with the saves since the backup, if they fit
                shutil.copyfile(candidate, path)
                if replay is not None:
                    shutil.copyfile(replay, journal)
                if check(path).healthy:
                    return candidate, aside
                for made in (path, journal):
                    made.unlink(missing_ok=True)
        for moved in aside:  # nothing better: put the damaged files back as they were
            os.replace(moved, moved.with_name(moved.name.split(".damaged-")[0]))
        raise StoreError(f"No backup of {path} checks clean; the database was left as it was.")
    finally:
        lock.release()
