"""Reading files into raw text plus known metadata: .txt, .html/.htm, .jsonl/.json.

Decoding happens here, before any offset exists: bytes are decoded (UTF-8, a
BOM, or whatever charset-normalizer detects), mojibake is repaired with ftfy,
newlines are normalised and terminal controls neutralised. The result is the
article's `raw` text; cleaning offsets point into it.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ftfy
from charset_normalizer import from_bytes

from annotations.corpus.dates import parse_date
from annotations.corpus.repeats import key
from annotations.limits import MB, Limits, limits
from annotations.models import ArticleMeta, Model
from annotations.text import neutralise_controls, normalise_newlines

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

TEXT_KEYS = ("text", "maintext", "body", "content", "article", "full_text", "article_text")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "date_publish", "published", "published_at", "publish_date",
             "pubdate", "datePublished", "date_published")  # fmt: skip
URL_KEYS = ("url", "link", "source_url")
PUBLISHER_KEYS = ("publisher", "source_domain", "source", "site_name", "sitename", "domain")
AGENCY_KEYS = ("agency", "wire", "credit")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)  # fmt: skip


class Rejection(Model):
    """A file or JSONL line that could not be ingested, and why (one sentence)."""

    origin: str
    reason: str


class Notice(Model):
    """Something an analyst should check in a file that was read anyway (one sentence)."""

    origin: str
    message: str


class Unreadable(Exception):
    """A whole file cannot be read; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Record:
    """One article's raw text, where it came from, and metadata already known."""

    origin: str
    raw: str
    hint: ArticleMeta | None = None


def prepare(text: str) -> str:
    """Repair mojibake (ftfy), normalise newlines, neutralise terminal controls."""
    return neutralise_controls(normalise_newlines(repaired(text)))


FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False,
    unescape_html=False, normalization="NFC", explain=False,
)  # fmt: skip
_FTFY_MAY_CHANGE = re.compile(r"[^\t\n\x20-\x7e]")
"""A character ftfy (as `FTFY` configures it) may change or remove: any but printable
ASCII, tab and line feed (its steps touch mojibake, which is never pure ASCII, line
breaks other than LF, control characters and terminal escapes; NFC keeps ASCII)."""


def repaired(text: str) -> str:
    """`ftfy.fix_text(text, FTFY)`, with ftfy run only on the lines holding a character
    it may change: ftfy fixes each line on its own (without HTML unescaping nothing
    carries from one line to the next), and most lines of an English page are plain
    ASCII, which it returns as they are."""
    out: list[str] = []
    at = 0  # always a line start
    while found := _FTFY_MAY_CHANGE.search(text, at):
        start = text.rfind("\n", at, found.start()) + 1 or at
        end = text.find("\n", found.start()) + 1 or len(text)
        out += (text[at:start], ftfy.fix_text(text[start:end], FTFY))
        at = end
    out.append(text[at:])
    return "".join(out)


def decode(data: bytes) -> str:
    """Text of a file's bytes; raises Unreadable for empty, binary or undecodable data."""
    return decode_noting(data)[0]


def decode_noting(data: bytes) -> tuple[str, str | None]:
    """`decode`, and a sentence when the encoding had to be guessed (None when it was
    UTF-8 or named by a BOM): a guess may turn accented letters into the wrong ones."""
    if not data.strip():
        raise Unreadable("The file is empty.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as error:
                raise Unreadable(f"The file is not valid {encoding} text.") from error
    head = data[:8192]
    if b"\x00" in head:
        raise Unreadable("The file looks binary (it contains NUL bytes), not text.")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise Unreadable("The file's text encoding could not be detected; it may be binary.")
    text = str(best)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:4096]) * 0.05:
        raise Unreadable("The file looks binary (too many control characters), not text.")
    note = (
        f"The file is not UTF-8; it was read as {best.encoding}, a guess: "
        "check its accented letters (save it as UTF-8 to be sure)."
    )
    return text, note


_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
)  # fmt: skip


def _not_regular(mode: int) -> Unreadable:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return Unreadable(f"This is {kind}, not a regular file; only regular files are read.")


def _too_big(size: int, bound: int, what: str, variable: str) -> Unreadable:
    return Unreadable(
        f"{what} is {size / MB:.1f} MB, over the limit of {bound / MB:g} MB "
        f"(raise it with ${variable})."
    )


def read_bytes(path: Path, bound: Limits | None = None) -> bytes:
    """The bytes of a regular file within the size limit; raises Unreadable otherwise.

    A FIFO, socket or device (also behind a symlink, like /dev/zero) is refused before
    it is opened for reading, and no more than the limit is ever read."""
    bound = bound or limits()
    try:
        info = path.stat()  # follows symlinks: a link to /dev/zero is a device
    except OSError as error:
        raise Unreadable(f"The file could not be read ({error.strerror}).") from error
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode)
    if info.st_size > bound.file_bytes:
        raise _too_big(info.st_size, bound.file_bytes, "The file", "NEWSDESK_MAX_FILE_MB")
    # O_NONBLOCK: should a FIFO be swapped in after the check, opening it cannot hang.
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode)
        data = handle.read(bound.file_bytes + 1)
    if len(data) > bound.file_bytes:
        raise _too_big(len(data), bound.file_bytes, "The file", "NEWSDESK_MAX_FILE_MB")
    return data


def check_lines(data: bytes, bound: Limits | None = None) -> None:
    """Raise Unreadable when one line of `data` is longer than the line limit."""
    bound = bound or limits()
    if len(data) > bound.line_bytes:
        longest = max(map(len, data.split(b"\n")))
        if longest > bound.line_bytes:
            raise _too_big(longest, bound.line_bytes, "One line", "NEWSDESK_MAX_LINE_MB")


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        value = fields.get(k)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, "") and not isinstance(value, dict):
            return neutralise_controls(str(value)).strip() or None  # as bodies are
    return None


def html_record(html: str, origin: str, url: str | None = None) -> Record:
    """Main text and metadata of an HTML page via trafilatura (falls back to all text)."""
    import trafilatura  # slow to import; only needed for HTML

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_recall=True,
        include_tables=True, deduplicate=False,
    )  # fmt: skip
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        text = trafilatura.html2txt(html) or ""
    if not text.strip():
        raise Unreadable("The HTML page holds no readable text.")
    publisher = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    hint = ArticleMeta(
        title=neutralise_controls(getattr(doc, "title", None) or "").strip(),
        date=parse_date(getattr(doc, "date", None)),
        publisher=neutralise_controls(publisher) if publisher else None,
        url=getattr(doc, "url", None) or url,
    )
    return Record(origin, _without_title(prepare(text), hint.title), hint)


def _without_title(text: str, title: str) -> str:
    """`text` without a first line that repeats the page's title: trafilatura can keep
    the headline in the text, and the title is metadata, not the article's paragraph
    (the cleaner leaves the first line of a text without page residue alone)."""
    first, _, rest = text.lstrip("\n").partition("\n")
    return rest if title and rest.strip() and key(first) == key(title) else text


def fields_record(fields: dict[str, Any], origin: str) -> Record | Rejection:
    """An article from one JSON object of a scraper dump (common field names accepted)."""
    text = _first(fields, TEXT_KEYS)
    if not text and "newsdesk" in fields and isinstance(fields.get("article"), dict):
        reason = (
            "The record is a newsdesk export (article and annotations): bring it in with "
            "`newsdesk import --format jsonl FILE`."
        )
        return Rejection(origin=origin, reason=reason)
    if not text:
        names = "/".join(TEXT_KEYS[:4])
        return Rejection(origin=origin, reason=f"The record has no article text ({names}).")
    url = _first(fields, URL_KEYS)
    if text.lstrip().startswith("<") and "</" in text:
        try:
            record = html_record(text, origin, url)
        except Unreadable as error:
            return Rejection(origin=origin, reason=str(error))
        hint = record.hint or ArticleMeta()
    else:
        record, hint = Record(origin, prepare(text)), ArticleMeta()
    given = {
        "title": " ".join((_first(fields, TITLE_KEYS) or "").split()),
        "date": parse_date(_first(fields, DATE_KEYS)),
        "url": url,
        "publisher": _first(fields, PUBLISHER_KEYS),
        "source": _first(fields, AGENCY_KEYS),
    }
    hint = hint.model_copy(update={k: v for k, v in given.items() if v})
    return Record(origin, record.raw, hint)


def _item_record(item: Any, origin: str, what: str) -> Record | Rejection:
    """One JSON item as a Record; any failure is this item's Rejection, never the file's."""
    if not isinstance(item, dict):
        return Rejection(origin=origin, reason=f"The {what} is not a JSON object.")
    try:
        return fields_record(item, origin)
    except ImportError:
        raise
    except Exception as error:  # trafilatura or lxml choking on one record's HTML
        kind = type(error).__name__
        return Rejection(origin=origin, reason=f"The {what} could not be read ({kind}).")


def _json_records(text: str, path: Path, bound: Limits) -> Iterator[Record | Rejection]:
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" and stripped[:1] in "[{":
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            data = None  # maybe JSON lines after all
        if data is not None:
            items = data if isinstance(data, list) else [data]
            for number, item in enumerate(items, 1):
                yield _item_record(item, f"{path}:{number}", "item")
            return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        if len(line) > bound.line_bytes:
            size = len(line.encode("utf-8", "surrogatepass"))
            reason = str(_too_big(size, bound.line_bytes, "The line", "NEWSDESK_MAX_LINE_MB"))
            yield Rejection(origin=origin, reason=reason)
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(origin=origin, reason=f"The line is not valid JSON ({error.msg}).")
            continue
        except RecursionError:
            yield Rejection(origin=origin, reason="The line is nested too deeply to read.")
            continue
        yield _item_record(item, origin, "line")


def read_file(path: Path) -> Iterator[Record | Rejection | Notice]:
    """Records of one file by its suffix (a Notice first when its encoding was guessed);
    raises Unreadable or OSError for the whole file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Unreadable(f"Unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl.")
    bound = limits()
    data = read_bytes(path, bound)
    if suffix not in JSONL_SUFFIXES:  # a JSONL's long lines are refused one by one
        check_lines(data, bound)
    text, note = decode_noting(data)
    del data
    if note:
        yield Notice(origin=str(path), message=note)
    if suffix in HTML_SUFFIXES:
        yield html_record(text, str(path))
    elif suffix in JSONL_SUFFIXES:
        yield from _json_records(text, path, bound)
    else:
        raw = prepare(text)
        if not raw.strip():
            raise Unreadable("The file is empty.")
        yield Record(str(path), raw)
