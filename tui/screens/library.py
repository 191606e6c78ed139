"""The library: every article with its title, date, source, status and entities."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from annotations.models import Article
from tui.render import date_text, safe

TITLE_WIDTH = 60


class LibraryScreen(Screen[None]):
    """Lists the articles in the database; Enter opens one in the reader."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="library-summary")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "newsdesk"
        self.sub_title = "library"
        table = self.query_one("#articles", DataTable)
        table.add_column("Title", key="title", width=TITLE_WIDTH)
        table.add_column("Date", key="date", width=10)
        table.add_column("Source", key="source", width=12)
        table.add_column("Status", key="status", width=11)
        table.add_column("Entities", key="entities", width=8)
        self.reload()
        self.watch(self.app, "store_version", self._on_store_changed, init=False)
        self.watch(self.app, "detection_progress", self._show_summary)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#articles", DataTable)

    def article_order(self) -> list[str]:
        """Article ids in the order the table shows them."""
        return [str(row.key.value) for row in self.table.ordered_rows]

    def reload(self) -> None:
        """Rebuild the rows from the store, keeping the cursor on the same article."""
        table = self.table
        keep = self._current_id()
        table.clear()
        for article in self.app.store.articles():
            table.add_row(*self._cells(article), key=article.id)
        if keep is not None and keep in self.app.store:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_summary()

    def _cells(self, article: Article) -> tuple[Text, ...]:
        title = safe(article.meta.title or "(untitled)")
        title.truncate(TITLE_WIDTH, overflow="ellipsis")
        if article.duplicate_of:
            title = Text("≈ ", style="dim") + title
        count = self.app.store.entity_count(article.id)
        entities = Text(str(count) if article.detected_with else "…", justify="right")
        return (
            title,
            date_text(article),
            safe(article.meta.source or article.meta.publisher or "—"),
            Text(article.status.replace("_", " ")),
            entities,
        )

    def _current_id(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value)

    def _on_store_changed(self) -> None:
        self.reload()

    def _show_summary(self) -> None:
        store = self.app.store
        done, total = self.app.detection_progress
        text = Text(f"{len(store)} articles")
        if total and done < total:
            text.append(f"   detecting entities {done}/{total}…", style="italic")
        self.query_one("#library-summary", Static).update(text)

    def action_open(self) -> None:
        article_id = self._current_id()
        if article_id is not None:
            self.app.open_article(article_id, self.article_order())

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()
