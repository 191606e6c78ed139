"""Writing an export so that a crash never leaves half a file behind.

Writers fill a temporary file or folder next to the target; only a complete
export is moved into place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

from annotations.errors import UserError

Kind = Literal["file", "folder"]

# Characters that str.splitlines() treats as line breaks but json.dumps leaves raw.
_RAW_BREAKS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_line(obj: Any) -> str:
    """One compact JSON line (UTF-8 kept readable) that no line splitter can break."""
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _RAW_BREAKS:
        if raw in line:
            line = line.replace(raw, escaped)
    return line + "\n"


def check_target(
    out: Path,
    kind: Kind,
    beside: Sequence[Path] = (),
    *,
    force: bool = False,
    database: Path | None = None,
) -> None:
    """Refuse a target that would overwrite something, before any work is done.

    A file kind's `out` and the files written `beside` it replace an existing
    regular file only with `force`; the database's own files, folders, devices
    and other non-regular files are never replaced. A folder kind needs a new
    or empty folder.
    """
    for path in (out, *beside) if kind == "file" else (out,):
        if database is not None and is_database_file(path, database):
            raise UserError(f"{path} is one of the database's own files; choose another path.")
    if kind == "folder":
        if out.exists():
            if not out.is_dir():
                raise UserError(f"{out} is a file; this format writes a folder.")
            if any(out.iterdir()):
                raise UserError(f"The folder {out} is not empty; give a new or empty folder.")
        return
    for path in (out, *beside):
        if path.is_dir():
            raise UserError(f"{path} is a folder; this format writes one file.")
        if path.exists() and not path.is_file():
            raise UserError(
                f"{path} is not a regular file (a device, pipe or socket); choose a file."
            )
        if (path.exists() or path.is_symlink()) and not force:
            raise UserError(f"{path} already exists; give another path, or --force to replace it.")


def is_database_file(path: Path, database: Path) -> bool:
    """Whether `path` is the database, one of its companions (`<db>.journal`,
    `.lock`, `.texts`, ...) or inside its backups folder."""
    path, database = path.resolve(), database.resolve()
    if path == database:
        return True
    if path.parent == database.parent and path.name.startswith(database.name + "."):
        return True
    return any(
        p.parent == database.parent and p.name.startswith(database.name + ".") for p in path.parents
    )


@contextlib.contextmanager
def staged(
    out: Path,
    kind: Kind,
    beside: Sequence[Path] = (),
    *,
    force: bool = False,
    database: Path | None = None,
) -> Iterator[Path]:
    """A temporary path to write into; moved to `out` when the block succeeds.

    For a file kind the path is `out`'s name inside a temporary folder; files
    the writer puts `beside` it (same folder, names from `beside`) move too.
    """
    check_target(out, kind, beside, force=force, database=database)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Cannot create the folder {out.parent}: {exc.strerror}.") from exc
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    _remove(tmp)
    tmp.mkdir()
    try:
        if kind == "folder":
            yield tmp
            if out.exists():
                out.rmdir()  # checked empty above
            os.replace(tmp, out)
            return
        yield tmp / out.name
        for path in (out, *beside):
            made = tmp / path.name
            if made.exists():
                os.replace(made, path)
    finally:
        _remove(tmp)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def text_writer(path: Path) -> TextIO:
    """A UTF-8 text file with LF line ends on every platform."""
    return path.open("w", encoding="utf-8", newline="\n")
