"""The reader's raw view: the scraped text with what cleaning removed dimmed.

`r` toggles between the article and its raw text; the cursor keeps its place.
In the raw view the status line names the reason a block was removed, and `R`
restores the block under the cursor (after a confirmation: a restore changes
the article text, so it cannot be undone, and it clears the article's undo
history). Keys that edit annotations are disabled there: the view shows raw
offsets, the annotations point into the cleaned text.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from annotations.models import Event, RemovedBlock
from annotations.review.restore import (
    EVENTS,
    RestorePlan,
    block_at,
    body_to_raw,
    plan_restore,
    raw_to_body,
    restore_block,
)
from tui.render import safe
from tui.screens.reader.base import ReaderBase
from tui.screens.reader.review import editing
from tui.widgets.article_view import ArticleView

# Actions of the reader that still make sense on the raw text.
RAW_ACTIONS = frozenset(
    {"toggle_raw", "restore_block", "escape", "step", "move", "rows", "page", "edge"}
    | {"mark", "select_sentence", "search", "search_step"}
)


class ConfirmRestore(ModalScreen[bool]):
    """Asks before a restore: y or Enter restores, n or Esc keeps the article as it is."""

    DEFAULT_CSS = """
    ConfirmRestore { align: center middle; }
    #confirm-restore { width: 80; height: auto; border: round $warning; background: $surface;
                       padding: 0 1; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Restore"),
        Binding("n,escape", "answer(False)", "Keep as is"),
    ]

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-restore"):
            yield Static(self.question)
            yield Static(Text("y / Enter: restore    n / Esc: keep as is", style="bold"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class RawView(ReaderBase):
    """`r` shows the raw text with the removed blocks dimmed; `R` restores one."""

    BINDINGS = [
        Binding("r", "toggle_raw", "Raw text", id="raw_view"),
        Binding("R", "restore_block", "Restore block", id="restore_block"),
    ]

    def __init__(self, article_id: str, order: list[str]) -> None:
        super().__init__(article_id, order)
        self.raw_mode = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore_block":
            return self.raw_mode
        if self.raw_mode and action not in RAW_ACTIONS:
            return False  # hidden: annotations cannot be edited on raw offsets
        return super().check_action(action, parameters)

    # -- switching views -------------------------------------------------------
    def load_article(self) -> None:
        self.raw_mode = False
        super().load_article()
        self._sync_mode()

    def _sync_mode(self) -> None:
        """Footer keys and side panels follow the mode: lists of annotations are
        inert in the raw view (they would move the cursor by article offsets)."""
        self.query_one("#reader-side").disabled = self.raw_mode
        self.refresh_bindings()

    def action_toggle_raw(self) -> None:
        assert self.editor is not None
        article = self.editor.article
        if self.raw_mode:
            position = raw_to_body(article, self.view.cursor)
            self.raw_mode = False
            self.view.show(article.text, self.editor.ordered(), self.app.labels)
            self.view.move_to(position)
            self.refresh_annotations()
        else:
            self._show_raw(body_to_raw(article, self.view.cursor))
            if not article.removed:
                self.notify("Cleaning removed nothing from this article.", timeout=3)
        self._sync_mode()

    def _show_raw(self, raw_offset: int) -> None:
        assert self.editor is not None
        article = self.editor.article
        self.raw_mode = True
        self.view.show(article.raw, [], self.app.labels)
        self.view.set_dimmed([(b.start, b.end) for b in article.removed])
        self.view.move_to(raw_offset)
        self.view.focus()
        self._show_status()

    def action_escape(self) -> None:
        if self.raw_mode and self.view.selection is None and self.view.anchor is None:
            self.action_toggle_raw()
        else:
            super().action_escape()

    def refresh_annotations(self) -> None:
        super().refresh_annotations()
        if self.raw_mode:
            self.view.set_entities([])

    # -- status line -------------------------------------------------------------
    @on(ArticleView.CursorMoved)
    def _raw_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        if self.raw_mode:
            event.prevent_default()  # the entity status of the other parts does not apply
            self._show_status()

    def _show_status(self) -> None:
        if not self.raw_mode or self.editor is None:
            super()._show_status()
            return
        text = Text(" RAW ", style="bold reverse")
        block = block_at(self.editor.article, self.view.cursor)
        if block is None:
            text.append("  kept text  ·  r back to the article", style="dim")
        else:
            text.append("  R restores  ·  removed: ", style="bold")
            text.append_text(safe(block.reason))
            text.append(f"  ·  {block.end - block.start} chars", style="dim")
        self.query_one("#reader-status", Static).update(text)

    # -- restoring -----------------------------------------------------------------
    @editing
    def action_restore_block(self) -> None:
        assert self.editor is not None
        article = self.editor.article
        block = block_at(article, self.view.cursor)
        if block is None:
            self.notify("Put the cursor on dimmed (removed) text to restore it.", timeout=3)
            return
        events = [e for e in self.services.store.all(EVENTS, Event) if e.article_id == article.id]
        plan = plan_restore(article, block, self.editor.ordered(), events)

        def answered(yes: bool | None) -> None:
            if yes:
                self._restore(block)

        self.app.push_screen(ConfirmRestore(_question(plan)), answered)

    @editing
    def _restore(self, block: RemovedBlock) -> None:
        raw_offset = self.view.cursor
        plan = restore_block(self.services.store, self.article_id, block)
        self.app.store_changed(self.article_id)
        self.load_article()
        self._show_raw(raw_offset)
        self._sync_mode()
        moved = len(plan.entities) + len(plan.events)
        self.notify(
            f"Restored {block.end - block.start} characters ({block.reason}); "
            f"{moved} annotations kept on their words, {plan.losses} removed.",
            timeout=5,
        )


def _question(plan: RestorePlan) -> Text:
    """The confirmation text: what comes back, what moves, what is lost (no markup)."""
    block = plan.block
    text = Text("Restore this removed block into the article text?\n", style="bold")
    text.append("reason: ")
    text.append_text(safe(block.reason))
    text.append(f"\n{block.end - block.start} characters: ")
    preview = " ".join(block.text.split())
    text.append_text(safe(preview[:160] + ("…" if len(preview) > 160 else ""), style="italic"))
    text.append(
        f"\n\n{len(plan.entities)} entities and {len(plan.events)} events move with their words."
    )
    lost: list[Any] = [*plan.dropped_entities, *plan.dropped_events]
    if plan.losses:
        text.append(
            f"\n{len(lost)} annotations lie across the block and will be deleted"
            f" ({plan.detached_arguments} event arguments detached): ",
            style="bold red",
        )
        names = [getattr(a, "text", None) or getattr(a, "trigger_text", "") for a in lost]
        text.append_text(safe(", ".join(repr(n) for n in names[:6])))
    text.append("\nThis cannot be undone, and it clears this article's undo history.", "yellow")
    return text
