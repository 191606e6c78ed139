"""Reading files into raw text plus known metadata: .txt, .html/.htm, .jsonl/.json.

Decoding happens here, before any offset exists: bytes are decoded (UTF-8, a
BOM, or whatever charset-normalizer detects), mojibake is repaired with ftfy,
newlines are normalised and terminal controls neutralised. The result is the
article's `raw` text; cleaning offsets point into it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ftfy
from charset_normalizer import from_bytes

from annotations.corpus.dates import parse_date
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
    fixed = ftfy.fix_text(
        text, uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False,
        unescape_html=False, normalization="NFC",
    )  # fmt: skip
    return neutralise_controls(normalise_newlines(fixed))


def decode(data: bytes) -> str:
    """Text of a file's bytes; raises Unreadable for empty, binary or undecodable data."""
    if not data.strip():
        raise Unreadable("The file is empty.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise Unreadable(f"The file is not valid {encoding} text.") from error
    head = data[:8192]
    if b"\x00" in head:
        raise Unreadable("The file looks binary (it contains NUL bytes), not text.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise Unreadable("The file's text encoding could not be detected; it may be binary.")
    text = str(best)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:4096]) * 0.05:
        raise Unreadable("The file looks binary (too many control characters), not text.")
    return text


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        value = fields.get(k)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, "") and not isinstance(value, dict):
            return str(value).strip() or None
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
    hint = ArticleMeta(
        title=(getattr(doc, "title", None) or "").strip(),
        date=parse_date(getattr(doc, "date", None)),
        publisher=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        url=getattr(doc, "url", None) or url,
    )
    return Record(origin, prepare(text), hint)


def fields_record(fields: dict[str, Any], origin: str) -> Record | Rejection:
    """An article from one JSON object of a scraper dump (common field names accepted)."""
    text = _first(fields, TEXT_KEYS)
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


def _json_records(text: str, path: Path) -> Iterator[Record | Rejection]:
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" and stripped[:1] in "[{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None  # maybe JSON lines after all
        if data is not None:
            items = data if isinstance(data, list) else [data]
            for number, item in enumerate(items, 1):
                origin = f"{path}:{number}"
                if isinstance(item, dict):
                    yield fields_record(item, origin)
                else:
                    yield Rejection(origin=origin, reason="The item is not a JSON object.")
            return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(origin=origin, reason=f"The line is not valid JSON ({error.msg}).")
            continue
        if isinstance(item, dict):
            yield fields_record(item, origin)
        else:
            yield Rejection(origin=origin, reason="The line is not a JSON object.")


def read_file(path: Path) -> Iterator[Record | Rejection]:
    """Records of one file by its suffix; raises Unreadable or OSError for the whole file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Unreadable(f"Unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl.")
    text = decode(path.read_bytes())
    if suffix in HTML_SUFFIXES:
        yield html_record(text, str(path))
    elif suffix in JSONL_SUFFIXES:
        yield from _json_records(text, path)
    else:
        raw = prepare(text)
        if not raw.strip():
            raise Unreadable("The file is empty.")
        yield Record(str(path), raw)
