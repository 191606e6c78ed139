"""The help screen: every key of the current screen and of the app."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_table(screen: Screen[object]) -> Table:
    """A table of the keys active on `screen`, gathered from its bindings."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("Action")
    seen: set[str] = set()
    for binding in _bindings(screen):
        if not binding.description or binding.key in seen:
            continue
        seen.add(binding.key)
        table.add_row(Text(screen.app.get_key_display(binding)), Text(binding.description))
    return table


def _bindings(screen: Screen[object]) -> list[Binding]:
    found: list[Binding] = []
    for node in (screen.app, screen, *screen.query("*")):
        for binding in node._bindings.key_to_bindings.values():
            found.extend(binding)
    return found


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"))
            yield Static(key_table(self.under))
            yield Static(Text("Press Esc to close.", style="dim"))
