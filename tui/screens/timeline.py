"""The timeline: every event of the corpus by date; groups shown once with their sources.

Filter by type, actor and status; Enter opens the event's article at its
trigger; link events into a group (or accept proposed groups) from the keyboard.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from annotations.events import EventSchema, TimelineRow, propose_groups
from annotations.events.repository import entity_index
from annotations.events.timeline import filter_events, timeline_rows
from annotations.models import Entity, Event, EventStatus
from annotations.review.editor import CorpusEditor
from tui.render import safe
from tui.screens.event_form import STATUSES
from tui.screens.picker import Choice, Picker
from tui.screens.prompt import Prompt
from tui.services import UsesServices
from tui.widgets.footer import Footer


def when(row: TimelineRow) -> Text:
    if row.start is None:
        return Text("undated", "dim italic")
    return Text(row.start.isoformat() + (f"/{row.end.isoformat()}" if row.end else ""))


class TimelineScreen(UsesServices, Screen[None]):
    """All events by date; keys filter, jump, link and unlink."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="timeline_back"),
        Binding("enter", "jump", "Open at trigger", id="timeline_jump"),
        Binding("space", "mark", "Mark", id="timeline_mark"),
        Binding("l", "link", "Link marked", id="timeline_link"),
        Binding("k", "unlink", "Unlink", id="timeline_unlink"),
        Binding("g", "proposals", "Proposed groups", id="timeline_proposals"),
        Binding("f", "filter_type", "Type", id="timeline_type"),
        Binding("a", "filter_actor", "Actor", id="timeline_actor"),
        Binding("s", "filter_status", "Status", id="timeline_status"),
        Binding("v", "toggle_suggested", "Suggestions", show=False, id="timeline_suggested"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="timeline_clear"),
        Binding("u,ctrl+z", "undo", "Undo", id="timeline_undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="timeline_redo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.types: set[str] | None = None
        self.actor: str | None = None
        self.statuses: set[EventStatus] | None = None
        self.with_suggested = False
        self.marked: set[str] = set()
        self.rows: dict[str, TimelineRow] = {}

    @property
    def schema(self) -> EventSchema:
        return self.services.settings.event_schema

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="timeline-filters")
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title, self.sub_title = "newsdesk", "timeline"
        table = self.query_one(DataTable)
        for key, label, width in (
            ("mark", "", 1), ("date", "Date", 21), ("type", "Type", 14), ("status", "Status", 9),
            ("actors", "Actors", 22), ("sources", "Sources", 24), ("trigger", "Trigger", 12),
        ):  # fmt: skip
            table.add_column(label, key=key, width=width)
        self.editor = CorpusEditor(self.services.store, self.services.settings.analyst)
        self.titles = {a.id: a.meta.title or a.id for a in self.services.store.articles()}
        self.refresh_rows()
        table.focus()

    def on_screen_resume(self) -> None:
        self.editor.reload()
        self.refresh_rows()

    # -- showing -----------------------------------------------------------------
    def visible(self) -> tuple[list[Event], dict[str, Entity]]:
        entities = entity_index(self.services.store)
        states = ("accepted", "suggested") if self.with_suggested else ("accepted",)
        events = filter_events(
            list(self.editor.events.values()), entities, types=self.types, actor=self.actor,
            statuses=self.statuses, states=states, schema=self.schema,
        )  # fmt: skip
        return events, entities

    def refresh_rows(self) -> None:
        events, entities = self.visible()
        table = self.query_one(DataTable)
        keep = self._row_key()
        table.clear()
        self.rows = {r.key: r for r in timeline_rows(events, entities, self.schema)}
        self.marked &= set(self.rows)
        for row in self.rows.values():
            sources = Text(f"{len(row.article_ids)}× " if row.is_group else "", "bold")
            sources.append_text(safe(" | ".join(self.titles.get(a, a) for a in row.article_ids)))
            table.add_row(
                Text("●" if row.key in self.marked else ""),
                when(row), safe(row.type, "bold"), safe(row.status),
                safe(", ".join(row.actors)), sources, safe(row.trigger_text), key=row.key,
            )  # fmt: skip
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep))
        parts = [
            f"type: {', '.join(sorted(self.types))}" if self.types else "all types",
            f"actor: {self.actor}" if self.actor else "any actor",
            f"status: {', '.join(sorted(self.statuses))}" if self.statuses else "any status",
            "with suggestions" if self.with_suggested else "accepted only",
        ]
        line = Text(f" {len(self.rows)} rows  ·  ", "bold").append_text(safe("  ·  ".join(parts)))
        self.query_one("#timeline-filters", Static).update(line)

    def _row_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _current(self) -> TimelineRow | None:
        key = self._row_key()
        return self.rows.get(key) if key else None

    def _source_choices(self, row: TimelineRow) -> list[Choice]:
        events = [self.editor.events[i] for i in row.event_ids]
        return [
            Choice(e.id, safe(f"{e.trigger_text!r} in {self.titles.get(e.article_id, '')}"))
            for e in events
        ]

    # -- actions -------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        row = self._current()
        if row is None:
            return
        if not row.is_group:
            self._open(row.event_ids[0])
            return
        picker = Picker("Open which source?", self._source_choices(row))
        self.app.push_screen(picker, lambda ident: ident and self._open(ident))

    def _open(self, event_id: str) -> None:
        event = self.editor.events[event_id]
        order = self.services.store.article_ids()
        self.app.open_article(event.article_id, order, cursor=event.trigger_start)

    def action_mark(self) -> None:
        if (key := self._row_key()) is not None:
            self.marked ^= {key}
            self.refresh_rows()
            self.query_one(DataTable).action_cursor_down()

    def _refused(self) -> bool:
        """True (with a notice) when the store cannot be written."""
        if self.services.store.read_only:
            self.notify("The database is open read-only; nothing was changed.", timeout=3)
        return self.services.store.read_only

    def _changed(self, message: str) -> None:
        self.refresh_rows()
        self.app.store_changed()
        self.notify(message, timeout=2)

    def action_link(self) -> None:
        if self._refused():
            return
        rows = [self.rows[k] for k in self.marked if k in self.rows]
        if len(rows) < 2:
            self.notify("Mark two or more rows with Space, then press l.", timeout=3)
            return
        ids = [i for r in rows for i in r.event_ids]
        existing = next((r.key for r in rows if r.is_group), None)
        self.editor.group_events(ids, existing)
        self.marked.clear()
        self._changed(f"Linked {len(ids)} events into one group.")

    def action_unlink(self) -> None:
        if self._refused():
            return
        row = self._current()
        if row is None or not row.is_group:
            self.notify("Put the cursor on a group (a row with several sources).", timeout=3)
            return

        def done(value: str | None) -> None:
            if value == "*":
                self.editor.ungroup_events(row.key)
            elif value:
                self.editor.remove_from_group(value)
            if value:
                self._changed("Unlinked.")

        choices = [Choice("*", Text("dissolve the whole group", "bold"))]
        self.app.push_screen(Picker("Unlink what?", choices + self._source_choices(row)), done)

    def action_proposals(self) -> None:
        if self._refused():
            return
        events, entities = self.visible()
        proposals = propose_groups(events, entities, self.schema)
        if not proposals:
            self.notify("No groups to propose among the events shown.", timeout=3)
            return
        choices = [Choice("*", Text(f"accept all {len(proposals)} proposals", "bold"))] + [
            Choice(
                str(i), safe(f"{p.type}: {len(p.event_ids)} events sharing {', '.join(p.shared)}")
            )
            for i, p in enumerate(proposals)
        ]

        def done(value: str | None) -> None:
            if value is None:
                return
            chosen = proposals if value == "*" else [proposals[int(value)]]
            for proposal in chosen:
                self.editor.group_events(proposal.event_ids, proposal.group_id)
            self._changed(f"Accepted {len(chosen)} proposed group(s).")

        self.app.push_screen(Picker("Link which proposed group?", choices), done)

    def action_filter_type(self) -> None:
        choices = [Choice("*", Text("all types", "bold"))] + [
            Choice(t.name, safe(t.name), key=t.key or "") for t in self.schema.types
        ]
        self.app.push_screen(Picker("Show events of type:", choices), self._set_types)

    def _set_types(self, value: str | None) -> None:
        if value is not None:
            self.types = None if value == "*" else {value}
            self.refresh_rows()

    def action_filter_actor(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.actor = value.strip() or None
                self.refresh_rows()

        self.app.push_screen(
            Prompt("Show events whose participants include:", self.actor or ""), done
        )

    def action_filter_status(self) -> None:
        choices = [Choice("*", Text("any status", "bold"))] + [Choice(s, Text(s)) for s in STATUSES]

        def done(value: str | None) -> None:
            if value is not None:
                self.statuses = None if value == "*" else {value}  # type: ignore[arg-type]
                self.refresh_rows()

        self.app.push_screen(Picker("Show events with status:", choices), done)

    def action_toggle_suggested(self) -> None:
        self.with_suggested = not self.with_suggested
        self.refresh_rows()

    def action_clear_filters(self) -> None:
        self.types, self.actor, self.statuses = None, None, None
        self.refresh_rows()

    def action_undo(self) -> None:
        if self._refused():
            return
        action = self.editor.undo()
        self._changed(f"Undid: {action.description}" if action else "Nothing to undo.")

    def action_redo(self) -> None:
        if self._refused():
            return
        action = self.editor.redo()
        self._changed(f"Redid: {action.description}" if action else "Nothing to redo.")
