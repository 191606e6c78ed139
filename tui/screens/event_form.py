"""The event form: type, roles, status, date and note of one event, from the keyboard.

Roles are filled by picking among the article's entities (a filtered list);
typing words of the article that no entity covers offers a new entity. A
missing required role shows as incomplete; nothing is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import get_args

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from annotations.events import EventSchema, check_event
from annotations.models import Argument, Article, Entity, Event, EventStatus
from annotations.review.event_edits import date_for
from tui.render import safe
from tui.screens.picker import Choice, Picker
from tui.screens.prompt import Prompt
from tui.widgets.footer import Footer

STATUSES: tuple[EventStatus, ...] = get_args(EventStatus)
OPEN_ROLE_LABELS = ("EVENT", "LAW", "ORG")


@dataclass
class FormResult:
    """The edited event and the entities created for its roles."""

    event: Event
    new_entities: list[Entity] = field(default_factory=list)


def iso(event: Event) -> str:
    """The event's date as ISO, a range as start/end; empty when unknown."""
    if event.time_start is None:
        return ""
    end = f"/{event.time_end.isoformat()}" if event.time_end else ""
    return event.time_start.isoformat() + end


def type_choices(schema: EventSchema) -> list[Choice]:
    return [
        Choice(
            t.name,
            Text.assemble(
                (f"{t.key or ' '} ", "bold cyan"), (t.name, "bold"), safe(f"  {t.description}")
            ),
            f"{t.name} {t.description}",
            key=t.key or "",
        )
        for t in schema.types
    ]


class EventForm(ModalScreen[FormResult | None]):
    """Edits a draft event; Ctrl+S saves, Esc cancels."""

    DEFAULT_CSS = """
    EventForm { align: center middle; }
    #event-form { width: 100; height: auto; max-height: 90%; border: round $primary;
                  background: $surface; padding: 0 1; }
    #event-fields { height: auto; max-height: 16; }
    #event-problems { height: auto; color: $warning; padding-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "edit", "Edit field", id="event_form_edit"),
        Binding("t", "choose_type", "Type", id="event_form_type"),
        Binding("s", "cycle_status", "Status", id="event_form_status"),
        Binding("d", "date", "Date", id="event_form_date"),
        Binding("n", "note", "Note", id="event_form_note"),
        Binding("x,delete", "clear", "Clear field", id="event_form_clear"),
        Binding("ctrl+s", "save", "Save", id="event_form_save"),
        Binding("escape", "cancel", "Cancel", id="event_form_cancel"),
    ]

    def __init__(
        self, draft: Event, article: Article, entities: Sequence[Entity], schema: EventSchema
    ) -> None:
        super().__init__()
        self.event = draft
        self.article = article
        self.entities = {e.id: e for e in entities}
        self.schema = schema
        self.new_entities: list[Entity] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="event-form"):
            yield Static(id="event-heading")
            yield DataTable(id="event-fields", cursor_type="row", zebra_stripes=True)
            yield Static(id="event-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Field", key="field", width=16)
        table.add_column("Value", key="value", width=62)
        table.add_column("", key="flag", width=12)
        self._show()
        table.focus()

    # -- showing ---------------------------------------------------------------
    def _roles(self) -> list[tuple[str, bool]]:
        spec = self.schema.get(self.event.type)
        if spec is not None:
            return [(r.name, r.required) for r in spec.roles]
        return [(name, False) for name in dict.fromkeys(a.role for a in self.event.arguments)]

    def _fillers(self, role: str) -> list[Entity]:
        found = (self.entities.get(a.entity_id) for a in self.event.arguments if a.role == role)
        return [e for e in found if e is not None]

    def _show(self) -> None:
        event, table = self.event, self.query_one(DataTable)
        heading = Text.assemble(("Event ", "bold"), (event.type, "bold cyan"), "  trigger ")
        heading.append_text(safe(event.trigger_text, "bold"))
        heading.append(f"  ({event.state})", style="dim")
        self.query_one("#event-heading", Static).update(heading)
        row = table.cursor_row
        table.clear()
        known = self.schema.get(event.type) is not None
        table.add_row(Text("Type"), safe(event.type), Text("" if known else "unknown"), key="type")
        for name, required in self._roles():
            fillers = self._fillers(name)
            value = Text("; ").join(safe(e.text) for e in fillers) if fillers else Text("—", "dim")
            flag = Text("missing", "bold red") if required and not fillers else Text("")
            label = safe(name + (" *" if required else ""))
            table.add_row(label, value, flag, key=f"role:{name}")
        table.add_row(Text("Status"), safe(event.status), Text(""), key="status")
        date = Text(iso(event) or "—")
        if event.time_text:
            date.append("  from ", style="dim").append_text(safe(repr(event.time_text), "dim"))
        table.add_row(Text("Date"), date, Text(""), key="date")
        table.add_row(Text("Note"), safe(event.note or "—"), Text(""), key="note")
        table.move_cursor(row=min(row, table.row_count - 1))
        problems = check_event(event, self.schema, self.entities)
        lines = Text("\n").join(safe(p.message) for p in problems)
        self.query_one("#event-problems", Static).update(lines or Text("Complete.", "green"))

    def _row_key(self) -> str:
        table = self.query_one(DataTable)
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _set(self, **changes: object) -> None:
        self.event = Event.model_validate(self.event.model_dump() | changes)
        self._show()

    # -- editing -----------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        key = self._row_key()
        if key.startswith("role:"):
            self._pick_role(key.removeprefix("role:"))
        else:
            {"type": self.action_choose_type, "status": self.action_cycle_status}.get(
                key, self.action_date if key == "date" else self.action_note
            )()

    def action_choose_type(self) -> None:
        def done(name: str | None) -> None:
            spec = self.schema.get(name or "")
            if spec is not None:
                args = [a for a in self.event.arguments if spec.role(a.role)]
                self._set(type=spec.name, arguments=args)

        self.app.push_screen(
            Picker("Event type (its key, or words):", type_choices(self.schema)), done
        )

    def action_cycle_status(self) -> None:
        self._set(status=STATUSES[(STATUSES.index(self.event.status) + 1) % len(STATUSES)])

    def action_date(self) -> None:
        ref = self.article.meta.date
        question = f"Date in words or ISO (relative to {ref.isoformat() if ref else 'no date'}):"

        def done(text: str | None) -> None:
            if text is not None:
                self._set_date(text, quiet=False)

        self.app.push_screen(Prompt(question, self.event.time_text or iso(self.event)), done)

    def _set_date(self, text: str, *, quiet: bool) -> None:
        try:
            self._set(**date_for(text, self.article.meta.date, self.event.status))
        except ValueError as exc:
            if not quiet:
                self.notify(str(exc), severity="warning", timeout=5)

    def action_note(self) -> None:
        def done(note: str | None) -> None:
            if note is not None:
                self._set(note=note.strip() or None)

        self.app.push_screen(Prompt("Note on this event:", self.event.note or ""), done)

    def action_clear(self) -> None:
        key = self._row_key()
        if key.startswith("role:"):
            role = key.removeprefix("role:")
            self._set(arguments=[a for a in self.event.arguments if a.role != role])
        elif key == "date":
            self._set(time_start=None, time_end=None, time_text=None)
        elif key == "note":
            self._set(note=None)

    def action_save(self) -> None:
        used = {a.entity_id for a in self.event.arguments}
        self.dismiss(FormResult(self.event, [e for e in self.new_entities if e.id in used]))

    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- roles -------------------------------------------------------------------
    def _pick_role(self, role: str) -> None:
        spec = self.schema.get(self.event.type)
        allowed = spec.role(role).labels if spec and spec.role(role) else []
        trigger = self.event.trigger_start
        nearest: dict[tuple[str, str], Entity] = {}
        for e in self.entities.values():
            if e.state == "rejected":
                continue
            best = nearest.get((e.label, e.text))
            if best is None or abs(e.start - trigger) < abs(best.start - trigger):
                nearest[(e.label, e.text)] = e
        ranked = sorted(
            nearest.values(),
            key=lambda e: (bool(allowed) and e.label not in allowed, abs(e.start - trigger)),
        )
        choices = [
            Choice(e.id, safe(f"{e.label:<9}", "bold").append_text(safe(e.text)), e.text)
            for e in ranked
        ]

        def extra(typed: str) -> list[Choice]:
            span = self._find(typed)
            if span is None or any(c.search.lower() == typed.strip().lower() for c in choices):
                return []
            text = self.article.text[span[0] : span[1]]
            return [
                Choice(f"new:{label}:{span[0]}:{span[1]}", Text.assemble(
                    (f"new {label} entity: ", "italic green"), safe(text)))
                for label in (allowed or OPEN_ROLE_LABELS)[:4]
            ]  # fmt: skip

        def done(value: str | None) -> None:
            if value:
                self._fill_role(role, self._entity_for(value), bool(spec and spec.role(role)
                                and spec.role(role).multiple))  # fmt: skip

        self.app.push_screen(Picker(f"{role} of this {self.event.type}:", choices, extra), done)

    def _find(self, typed: str) -> tuple[int, int] | None:
        """The occurrence of `typed` in the article nearest the trigger."""
        if len(typed.strip()) < 2:
            return None
        spans = [m.span() for m in re.finditer(re.escape(typed.strip()), self.article.text, re.I)]
        if not spans:
            return None
        return min(spans, key=lambda s: abs(s[0] - self.event.trigger_start))

    def _entity_for(self, value: str) -> Entity:
        if not value.startswith("new:"):
            return self.entities[value]
        _, label, start, end = value.split(":")
        a, b = int(start), int(end)
        entity = Entity(
            article_id=self.article.id, start=a, end=b, label=label,
            text=self.article.text[a:b], source="analyst", state="accepted",
        )  # fmt: skip
        self.new_entities.append(entity)
        self.entities[entity.id] = entity
        return entity

    def _fill_role(self, role: str, entity: Entity, multiple: bool) -> None:
        """Put the entity in the role: beside the others in a role of many fillers (picking
        one already there keeps it), in place of the filler otherwise; x clears a role."""
        args = list(self.event.arguments)
        mine = [a for a in args if a.role == role]
        if multiple and any(a.entity_id == entity.id for a in mine):
            self.notify(f"{entity.text} already fills {role}; x clears the role.", timeout=3)
            return
        if not multiple:
            args = [a for a in args if a.role != role]
        args.append(Argument(role=role, entity_id=entity.id))
        self._set(arguments=args)
        if entity.label == "DATE" and (self.event.time_start is None or mine):
            self._set_date(entity.text, quiet=True)
