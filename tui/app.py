"""The newsdesk Textual app and its factory."""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
import time
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from annotations.config import Settings
from annotations.store import Store, StoreError
from annotations.text import printable
from tui.commands import KeyCommands
from tui.messages import DetectionFailed, DetectionProgress, SuggestionsFound
from tui.screens.library import LibraryScreen
from tui.services import Services

if TYPE_CHECKING:  # the detection pipeline, the reader, events: imported when first used
    from annotations.entities import DetectionCache, TaughtPatterns
    from annotations.events.schema import EventSchema
    from annotations.labels import LabelSpec
    from annotations.pipeline import Detects, Suggestions, ToDetect

NOTICE_LIMIT = 600  # characters of a notice; longer ones end in an ellipsis
SAVE_BATCH = 32  # detected articles stored per transaction (one journal write, one fsync)
SAVE_EVERY = 0.5  # seconds: a batch is stored sooner when detection is slow
COMPACT_AFTER = 2.0  # seconds without a save before a due compaction runs (never in a key)
WARM_CHUNK = 200  # articles whose entities are read per turn ahead of the entities screen


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
        Binding("f4", "agreement", "Agreement", show=False, id="agreement"),
    ]

    # Screens watch these and repaint what they show; a save never repaints the whole app.
    store_version: reactive[int] = reactive(0, init=False, repaint=False)
    # Ids of the articles the latest change touched; empty means "any of them".
    changed_articles: reactive[frozenset[str]] = reactive(
        frozenset(), init=False, always_update=True, repaint=False
    )
    detection_progress: reactive[tuple[int, int]] = reactive((0, 0), init=False)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        """The store, detector and settings every screen works with (`UsesServices`)."""
        self._store_error = ""  # the last store error shown, so it is shown once
        services.store.compact_on_save = False  # `_compact_when_idle` folds the journal
        self._compaction: Timer | None = None

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def labels(self) -> dict[str, LabelSpec]:
        return self.services.labels

    @property
    def event_schema(self) -> EventSchema:
        return self.services.settings.event_schema

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
        if keymap := dict(self.services.settings.keymap):
            self.set_keymap(keymap)
            if unknown := sorted(set(keymap) - binding_ids()):
                self.notify(
                    f"The key file names unknown actions: {', '.join(unknown)}; "
                    "press ? to see the action ids.",
                    severity="warning",
                    timeout=10,
                )
        self.push_screen(LibraryScreen())
        self.call_after_refresh(self._warm_links)
        if self.store.read_only:
            self.sub_title = "read-only"
            self.notify("The database is open read-only: nothing you do here is saved.")

    def detect_pending(self, article_ids: list[str]) -> None:
        """Start the detection worker on articles that have no stored suggestions.

        The same path as `newsdesk ingest`: the texts, the taught patterns and the
        cache are taken here, `compute_suggestions` runs in the worker, and each
        result is stored by `save_suggestions` on the app's thread."""
        if self.store.read_only or not article_ids:
            return
        from annotations.pipeline import ToDetect, detection_cache, taught_patterns

        pending = [ToDetect.of(self.store.article(i)) for i in article_ids]
        taught = taught_patterns(self.store)
        cache = detection_cache(self.store)
        self.detection_progress = (0, len(pending))
        self.detect_entities(pending, taught, cache)

    # -- detection: the worker computes, the app stores -------------------
    @work(thread=True, exclusive=True, group="detect")
    def detect_entities(
        self, pending: list[ToDetect], taught: TaughtPatterns, cache: DetectionCache
    ) -> None:
        """Compute suggestions for the texts; never touches widgets or the store."""
        from annotations.pipeline import compute_suggestions

        try:
            found = compute_suggestions(pending, self.services.detector, taught, cache=cache)
            batch: list[Suggestions] = []
            posted = time.monotonic()
            for done, suggestions in enumerate(found, start=1):
                batch.append(suggestions)
                last = done == len(pending)
                if last or len(batch) == SAVE_BATCH or time.monotonic() - posted > SAVE_EVERY:
                    self.post_message(SuggestionsFound(batch, last=last))
                    self.post_message(DetectionProgress(done, len(pending)))
                    batch, posted = [], time.monotonic()
        except Exception as exc:  # the model could not load or run: tell the analyst
            self.post_message(DetectionFailed(f"Entity detection stopped: {exc}"))

    def on_suggestions_found(self, message: SuggestionsFound) -> None:
        """Store a batch's suggestions in one transaction (an article whose text
        changed meanwhile is skipped)."""
        from annotations.pipeline import save_suggestions

        try:
            saved = save_suggestions(self.store, message.suggestions, link_entities=message.last)
        except StoreError as exc:  # one notice, not one per pending article: stop detecting
            self.workers.cancel_group(self, "detect")
            if str(exc) != self._store_error:
                self._store_error = str(exc)
                self.notify(f"{exc} Detection stopped.", severity="error", timeout=10)
            return
        if touched := [*saved.saved, *saved.linked]:
            self.store_changed(*touched)

    def on_detection_progress(self, message: DetectionProgress) -> None:
        self.detection_progress = (message.done, message.total)

    def on_detection_failed(self, message: DetectionFailed) -> None:
        self.notify(message.reason, severity="error", timeout=15)

    def _warm_links(self) -> None:
        """Once the library shows, read the corpus's entities for the entities screen a
        chunk per turn (`CorpusLinks.warm`), so `E` opens from them without a full read."""
        links = self.services.corpus_links
        touched = links.warm(WARM_CHUNK)
        if touched is None:
            self.set_timer(0.005, self._warm_links)
            return
        # The corpus's entities live as long as the app: frozen, the cyclic collector no
        # longer rescans them (at 100,000 entities a full collection took some 80 ms,
        # landing on whichever key or screen came next).
        gc.freeze()
        if touched:
            self.store_changed(*touched)
            links.settled(touched)

    def background_done(self) -> bool:
        """Whether the work started after the library showed has finished."""
        return self.services.corpus_links.ready

    def store_changed(self, *article_ids: str) -> None:
        """Tell the screens that stored data changed (for these articles, or any)."""
        self.services.changed(article_ids)
        self.changed_articles = frozenset(article_ids)
        self.store_version += 1
        self._compact_when_idle()

    def _compact_when_idle(self) -> None:
        """Fold an overgrown journal into a snapshot once no save came for COMPACT_AFTER
        seconds: a snapshot rewrites the whole database, too slow for a key. Until then,
        and if it fails, the journal holds every save (closing folds it too)."""
        if self._compaction is not None:
            self._compaction.reset()
        elif self.store.compaction_due:
            self._compaction = self.set_timer(COMPACT_AFTER, self._compact)

    def _compact(self) -> None:
        self._compaction = None
        try:
            self.store.compact_if_due()
        except StoreError as exc:
            self.notify(str(exc), severity="warning", timeout=10)

    # -- navigation ---------------------------------------------------------
    def open_article(self, article_id: str, order: list[str], cursor: int | None = None) -> None:
        from tui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(article_id, order, cursor=cursor))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

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

    def action_agreement(self) -> None:
        from tui.screens.team import AdjudicationScreen, AgreementScreen

        if not isinstance(self.screen, AgreementScreen | AdjudicationScreen):
            self.push_screen(AgreementScreen())

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
    store: Store, detector: Detects | None = None, settings: Settings | None = None
) -> NewsdeskApp:
    """The one way to build the app: used by `newsdesk`, the tests and snapshots.
    `settings` default to the built-in ones; `detector` to the one they choose."""
    settings = settings or Settings.defaults(store.path)
    return NewsdeskApp(Services(store, detector, settings))


def run_app(settings: Settings, *, read_only: bool = False) -> int:
    """Open the database (seeding an empty one) and run the app until it quits."""
    db_path = settings.db_path
    try:
        store = Store(db_path, read_only=read_only)
    except StoreError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    try:
        with store:
            if not read_only and store.is_empty():
                from annotations.pipeline import ingest_seeds_if_empty  # only needed here

                report = ingest_seeds_if_empty(store)
                if report is not None:
                    print(f"newsdesk: added {len(report.added)} sample articles to {db_path}")
            make_app(store, settings=settings).run()
    except StoreError as exc:  # e.g. the disk filled up: closing could not compact
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    return 0
