"""The export dialog: format, output path and filters; the export runs in a thread worker.

Store safety: `Store` is not thread-safe (its dicts and indexes change under
every save, article bodies may be read from a shared file handle, and a
compaction reshapes documents), so the worker never touches the app's store. It
opens its own read-only `Store` on the same file: every save of the app is
journaled and fsynced before it is acknowledged, so that copy holds exactly
what the analyst sees, and the store's open retries when it races a
compaction. The worker posts `Progress` (articles scanned / total), `Done` or
`Failed` messages; only the handlers on the UI thread touch widgets.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, get_current_worker

from annotations.errors import UserError
from annotations.formats import FORMATS, Filters, export
from annotations.formats.output import check_target
from annotations.models import Article
from annotations.store import Store, StoreError
from tui.services import UsesServices

FOLDER = "newsdesk-export"
FILE_NAMES = {
    "jsonl": "newsdesk.jsonl",
    "conll": "newsdesk.conll",
    "spacy": "newsdesk.spacy",
    "doccano": "doccano.jsonl",
    "labelstudio": "labelstudio.json",
}
STATUSES = [("any status", ""), ("new", "new"), ("in progress", "in_progress"), ("done", "done")]


class Cancelled(Exception):
    """The analyst pressed Esc: stop, leaving nothing at the output path."""


class ScanningSource:
    """A store as an export source that reports each article scanned and stops on cancel."""

    def __init__(
        self, store: Store, report: Callable[[int, int], None], cancelled: Callable[[], bool]
    ) -> None:
        self.store, self.report, self.cancelled = store, report, cancelled

    def articles(self) -> Iterator[Article]:
        total = len(self.store)
        for done, article in enumerate(self.store.articles(), start=1):
            if self.cancelled():
                raise Cancelled
            yield article
            self.report(done, total)

    def entities(self, article_id: str) -> Any:
        return self.store.entities(article_id)

    def __getattr__(self, name: str) -> Any:  # other reads (e.g. events) go to the store
        return getattr(self.store, name)


class ExportScreen(UsesServices, ModalScreen[None]):
    """Choose a format, an output path and filters; Enter exports, Esc cancels."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    #export-dialog { width: 90; height: auto; border: round $primary; background: $surface;
                     padding: 0 1; }
    #export-form { grid-size: 2; grid-columns: 16 1fr; grid-rows: auto; height: auto; }
    #export-form Label { padding: 1 0 0 0; }
    #export-progress { margin: 1 0 0 0; display: none; }
    #export-status { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    class Progress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class Done(Message):
        def __init__(self, out: Path, articles: int, entities: int) -> None:
            super().__init__()
            self.out, self.articles, self.entities = out, articles, entities

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__()
        self.cwd = cwd or Path.cwd()
        self.worker: Worker[None] | None = None
        self.finished = threading.Event()  # set when the worker thread has let go of the files
        self.progress = (0, 0)  # articles scanned, total: the last report of the worker
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        options = [(Text(f"{f.name}  ·  {f.summary}"), f.name) for f in FORMATS.values()]
        with Vertical(id="export-dialog"):
            yield Static(Text("Export annotations", style="bold"))
            with Grid(id="export-form"):
                yield Label("Format")
                yield Select(options, value="jsonl", allow_blank=False, id="export-format")
                yield Label("Output")
                yield Input(id="export-out")
                yield Label("Status")
                yield Select(STATUSES, value="", allow_blank=False, id="export-status-filter")
                yield Label("Labels")
                yield Input(placeholder="all labels, or e.g. PERSON, ORG", id="export-labels")
                yield Label("Since")
                yield Input(placeholder="YYYY-MM-DD (article date)", id="export-since")
                yield Label("Until")
                yield Input(placeholder="YYYY-MM-DD", id="export-until")
                yield Label("")
                yield Checkbox("only entities the analyst accepted", id="export-accepted")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static(id="export-status")
            yield Static(Text("Enter or Ctrl+S: export    Esc: cancel", style="dim"))

    def on_mount(self) -> None:
        self._suggest_path("jsonl")

    # -- the form --------------------------------------------------------------
    def _suggest_path(self, name: str) -> None:
        out = self.query_one("#export-out", Input)
        if out.value and out.value != self._auto_path:
            return  # the analyst typed a path: keep it
        fmt = FORMATS[name]
        stem = Path(FOLDER) / (name if fmt.kind == "folder" else FILE_NAMES.get(name, name))
        candidate, n = stem, 2
        while (self.cwd / candidate).exists():
            candidate = stem.with_name(f"{stem.stem}-{n}{stem.suffix}")
            n += 1
        self._auto_path = out.value = str(candidate)

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        self._suggest_path(str(event.value))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def _read_form(self) -> tuple[str, Path, Filters]:
        """The chosen format, output path and filters; a UserError says what is wrong."""
        name = str(self.query_one("#export-format", Select).value)
        value = self.query_one("#export-out", Input).value.strip()
        if not value:
            raise UserError("Give an output path.")
        out = self.cwd / Path(value).expanduser()
        fmt = FORMATS[name]
        check_target(out, fmt.kind, fmt.companions(out), database=self.services.store.path)
        labels = {
            s.strip() for s in self.query_one("#export-labels", Input).value.split(",") if s.strip()
        }
        if unknown := sorted(labels - set(self.services.labels)):
            raise UserError(
                f"Unknown label {', '.join(unknown)}; labels are {', '.join(self.services.labels)}."
            )
        since, until = _date(self, "#export-since"), _date(self, "#export-until")
        if since and until and since > until:
            raise UserError(f"Since {since} is after until {until}.")
        status = self.query_one("#export-status-filter", Select).value
        filters = Filters(
            status=status or None,  # type: ignore[arg-type]
            labels=frozenset(labels),
            since=since,
            until=until,
            only_accepted=self.query_one("#export-accepted", Checkbox).value,
        )
        return name, out, filters

    # -- running ---------------------------------------------------------------
    def action_export(self) -> None:
        if self.worker is not None:
            return
        try:
            name, out, filters = self._read_form()
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self.query_one("#export-form").disabled = True
        self.query_one(ProgressBar).display = True
        self._say(f"Exporting {name} to {out} …")
        self.finished.clear()
        self.worker = self._run(self.services.store.path, name, out, filters)

    @work(thread=True, exclusive=True, group="export")
    def _run(self, db: Path, name: str, out: Path, filters: Filters) -> None:
        """Export from a private read-only store; talk to the UI only by messages."""
        worker = get_current_worker()
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if done == total or now - last > 0.05:
                last = now
                self.post_message(self.Progress(done, total))

        try:
            with Store(db, read_only=True) as store:
                source = ScanningSource(store, report, lambda: worker.is_cancelled)
                summary = export(source, name, out, filters)
            self.post_message(self.Done(out, summary.articles, summary.entities))
        except Cancelled:
            pass
        except (UserError, StoreError) as exc:
            self.post_message(self.Failed(str(exc)))
        except Exception as exc:  # a writer bug must not pass silently: say what happened
            self.post_message(self.Failed(f"The export failed: {type(exc).__name__}: {exc}"))
        finally:
            self.finished.set()

    def on_export_screen_progress(self, message: Progress) -> None:
        self.progress = (message.done, message.total)
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)
        self._say(f"{message.done} of {message.total} articles")

    def on_export_screen_done(self, message: Done) -> None:
        self.app.notify(
            f"Exported {message.articles} articles and {message.entities} entities "
            f"to {message.out}.",
            title="Export finished",
            timeout=10,
        )
        self.dismiss(None)

    def on_export_screen_failed(self, message: Failed) -> None:
        self.worker = None
        self.query_one("#export-form").disabled = False
        self._say(message.reason, error=True)
        self.app.notify(message.reason, title="Export failed", severity="error", timeout=10)

    def action_cancel(self) -> None:
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()
            self.app.notify("Export cancelled; nothing was written.", timeout=5)
        self.dismiss(None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#export-status", Static).update(Text(text, style="red" if error else ""))


def _date(screen: ExportScreen, selector: str) -> dt.date | None:
    value = screen.query_one(selector, Input).value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{value!r} is not a date like 2025-12-31.") from None
