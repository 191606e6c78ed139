"""Entity review in the reader: label, accept, reject, resize, delete, note, undo.

Each method is one edit through the article's `Editor` (which saves it and records
it for undo); the screen runs it through `ReaderScreen.edit`, which refuses it on a
read-only database and turns a refused save into a notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.keys import _character_to_key

from annotations.labels import LabelSpec
from annotations.models import Entity
from annotations.review import textnav
from tui.screens.prompt import Prompt

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

KEYS = [
    Binding("a", "review('accepted')", "Accept", id="accept"),
    Binding("x", "review('rejected')", "Reject", id="reject"),
    Binding("A", "accept_all", "Accept all of label", show=False, id="accept_all"),
    Binding("e", "edge_of_entity('end', 1)", "Widen end", show=False, id="widen_end"),
    Binding("E", "edge_of_entity('end', -1)", "Narrow end", show=False, id="narrow_end"),
    Binding("s", "edge_of_entity('start', -1)", "Widen start", show=False, id="widen_start"),
    Binding("S", "edge_of_entity('start', 1)", "Narrow start", show=False, id="narrow_start"),
    Binding("delete,d", "delete", "Delete", show=False, id="delete"),
    Binding("c", "note", "Note", show=False, id="note"),
    Binding("u,ctrl+z", "history(False)", "Undo", id="undo"),
    Binding("U,ctrl+y", "history(True)", "Redo", show=False, id="redo"),
    Binding("t", "cycle_status", "Status", show=False, id="status"),
]

STATUS_CYCLE = {"new": "in_progress", "in_progress": "done", "done": "new"}


def label_keys(labels: list[LabelSpec], taken: set[str]) -> tuple[list[Binding], list[str]]:
    """Bindings for the label file's keys, and the labels whose key another command uses."""
    clashes = [spec.name for spec in labels if _key_name(spec.key) in taken]
    bindings = [
        Binding(spec.key, f"label('{spec.name}')", spec.name, show=False)
        for spec in labels
        if spec.name not in clashes
    ]
    return bindings, clashes


class EntityReview:
    """The keys that change the article's entities."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader

    def _targets(self) -> list[Entity]:
        """Entities inside the selection, else the innermost one at the cursor."""
        editor, view = self.reader.editor, self.reader.view
        if (sel := view.selection) is not None:
            return [e for e in editor.ordered() if e.start >= sel.start and e.end <= sel.end]
        return editor.at(view.cursor)[:1]

    def _here(self, hint: str) -> Entity | None:
        here = self.reader.editor.at(self.reader.view.cursor)
        if not here:
            self.reader.notify(hint, timeout=2)
        return here[0] if here else None

    def label(self, label: str) -> None:
        """Relabel the entity at the cursor, or add one on the selection (or the word)."""
        editor, view = self.reader.editor, self.reader.view
        if (sel := view.selection) is not None:
            start, end = sel.start, sel.end
        elif here := editor.at(view.cursor):
            editor.relabel(here[0].id, label)
            self.reader.edited()
            return
        else:
            start, end = view.cursor, textnav.word_end(view.text, view.cursor)
        try:
            entity = editor.add(start, end, label)
        except ValueError as exc:
            self.reader.notify(str(exc), severity="warning", timeout=3)
            return
        view.clear_selection()
        view.move_to(entity.start)
        self.reader.edited()

    def review(self, state: str) -> None:
        editor = self.reader.editor
        targets = self._targets()
        if not targets:
            self.reader.notify("No entity at the cursor or in the selection.", timeout=2)
            return
        ids = [e.id for e in targets]
        editor.accept(ids) if state == "accepted" else editor.reject(ids)
        self.reader.view.clear_selection()
        if len(targets) == 1:  # before `edited`: the status line is drawn once, there
            self.reader.navigation.jump("suggested", 1)
        self.reader.edited()

    def accept_all(self) -> None:
        entity = self._here("Put the cursor on an entity of the label to accept.")
        if entity is not None:
            count = self.reader.editor.accept_all(entity.label)
            self.reader.notify(f"Accepted {count} {entity.label} suggestions.", timeout=2)
            self.reader.edited()

    def edge_of_entity(self, edge: str, direction: int) -> None:
        """Move one edge of the entity at the cursor by one word: `e` / `s` widen to the
        next word right / left, `E` / `S` narrow by one (punctuation is not a word)."""
        entity = self._here("Put the cursor on an entity first.")
        if entity is None:
            return
        start, end = _edges(textnav.words(self.reader.view.text), entity, edge, direction)
        if end <= start:
            self.reader.notify("An entity cannot be narrower than one word.", timeout=2)
            return
        self.reader.editor.resize(entity.id, start, end)
        self.reader.edited()

    def delete(self) -> None:
        targets = self._targets()
        for entity in targets:
            self.reader.editor.delete(entity.id)
        if targets:
            self.reader.view.clear_selection()
            self.reader.edited()

    def note(self) -> None:
        entity = self._here("Put the cursor on an entity to attach a note.")
        if entity is None:
            return

        def save(note: str) -> None:
            self.reader.editor.set_note(entity.id, note)

        prompt = Prompt(f"Note on {entity.text!r}:", entity.note or "")
        self.reader.app.push_screen(prompt, self.reader.saving(save))

    def history(self, forward: bool) -> None:
        """Undo the last edit of this article (redo the last undone one when `forward`)."""
        editor = self.reader.editor
        action = editor.redo() if forward else editor.undo()
        done, verb = ("Redid", "redo") if forward else ("Undid", "undo")
        reader = self.reader
        reader.status_notice = f"{done}: {action.description}" if action else f"Nothing to {verb}."
        if action:
            reader.edited()  # draws the status line
        else:
            reader.show_status()

    def cycle_status(self) -> None:
        editor = self.reader.editor
        editor.set_status(STATUS_CYCLE[editor.article.status])  # type: ignore[arg-type]
        self.reader.edited()


def _edges(
    words: tuple[tuple[int, int], ...], entity: Entity, edge: str, direction: int
) -> tuple[int, int]:
    """The entity's (start, end) with one edge moved to the next word boundary."""
    start, end = entity.start, entity.end
    if edge == "end" and direction > 0:
        end = next((e for _, e in words if e > end), end)
    elif edge == "end":
        end = next((e for _, e in reversed(words) if e < end), end)
    elif direction < 0:
        start = next((s for s, _ in reversed(words) if s < start), start)
    else:
        start = next((s for s, _ in words if s > start), start)
    return start, end


def _key_name(character: str) -> str:
    """Textual's name of the key that types `character` ("!" -> "exclamation_mark")."""
    return _character_to_key(character) if len(character) == 1 else character
