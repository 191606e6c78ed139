"""Event tagging in the reader: tag, edit, review suggestions, jump; all undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable, Static

from annotations.events import EventSchema, draft_event
from annotations.models import Argument, Entity, Event
from annotations.review import textnav
from annotations.store import StoreError
from tui.render import safe
from tui.screens.event_form import EventForm, FormResult, type_choices
from tui.screens.picker import Choice, Picker
from tui.screens.reader.base import ReaderBase
from tui.screens.reader.review import editing
from tui.widgets.event_panel import EventPanel


class EventTagging(ReaderBase):
    """Keys that tag and review the article's events; each one saved and undoable."""

    BINDINGS = [
        Binding("T", "tag_event", "Tag event", id="tag_event"),
        Binding("o", "edit_event", "Edit event", id="edit_event"),
        Binding("O", "delete_event", "Delete event", show=False, id="delete_event"),
        Binding("y", "review_event('accepted')", "Accept event", show=False, id="accept_event"),
        Binding("Y", "review_event('rejected')", "Reject event", show=False, id="reject_event"),
        Binding("p", "propose_events", "Suggest events", show=False, id="suggest_events"),
        Binding("i", "jump_event(1)", "Next event", show=False, id="next_event"),
        Binding("I", "jump_event(-1)", "Prev event", show=False, id="prev_event"),
        Binding("m", "selection_to_role", "Selection to role", show=False, id="selection_role"),
        Binding("f2", "toggle_events", "Events panel", id="events_panel"),
    ]

    jump_to: int | None = None  # set by whoever opens the reader at an event's trigger

    @property
    def schema(self) -> EventSchema:
        return self.app.event_schema

    def on_mount(self) -> None:
        side = self.query_one("#reader-side")
        side.mount(Static(Text("Events  (F2)", style="bold"), id="events-heading"))
        side.mount(EventPanel(id="event-panel"))
        if self.jump_to is not None:
            self.call_after_refresh(self.view.move_to, self.jump_to)

    def on_screen_resume(self) -> None:
        if self.editor is not None:
            self.editor.reload()
            self.refresh_annotations()

    def _changed(self) -> None:
        self.refresh_annotations()
        self.app.store_changed(self.article_id)

    def refresh_annotations(self) -> None:
        super().refresh_annotations()
        assert self.editor is not None
        for panel in self.query(EventPanel):
            panel.show(self.editor.ordered_events(), self.schema)

    # -- which event -------------------------------------------------------------
    def _current(self) -> Event | None:
        assert self.editor is not None
        panel = self.query(EventPanel)
        if panel and panel.first().has_focus and (ident := panel.first().highlighted_id()):
            return self.editor.events.get(ident)
        here = self.editor.events_at(self.view.cursor)
        return here[0] if here else None

    def _need_event(self) -> Event | None:
        event = self._current()
        if event is None:
            self.notify("Put the cursor on an event's trigger (i / I jump to events).", timeout=3)
        return event

    def _saving(self, work: Callable[[Any], None]) -> Callable[[Any], None]:
        """A modal's callback that saves: refused saves become a notice."""

        def run(value: Any) -> None:
            if value is None or self.editor is None:
                return
            try:
                work(value)
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", timeout=8)
                self.load_article()
                return
            self._changed()

        return run

    def _open_form(self, draft: Event) -> None:
        assert self.editor is not None

        def save(result: FormResult) -> None:
            assert self.editor is not None
            self.editor.save_event(result.event, result.new_entities)
            self.view.clear_selection()
            self.view.move_to(result.event.trigger_start)

        entities = list(self.editor.entities.values())
        form = EventForm(draft, self.editor.article, entities, self.schema)
        self.app.push_screen(form, self._saving(save))

    # -- actions -------------------------------------------------------------------
    @editing
    def action_tag_event(self) -> None:
        assert self.editor is not None
        view, text = self.view, self.view.text
        sel = view.selection
        start, end = (
            (sel.start, sel.end) if sel else (view.cursor, textnav.word_end(text, view.cursor))
        )
        start, end = textnav.snap(text, start, end)
        if not 0 <= start < end <= len(text):
            self.notify("Put the cursor on a word or select the trigger first.", timeout=3)
            return

        def chosen(name: str | None) -> None:
            if name is None or self.editor is None:
                return
            entities = list(self.editor.entities.values())
            draft = draft_event(self.editor.article, entities, name, start, end, self.schema)
            self._open_form(draft)

        question = f"Event type for {text[start:end]!r} (its key, or words):"
        self.app.push_screen(Picker(question, type_choices(self.schema)), chosen)

    @editing
    def action_edit_event(self) -> None:
        if (event := self._need_event()) is not None:
            self._open_form(event)

    @editing
    def action_delete_event(self) -> None:
        assert self.editor is not None
        if (event := self._need_event()) is not None:
            self.editor.delete_event(event.id)
            self._changed()

    @editing
    def action_review_event(self, state: str) -> None:
        assert self.editor is not None
        if (event := self._need_event()) is None:
            return
        if state == "accepted":
            self.editor.accept_event(event.id)
        else:
            self.editor.reject_event(event.id)
        self._changed()
        self.notify(f"{event.type} {state}.", timeout=2)

    @editing
    def action_propose_events(self) -> None:
        assert self.editor is not None
        fresh = self.editor.propose(self.schema)
        self.notify(f"{len(fresh)} new event suggestions (y accepts, Y rejects).", timeout=3)
        self._changed()

    def action_jump_event(self, direction: int) -> None:
        assert self.editor is not None
        pos = self.view.cursor
        starts = sorted({e.trigger_start for e in self.editor.events.values()})
        found = (
            next((s for s in starts if s > pos), None)
            if direction > 0
            else next((s for s in reversed(starts) if s < pos), None)
        )
        if found is None:
            self.notify("No more events that way.", timeout=2)
        else:
            self.view.focus()
            self.view.move_to(found)

    def action_toggle_events(self) -> None:
        panel = self.query_one(EventPanel)
        self.view.focus() if panel.has_focus else panel.focus()

    @on(DataTable.RowSelected, "#event-panel")
    def _jump_to_event(self, event: DataTable.RowSelected) -> None:
        assert self.editor is not None
        found = self.editor.events.get(str(event.row_key.value))
        if found is not None:
            self.view.focus()
            self.view.move_to(found.trigger_start)

    @editing
    def action_selection_to_role(self) -> None:
        """Make the selection an entity filling a role of the event in its sentence."""
        assert self.editor is not None
        sel = self.view.selection
        if sel is None:
            self.notify("Select the words that fill the role first.", timeout=3)
            return
        sentence = textnav.sentence_at(self.view.text, sel.start) or (0, len(self.view.text))
        near = [
            e
            for e in self.editor.ordered_events()
            if sentence[0] <= e.trigger_start < sentence[1] and e.state != "rejected"
        ]
        spec = self.schema.get(near[0].type) if near else None
        if not near or spec is None:
            self.notify("No event in this sentence: tag one with T first.", timeout=3)
            return
        event, start, end = near[0], *textnav.snap(self.view.text, sel.start, sel.end)
        choices = [Choice(r.name, safe(f"{r.name}  {' '.join(r.labels)}")) for r in spec.roles]

        def fill(role_name: str) -> None:
            assert self.editor is not None
            role = spec.role(role_name)
            assert role is not None
            label = (role.labels or ["EVENT"])[0]
            entity = next(
                (e for e in self.editor.entities.values() if (e.start, e.end) == (start, end)),
                None,
            )
            new = (
                []
                if entity
                else [_analyst_entity(self.editor.article.id, self.view.text, start, end, label)]
            )
            entity = entity or new[0]
            args = [a for a in event.arguments if role.multiple or a.role != role_name]
            args.append(Argument(role=role_name, entity_id=entity.id))
            self.editor.save_event(event.model_copy(update={"arguments": args}), new)
            self.view.clear_selection()

        question = Text("Role of ").append_text(safe(event.type)).append(" for the selection:")
        self.app.push_screen(Picker(question.plain, choices), self._saving(fill))


def _analyst_entity(article_id: str, text: str, start: int, end: int, label: str) -> Entity:
    return Entity(
        article_id=article_id, start=start, end=end, label=label, text=text[start:end],
        source="analyst", state="accepted",
    )  # fmt: skip
