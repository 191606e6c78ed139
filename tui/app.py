"""The newsdesk Textual app and its factory."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from annotations.config import user_file
from annotations.entities import Detector, to_entities
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema, load_schema
from annotations.keymap import load_keymap
from annotations.labels import DEFAULT_LABELS, LabelSpec, label_map, load_labels
from annotations.store import Store, StoreError
from annotations.text import printable
from tui.commands import KeyCommands
from tui.messages import ArticleDetected, DetectionFailed, DetectionProgress
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

NOTICE_LIMIT = 600  # characters of a notice; longer ones end in an ellipsis


class NewsdeskApp(App[None]):
    """Library and reader over one store; entity detection runs in a worker thread."""

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {KeyCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("T", "timeline", "Timeline", id="timeline"),
        Binding("E", "entities", "Entities", id="entities"),
        Binding("X", "export", "Export", id="export"),
        Binding("f3", "taught", "Taught patterns", show=False, id="taught"),
    ]

    store_version: reactive[int] = reactive(0, init=False)
    # Ids of the articles the latest change touched; empty means "any of them".
    changed_articles: reactive[frozenset[str]] = reactive(
        frozenset(), init=False, always_update=True
    )
    detection_progress: reactive[tuple[int, int]] = reactive((0, 0), init=False)

    def __init__(
        self,
        store: Store,
        detector: Detector | None = None,
        labels: tuple[LabelSpec, ...] = DEFAULT_LABELS,
        keymap: Mapping[str, str] | None = None,
        event_schema: EventSchema = DEFAULT_SCHEMA,
    ) -> None:
        super().__init__()
        self.store = store
        self.detector = detector or Detector()
        self.labels = label_map(labels)
        self.user_keymap = dict(keymap or {})
        self.event_schema = event_schema
        self._store_error = ""  # the last store error shown, so it is shown once

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice, from any screen, shown as plain text: messages carry outside text
        (event types, search terms, file names), so they are never parsed as markup and
        their controls are made visible. Nothing here builds markup on purpose."""
        super().notify(
            printable(message, NOTICE_LIMIT), title=printable(title), severity=severity,
            timeout=timeout, markup=False,
        )  # fmt: skip

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
            if unknown := sorted(set(self.user_keymap) - binding_ids()):
                self.notify(
                    f"The key file names unknown actions: {', '.join(unknown)}; "
                    "press ? to see the action ids.",
                    severity="warning",
                    timeout=10,
                )
        self.push_screen(LibraryScreen())
        if self.store.read_only:
            self.sub_title = "read-only"
            self.notify("The database is open read-only: nothing you do here is saved.")

    def detect_pending(self, article_ids: list[str]) -> None:
        """Start the detection worker on articles that have no stored suggestions."""
        if self.store.read_only or not article_ids:
            return
        pending = []
        for article_id in article_ids:
            article = self.store.article(article_id)
            pending.append((article.id, article.text_hash, article.text))
        self.detection_progress = (0, len(pending))
        self.detect_entities(pending)

    # -- detection: the worker computes, the app stores -------------------
    @work(thread=True, exclusive=True, group="detect")
    def detect_entities(self, pending: list[tuple[str, str, str]]) -> None:
        """Run the model over articles; never touches widgets or the store."""
        try:
            found = self.detector.detect_many(text for _, _, text in pending)
            for done, ((article_id, text_hash, _), mentions) in enumerate(
                zip(pending, found, strict=True), start=1
            ):
                self.post_message(
                    ArticleDetected(article_id, text_hash, mentions, self.detector.version)
                )
                self.post_message(DetectionProgress(done, len(pending)))
        except Exception as exc:  # the model could not load or run: tell the analyst
            self.post_message(DetectionFailed(f"Entity detection stopped: {exc}"))

    def on_article_detected(self, message: ArticleDetected) -> None:
        if message.article_id not in self.store:
            return
        article = self.store.article(message.article_id)
        if article.text_hash != message.text_hash:
            return  # the text changed while the worker ran: those offsets are stale
        entities = to_entities(article.id, message.mentions)
        try:
            self.store.save_detection(article.id, entities, message.detector_version)
        except StoreError as exc:  # one notice, not one per pending article: stop detecting
            self.workers.cancel_group(self, "detect")
            if str(exc) != self._store_error:
                self._store_error = str(exc)
                self.notify(f"{exc} Detection stopped.", severity="error", timeout=10)
            return
        self.store_changed(article.id)

    def on_detection_progress(self, message: DetectionProgress) -> None:
        self.detection_progress = (message.done, message.total)

    def on_detection_failed(self, message: DetectionFailed) -> None:
        self.notify(message.reason, severity="error", timeout=15)

    def store_changed(self, *article_ids: str) -> None:
        """Tell the screens that stored data changed (for these articles, or any)."""
        self.changed_articles = frozenset(article_ids)
        self.store_version += 1

    # -- navigation ---------------------------------------------------------
    def open_article(self, article_id: str, order: list[str], cursor: int | None = None) -> None:
        self.push_screen(ReaderScreen(article_id, order, cursor=cursor))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # Screens built in their own modules, imported when first opened.
    def action_timeline(self) -> None:
        from tui.screens.timeline import TimelineScreen

        if not isinstance(self.screen, TimelineScreen):
            self.push_screen(TimelineScreen())

    def action_entities(self) -> None:
        from tui.screens.entities import EntitiesScreen

        if not isinstance(self.screen, EntitiesScreen):
            self.push_screen(EntitiesScreen())

    def action_taught(self) -> None:
        from tui.screens.taught import TaughtScreen

        if not isinstance(self.screen, TaughtScreen):
            self.push_screen(TaughtScreen())

    def action_export(self) -> None:
        from tui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())


def binding_ids() -> set[str]:
    """Ids of every binding of the app and of the screens in `tui.screens`."""
    import tui.screens

    for module in pkgutil.walk_packages(tui.screens.__path__, "tui.screens."):
        importlib.import_module(module.name)
    ids: set[str] = set()
    for cls in {NewsdeskApp, *_all_subclasses(Screen)}:
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def make_app(
    store: Store,
    detector: Detector | None = None,
    labels: tuple[LabelSpec, ...] = DEFAULT_LABELS,
    keymap: Mapping[str, str] | None = None,
    event_schema: EventSchema = DEFAULT_SCHEMA,
) -> NewsdeskApp:
    """The one way to build the app: used by `newsdesk`, the tests and snapshots."""
    return NewsdeskApp(
        store, detector=detector, labels=labels, keymap=keymap, event_schema=event_schema
    )


def run_app(db_path: Path, *, read_only: bool = False) -> int:
    """Open the database (seeding an empty one) and run the app until it quits."""
    labels = load_labels(user_file("labels"))  # a bad file stops here with one sentence
    keymap = load_keymap(user_file("keys"))
    schema = load_schema(user_file("schema"))
    try:
        store = Store(db_path, read_only=read_only)
    except StoreError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    try:
        with store:
            if not read_only:
                from annotations.pipeline import ingest_seeds_if_empty  # only needed here

                report = ingest_seeds_if_empty(store)
                if report is not None:
                    print(f"newsdesk: added {len(report.added)} sample articles to {db_path}")
            make_app(store, labels=labels, keymap=keymap, event_schema=schema).run()
    except StoreError as exc:  # e.g. the disk filled up: closing could not compact
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    return 0
