"""The side list of an article's entities: one row per distinct label and text.

A `RowTable`: rows are rendered only on screen, and an edit that changes one
entity's count repaints that one row (a row appears or goes only when a label
and text gains its first mention or loses its last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence, Set

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
        self._counts: Counter[str] = Counter()
        self._row_of: dict[str, str] = {}  # entity id -> the row counting it (not rejected)
        self._labels: Mapping[str, LabelSpec] = {}
        self.rows_rebuilt = 0  # times the rows were laid out again (the tests count them)

    def show(
        self,
        entities: Sequence[Entity],
        labels: Mapping[str, LabelSpec],
        changed: Set[str] | None = None,
    ) -> None:
        """List the entities; only the rows whose count changed are repainted, unless a
        row gains its first mention or loses its last. `changed` names the ids an edit
        touched: only those are counted again. Without it, every entity is."""
        before = self._counts
        if changed is None or labels is not self._labels:
            counted = (e for e in entities if e.state != "rejected")
            self._row_of = {e.id: row_key(e.label, e.text) for e in counted}
            self._counts = Counter(self._row_of.values())
            moved = self._counts.keys() | before.keys()
        else:
            self._counts, moved = before.copy(), set()
            for entity_id in changed:
                if (old := self._row_of.pop(entity_id, None)) is not None:
                    self._counts[old] -= 1
                    moved.add(old)
            for e in entities:
                if e.id in changed and e.state != "rejected":
                    key = self._row_of[e.id] = row_key(e.label, e.text)
                    self._counts[key] += 1
                    moved.add(key)
        moved = {key for key in moved if self._counts[key] != before[key]}
        if labels is not self._labels or any(not before[k] or not self._counts[k] for k in moved):
            self._counts, self._labels = +self._counts, labels  # rows without mentions go
            self._lay_out()
            return
        for key in moved:
            self.refresh_row(key)

    def _lay_out(self) -> None:
        order = {name: i for i, name in enumerate(self._labels)}

        def sort_key(key: str) -> tuple[int, str]:
            label, _, text = key.partition("\x00")
            return order.get(label, 99), text.lower()

        self.rows_rebuilt += 1
        self.set_rows(sorted(self._counts, key=sort_key), self._row_cells)

    def _row_cells(self, key: str) -> tuple[Text, ...]:
        label, _, text = key.partition("\x00")
        spec = self._labels.get(label)
        colour = spec.colour if spec is not None else FALLBACK_COLOUR
        return (
            safe(label, Style(color=colour, bold=True)),
            safe(text),
            Text(str(self._counts.get(key, 0)), justify="right"),
        )
