"""The reader's raw view: the scraped text with what cleaning removed dimmed.

`r` toggles between the article and its raw text; the cursor keeps its place.
In the raw view the status line names the reason a block was removed, `R`
restores the block under the cursor, and `K` cuts the kept line under the cursor
out of the article (residue that cleaning left; the lines the block classifier
doubts are marked in amber, its reason in the status line). Both ask first: they
change the article text, which undo cannot take back, and they clear the article's
undo history (a cut line is a removed block like the others: `R` puts it back).
Keys that edit annotations are disabled there: the view shows raw offsets, the
annotations point into the cleaned text.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from annotations.corpus.doubts import Doubt
from annotations.models import RemovedBlock
from annotations.review.restore import (
    BodyPlan,
    block_at,
    body_to_raw,
    cut_line,
    plan_cut,
    plan_restore,
    raw_doubts,
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
    Binding("K", "cut_line", "Cut line", id="cut_line"),
]

# Actions of the reader that still make sense on the raw text, and those only there.
RAW_ONLY = {"restore_block", "cut_line"}
RAW_ACTIONS = MOVES | {"toggle_raw"} | RAW_ONLY
DOUBTFUL = Style(color="#d7af00", italic=True)  # kept lines the classifier doubts


class ConfirmRestore(ModalScreen[bool]):
    """Asks before a restore or a cut: y or Enter changes the article, n or Esc keeps it."""

    DEFAULT_CSS = """
    ConfirmRestore { align: center middle; }
    #confirm-restore { width: 80; height: auto; border: round $warning; background: $surface;
                       padding: 0 1; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Change"),
        Binding("n,escape", "answer(False)", "Keep as is"),
    ]

    def __init__(self, question: Text, verb: str = "restore") -> None:
        super().__init__()
        self.question = question
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-restore"):
            yield Static(self.question)
            yield Static(Text(f"y / Enter: {self.verb}    n / Esc: keep as is", style="bold"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class RawText:
    """The reader's raw-text mode: which text the view shows, and restoring blocks."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self.active = False
        self.doubts: list[Doubt] = []  # of the raw text shown, at raw offsets

    def allows(self, action: str) -> bool:
        """Whether a reader action applies in the current mode: `R` and `K` only on the raw
        text, and on the raw text only moving (annotations point into the cleaned text)."""
        if action in RAW_ONLY:
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
            if count := len(self.doubts):
                lines = "line looks" if count == 1 else "lines look"
                self.reader.notify(
                    f"{count} kept {lines} like residue (in amber): K cuts the line at the cursor.",
                    timeout=4,
                )

    def show(self, raw_offset: int) -> None:
        """Show the raw text, removed blocks dimmed, doubtful lines marked, the cursor at
        `raw_offset`."""
        article, view = self.reader.editor.article, self.reader.view
        self.active = True
        self.doubts = raw_doubts(article)
        view.show(article.raw, [], self.reader.app.labels)  # type: ignore[attr-defined]
        view.set_dimmed([(b.start, b.end) for b in article.removed])
        view.set_overlay(self.overlay())
        view.move_to(raw_offset)
        self.reader.mode_changed()

    def overlay(self) -> list[tuple[int, int, Style]]:
        """The marks over the raw text: its doubtful lines."""
        return [(d.start, d.end, DOUBTFUL) for d in self.doubts]

    def status(self) -> Text:
        """The status line on the raw text: the reason the block under the cursor was removed,
        or the classifier's doubt about the kept line there."""
        text = Text(" RAW ", style="bold reverse")
        cursor = self.reader.view.cursor
        block = block_at(self.reader.editor.article, cursor)
        doubt = next((d for d in self.doubts if d.start <= cursor < d.end), None)
        if block is None and doubt is not None:
            text.append("  K cuts the line  ·  kept, but doubtful: ", style="bold")
            text.append_text(safe(doubt.reason, style=DOUBTFUL))
        elif block is None:
            text.append("  kept text  ·  K cuts the line  ·  r back to the article", style="dim")
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
        editor = reader.editor
        plan = plan_restore(article, block, editor.ordered(), editor.ordered_events())

        def answered(yes: bool | None) -> None:
            if yes:
                reader.edit(partial(self._restore, block))

        reader.app.push_screen(ConfirmRestore(_question(plan)), answered)

    def ask_cut(self) -> None:
        """Confirm, then cut the kept line under the cursor out of the article text."""
        reader = self.reader
        article = reader.editor.article
        editor = reader.editor
        plan = plan_cut(article, reader.view.cursor, editor.ordered(), editor.ordered_events())
        if plan is None:
            reader.notify("Nothing to cut here: this line is removed already (R restores it).")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                reader.edit(self._cut)

        reader.app.push_screen(ConfirmRestore(_question(plan), "cut"), answered)

    def _restore(self, block: RemovedBlock) -> None:
        plan = restore_block(self.reader.store, self.reader.article_id, block)
        self._changed(plan, f"Restored {block.end - block.start} characters ({block.reason})", "")

    def _cut(self) -> None:
        plan = cut_line(self.reader.store, self.reader.article_id, self.reader.view.cursor)
        if plan is not None:
            head = f"Cut {plan.block.end - plan.block.start} characters out of the article"
            self._changed(plan, head, "; R puts the line back")

    def _changed(self, plan: BodyPlan, head: str, tail: str) -> None:
        """Show the changed article's raw text, the cursor where it was, and what moved."""
        reader = self.reader
        raw_offset = reader.view.cursor
        reader.app.store_changed(reader.article_id)  # type: ignore[attr-defined]
        reader.load_article()
        self.show(raw_offset)
        moved = len(plan.entities) + len(plan.events)
        reader.notify(
            f"{head}; {moved} annotations kept on their words, {plan.losses} removed{tail}.",
            timeout=5,
        )


def _question(plan: BodyPlan) -> Text:
    """The confirmation text: what comes back or goes, what moves, what is lost (no markup)."""
    block = plan.block
    if plan.restoring:
        text = Text("Restore this removed block into the article text?\n", style="bold")
        text.append("reason: ")
        text.append_text(safe(block.reason))
        text.append(f"\n{block.end - block.start} characters: ")
    else:
        text = Text("Cut this line out of the article text?\n", style="bold")
        text.append(f"{block.end - block.start} characters: ")
    preview = " ".join(block.text.split())
    text.append_text(safe(preview[:160] + ("…" if len(preview) > 160 else ""), style="italic"))
    text.append(
        f"\n\n{len(plan.entities)} entities and {len(plan.events)} events move with their words."
    )
    lost: list[Any] = [*plan.dropped_entities, *plan.dropped_events]
    if plan.losses:
        where = "across the block" if plan.restoring else "on the line"
        text.append(
            f"\n{len(lost)} annotations lie {where} and will be deleted"
            f" ({plan.detached_arguments} event arguments detached): ",
            style="bold red",
        )
        names = [getattr(a, "text", None) or getattr(a, "trigger_text", "") for a in lost]
        text.append_text(safe(", ".join(repr(n) for n in names[:6])))
    if plan.restoring:
        text.append("\nThis cannot be undone, and it clears this article's undo history.", "yellow")
    else:
        text.append(
            "\nR on the cut line puts it back (not its deleted annotations); this clears"
            " this article's undo history.",
            "yellow",
        )
    return text
