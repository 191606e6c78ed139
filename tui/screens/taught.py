"""What the analyst taught: each taught (text, label) pattern, how often it was
taught, how many unreviewed suggestions it has across the corpus; `space`
switches one off (its remaining suggestions go) or back on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from annotations.review.teaching import TaughtRow, switch, taught_rows
from annotations.store import StoreError
from tui.render import safe
from tui.services import UsesServices
from tui.widgets.footer import Footer


class TaughtScreen(UsesServices, Screen[None]):
    """The taught patterns, most taught first; every switch is saved at once."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="taught_back"),
        Binding("space,o", "toggle", "Switch off/on", id="taught_toggle"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Taught patterns  (space switches one off or on)", style="bold"))
        yield DataTable(id="taught", cursor_type="row", zebra_stripes=True)
        yield Static(id="taught-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#taught", DataTable)
        table.add_columns("text", "label", "taught", "suggestions", "")
        self.rows: list[TaughtRow] = []
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#taught", DataTable)
        row = table.cursor_row
        table.clear()
        self.rows = taught_rows(self.services.store, self.services.teacher.finish())
        for item in self.rows:
            table.add_row(
                safe(item.text),
                safe(item.label),
                str(item.taught_by),
                str(item.suggestions),
                Text("off", style="red") if item.off else Text("on", style="green"),
            )
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))
        else:
            self._say("Nothing taught yet: accepting or adding an entity teaches it.")

    def action_toggle(self) -> None:
        if not self.rows:
            return
        item = self.rows[self.query_one("#taught", DataTable).cursor_row]
        store = self.services.store
        if store.read_only:
            self._say("The database is open read-only.")
            return
        try:
            count = switch(store, self.services.teacher.index, item.text, item.label, on=item.off)
        except StoreError as exc:
            self._say(str(exc))
            return
        self.app.store_changed()
        self._fill()
        shown = safe(f"{item.label} ").append_text(safe(item.text))
        if item.off:
            self._say(shown.append(f" is taught again ({count} articles changed)."))
        else:
            self._say(shown.append(f" is switched off: {count} suggestions removed."))

    def action_back(self) -> None:
        self.app.pop_screen()

    def _say(self, message: str | Text) -> None:
        self.query_one("#taught-status", Static).update(message)
