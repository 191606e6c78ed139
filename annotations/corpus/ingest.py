"""Ingest: files and folders in, Articles (or Rejections with a reason) out.

One bad file or line never stops a batch: every problem becomes a Rejection.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from pathlib import Path

from annotations.corpus.clean import clean
from annotations.corpus.readers import (
    Notice,
    Record,
    Rejection,
    Unreadable,
    prepare,
    read_file,
)
from annotations.models import Article, ArticleMeta
from annotations.text import content_hash


def article_id(raw: str) -> str:
    """The id of the article made from `raw` (prepared): known before it is cleaned."""
    return content_hash(raw)


def build_article(
    raw: str, origin: str, hint: ArticleMeta | None = None, site: Set[str] = frozenset()
) -> Article | Rejection:
    """Clean `raw` (already prepared) into an Article; a page with no text left is rejected.
    `site`: the lines other pages of its site carry (`corpus.site_lines`)."""
    cleaned = clean(raw, hint, site)
    if not cleaned.body.strip():
        reasons = sorted({block.reason for block in cleaned.removed})
        detail = f" (only {', '.join(reasons[:3])})" if reasons else ""
        return Rejection(origin=origin, reason=f"No article text is left after cleaning{detail}.")
    return Article(
        id=article_id(raw),
        origin=origin,
        raw=raw,
        text=cleaned.body,
        text_hash=content_hash(cleaned.body),
        meta=cleaned.meta,
        removed=cleaned.removed,
    )


def article_from_text(
    text: str, origin: str = "-", hint: ArticleMeta | None = None
) -> Article | Rejection:
    """An Article from text that is not yet prepared (e.g. read from standard input)."""
    raw = prepare(text)
    if not raw.strip():
        return Rejection(origin=origin, reason="The text is empty.")
    return build_article(raw, origin, hint)


def _files(path: Path) -> Iterator[Path]:
    """Entries under a folder that are not folders, recursively, in a stable order,
    without hidden ones (a pipe or socket among them is refused by `read_file`)."""
    for child in sorted(path.rglob("*")):
        relative = child.relative_to(path)
        if not child.is_dir() and not any(part.startswith(".") for part in relative.parts):
            yield child


def built(record: Record) -> Article | Rejection:
    """`build_article` on a record, with any failure this record's Rejection, not the
    batch's."""
    try:
        return build_article(record.raw, record.origin, record.hint)
    except ImportError:  # an install problem: fail loudly
        raise
    except Exception as error:
        kind = type(error).__name__
        return Rejection(origin=record.origin, reason=f"The text could not be cleaned ({kind}).")


def _read(path: Path) -> Iterator[Record | Rejection | Notice]:
    origin = str(path)
    try:
        yield from read_file(path)
    except Unreadable as error:
        yield Rejection(origin=origin, reason=str(error))
    except OSError as error:
        yield Rejection(origin=origin, reason=f"The file could not be read ({error.strerror}).")
    except ImportError:  # an install problem, not a property of this file: fail loudly
        raise
    except Exception as error:  # never stop a batch on one bad file
        kind = type(error).__name__
        yield Rejection(origin=origin, reason=f"The file could not be read ({kind}).")


def records(paths: Sequence[Path]) -> Iterator[Record | Rejection | Notice]:
    """The raw records of .txt, .html/.htm and .jsonl files or folders (recursively),
    before cleaning: unreadable, binary, empty or unsupported files and bad JSONL lines
    come out as Rejections; a file whose encoding was guessed gives a Notice."""
    for path in map(Path, paths):
        if path.is_dir():
            for file in _files(path):
                yield from _read(file)
        elif path.exists():
            yield from _read(path)
        else:
            yield Rejection(origin=str(path), reason="No such file or folder.")


def load(paths: Sequence[Path]) -> Iterator[Article | Rejection | Notice]:
    """Articles from .txt, .html/.htm and .jsonl files or folders (`records`, each
    `built`): id = content_hash(raw), text = the cleaned body and origin = the path (or
    "path:line" for JSONL), or a Rejection or Notice.
    """
    for item in records(paths):
        yield built(item) if isinstance(item, Record) else item
