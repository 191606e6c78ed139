"""The help screen: every key of the current screen and of the app."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.commands import screen_bindings
from tui.render import safe


def key_table(screen: Screen[object]) -> Table:
    """A table of the keys active on `screen`: key, action and its id for the key file."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("Action")
    table.add_column("Id (keys.toml)", style="dim")
    for _, binding, keys in screen_bindings(screen):
        table.add_row(safe(keys), safe(binding.description), safe(binding.id or ""))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"))
            yield Static(key_table(self.under), id="help-keys")
            yield Static(Text("Press Esc to close.", style="dim"))
