"""The reader's list of the article's events: type, trigger, status, completeness."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from annotations.events import EventSchema, completeness
from annotations.models import Event
from tui.render import safe

STATE_STYLE = {"accepted": "", "suggested": "italic", "rejected": "strike dim"}
MARK = {"complete": Text("✓", "green"), "incomplete": Text("…", "bold yellow")}


def event_row(event: Event, schema: EventSchema) -> tuple[Text, Text, Text, Text]:
    """Cells of one event: completeness mark, type, trigger, status or review state."""
    done = completeness(event, schema)
    mark = MARK.get(done, Text("?", "bold red"))
    style = STATE_STYLE[event.state]
    status = event.status if event.state == "accepted" else event.state
    return (
        mark,
        safe(event.type, f"bold {style}"),
        safe(event.trigger_text, style),
        safe(status, f"dim {style}"),
    )


class EventPanel(DataTable[Text]):
    """The events of one article; rows keyed by event id, in trigger order."""

    DEFAULT_CSS = "EventPanel { height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._pending: tuple[Sequence[Event], EventSchema] | None = None
        self._rows: list[tuple[str, tuple[Text, Text, Text, Text]]] | None = None  # shown

    def on_mount(self) -> None:
        self.add_column("", key="mark", width=1)
        self.add_column("Type", key="type", width=12)
        self.add_column("Trigger", key="trigger", width=12)
        self.add_column("Status", key="status", width=9)
        if self._pending is not None:
            self.show(*self._pending)

    def show(self, events: Sequence[Event], schema: EventSchema) -> None:
        if not self.columns:
            self._pending = (events, schema)
            return
        rows = [(event.id, event_row(event, schema)) for event in events]
        if rows == self._rows:
            return  # unchanged: no clear, no repaint of the whole table
        self._rows = rows
        keep = self.highlighted_id()
        self.clear()
        for event_id, cells in rows:
            self.add_row(*cells, key=event_id)
        if keep is not None and keep in [e.id for e in events]:
            self.move_cursor(row=self.get_row_index(keep))

    def highlighted_id(self) -> str | None:
        """The event id of the highlighted row, if any."""
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
