"""Event tagging in the reader: tag, edit, review suggestions, jump, fill a role.

The event a key acts on is always the one whose trigger is under the cursor
(the events panel only shows them; Enter on a row moves the cursor there).
Edits go through the article's `Editor` (saved, undoable); the form and the
pickers are modals whose answers the screen saves through `ReaderScreen.saving`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from annotations.events import EventSchema, draft_event
from annotations.models import Argument, Entity, Event
from annotations.review import textnav
from tui.render import safe
from tui.screens.event_form import EventForm, FormResult, type_choices
from tui.screens.picker import Choice, Picker

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

KEYS = [
    Binding("T", "tag_event", "Tag event", id="tag_event"),
    Binding("o", "edit_event", "Edit event", show=False, id="edit_event"),
    Binding("O", "delete_event", "Delete event", show=False, id="delete_event"),
    Binding("y", "review_event('accepted')", "Accept event", show=False, id="accept_event"),
    Binding("Y", "review_event('rejected')", "Reject event", show=False, id="reject_event"),
    Binding("p", "propose_events", "Suggest events", show=False, id="suggest_events"),
    Binding("i", "jump_event(1)", "Next event", show=False, id="next_event"),
    Binding("I", "jump_event(-1)", "Prev event", show=False, id="prev_event"),
    Binding("m", "selection_to_role", "Selection to role", show=False, id="selection_role"),
    Binding("f2", "toggle_events", "Show/hide events", show=False, id="events_panel"),
]


class EventTagging:
    """The keys that tag and review the article's events."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader

    @property
    def schema(self) -> EventSchema:
        return self.reader.app.event_schema  # type: ignore[attr-defined, no-any-return]

    def at_cursor(self) -> Event | None:
        """The event whose trigger is under the cursor (a notice when there is none)."""
        here = self.reader.editor.events_at(self.reader.view.cursor)
        if not here:
            self.reader.notify(
                "Put the cursor on an event's trigger (i / I jump to events).", timeout=3
            )
        return here[0] if here else None

    def _open_form(self, draft: Event) -> None:
        editor, view = self.reader.editor, self.reader.view

        def save(result: FormResult) -> None:
            editor.save_event(result.event, result.new_entities)
            view.clear_selection()
            view.move_to(result.event.trigger_start)

        form = EventForm(draft, editor.article, list(editor.entities.values()), self.schema)
        self.reader.app.push_screen(form, self.reader.saving(save))

    def tag(self) -> None:
        """Pick a type for the selection (or the word at the cursor), then open the form."""
        editor, view = self.reader.editor, self.reader.view
        text, sel = view.text, view.selection
        start, end = (
            (sel.start, sel.end) if sel else (view.cursor, textnav.word_end(text, view.cursor))
        )
        start, end = textnav.snap(text, start, end)
        if not 0 <= start < end <= len(text):
            self.reader.notify("Put the cursor on a word or select the trigger first.", timeout=3)
            return

        def chosen(name: str | None) -> None:
            if name is not None:
                entities = list(editor.entities.values())
                self._open_form(
                    draft_event(editor.article, entities, name, start, end, self.schema)
                )

        question = f"Event type for {text[start:end]!r} (its key, or words):"
        self.reader.app.push_screen(Picker(question, type_choices(self.schema)), chosen)

    def edit(self) -> None:
        if (event := self.at_cursor()) is not None:
            self._open_form(event)

    def delete(self) -> None:
        if (event := self.at_cursor()) is not None:
            self.reader.editor.delete_event(event.id)
            self.reader.edited()

    def review(self, state: str) -> None:
        if (event := self.at_cursor()) is None:
            return
        editor = self.reader.editor
        editor.accept_event(event.id) if state == "accepted" else editor.reject_event(event.id)
        self.reader.edited()
        self.reader.notify(f"{event.type} {state}.", timeout=2)

    def propose(self) -> None:
        fresh = self.reader.editor.propose(self.schema)
        self.reader.notify(f"{len(fresh)} new event suggestions (y accepts, Y rejects).", timeout=3)
        self.reader.edited()

    def jump(self, direction: int) -> None:
        view = self.reader.view
        starts = sorted({e.trigger_start for e in self.reader.editor.events.values()})
        if direction > 0:
            found = next((s for s in starts if s > view.cursor), None)
        else:
            found = next((s for s in reversed(starts) if s < view.cursor), None)
        if found is None:
            self.reader.notify("No more events that way.", timeout=2)
        else:
            view.move_to(found)

    def selection_to_role(self) -> None:
        """Make the selection an entity filling a role of the event in its sentence."""
        editor, view = self.reader.editor, self.reader.view
        sel = view.selection
        if sel is None:
            self.reader.notify("Select the words that fill the role first.", timeout=3)
            return
        sentence = textnav.sentence_at(view.text, sel.start) or (0, len(view.text))
        near = [
            e
            for e in editor.ordered_events()
            if sentence[0] <= e.trigger_start < sentence[1] and e.state != "rejected"
        ]
        spec = self.schema.get(near[0].type) if near else None
        if not near or spec is None:
            self.reader.notify("No event in this sentence: tag one with T first.", timeout=3)
            return
        event, start, end = near[0], *textnav.snap(view.text, sel.start, sel.end)
        choices = [Choice(r.name, safe(f"{r.name}  {' '.join(r.labels)}")) for r in spec.roles]

        def fill(role_name: str) -> None:
            role = spec.role(role_name)
            assert role is not None
            entity = next(
                (e for e in editor.entities.values() if (e.start, e.end) == (start, end)), None
            )
            label = (role.labels or ["EVENT"])[0]
            new = (
                [] if entity else [_analyst_entity(editor.article.id, view.text, start, end, label)]
            )
            entity = entity or new[0]
            args = [a for a in event.arguments if role.multiple or a.role != role_name]
            args.append(Argument(role=role_name, entity_id=entity.id))
            editor.save_event(event.model_copy(update={"arguments": args}), new)
            view.clear_selection()

        question = Text("Role of ").append_text(safe(event.type)).append(" for the selection:")
        self.reader.app.push_screen(Picker(question.plain, choices), self.reader.saving(fill))


def _analyst_entity(article_id: str, text: str, start: int, end: int, label: str) -> Entity:
    return Entity(
        article_id=article_id, start=start, end=end, label=label, text=text[start:end],
        source="analyst", state="accepted",
    )  # fmt: skip
