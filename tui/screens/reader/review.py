"""Entity review in the reader: label, accept, reject, resize, delete, note, undo."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from textual.binding import Binding
from textual.keys import _character_to_key

from annotations.models import Entity
from annotations.review import textnav
from annotations.store import StoreError
from tui.screens.prompt import Prompt
from tui.screens.reader.base import ReaderBase

STATUS_CYCLE = {"new": "in_progress", "in_progress": "done", "done": "new"}

F = TypeVar("F", bound=Callable[..., Any])


def editing(action: F) -> F:
    """Run an edit only when the store is writable; a refused save becomes a notice."""

    @wraps(action)
    def guarded(self: ReaderBase, *args: Any) -> Any:
        if self.services.store.read_only:
            self.notify("The database is open read-only; nothing was changed.", timeout=3)
            return None
        try:
            return action(self, *args)
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            self.load_article()
            return None

    return guarded  # type: ignore[return-value]


class EntityReview(ReaderBase):
    """Keys that change the article's entities; every one is saved and undoable."""

    BINDINGS = [
        Binding("a", "review('accepted')", "Accept", id="accept"),
        Binding("x", "review('rejected')", "Reject", id="reject"),
        Binding("A", "accept_all", "Accept all of label", show=False, id="accept_all"),
        Binding("e", "edge_of_entity('end', 1)", "Widen end", show=False, id="widen_end"),
        Binding("E", "edge_of_entity('end', -1)", "Narrow end", show=False, id="narrow_end"),
        Binding("s", "edge_of_entity('start', -1)", "Widen start", show=False, id="widen_start"),
        Binding("S", "edge_of_entity('start', 1)", "Narrow start", show=False, id="narrow_start"),
        Binding("delete,d", "delete", "Delete", show=False, id="delete"),
        Binding("c", "note", "Note", show=False, id="note"),
        Binding("u,ctrl+z", "undo", "Undo", id="undo"),
        Binding("U,ctrl+y", "redo", "Redo", id="redo"),
        Binding("t", "cycle_status", "Status", id="status"),
    ]

    def __init__(self, article_id: str, order: list[str]) -> None:
        super().__init__(article_id, order)
        taken = {key for keys in self._bindings.key_to_bindings for key in keys.split(",")}
        self.label_key_clashes = [
            s.name for s in self.app.labels.values() if _key_name(s.key) in taken
        ]
        for spec in self.app.labels.values():
            if spec.name not in self.label_key_clashes:
                self._bindings.bind(spec.key, f"label('{spec.name}')", spec.name, show=False)

    def on_mount(self) -> None:
        if self.label_key_clashes:
            self.notify(
                f"The keys of {', '.join(self.label_key_clashes)} are used by other commands; "
                "give those labels other keys in the label file.",
                severity="warning",
                timeout=10,
            )

    # -- annotation ------------------------------------------------------------
    def _targets(self) -> list[Entity]:
        """Entities inside the selection, else the innermost one at the cursor."""
        assert self.editor is not None
        if (sel := self.view.selection) is not None:
            return [e for e in self.editor.ordered() if e.start >= sel.start and e.end <= sel.end]
        return self.editor.at(self.view.cursor)[:1]

    def _edited(self) -> None:
        self.refresh_annotations()
        self.app.store_changed(self.article_id)

    @editing
    def action_label(self, label: str) -> None:
        assert self.editor is not None
        view = self.view
        if (sel := view.selection) is not None:
            start, end = sel.start, sel.end
        elif here := self.editor.at(view.cursor):
            self.editor.relabel(here[0].id, label)
            self._edited()
            return
        else:
            start, end = view.cursor, textnav.word_end(view.text, view.cursor)
        try:
            entity = self.editor.add(start, end, label)
        except ValueError as exc:
            self.notify(str(exc), severity="warning", timeout=3)
            return
        view.clear_selection()
        view.move_to(entity.start)
        self._edited()

    @editing
    def action_review(self, state: str) -> None:
        assert self.editor is not None
        targets = self._targets()
        if not targets:
            self.notify("No entity at the cursor or in the selection.", timeout=2)
            return
        ids = [e.id for e in targets]
        self.editor.accept(ids) if state == "accepted" else self.editor.reject(ids)
        self.view.clear_selection()
        self._edited()
        if len(targets) == 1:
            self.action_jump("suggested", 1)

    @editing
    def action_accept_all(self) -> None:
        assert self.editor is not None
        here = self.editor.at(self.view.cursor)
        if not here:
            self.notify("Put the cursor on an entity of the label to accept.", timeout=2)
            return
        count = self.editor.accept_all(here[0].label)
        self.notify(f"Accepted {count} {here[0].label} suggestions.", timeout=2)
        self._edited()

    @editing
    def action_edge_of_entity(self, edge: str, direction: int) -> None:
        assert self.editor is not None
        here = self.editor.at(self.view.cursor)
        if not here:
            self.notify("Put the cursor on an entity first.", timeout=2)
            return
        entity, text = here[0], self.view.text
        start, end = entity.start, entity.end
        if edge == "end":
            end = textnav.word_end(text, end) if direction > 0 else _prev_token_end(text, end)
        else:
            start = (
                textnav.prev_word(text, start) if direction < 0 else textnav.next_word(text, start)
            )
        if end <= start:
            self.notify("An entity cannot be narrower than one word.", timeout=2)
            return
        self.editor.resize(entity.id, start, end)
        self._edited()

    @editing
    def action_delete(self) -> None:
        assert self.editor is not None
        targets = self._targets()
        for entity in targets:
            self.editor.delete(entity.id)
        if targets:
            self.view.clear_selection()
            self._edited()

    @editing
    def action_note(self) -> None:
        assert self.editor is not None
        here = self.editor.at(self.view.cursor)
        if not here:
            self.notify("Put the cursor on an entity to attach a note.", timeout=2)
            return
        entity = here[0]

        def done(note: str | None) -> None:
            if note is not None and self.editor is not None:
                self.editor.set_note(entity.id, note)
                self._edited()

        self.app.push_screen(Prompt(f"Note on {entity.text!r}:", entity.note or ""), done)

    @editing
    def action_undo(self) -> None:
        assert self.editor is not None
        action = self.editor.undo()
        self.notify(f"Undid: {action.description}" if action else "Nothing to undo.", timeout=2)
        if action:
            self._edited()

    @editing
    def action_redo(self) -> None:
        assert self.editor is not None
        action = self.editor.redo()
        self.notify(f"Redid: {action.description}" if action else "Nothing to redo.", timeout=2)
        if action:
            self._edited()

    @editing
    def action_cycle_status(self) -> None:
        assert self.editor is not None
        self.editor.set_status(STATUS_CYCLE[self.editor.article.status])  # type: ignore[arg-type]
        self._edited()


def _prev_token_end(text: str, end: int) -> int:
    """End of the token before the one ending at `end`."""
    ends = [e for _, e in textnav.tokens(text) if e < end]
    return ends[-1] if ends else end


def _key_name(character: str) -> str:
    """Textual's name of the key that types `character` ("!" -> "exclamation_mark")."""
    return _character_to_key(character) if len(character) == 1 else character
