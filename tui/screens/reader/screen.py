"""The reader screen: one article, its entities highlighted, reviewed from the keyboard.

The screen composes every widget once, owns the article's `Editor` and the
cursor (the `ArticleView` draws it; only the screen and its parts move it), and
turns each key into a call of one part:

- `navigation.Navigation`: cursor moves, selection, jumps, search;
- `review.EntityReview`: entity edits (label, accept, resize, note, undo);
- `events.EventTagging`: event edits (tag, form, review, roles);
- `raw.RawText`: the raw-text mode, restoring removed blocks and cutting kept lines;
- `teaching.Teaching`: suggesting what was taught here in the other articles.

A key that changes data runs through `edit` (or `saving`, for a modal's answer):
read-only databases refuse it, a refused save becomes a notice, and a saved
change is shown (`edited`), announced to the app and taught to the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from annotations.review.editor import Editor
from annotations.store import Store, StoreError
from tui.compositor import use_line_compositor
from tui.render import byline, safe
from tui.screens.reader import compare, events, navigation, raw, review
from tui.screens.reader.status import legend_line, show_once, status_line
from tui.screens.reader.teaching import TaughtFound, Teaching
from tui.services import UsesServices
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_list import EntityList
from tui.widgets.event_panel import EventPanel
from tui.widgets.footer import Footer
from tui.widgets.row_table import RowTable

LINKS = [Binding("l", "entity_links", "Across corpus", show=False, id="entity_links")]


class ReaderScreen(UsesServices, Screen[None]):
    """Shows one article; every annotation key saves at once and can be undone."""

    BINDINGS = [
        *navigation.KEYS, *review.KEYS, *events.KEYS, *raw.KEYS, *LINKS, *compare.KEYS
    ]  # fmt: skip

    def __init__(self, article_id: str, order: list[str], *, cursor: int | None = None) -> None:
        """Open `article_id` (one of `order`, the articles `[` and `]` step through)
        with the cursor at offset `cursor` of its text."""
        super().__init__()
        use_line_compositor(self)  # a key repaints its changed lines, not the box around them
        self.article_id = article_id
        self.order = order
        self.start_at = cursor
        self.editor = self._editor()
        self.navigation = navigation.Navigation(self)
        self.review = review.EntityReview(self)
        self.tagging = events.EventTagging(self)
        self.raw = raw.RawText(self)
        self.teaching = Teaching(self)
        self.comparison = compare.Comparison(self)
        self._bindings_raw = False  # the mode the footer's keys were last checked in
        self._covered = False  # another screen was pushed over this one since it showed
        # What a frequent key did (undo, redo), shown in the status line by the next
        # `show_status`: a toast for each would mount a widget and lay out the screen.
        self.status_notice = ""
        taken = {key for keys in self._bindings.key_to_bindings for key in keys.split(",")}
        labels, self.label_key_clashes = review.label_keys(list(self.app.labels.values()), taken)  # type: ignore[attr-defined]
        for binding in labels:
            self._bindings.bind(binding.key, binding.action, binding.description, show=False)

    @property
    def store(self) -> Store:
        return self.services.store

    def _editor(self) -> Editor:
        """The article's editor, recording the analyst of these settings on every edit."""
        return Editor(self.store, self.article_id, self.services.settings.analyst)

    @property
    def raw_mode(self) -> bool:
        return self.raw.active

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="reader-main"):
                yield Static(id="article-title")
                yield Static(id="article-byline")
                yield ArticleView(id="article-view")
                yield Static(id="reader-status")
                yield Static(id="legend")
            with Vertical(id="reader-side"):
                yield Static(Text("Entities", style="bold"), id="entities-heading")
                yield EntityList(id="entity-list")
                yield Static(Text("Events  (F2)", style="bold"), id="events-heading")
                yield EventPanel(id="event-panel")
        yield Footer(compact=True)  # every footer key fits at 140 columns

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.watch(self.app, "store_version", self._store_changed, init=False)
        # At once, not by a message: the status line is drawn in the cursor's frame.
        self.watch(self.view, "cursor", self.show_status, init=False)
        self._show_article()  # the editor __init__ loaded
        self.view.focus()
        if self.label_key_clashes:
            self.notify(
                f"The keys of {', '.join(self.label_key_clashes)} are used by other commands; "
                "give those labels other keys in the label file.",
                severity="warning",
                timeout=10,
            )

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        """Back from a screen pushed over this one (it may have changed the store): read
        the article again. Not on the first show: `__init__` has just read it."""
        if self._covered:
            self._covered = False
            self.editor.reload()
            self.refresh_annotations()

    # -- showing -------------------------------------------------------------
    def load_article(self) -> None:
        """Load the current article from the store and show it."""
        self.editor = self._editor()
        self._show_article()

    def _show_article(self) -> None:
        """Show the editor's article: the cleaned text, the cursor at `start_at` (once)."""
        self.raw.active = False
        position = self.order.index(self.article_id) + 1 if self.article_id in self.order else 0
        self.title = "newsdesk"
        self.sub_title = f"article {position} of {len(self.order)}"
        title = self.editor.article.meta.title or "(untitled)"
        self.query_one("#article-title", Static).update(safe(title, style="bold"))
        self.show_article_text()
        if self.start_at is not None:
            self.view.move_to(self.start_at)
            self.start_at = None
        self.mode_changed()
        self.teaching.article_opened()

    def show_article_text(self) -> None:
        self.view.show(self.editor.article.text, self.editor.ordered(), self.app.labels)  # type: ignore[attr-defined]
        self.refresh_annotations()

    def mode_changed(self) -> None:
        """Footer keys and side lists follow the mode: the lists are inert on the raw
        text (they would move the cursor by article offsets)."""
        self.query_one("#reader-side").disabled = self.raw.active
        if self.raw.active != self._bindings_raw:  # the footer recomposes on each refresh
            self._bindings_raw = self.raw.active
            self.refresh_bindings()
        self.show_status()

    def refresh_annotations(self, *, edited: bool = False) -> None:
        """Repaint what depends on the entities and events. After an edit (`edited`), the
        text and the entity list repaint only what the changed entities touch."""
        editor = self.editor
        entities = editor.ordered()
        changed: set[str] | None = editor.take_changed()
        if not edited or self.raw.active:
            changed = None
        self.view.set_entities([] if self.raw.active else entities, changed)
        line = byline(editor.article)
        line.append(f"  ·  {editor.article.status.replace('_', ' ')}", style="bold")
        line.append("  ·  annotating as ", style="dim")
        line.append_text(safe(self.services.settings.analyst, style="bold"))
        self.comparison.update()
        line.append_text(self.comparison.byline())
        self.view.set_overlay(self.raw.overlay() if self.raw.active else self.comparison.overlay())
        show_once(self.query_one("#article-byline", Static), line)
        labels = self.app.labels  # type: ignore[attr-defined]
        detecting = editor.article.detected_with is None
        legend = legend_line(labels.values(), entities, detecting)
        show_once(self.query_one("#legend", Static), legend)
        self.query_one(EntityList).show(entities, labels, changed)
        self.query_one(EventPanel).show(editor.ordered_events(), self.tagging.schema)
        self.show_status()

    def show_status(self) -> None:
        """The status line: what is under the cursor (one fixed-height line, no layout pass),
        and the notice of the key just pressed, until the next key redraws the line."""
        view = self.view
        text = self.raw.status() if self.raw.active else status_line(self.editor, view.cursor)
        if not self.raw.active:
            text.append_text(self.comparison.at(view.cursor))
        if (sel := view.selection) is not None:
            text.append(f"   selected {sel.end - sel.start} characters", style="italic")
        if self.status_notice:
            text.append("   ")
            text.append_text(safe(self.status_notice, style="bold italic"))
            self.status_notice = ""
        show_once(self.query_one("#reader-status", Static), text, layout=False)

    def _store_changed(self) -> None:
        """Another part of the app stored data: show detection once it lands here."""
        if self.editor.article.detected_with is None:
            self.load_article()

    # -- saving ----------------------------------------------------------------
    def edit(self, work: Callable[[], object]) -> bool:
        """Run one change: refused on a read-only database, a refused save becomes a
        notice (and the article is shown as stored). True when it ran."""
        if self.store.read_only:
            self.notify("The database is open read-only; nothing was changed.", timeout=3)
            return False
        try:
            work()
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            self.load_article()
            return False
        return True

    def saving(self, work: Callable[[Any], object]) -> Callable[[Any], None]:
        """A modal's callback that saves its answer through `edit`, then shows it."""

        def answered(value: Any) -> None:
            if value is not None and self.edit(partial(work, value)):
                self.edited()

        return answered

    def edited(self) -> None:
        """After a saved change of this article: repaint, tell the app, teach the corpus."""
        self.refresh_annotations(edited=True)
        self.app.store_changed(self.article_id)  # type: ignore[attr-defined]
        self.teaching.article_edited()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.raw.allows(action)

    # -- keys: navigation ----------------------------------------------------------
    def action_escape(self) -> None:
        if self.view.selection is not None or self.view.anchor is not None:
            self.view.clear_selection()
        elif self.raw.active:
            self.action_toggle_raw()
        else:
            self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        index = self.order.index(self.article_id) + delta if self.article_id in self.order else -1
        if 0 <= index < len(self.order):
            self.article_id = self.order[index]
            self.load_article()
        else:
            self.notify("No more articles that way.", timeout=2)

    def action_move(self, unit: str, direction: int, extend: bool = False) -> None:
        self.navigation.move(unit, direction, extend)

    def action_rows(self, rows: int) -> None:
        self.navigation.rows(rows)

    def action_page(self, direction: int) -> None:
        self.navigation.page(direction)

    def action_edge(self, direction: int) -> None:
        self.navigation.edge(direction)

    def action_mark(self) -> None:
        self.navigation.mark()

    def action_select_sentence(self) -> None:
        self.navigation.select_sentence()

    def action_jump(self, kind: str, direction: int) -> None:
        self.navigation.jump(kind, direction)

    def action_search(self) -> None:
        self.navigation.search()

    def action_search_step(self, direction: int) -> None:
        self.navigation.search_step(direction)

    def action_compare(self) -> None:
        self.notify(self.comparison.cycle(), timeout=3)
        self.refresh_annotations()

    def action_entity_links(self) -> None:
        from tui.screens.entities import EntitiesScreen

        here = self.editor.at(self.view.cursor)
        if not here:
            self.notify("Put the cursor on an entity to see it across the corpus.", timeout=2)
            return
        self.app.push_screen(EntitiesScreen(entity_id=here[0].id))

    # -- keys: entities ------------------------------------------------------------
    def action_label(self, label: str) -> None:
        self.edit(partial(self.review.label, label))

    def action_review(self, state: str) -> None:
        self.edit(partial(self.review.review, state))

    def action_accept_all(self) -> None:
        self.edit(self.review.accept_all)

    def action_edge_of_entity(self, edge: str, direction: int) -> None:
        self.edit(partial(self.review.edge_of_entity, edge, direction))

    def action_delete(self) -> None:
        self.edit(self.review.delete)

    def action_note(self) -> None:
        self.edit(self.review.note)

    def action_history(self, forward: bool) -> None:
        self.edit(partial(self.review.history, forward))

    def action_cycle_status(self) -> None:
        self.edit(self.review.cycle_status)

    # -- keys: events --------------------------------------------------------------
    def action_tag_event(self) -> None:
        self.edit(self.tagging.tag)

    def action_edit_event(self) -> None:
        self.edit(self.tagging.edit)

    def action_delete_event(self) -> None:
        self.edit(self.tagging.delete)

    def action_review_event(self, state: str) -> None:
        self.edit(partial(self.tagging.review, state))

    def action_propose_events(self) -> None:
        self.edit(self.tagging.propose)

    def action_jump_event(self, direction: int) -> None:
        self.view.focus()
        self.tagging.jump(direction)

    def action_selection_to_role(self) -> None:
        self.edit(self.tagging.selection_to_role)

    def action_toggle_events(self) -> None:
        """Show or hide the events panel; the cursor and the focus stay in the article."""
        shown = not self.query_one(EventPanel).display
        for widget in self.query("#events-heading, #event-panel"):
            widget.display = shown
        self.view.focus()

    # -- keys: raw text ------------------------------------------------------------
    def action_toggle_raw(self) -> None:
        self.raw.toggle()

    def action_restore_block(self) -> None:
        self.edit(self.raw.ask_restore)

    def action_cut_line(self) -> None:
        self.edit(self.raw.ask_cut)

    # -- lists and workers -----------------------------------------------------------
    @on(DataTable.RowSelected, "#event-panel")
    def _event_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a side list's row moves the cursor to it, back in the text."""
        self.view.focus()
        self.navigation.to_row(event.data_table.id or "", str(event.row_key.value))

    @on(RowTable.Selected, "#entity-list")
    def _entity_chosen(self, event: RowTable.Selected) -> None:
        self.view.focus()
        self.navigation.to_row("entity-list", event.key)

    def on_taught_found(self, message: TaughtFound) -> None:
        self.teaching.store_found(message)
