"""The side list of an article's entities: one row per distinct label and text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from annotations.labels import FALLBACK_COLOUR, LabelSpec
from annotations.models import Entity
from tui.render import safe


class EntityList(DataTable[Text]):
    """Distinct entities of the article with their mention counts, by label."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_column("Label", key="label", width=8)
        self.add_column("Entity", key="entity", width=26)
        self.add_column("n", key="n", width=3)

    def show(self, entities: Sequence[Entity], labels: Mapping[str, LabelSpec]) -> None:
        """List the entities; when only counts changed, update those cells in place."""
        order = {name: i for i, name in enumerate(labels)}
        counts = Counter((e.label, e.text) for e in entities if e.state != "rejected")
        rows = sorted(counts.items(), key=lambda it: (order.get(it[0][0], 99), it[0][1].lower()))
        keys = [f"{label}\x00{text}" for (label, text), _ in rows]
        if keys == [str(row.key.value) for row in self.ordered_rows]:
            for key, (_, n) in zip(keys, rows, strict=True):
                if str(self.get_cell(key, "n")) != str(n):
                    self.update_cell(key, "n", Text(str(n), justify="right"))
            return
        self.clear()
        for (label, text), n in rows:
            colour = labels[label].colour if label in labels else FALLBACK_COLOUR
            self.add_row(
                safe(label, Style(color=colour, bold=True)),
                safe(text),
                Text(str(n), justify="right"),
                key=f"{label}\x00{text}",
            )
