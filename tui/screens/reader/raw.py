"""The reader's raw view: the scraped text with what cleaning removed dimmed.

`r` toggles between the article and its raw text; the cursor keeps its place.
In the raw view the status line names the reason a block was removed, and `R`
restores the block under the cursor (after a confirmation: a restore changes
the article text, so it cannot be undone, and it clears the article's undo
history). Keys that edit annotations are disabled there: the view shows raw
offsets, the annotations point into the cleaned text.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
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
from tui.screens.reader.navigation import MOVES

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

KEYS = [
    Binding("r", "toggle_raw", "Raw text", show=False, id="raw_view"),
    Binding("R", "restore_block", "Restore block", id="restore_block"),
]

# Actions of the reader that still make sense on the raw text.
RAW_ACTIONS = MOVES | {"toggle_raw", "restore_block"}


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


class RawText:
    """The reader's raw-text mode: which text the view shows, and restoring blocks."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self.active = False

    def allows(self, action: str) -> bool:
        """Whether a reader action applies in the current mode: `R` only on the raw text,
        and on the raw text only moving (annotations point into the cleaned text)."""
        if action == "restore_block":
            return self.active
        return not self.active or action in RAW_ACTIONS

    def toggle(self) -> None:
        editor, view = self.reader.editor, self.reader.view
        article = editor.article
        if self.active:
            self.active = False
            position = raw_to_body(article, view.cursor)
            self.reader.show_article_text()
            view.move_to(position)
            self.reader.mode_changed()
        else:
            self.show(body_to_raw(article, view.cursor))
            if not article.removed:
                self.reader.notify("Cleaning removed nothing from this article.", timeout=3)

    def show(self, raw_offset: int) -> None:
        """Show the raw text, removed blocks dimmed, the cursor at `raw_offset`."""
        article, view = self.reader.editor.article, self.reader.view
        self.active = True
        view.show(article.raw, [], self.reader.app.labels)  # type: ignore[attr-defined]
        view.set_dimmed([(b.start, b.end) for b in article.removed])
        view.move_to(raw_offset)
        self.reader.mode_changed()

    def status(self) -> Text:
        """The status line on the raw text: the reason the block under the cursor was removed."""
        text = Text(" RAW ", style="bold reverse")
        block = block_at(self.reader.editor.article, self.reader.view.cursor)
        if block is None:
            text.append("  kept text  ·  r back to the article", style="dim")
        else:
            text.append("  R restores  ·  removed: ", style="bold")
            text.append_text(safe(block.reason))
            text.append(f"  ·  {block.end - block.start} chars", style="dim")
        return text

    def ask_restore(self) -> None:
        """Confirm, then restore the removed block under the cursor into the article text."""
        reader = self.reader
        article = reader.editor.article
        block = block_at(article, reader.view.cursor)
        if block is None:
            reader.notify("Put the cursor on dimmed (removed) text to restore it.", timeout=3)
            return
        events = [e for e in reader.store.all(EVENTS, Event) if e.article_id == article.id]
        plan = plan_restore(article, block, reader.editor.ordered(), events)

        def answered(yes: bool | None) -> None:
            if yes:
                reader.edit(partial(self._restore, block))

        reader.app.push_screen(ConfirmRestore(_question(plan)), answered)

    def _restore(self, block: RemovedBlock) -> None:
        reader = self.reader
        raw_offset = reader.view.cursor
        plan = restore_block(reader.store, reader.article_id, block)
        reader.app.store_changed(reader.article_id)  # type: ignore[attr-defined]
        reader.load_article()
        self.show(raw_offset)
        moved = len(plan.entities) + len(plan.events)
        reader.notify(
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
