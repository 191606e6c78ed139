"""The side list of an article's entities: one row per distinct label and text.

A `RowTable`: rows are rendered only on screen, and an edit that changes one
entity's count repaints that one row (a row appears or goes only when a label
and text gains its first mention or loses its last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text

from annotations.labels import FALLBACK_COLOUR, LabelSpec
from annotations.models import Entity
from tui.render import safe
from tui.widgets.row_table import Column, RowTable

COLUMNS = [
    Column("label", "Label", 8),
    Column("entity", "Entity", 26),
    Column("n", "n", 3, "right"),
]


def row_key(label: str, text: str) -> str:
    return f"{label}\x00{text}"


class EntityList(RowTable):
    """Distinct entities of the article with their mention counts, by label."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, id=id)
        self._counts: dict[str, int] = {}
        self._labels: Mapping[str, LabelSpec] = {}
        self.rows_rebuilt = 0  # times the rows were laid out again (the tests count them)

    def show(self, entities: Sequence[Entity], labels: Mapping[str, LabelSpec]) -> None:
        """List the entities; when only counts changed, repaint just those rows."""
        counts = Counter(row_key(e.label, e.text) for e in entities if e.state != "rejected")
        if counts.keys() == self._counts.keys() and labels is self._labels:
            changed = [key for key, n in counts.items() if self._counts[key] != n]
            self._counts = dict(counts)
            for key in changed:
                self.refresh_row(key)
            return
        self._counts, self._labels = dict(counts), labels
        order = {name: i for i, name in enumerate(labels)}

        def sort_key(key: str) -> tuple[int, str]:
            label, _, text = key.partition("\x00")
            return order.get(label, 99), text.lower()

        self.rows_rebuilt += 1
        self.set_rows(sorted(counts, key=sort_key), self._row_cells)

    def _row_cells(self, key: str) -> tuple[Text, ...]:
        label, _, text = key.partition("\x00")
        spec = self._labels.get(label)
        colour = spec.colour if spec is not None else FALLBACK_COLOUR
        return (
            safe(label, Style(color=colour, bold=True)),
            safe(text),
            Text(str(self._counts.get(key, 0)), justify="right"),
        )
