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
    """Display lines of a text at one width, with offset <-> (row, column) lookups.

    Paragraphs are wrapped on demand, as far as an offset or a row asked for: the
    first screen of a long article is laid out before the rest, which `finish`
    (or any question about the end) wraps later."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = width
        self._lines: list[Line] = []
        self._starts: list[int] = []
        self._next = 0  # offset of the first paragraph not wrapped yet

    @property
    def done(self) -> bool:
        return self._next > len(self.text)

    def _wrap_next(self) -> None:
        """Wrap one more paragraph."""
        text, start = self.text, self._next
        newline = text.find("\n", start)
        end = newline if newline >= 0 else len(text)
        lines = _wrap_paragraph(text[start:end], start, max(self.width, 8))
        self._lines.extend(lines)
        self._starts.extend(line.start for line in lines)
        self._next = end + 1

    def _through_offset(self, pos: int) -> None:
        while not self.done and self._next <= pos:
            self._wrap_next()

    def _through_row(self, row: int) -> None:
        while not self.done and len(self._lines) <= row:
            self._wrap_next()

    def finish(self) -> None:
        while not self.done:
            self._wrap_next()

    @property
    def lines(self) -> list[Line]:
        """Every line (wraps the rest of the text)."""
        self.finish()
        return self._lines

    def line(self, row: int) -> Line | None:
        """Line `row`, or None past the end."""
        self._through_row(row)
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def estimated_rows(self) -> int:
        """The number of lines: exact once wrapped, else the wrapped ones and the rest at
        the same characters per line."""
        if self.done:
            return len(self._lines)
        per_line = max(self._next / max(len(self._lines), 1), 1.0)
        return len(self._lines) + int((len(self.text) - self._next) / per_line) + 1

    def row_of(self, pos: int) -> int:
        self._through_offset(pos)
        return max(0, bisect_right(self._starts, pos) - 1)

    def column_of(self, pos: int) -> int:
        line = self._lines[self.row_of(pos)]
        return cell_len(self.text[line.start : min(pos, line.end)])

    def offset_at(self, row: int, column: int) -> int:
        """The character offset shown at (row, column), clamped to the line."""
        self._through_row(row)
        row = max(0, min(row, len(self._lines) - 1))
        line = self._lines[row]
        cells = 0
        for index in range(line.start, line.end):
            cells += cell_len(self.text[index])
            if cells > column:
                return index
        return line.end
