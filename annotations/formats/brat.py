"""brat standoff: `<id>.txt` + `<id>.ann` per article, plus `annotation.conf` and
`visual.conf` so brat opens the folder as a collection.

Per entity: a T line (split into fragments at line breaks, brat's way of
spanning lines), A lines for the review state and source, an N line for the
canonical entity and a `#` line for the note. Per event: a T line for its
trigger, an E line (`TYPE:Ttrigger Role:Tn Role2:Tm`, a repeated role
numbered from 2 as brat does), A lines for its status and review state and a
`#` line for its note. Rejected entities are left out, and so are arguments
that point to them. Dates and groups of events are kept by jsonl only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations.errors import UserError
from annotations.formats.brat_conf import (
    EVENT_STATE,
    STATUS,
    annotation_conf,
    brat_type,
    visual_conf,
)
from annotations.formats.brat_parse import parse_ann
from annotations.formats.importing import Incoming, new_article
from annotations.formats.output import text_writer
from annotations.formats.reading import read_text_file, require
from annotations.formats.records import ExportRecord
from annotations.formats.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from annotations.text import content_hash, printable

# Characters a brat line cannot hold inside a span text.
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


_SAFE_STEM = re.compile(r"[\w-][\w.-]{0,99}")


def file_stem(article_id: str) -> str:
    """A file name for an article id: the id itself when it is a short safe name, else
    its safe characters (at most 80) and a hash of the whole id, so `a/b` and `a_b`, or
    two long ids, never share a file and no name is too long for the file system."""
    if _SAFE_STEM.fullmatch(article_id):
        return article_id
    readable = re.sub(r"[^\w.-]", "_", article_id)[:80].lstrip(".")
    return f"{readable}-{content_hash(article_id)}"


def write(
    records: Iterable[ExportRecord], target: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> None:
    seen: set[str] = set()
    types: set[str] = set()
    for record in records:
        stem = file_stem(record.article.id)
        with text_writer(target / f"{stem}.txt") as txt:
            txt.write(record.article.text)
        with text_writer(target / f"{stem}.ann") as ann:
            ann.writelines(ann_lines(record))
        seen.update(e.label for e in record.spans)
        types.update(e.type for e in record.events)
    conf = annotation_conf(seen, vocabulary, types)
    (target / "annotation.conf").write_text(conf, encoding="utf-8")
    (target / "visual.conf").write_text(visual_conf(seen, vocabulary, types), encoding="utf-8")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of a span between line breaks (one piece for most spans)."""
    pieces, pos = [], start
    for brk in _BREAKS.finditer(text, start, end):
        if brk.start() > pos:
            pieces.append((pos, brk.start()))
        pos = brk.end()
    if end > pos:
        pieces.append((pos, end))
    return pieces


class _Numbers:
    """brat ids: one running number per annotation kind."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def __call__(self, kind: str) -> str:
        self._last[kind] = self._last.get(kind, 0) + 1
        return f"{kind}{self._last[kind]}"


def _text_bound(text: str, tid: str, kind: str, start: int, end: int) -> str | None:
    pieces = fragments(text, start, end)
    if not pieces:
        return None  # a span of line breaks only: nothing brat can show
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    shown = " ".join(text[s:e] for s, e in pieces)
    return f"{tid}\t{brat_type(kind)} {offsets}\t{shown}\n"


def _note(number: _Numbers, target: str, note: str | None) -> Iterator[str]:
    if note:
        yield f"{number('#')}\tAnnotatorNotes {target}\t{_BREAKS.sub(' ', note)}\n"


def ann_lines(record: ExportRecord) -> Iterator[str]:
    """The .ann lines for an article's visible entities and its events."""
    text = record.article.text
    number = _Numbers()
    tids: dict[str, str] = {}
    for entity in record.spans:
        tid = number("T")
        line = _text_bound(text, tid, entity.label, entity.start, entity.end)
        if line is None:
            continue
        tids[entity.id] = tid
        yield line
        for name, value in (("State", entity.state), ("Source", entity.source)):
            yield f"{number('A')}\t{name} {tid} {value}\n"
        if entity.canonical_id:
            shown = line.rsplit("\t", 1)[1]
            yield f"{number('N')}\tReference {tid} newsdesk:{entity.canonical_id}\t{shown}"
        yield from _note(number, tid, entity.note)
    for event in record.events:
        tid = number("T")
        line = _text_bound(text, tid, event.type, event.trigger_start, event.trigger_end)
        if line is None:
            continue
        yield line
        eid = number("E")
        args, used = [f"{brat_type(event.type)}:{tid}"], {}
        for role, entity in record.arguments(event):
            if entity.id in tids:
                used[role] = used.get(role, 0) + 1
                suffix = str(used[role]) if used[role] > 1 else ""
                args.append(f"{brat_type(role)}{suffix}:{tids[entity.id]}")
        yield f"{eid}\t{' '.join(args)}\n"
        yield f"{number('A')}\t{STATUS} {eid} {event.status}\n"
        yield f"{number('A')}\t{EVENT_STATE} {eid} {event.state}\n"
        yield from _note(number, eid, event.note)


def read(path: Path) -> Iterator[Incoming | str]:
    require(path, "folder")
    anns = sorted(path.glob("*.ann"))
    if not anns:
        yield f"{path} holds no .ann files; nothing was imported."
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.is_file():
            yield f"{ann.name} has no {txt.name} beside it; it was not imported."
            continue
        try:
            text = read_text_file(txt)
            item = Incoming(ann.name, new_article(text, str(txt), ann.stem))
            parse_ann(ann.name, read_text_file(ann), text, item)
        except UserError as exc:  # one unreadable pair of files, not the whole folder
            yield f"{exc} {printable(ann.name)} was not imported."
            continue
        yield item
