"""A filtered list in a modal: type to narrow, arrows to move, Enter to choose."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.render import shown


@dataclass(frozen=True)
class Choice:
    """One choice: what it returns, what it shows, what the filter searches."""

    value: str
    shown: Text
    search: str = ""
    key: str = ""  # typing exactly this key ranks the choice first


Extra = Callable[[str], Sequence[Choice]]


class Picker(ModalScreen[str | None]):
    """Returns the value of the chosen `Choice`, or None on Esc.

    `extra(filter)` may add choices made from the typed text (a new entity).
    """

    DEFAULT_CSS = """
    Picker { align: center middle; }
    #picker { width: 80; height: auto; max-height: 80%; border: round $primary;
              background: $surface; padding: 0 1; }
    #picker OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "step(1)", "Next", show=False),
        Binding("up", "step(-1)", "Previous", show=False),
    ]

    def __init__(self, question: str | Text, choices: Sequence[Choice], extra: Extra | None = None):
        super().__init__()
        self.question = question
        self.choices = list(choices)
        self.extra = extra
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(shown(self.question))
            yield Input(placeholder="type to filter", id="picker-filter")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def matching(self, typed: str) -> list[Choice]:
        """Choices for the typed filter: its key first, then every word found."""
        needle = typed.strip().lower()
        words = needle.split()
        found = [
            c
            for c in self.choices
            if all(w in (c.search or c.shown.plain).lower() for w in words) or c.key == needle
        ]
        found.sort(key=lambda c: c.key != needle or not needle)
        return found + list(self.extra(typed) if self.extra and needle else [])

    def _fill(self, typed: str) -> None:
        self.shown = self.matching(typed)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(c.shown) for c in self.shown)
        if self.shown:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.shown):
            self.notify("Nothing matches; change the filter or press Esc.", timeout=2)
            return
        self.dismiss(self.shown[index].value)

    def action_step(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)
