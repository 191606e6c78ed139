"""Comparing the article with another analyst's layer (`D`).

`D` steps through the analysts who have a layer of this article (imported
with `newsdesk import --as NAME`, or the adjudicated one), then back to none.
While comparing, the marks where the other analyst differs from this
database's own annotations are painted over the text (their spans on a
magenta ground), the byline names them and counts the differences, and the
status line says what they marked under the cursor. Nothing is edited: F4's
adjudication settles differences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from annotations.team.adjudication import Disagreement, disagreements
from annotations.team.layers import Layers, marks
from tui.render import safe

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

KEYS = [Binding("D", "compare", "Compare with analyst", show=False, id="compare_analyst")]
THEIRS = Style(bgcolor="#8b3a8b", color="white")


class Comparison:
    """Which analyst the article is compared with, and where the two differ."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self.other: str | None = None
        self.items: list[Disagreement] = []

    def _layers(self) -> Layers:
        return Layers(self.reader.store, self.reader.services.settings.analyst)

    def cycle(self) -> str:
        """Compare with the next analyst (or stop); what to tell the analyst."""
        layers = self._layers()
        article_id = self.reader.article_id
        names = [n for n in layers.analysts()[1:] if layers.of(n, article_id) is not None]
        if not names:
            self.other = None
            return "No other analyst's layer of this article (import one with import --as)."
        at = names.index(self.other) + 1 if self.other in names else 0
        self.other = names[at] if at < len(names) else None
        self.update()
        return f"Comparing with {self.other}." if self.other else "Comparison off."

    def update(self) -> None:
        """Recompute the differences (after an edit, or another article)."""
        self.items = []
        if self.other is None:
            return
        theirs = self._layers().of(self.other, self.reader.article_id)
        if theirs is None:
            self.other = None
            return
        editor = self.reader.editor
        mine = marks(editor.entities.values(), editor.events.values())
        self.items = disagreements(mine.spans, theirs.layer.spans)[1]

    def overlay(self) -> list[tuple[int, int, Style]]:
        return [(m.start, m.end, THEIRS) for item in self.items for m in item.b]

    def byline(self) -> Text:
        if self.other is None:
            return Text("")
        out = Text("  ·  comparing with ", style="dim")
        out.append_text(safe(self.other, style="bold magenta"))
        out.append(f" ({len(self.items)} differ)", style="dim")
        return out

    def at(self, pos: int) -> Text:
        """What the other analyst marked at `pos`, where the two differ."""
        for item in self.items:
            if item.start <= pos < item.end and self.other is not None:
                text = self.reader.editor.article.text
                shown = "; ".join(f"{text[m.start : m.end]!r} {m.label}" for m in item.b)
                out = Text("   ")
                out.append_text(safe(f"{self.other}: {shown or 'nothing'}", style="magenta"))
                return out
        return Text("")
