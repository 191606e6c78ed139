"""The library: every article with its metadata, status and review progress.

Filter with `/` (words, `status:`, `label:`, `entity:`), cycle the status
filter with `f` and the sort with `s`. Rows refresh one by one as detection
and edits change articles.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from annotations.library import (
    SORTS,
    STATUSES,
    Query,
    Summary,
    Totals,
    entity_names,
    sort_rows,
    summarise,
)
from tui.render import UNKNOWN, safe
from tui.services import UsesServices
from tui.widgets.footer import Footer
from tui.widgets.row_table import Column, RowTable

TITLE_WIDTH = 58
STATUS_FILTERS = (None, *STATUSES)
COLUMNS = (
    Column("title", "Title", TITLE_WIDTH),
    Column("date", "Date", 10),
    Column("source", "Source", 10),
    Column("status", "Status", 11),
    Column("entities", "Entities", 8, "right"),
    Column("reviewed", "Reviewed", 8, "right"),
)


class LibraryScreen(UsesServices, Screen[None]):
    """Lists the articles in the database; Enter opens one in the reader."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("f", "cycle_status", "Status filter", id="status_filter"),
        Binding("s", "cycle_sort", "Sort", id="sort"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Summary] = {}
        self.totals = Totals()
        self.query_text = ""
        self.status_filter: str | None = None
        self.sort = SORTS[0]
        self._stale: set[str] = set()
        self._bodies: dict[str, str] = {}
        self._names: dict[str, frozenset[str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="library-summary")
        yield Input(
            placeholder="filter: words  status:done  label:WEAPON  entity:Putin", id="filter"
        )
        yield RowTable(COLUMNS, id="articles")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "newsdesk"
        self.sub_title = "library"
        self.query_one("#filter", Input).display = False
        store = self.services.store
        tallies = store.entity_tallies()
        self.rows = {  # listings and tallies only: no body or entity read, no model built
            a.id: summarise(a, tallies.get(a.id, {}), order)
            for order, a in enumerate(store.listings())
        }
        self.totals = Totals(self.rows.values())
        self.rebuild()
        self.watch(self.app, "changed_articles", self._on_store_changed, init=False)
        self.watch(self.app, "detection_progress", self._show_summary, init=False)
        self.table.focus()
        self.app.detect_pending([r.id for r in self.rows.values() if not r.detected])

    @property
    def table(self) -> RowTable:
        return self.query_one("#articles", RowTable)

    def article_order(self) -> list[str]:
        """Article ids in the order the table shows them."""
        return self.table.row_keys()

    # -- rows ----------------------------------------------------------------
    def visible(self) -> list[Summary]:
        query = Query.parse(self.query_text)
        if self.status_filter:
            query = Query(query.words, self.status_filter, query.label, query.entity)  # type: ignore[arg-type]
        rows: Iterable[Summary] = self.rows.values()
        if query != Query():
            rows = (r for r in rows if query.matches(r, self._body, self._entity_names))
        return sort_rows(rows, self.sort)

    def _body(self, article_id: str) -> str:
        """An article's text for word search, read once and kept."""
        if article_id not in self._bodies:
            self._bodies[article_id] = self.services.store.article(article_id).text.lower()
        return self._bodies[article_id]

    def _entity_names(self, article_id: str) -> frozenset[str]:
        """An article's entity names for `entity:`, read once and kept."""
        if article_id not in self._names:
            self._names[article_id] = entity_names(self.services.store.entities(article_id))
        return self._names[article_id]

    def rebuild(self) -> None:
        """Refill the table from the summaries, keeping the cursor on the same article."""
        try:
            shown = self.visible()
        except ValueError as exc:
            self.notify(str(exc), severity="warning", timeout=4)
            shown = sort_rows(self.rows.values(), self.sort)
        self.table.set_rows([row.id for row in shown], lambda key: self._cells(self.rows[key]))
        self._show_summary()

    def _cells(self, row: Summary) -> tuple[Text, ...]:
        title = safe(row.title or "(untitled)")
        if row.duplicate_of:
            title = Text("≈ ", style="dim") + title
        title.truncate(TITLE_WIDTH, overflow="ellipsis")
        date = Text(row.date.isoformat()) if row.date else Text(UNKNOWN, style="dim italic")
        count = str(row.entity_count) if row.detected else "…"
        reviewed = f"{row.reviewed:.0%}" if row.detected else ""
        return (
            title,
            date,
            safe(row.source or "—"),
            Text(row.status.replace("_", " "), style="bold" if row.status == "done" else ""),
            Text(count, justify="right"),
            Text(reviewed, justify="right"),
        )

    def _refresh_rows(self, ids: set[str]) -> None:
        if not ids:
            return
        store = self.services.store
        for article_id in ids:
            article = store.listing(article_id)
            if article is None:  # deleted meanwhile
                continue
            order = self.rows[article_id].order if article_id in self.rows else len(self.rows)
            self._bodies.pop(article_id, None)
            self._names.pop(article_id, None)
            row = summarise(article, store.entity_tally(article_id), order)
            if article_id in self.rows:
                self.totals.remove(self.rows[article_id])
            self.totals.add(row)
            self.rows[article_id] = row
            self.table.refresh_row(article_id)
        self._show_summary()

    def _on_store_changed(self, ids: frozenset[str]) -> None:
        if not ids:  # something changed, the store does not say what
            ids = frozenset(self.services.store.article_ids())
        self._stale |= ids
        if self.app.screen is self:
            self._flush()

    def on_screen_resume(self) -> None:
        self._flush()

    def _flush(self) -> None:
        stale, self._stale = self._stale, set()
        new = stale - self.rows.keys()
        self._refresh_rows(stale)
        if new:
            self.rebuild()

    def _show_summary(self) -> None:
        statuses, states = self.totals.statuses, self.totals.states
        total = sum(states.values())
        done = total - states["suggested"]
        text = Text(f"{len(self.rows)} articles: ")
        text.append(", ".join(f"{statuses[s]} {s.replace('_', ' ')}" for s in STATUSES))
        text.append(f"  ·  {done}/{total} entities reviewed")
        if total:
            text.append(f" ({done / total:.0%})")
        shown = self.table.row_count
        if shown != len(self.rows):
            text.append(f"  ·  showing {shown}", style="bold")
        filters = [
            f for f in (self.query_text, self.status_filter and f"status:{self.status_filter}") if f
        ]
        text.append(f"  ·  sort: {self.sort}", style="dim")
        if filters:
            text.append("  ·  filter: ", style="dim")
            text.append_text(safe(" ".join(filters)))
        busy, goal = self.app.detection_progress
        if goal and busy < goal:
            text.append(f"  ·  detecting entities {busy}/{goal}…", style="italic")
        self.query_one("#library-summary", Static).update(text, layout=False)

    # -- actions ---------------------------------------------------------------
    def action_open(self) -> None:
        article_id = self.table.cursor_key
        if article_id is not None:
            self.app.open_article(article_id, self.article_order())

    @on(RowTable.Selected, "#articles")
    def _open_selected(self, event: RowTable.Selected) -> None:
        event.stop()
        self.action_open()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = self.query_text
        box.focus()

    @on(Input.Submitted, "#filter")
    def _apply_filter(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        event.input.display = bool(self.query_text)
        self.rebuild()
        self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = False
        if self.query_text or self.status_filter:
            self.query_text, self.status_filter = "", None
            self.rebuild()
        self.table.focus()

    def action_cycle_status(self) -> None:
        index = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
        self.rebuild()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.rebuild()
