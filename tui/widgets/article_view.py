"""The article view: wrapped text with a cursor, a selection and styled entities.

Built on Textual's Line API: only visible lines are rendered, and rendered
lines are cached until the text, the entities, the cursor line or the width
change, so a key press in a 5,000-word article repaints a couple of lines. An
edit of one entity drops only the cached lines that entity covers (before and
after the edit): `set_entities` is told which entities the edit changed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Offset, Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.labels import LabelSpec
from annotations.models import Entity
from annotations.text import displayable
from tui.render import entity_style
from tui.widgets.wrapping import Layout

CURSOR = Style(reverse=True)
SELECTION = Style(bgcolor="#3a5a8c")
MATCH = Style(bgcolor="#6b5b00")
DIMMED = Style(dim=True, italic=True)


@dataclass
class Span:
    start: int
    end: int


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows a text with a cursor and a selection; the screen moves them and owns the data.

    It binds no keys of its own, not even a ScrollView's scroll keys (those took up/down
    and PgUp/PgDn from the screen and scrolled without moving the cursor): every key goes
    to the screen, which moves the cursor, and the view follows the cursor."""

    DEFAULT_CSS = "ArticleView { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }"

    # repaint=False: the watchers repaint the lines a move touches, not the whole view.
    # The screen watches `cursor` too (its status line), in the same turn: one frame a key.
    cursor: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)
    anchor: reactive[int | None] = reactive(None, init=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.labels: Mapping[str, LabelSpec] = {}
        self._entities: list[Entity] = []
        self._starts: list[int] = []  # the entities' starts, for bisecting a line's
        self._longest = 0
        self._matches: list[tuple[int, int]] = []
        self._dimmed: list[tuple[int, int]] = []
        self._overlay: list[tuple[int, int, Style]] = []
        self._layout: Layout | None = None
        self._cache: dict[int, Strip] = {}
        self._style = Style()  # the widget's base style, read once per batch of lines
        self._scroll = Offset(0, 0)
        self._width = 0
        self.invalidated = 0  # cached lines dropped one by one (the tests count them)
        self._goal_column: int | None = None
        self._dragging = False

    # -- data in -----------------------------------------------------------
    def show(self, text: str, entities: Sequence[Entity], labels: Mapping[str, LabelSpec]) -> None:
        """Display a new text (cursor to the top)."""
        self.text = displayable(text)  # one-for-one: offsets hold
        self.labels = labels
        self._set_entity_list(entities)
        self._matches = []
        self._dimmed = []
        self._layout = None
        self.anchor = None
        self.cursor = 0
        self._relayout()
        self.scroll_home(animate=False)

    def set_entities(self, entities: Sequence[Entity], changed: Set[str] | None = None) -> None:
        """Show these entities (in reading order). `changed` names the ids an edit
        touched: only their lines (where they were and where they are) are repainted,
        found without comparing the other entities. Without it, the whole view is."""
        shown = self._entities
        self._set_entity_list(entities)
        layout = self._layout
        if changed is None or len(changed) > 64 or layout is None:  # a reload, accept-all
            self._invalidate()
            return
        touched = [e for e in shown if e.id in changed]
        touched += [e for e in self._entities if e.id in changed]
        rows = {row for entity in touched for row in self._rows_of(layout, entity)}
        self._invalidate(sorted(rows))

    def _set_entity_list(self, entities: Sequence[Entity]) -> None:
        self._entities = list(entities)
        self._starts = [e.start for e in self._entities]
        self._longest = max((e.end - e.start for e in self._entities), default=0)

    def _entities_on(self, start: int, end: int) -> list[Entity]:
        """The entities that overlap text[start:end + 1], in reading order (only those
        starting within the longest entity before `start` are looked at)."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_right(self._starts, end)
        return [e for e in self._entities[low:high] if e.end > start]

    @staticmethod
    def _rows_of(layout: Layout, entity: Entity) -> range:
        return range(layout.row_of(entity.start), layout.row_of(max(entity.end - 1, 0)) + 1)

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        self._matches = matches
        self._invalidate()

    def set_overlay(self, marks: Sequence[tuple[int, int, Style]]) -> None:
        """Paint these (start, end, style) marks over the entities (another analyst's)."""
        if list(marks) != self._overlay:
            self._overlay = list(marks)
            self._invalidate()

    def set_dimmed(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Draw these (start, end) ranges dimmed, e.g. text cleaning removed."""
        self._dimmed = list(ranges)
        self._invalidate()

    @property
    def selection(self) -> Span | None:
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return Span(min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    # -- layout ------------------------------------------------------------
    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, 10)

    def _relayout(self) -> None:
        self.layout_or_build()
        self._invalidate()

    def layout_or_build(self) -> Layout:
        """The lines of the text at the current width. The one place they are rebuilt,
        so the scrollable height always matches them (a layout built elsewhere left the
        height of the previous article, and its end out of reach)."""
        width = self._content_width()
        layout = self._layout
        if layout is None or layout.width != width or layout.text != self.text:
            layout = self._layout = Layout(self.text, width)
            self._cache.clear()
            self.call_after_refresh(self._finish_layout, layout)
        self._sync_height(layout)
        return layout

    def _sync_height(self, layout: Layout) -> None:
        """The scrollable height: the wrapped lines and an estimate of the rest."""
        size = Size(layout.width, layout.estimated_rows())
        if self.virtual_size != size:
            self.virtual_size = size

    def _finish_layout(self, layout: Layout) -> None:
        """After the first screen is painted: wrap the rest, for the exact height."""
        if layout is self._layout:
            layout.finish()
            self._sync_height(layout)

    def on_resize(self, event: events.Resize) -> None:
        """The first resize gives the width: the text is wrapped once, at that width."""
        self._relayout()
        self._scroll_to_row(self.layout_or_build().row_of(self.cursor))

    def _invalidate(self, rows: Sequence[int] | None = None) -> None:
        if rows is None:
            self._cache.clear()
            self.refresh()
            return
        scroll_y = int(self.scroll_offset.y)
        height = self.size.height
        for row in rows:
            if self._cache.pop(row, None) is not None:
                self.invalidated += 1
            if 0 <= row - scroll_y < height:
                self.refresh(Region(0, row - scroll_y, self.size.width, 1))

    # -- rendering ---------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """Read the base style and the geometry once for the whole batch of lines (each
        read walks the widget's ancestors)."""
        self._style = self.rich_style
        self._scroll = self.scroll_offset
        self._width = self.scrollable_content_region.width
        layout = self.layout_or_build()
        lines = super().render_lines(crop)
        self._sync_height(layout)  # rendering may have wrapped further
        return lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self._scroll
        row = scroll_y + y
        strip = self._cache.get(row)
        if strip is None:
            strip = self._render_row(row)
            self._cache[row] = strip
        return strip.crop_extend(scroll_x, scroll_x + self._width, self._style)

    def _render_row(self, row: int) -> Strip:
        layout = self._layout or self.layout_or_build()
        line = layout.line(row)
        if line is None:
            return Strip.blank(layout.width, self._style)
        start, end = line.start, line.end
        text = Text(self.text[start:end] + " ", style=self._style, end="")
        # The cell after the text shows offset `end`: a newline or the end of the text.
        # A wrapped row's `end` starts the next row, which shows the cursor there and
        # what starts there; this cell only continues what runs on from this row.
        wrapped = layout.row_of(end) != row

        def paint(style: Style, a: int, b: int) -> None:
            if wrapped and a >= end:
                return
            # Text.stylize reads negative offsets from the end: clip to this line first.
            a, b = max(a - start, 0), min(b - start, end - start + 1)
            if a < b:
                text.stylize(style, a, b)

        for d_start, d_end in self._dimmed:
            paint(DIMMED, d_start, d_end)
        for entity in self._entities_on(start, end):
            paint(entity_style(entity, self.labels), entity.start, entity.end)
        for o_start, o_end, o_style in self._overlay:
            paint(o_style, o_start, o_end)
        for m_start, m_end in self._matches:
            paint(MATCH, m_start, m_end)
        if (sel := self.selection) is not None:
            paint(SELECTION, sel.start, sel.end)
        cursor_here = start <= self.cursor < end or (self.cursor == end and not wrapped)
        if cursor_here and self.has_focus_within_screen:
            paint(CURSOR, self.cursor, self.cursor + 1)
        segments = list(text.render(self.app.console))
        return Strip(Segment.simplify(segments))

    @property
    def has_focus_within_screen(self) -> bool:
        return self.screen.focused is self

    # -- cursor ------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        layout = self.layout_or_build()
        rows = {layout.row_of(old), layout.row_of(new)}
        if self.anchor is not None:
            low, high = sorted((old, new))
            rows |= set(range(layout.row_of(low), layout.row_of(high) + 1))
        self._invalidate(sorted(rows))
        self._sync_height(layout)
        self._scroll_to_row(layout.row_of(new))

    def watch_anchor(self, old: int | None, new: int | None) -> None:
        """Repaint the lines between the anchors and the cursor, not the whole view."""
        ends = [p for p in (old, new) if p is not None] + [self.cursor]
        layout = self.layout_or_build()
        self._invalidate(range(layout.row_of(min(ends)), layout.row_of(max(ends)) + 1))

    def _scroll_to_row(self, row: int) -> None:
        """Keep the cursor's row in view: when it leaves the view, scroll it to the middle.
        The text then stands still for half a page of moves; following the cursor one
        line at a time scrolled on every key past the edge, and a scroll repaints every
        line of the view and its scroll bar."""
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        if height > 0 and not top <= row < top + height:
            self.scroll_to(y=max(row - height // 2, 0), animate=False, immediate=True)

    def move_to(self, pos: int, *, extend: bool = False, keep_column: bool = False) -> None:
        """Move the cursor; with `extend`, grow the selection from where it was."""
        pos = max(0, min(pos, len(self.text)))
        if extend and self.anchor is None:
            self.anchor = self.cursor
        elif not extend and self.anchor is not None and not self._dragging:
            self.anchor = None
        if not keep_column:
            self._goal_column = None
        self.cursor = pos

    def move_rows(self, rows: int, *, extend: bool = False) -> None:
        layout = self.layout_or_build()
        if self._goal_column is None:
            self._goal_column = layout.column_of(self.cursor)
        target = layout.row_of(self.cursor) + rows
        self.move_to(layout.offset_at(target, self._goal_column), extend=extend, keep_column=True)

    def select(self, start: int, end: int) -> None:
        """Select text[start:end], cursor at the end."""
        self.anchor = start
        self.move_to(end, extend=True)

    def clear_selection(self) -> None:
        self.anchor = None

    def on_focus(self) -> None:
        self._invalidate([self.layout_or_build().row_of(self.cursor)])

    def on_blur(self) -> None:
        self._invalidate([self.layout_or_build().row_of(self.cursor)])

    # -- mouse -------------------------------------------------------------
    def _offset_at_event(self, event: events.MouseEvent) -> int:
        scroll_x, scroll_y = self.scroll_offset
        region = self.scrollable_content_region
        column = event.x - (region.x - self.region.x) + scroll_x
        return self.layout_or_build().offset_at(event.y + scroll_y, max(column, 0))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.focus()
        self._dragging = True
        self.anchor = None
        pos = self._offset_at_event(event)
        self.cursor = pos
        self.anchor = pos
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            self.cursor = self._offset_at_event(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.anchor == self.cursor:
                self.anchor = None
