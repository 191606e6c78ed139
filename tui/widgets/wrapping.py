"""Word-wrap a text into display lines that remember their character offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

_CHUNK = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One display line: text[start:end], newline excluded."""

    start: int
    end: int


def wrap(text: str, width: int) -> list[Line]:
    """Greedy word wrap at `width` cells; a word longer than a line is split."""
    width = max(width, 8)
    lines: list[Line] = []
    pos = 0
    for para in text.split("\n"):
        lines.extend(_wrap_paragraph(para, pos, width))
        pos += len(para) + 1
    return lines


def _wrap_paragraph(para: str, offset: int, width: int) -> list[Line]:
    if not para:
        return [Line(offset, offset)]
    lines: list[Line] = []
    start = 0  # start of the current line within the paragraph
    used = 0  # cells used on the current line
    for match in _CHUNK.finditer(para):
        word_cells = cell_len(match.group().rstrip())
        if used and used + word_cells > width:
            lines.append(Line(offset + start, offset + match.start()))
            start, used = match.start(), 0
        if used == 0 and word_cells > width:  # a token wider than a line: hard-split it
            pos = match.start()
            while cell_len(para[pos : match.end()].rstrip()) > width:
                cut = _cut(para, pos, width)
                lines.append(Line(offset + pos, offset + cut))
                pos = cut
            start = pos
            used = cell_len(para[pos : match.end()])
            continue
        used += cell_len(match.group())
    lines.append(Line(offset + start, offset + len(para)))
    return lines


def _cut(para: str, start: int, width: int) -> int:
    """The offset after the last character of para[start:] that fits in `width` cells."""
    cells = 0
    for index in range(start, len(para)):
        cells += cell_len(para[index])
        if cells > width:
            return max(index, start + 1)
    return len(para)


class Layout:
    """Display lines of a text at one width, with offset <-> (row, column) lookups."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = width
        self.lines = wrap(text, width)
        self._starts = [line.start for line in self.lines]

    def row_of(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def column_of(self, pos: int) -> int:
        line = self.lines[self.row_of(pos)]
        return cell_len(self.text[line.start : min(pos, line.end)])

    def offset_at(self, row: int, column: int) -> int:
        """The character offset shown at (row, column), clamped to the line."""
        row = max(0, min(row, len(self.lines) - 1))
        line = self.lines[row]
        cells = 0
        for index in range(line.start, line.end):
            cells += cell_len(self.text[index])
            if cells > column:
                return index
        return line.end
