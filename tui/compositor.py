"""A compositor that repaints only the screen lines that changed.

Textual's compositor paints a partial update by cropping to the box around all
the changed regions and asking every widget in that box for all its lines. A
review key changes one line of the article, the status line at the bottom and
one row of the entity list on the right: the box is nearly the whole screen,
so every widget (the article view, both side lists, their scroll bars and the
containers behind them) rendered some thirty lines to repaint three. This one
asks each widget for the changed lines alone; what reaches the terminal is the
same, since Textual writes only those lines.

It overrides `Compositor._get_renders`, a private method of Textual: pyproject
allows only the 8.2 line it was written for (`textual==8.2.8` in requirements/),
and `tests/test_reader_repaint.py` checks the lines it renders and that the
screen it paints is Textual's own, so a release that changes it fails there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip


def line_runs(lines: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The (first, end) ranges of consecutive numbers in `lines`."""
    first = end = None
    for y in sorted(set(lines)):
        if end is not None and y == end:
            end += 1
            continue
        if first is not None and end is not None:
            yield first, end
        first, end = y, y + 1
    if first is not None and end is not None:
        yield first, end


class LineCompositor(Compositor):
    """Renders a partial update from the changed lines only (a full one as Textual does)."""

    def __init__(self) -> None:
        super().__init__()
        self._changed_lines: set[int] | None = None  # set while a partial update renders

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed_lines = {y for region in self._dirty_regions for y in region.line_range}
        try:
            return super().render_partial_update()
        finally:
            self._changed_lines = None

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        lines = self._changed_lines
        if lines is None or crop is None:
            yield from super()._get_renders(crop)
            return
        for widget, (region, clip) in self.visible_widgets.items():
            if not crop.overlaps(clip):
                continue
            shown = region.intersection(clip)
            changed = (y for y in lines if shown.y <= y < shown.bottom)
            for first, end in line_runs(changed):
                # The widget's region cut to these lines: the caller clips it with `clip`
                # to where the strips go, the lines asked for below.
                part = Region(region.x, first, region.width, end - first)
                ask = Region(shown.x - region.x, first - region.y, shown.width, end - first)
                yield part, clip, widget.render_lines(ask)


def use_line_compositor(screen: Screen[Any]) -> None:
    """Give a screen (before it is mounted) the compositor above."""
    screen._compositor = LineCompositor()
