"""Automatic backups of the snapshot file in `<db>.backups/`, newest kept.

A backup is a copy (never a hard link: an editor writing the live file in
place would change the backup too) of a snapshot just written by compaction,
or of the files as found before a schema migration. Article bodies are not
copied: their pack is append-only, so old snapshots still point at valid bytes.
A compaction's backup is sealed like the snapshot (`_meta` holds the crc32 of
the tables and their counts): that is its verified marker and its manifest.
Rotation never deletes the newest backup whose seal holds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path

from annotations.store.atomic import seal_holds

DEFAULT_KEEP = 5


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def list_backups(db_path: Path) -> list[Path]:
    """Backups of the database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix == ".json" and not p.name.startswith(".")]
    return sorted(found, key=lambda p: p.name, reverse=True)


def make_backup(db_path: Path, source: Path, tag: str, *, keep: int = DEFAULT_KEEP) -> Path | None:
    """Copy `source` into the backup folder; return the copy, None if it could not be made.

    A failed backup never fails the operation that asked for it.
    """
    if keep <= 0 or not source.exists():
        return None
    folder = backup_dir(db_path)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{tag}.json"
    tmp = folder / f".{target.name}.tmp"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return None
    prune(db_path, keep)
    return target


def verified(backup: Path) -> bool:
    """True when the backup is a sealed snapshot whose seal holds (its own checksum)."""
    try:
        payload = backup.read_bytes()
        return seal_holds(payload)
    except (OSError, UnicodeDecodeError):
        return False


def by_trust(db_path: Path) -> list[Path]:
    """Backups to restore from: verified ones newest first, then the others."""
    found = list_backups(db_path)
    return [b for b in found if verified(b)] + [b for b in found if not verified(b)]


def prune(db_path: Path, keep: int) -> None:
    """Delete all but the newest `keep` backups, never the newest verified one."""
    found = list_backups(db_path)
    kept = found[:keep]
    if not any(verified(b) for b in kept):
        kept += next(([b] for b in found[keep:] if verified(b)), [])
    for old in found:
        if old not in kept:
            with contextlib.suppress(OSError):
                old.unlink()
