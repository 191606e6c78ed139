"""A table that renders only the rows on screen, for libraries of any size.

Textual's DataTable measures every row it holds; with 10,000 articles that
alone takes seconds. This table has fixed column widths, so a row is rendered
only when it scrolls into view or changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

CURSOR = Style(reverse=True)
HEADER = Style(bold=True, underline=True)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    justify: str = "left"


class RowTable(ScrollView, can_focus=True):
    """Rows of Text cells under a header line; a row cursor; Enter selects."""

    DEFAULT_CSS = "RowTable { height: 1fr; scrollbar-gutter: stable; }"
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """Enter (or a click on the cursor row) on a row."""

        def __init__(self, table: RowTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._keys: list[str] = []
        self._cells_for: Callable[[str], tuple[Text, ...]] = lambda key: ()
        self._cells: dict[str, tuple[Text, ...]] = {}  # computed when first shown
        self._index: dict[str, int] = {}
        self._cache: dict[int, Strip] = {}

    # -- data --------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._keys)

    def row_keys(self) -> list[str]:
        """Row keys in display order."""
        return list(self._keys)

    def cells(self, key: str) -> tuple[Text, ...]:
        if key not in self._cells:
            self._cells[key] = self._cells_for(key)
        return self._cells[key]

    def cell(self, key: str, column: str) -> Text:
        return self.cells(key)[[c.key for c in self.columns].index(column)]

    def get_row_index(self, key: str) -> int:
        """Display position of the row `key`."""
        return self._index[key]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def set_rows(self, keys: Sequence[str], cells_for: Callable[[str], tuple[Text, ...]]) -> None:
        """Show these rows; `cells_for(key)` makes a row's cells when it comes into view.

        The cursor stays on the same key when that row is still shown."""
        keep = self.cursor_key
        self._keys = list(keys)
        self._cells_for = cells_for
        self._cells = {}
        self._index = {key: i for i, key in enumerate(self._keys)}
        self._cache.clear()
        self.virtual_size = Size(self._width(), len(self._keys) + 1)
        self.cursor_row = self._index.get(keep, 0) if keep is not None else 0
        self.refresh()

    def refresh_row(self, key: str) -> None:
        """Make the row's cells again (its data changed) and repaint it."""
        self._cells.pop(key, None)
        if key in self._index:
            self._refresh_row(self._index[key])

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def move_to_key(self, key: str) -> None:
        if key in self._index:
            self.cursor_row = self._index[key]

    # -- rendering -----------------------------------------------------------
    def _width(self) -> int:
        return sum(c.width + 1 for c in self.columns) + 1

    def _line(self, cells: Sequence[Text], style: Style | None = None) -> Strip:
        line = Text(" ", end="")
        for column, cell in zip(self.columns, cells, strict=True):
            piece = cell.copy()
            piece.truncate(column.width, overflow="ellipsis")
            pad = column.width - piece.cell_len
            if column.justify == "right":
                piece.pad_left(pad)
            else:
                piece.pad_right(pad)
            line.append_text(piece)
            line.append(" ")
        if style:
            line.stylize(style)
        return Strip(Segment.simplify(line.render(self.app.console)))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            header = self._line([Text(c.title) for c in self.columns], HEADER)
            return header.crop_extend(scroll_x, scroll_x + width, self.rich_style)
        row = scroll_y + y - 1
        strip = self._cache.get(row)
        if strip is None:
            if row >= len(self._keys):
                strip = Strip.blank(self._width(), self.rich_style)
            else:
                cursor = CURSOR if row == self.cursor_row and self.has_focus else None
                strip = self._line(self.cells(self._keys[row]), cursor)
            self._cache[row] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _refresh_row(self, row: int) -> None:
        self._cache.pop(row, None)
        y = row - int(self.scroll_offset.y) + 1
        self.refresh(Region(0, y, self.size.width, 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        top = int(self.scroll_offset.y)
        visible = max(self.scrollable_content_region.height - 1, 1)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)

    def on_focus(self) -> None:
        self._refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor_row)

    # -- actions -------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self._keys:
            self.cursor_row = max(0, min(self.cursor_row + step, len(self._keys) - 1))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - 2, 1))

    def action_select(self) -> None:
        if (key := self.cursor_key) is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y - 1
        if 0 <= row < len(self._keys):
            if row == self.cursor_row:
                self.action_select()
            self.cursor_row = row
