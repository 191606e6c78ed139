"""brat standoff: `<id>.txt` + `<id>.ann` per article, plus `annotation.conf` and
`visual.conf` so brat opens the folder as a collection.

Per entity: a T line (split into fragments at line breaks, brat's way of
spanning lines), A lines for the review state and source, an N line for the
canonical entity and a `#` line for the note. Rejected entities are left out.
Events (E lines, A lines for their status) come with the event model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotations.formats.brat_conf import annotation_conf, brat_type, visual_conf
from annotations.formats.brat_parse import parse_ann
from annotations.formats.importing import Incoming, new_article
from annotations.formats.output import text_writer
from annotations.formats.reading import read_text_file, require
from annotations.formats.records import ExportRecord
from annotations.models import Entity

# Characters a brat line cannot hold inside a span text.
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def file_stem(article_id: str) -> str:
    """A file name for an article id (ids are normally already safe)."""
    return re.sub(r"[^\w.-]", "_", article_id)


def write(records: Iterable[ExportRecord], target: Path) -> None:
    seen: set[str] = set()
    for record in records:
        stem = file_stem(record.article.id)
        with text_writer(target / f"{stem}.txt") as txt:
            txt.write(record.article.text)
        with text_writer(target / f"{stem}.ann") as ann:
            ann.writelines(ann_lines(record.article.text, record.spans))
        seen.update(e.label for e in record.spans)
    (target / "annotation.conf").write_text(annotation_conf(seen), encoding="utf-8")
    (target / "visual.conf").write_text(visual_conf(seen), encoding="utf-8")


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


def ann_lines(text: str, entities: Iterable[Entity]) -> Iterator[str]:
    """The .ann lines for an article's entities."""
    attrs = notes = norms = 0
    for t, entity in enumerate(entities, start=1):
        pieces = fragments(text, entity.start, entity.end)
        if not pieces:
            continue  # a span of line breaks only: nothing brat can show
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        shown = " ".join(text[s:e] for s, e in pieces)
        yield f"T{t}\t{brat_type(entity.label)} {offsets}\t{shown}\n"
        for name, value in (("State", entity.state), ("Source", entity.source)):
            attrs += 1
            yield f"A{attrs}\t{name} T{t} {value}\n"
        if entity.canonical_id:
            norms += 1
            yield f"N{norms}\tReference T{t} newsdesk:{entity.canonical_id}\t{shown}\n"
        if entity.note:
            notes += 1
            yield f"#{notes}\tAnnotatorNotes T{t}\t{_BREAKS.sub(' ', entity.note)}\n"


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
        text = read_text_file(txt)
        item = Incoming(ann.name, new_article(text, str(txt), ann.stem))
        parse_ann(ann.name, read_text_file(ann), text, item)
        yield item
