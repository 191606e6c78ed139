"""The export and import formats by name, and the two entry points that use them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import annotations.formats.brat as brat
import annotations.formats.conll as conll
import annotations.formats.csv_tables as csv_tables
import annotations.formats.doccano as doccano
import annotations.formats.jsonl as jsonl
import annotations.formats.labelstudio as labelstudio
import annotations.formats.spacy_docbin as spacy_docbin
from annotations.errors import UserError
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema
from annotations.formats.importing import ImportReport, Incoming, apply_import
from annotations.formats.output import Kind, staged
from annotations.formats.records import (
    DEFAULT_VOCABULARY,
    ExportRecord,
    Filters,
    Source,
    Vocabulary,
    counted,
    records,
)
from annotations.labels import LabelSpec
from annotations.store import Store

Writer = Callable[..., None]  # (records, target, vocabulary, **its options)
Reader = Callable[[Path], Iterator[Incoming | str]]
EventSupport = Literal["written", "triggers", "skipped"]


@dataclass(frozen=True)
class Options:
    """Choices that only some formats take (`Format.options` names them)."""

    shards: int | None = None  # spacy: a folder of .spacy files of this many docs each
    with_events: bool = False  # doccano: the relation-project shape with event roles
    include_unfinished: bool = False  # doccano --only-accepted: keep articles not done


OPTION_FLAGS = {
    "shards": "--shards",
    "with_events": "--with-events",
    "include_unfinished": "--include-unfinished",
}


@dataclass(frozen=True)
class Format:
    name: str
    kind: Kind  # what --out names: one file or a folder
    write: Writer
    read: Reader | None = None
    events: EventSupport = "written"  # conll cannot express events; spacy keeps triggers only
    summary: str = ""
    options: tuple[str, ...] = ()  # the `Options` it takes (write gets all but include_unfinished)
    beside: Callable[[Path], list[Path]] | None = None  # files written next to a file --out

    def kind_for(self, options: Options) -> Kind:
        return "folder" if options.shards else self.kind

    def companions(self, out: Path) -> list[Path]:
        return self.beside(out) if self.beside else []

    def check(self, options: Options) -> None:
        """Refuse an option this format does not take."""
        for name, flag in OPTION_FLAGS.items():
            if getattr(options, name) and name not in self.options:
                takers = [f.name for f in FORMATS.values() if name in f.options]
                raise UserError(f"{flag} applies to the {' and '.join(takers)} format only.")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonl", "file", jsonl.write, jsonl.read, "written", "newsdesk's own, lossless"),
        Format("csv", "folder", csv_tables.write, None, "written", "entities.csv and events.csv"),
        Format("brat", "folder", brat.write, brat.read, "written", "brat standoff .txt/.ann"),
        Format("conll", "file", conll.write, None, "skipped", "CoNLL-2003 IOB2 columns"),
        Format(
            "spacy",
            "file",
            spacy_docbin.write,
            None,
            "triggers",
            "one spaCy DocBin (.spacy); with --shards N a folder of them",
            ("shards",),
        ),
        Format(
            "labelstudio",
            "file",
            labelstudio.write,
            labelstudio.read,
            "written",
            "Label Studio tasks JSON, its labeling config beside it",
            beside=lambda out: [labelstudio.config_path(out)],
        ),
        Format(
            "doccano",
            "file",
            doccano.write,
            doccano.read,
            "written",
            "doccano sequence-labelling JSONL; with --with-events the relation shape",
            ("with_events", "include_unfinished"),
        ),
    )
}
IMPORTABLE = tuple(name for name, f in FORMATS.items() if f.read is not None)


@dataclass
class ExportSummary:
    articles: int = 0
    entities: int = 0
    events: int = 0
    events_note: str = ""  # what the format did with events it cannot hold fully


def get_format(name: str, *, readable: bool = False) -> Format:
    found = FORMATS.get(name)
    if found is None or (readable and found.read is None):
        names = IMPORTABLE if readable else tuple(FORMATS)
        action = "import" if readable else "export"
        raise UserError(f"Cannot {action} format {name!r}; choose one of {', '.join(names)}.")
    return found


def export(
    source: Source,
    name: str,
    out: Path,
    filters: Filters | None = None,
    progress: Callable[[int], None] | None = None,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    options: Options = Options(),
    *,
    force: bool = False,
    database: Path | None = None,
) -> ExportSummary:
    """Stream the filtered records of `source` to `out` in format `name`.

    `progress(done)` is called after each article; `vocabulary` (labels and
    event schema) names the generated configs. The output appears only when
    complete; on any error nothing is left at `out`. An existing file is
    replaced only with `force`, and never one of the `database`'s own files
    (by default the source's own `path`, if it has one).
    """
    fmt = get_format(name)
    fmt.check(options)
    filters = filters or Filters()
    if "include_unfinished" in fmt.options and filters.only_accepted:
        # a trainer reads an article without entities as "no entity here"
        filters = replace(filters, finished_only=not options.include_unfinished)
    database = database or getattr(source, "path", None)
    write_options = {k: getattr(options, k) for k in fmt.options if k != "include_unfinished"}
    summary = ExportSummary()

    def tally(items: Iterable[ExportRecord]) -> Iterator[ExportRecord]:
        for record in items:
            summary.articles += 1
            summary.entities += len(record.entities)
            summary.events += len(record.events)
            yield record

    try:
        kind = fmt.kind_for(options)
        beside = fmt.companions(out) if kind == "file" else []
        with staged(out, kind, beside, force=force, database=database) as target:
            stream = tally(counted(records(source, filters), progress))
            fmt.write(stream, target, vocabulary, **write_options)
    except OSError as exc:
        raise UserError(f"Cannot write {out}: {exc.strerror or exc}.") from exc
    if summary.events and fmt.events == "skipped":
        summary.events_note = f"{name} cannot express events: {summary.events} were left out"
    elif summary.events and fmt.events == "triggers":
        summary.events_note = f"{name} keeps event triggers only (doc.spans['events'])"
    return summary


def import_path(
    store: Store,
    name: str,
    path: Path,
    labels: tuple[LabelSpec, ...] | None = None,
    schema: EventSchema = DEFAULT_SCHEMA,
) -> ImportReport:
    """Import `path` in format `name` into `store`, labels mapped through `labels`,
    event types checked against `schema` (unknown ones kept and flagged).

    The whole file is read first, so a file that cannot be read imports nothing.
    """
    fmt = get_format(name, readable=True)
    assert fmt.read is not None
    return apply_import(store, list(fmt.read(path)), labels, schema)
