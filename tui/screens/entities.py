"""One entity across articles: canonical entities, their mentions, merge and split.

Keys are commands; typing a letter no command uses (or `/`) starts the filter.
Enter shows an entity's mentions, Enter on one opens the reader there. `m` marks,
`M` merges the marked entity here, `s` splits a mention's alias out, `u` undoes;
every change is stored (overrides table, canonical ids).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from annotations.review.links import CanonicalEntity, CorpusLinks
from annotations.store import StoreError
from tui.render import safe, snippet
from tui.services import UsesServices
from tui.widgets.footer import Footer

MAX_ROWS = 1000  # entities listed at once; typing narrows the list
MAX_MENTIONS = 100  # mentions listed for the highlighted entity
WARM_POLL = 0.1  # seconds between looks at the app's reading of the corpus links


class EntitiesScreen(UsesServices, Screen[None]):
    """Canonical entities of the corpus with their mentions; merge, split, jump."""

    DEFAULT_CSS = """
    EntitiesScreen #entity-filter { margin: 0 1; }
    EntitiesScreen #canonical { height: 1fr; }
    EntitiesScreen #mentions-heading { padding: 0 1; background: $boost; }
    EntitiesScreen #mentions { height: 1fr; }
    EntitiesScreen #entities-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="entities_back"),
        Binding("down", "rows(1)", "Down", show=False),
        Binding("up", "rows(-1)", "Up", show=False),
        Binding("pagedown", "rows(10)", "Page down", show=False),
        Binding("pageup", "rows(-10)", "Page up", show=False),
        Binding("slash", "filter", "Filter", id="entities_filter"),
        Binding("m", "mark", "Mark", id="entities_mark"),
        Binding("M", "merge", "Merge marked here", id="entities_merge"),
        Binding("s", "split", "Split alias out", id="entities_split"),
        Binding("u", "undo", "Undo", id="entities_undo"),
    ]

    def __init__(self, entity_id: str | None = None) -> None:
        super().__init__()
        self.entity_id = entity_id
        self.links: CorpusLinks | None = None
        self.marked: str | None = None
        self.shown = 0
        self._poll: Timer | None = None
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="type to filter entities", id="entity-filter", select_on_focus=False
        )
        yield DataTable(id="canonical", cursor_type="row", zebra_stripes=True)
        yield Static(id="mentions-heading")
        yield DataTable(id="mentions", cursor_type="row")
        yield Static(id="entities-status")
        yield Footer()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#canonical", DataTable)

    @property
    def mention_table(self) -> DataTable[Text]:
        return self.query_one("#mentions", DataTable)

    def on_mount(self) -> None:
        self.title, self.sub_title = "newsdesk", "entities"
        self.table.add_column("Entity", key="name", width=34)
        self.table.add_column("Label", key="label", width=12)
        self.table.add_column("Mentions", key="n", width=8)
        self.table.add_column("Articles", key="articles", width=8)
        self.table.add_column("Aliases", key="aliases", width=44)
        self.mention_table.add_column("Article", key="article", width=36)
        self.mention_table.add_column("Context", key="context", width=76)
        self._refresh()
        self.table.focus()  # keys are commands here; a letter no command uses starts the filter

    def on_screen_resume(self) -> None:
        """Refill the list when the screen shows again (`on_mount` filled it first)."""
        if self._resumed:
            self._refresh()
        self._resumed = True

    def _refresh(self) -> None:
        """Fill the list from the corpus links; while the app is still reading them (a
        chunk per turn after the library showed) say how far it got and look again,
        rather than reading the rest at once and freezing the screen."""
        links = self.services.corpus_links
        if (progress := links.warming) is not None:
            done, total = progress
            self.query_one("#entities-status", Static).update(
                Text(f"Reading the corpus's entities: {done:,} of {total:,} articles…")
            )
            if self._poll is None:
                self._poll = self.set_timer(WARM_POLL, self._poll_links)
            return
        self.links = links
        self._apply(links.refresh)

    def _poll_links(self) -> None:
        self._poll = None
        self._refresh()

    @property
    def groups(self) -> dict[str, CanonicalEntity]:
        return self.links.groups if self.links is not None else {}

    # -- data ----------------------------------------------------------------
    def _apply(self, change: Callable[..., set[str] | None], *args: object) -> bool:
        """Run a change of the links, tell the app what it touched, refill the list."""
        keep = self._current()
        try:
            touched = change(*args)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return False
        if touched and self.links is not None:
            self.app.store_changed(*touched)
            self.links.settled(touched)
        if self.entity_id is not None and self.links is not None:
            keep, self.entity_id = self.links.group_of(self.entity_id), None
        self._fill(keep)
        return touched is not None

    def _fill(self, keep: str | None) -> None:
        table, words = self.table, self.query_one(Input).value.casefold().split()
        table.clear()
        self.shown = 0
        for key, group in self.groups.items():
            haystack = f"{key} {group.name} {' '.join(group.aliases)}".casefold()
            if all(w in haystack for w in words):
                self.shown += 1
                if self.shown <= MAX_ROWS or key == keep:
                    table.add_row(*self._cells(group), key=key)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_mentions()
        self._show_status()

    def _cells(self, group: CanonicalEntity) -> tuple[Text, ...]:
        mark = Text("● ", style="bold magenta") if group.key == self.marked else Text("")
        aliases = group.other_forms
        return (
            mark + safe(group.name),
            safe(", ".join(group.labels)),
            Text(str(len(group.mentions)), justify="right"),
            Text(str(len(group.articles)), justify="right"),
            safe(" · ".join(aliases), style="dim"),
        )

    def _current(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _show_mentions(self) -> None:
        table, key = self.mention_table, self._current()
        table.clear()
        group = self.groups.get(key) if key else None
        heading = Text("Mentions", style="bold")
        if group is not None:
            heading.append_text(safe(f" of {group.name}", style="bold"))
            if len(group.mentions) > MAX_MENTIONS:
                heading.append(f"  (first {MAX_MENTIONS} of {len(group.mentions)})", style="dim")
            heading.append("   Enter opens the reader at a mention; s splits its alias out")
            for m in group.mentions[:MAX_MENTIONS]:
                title, text = self.links.article(m.article_id)  # type: ignore[union-attr]
                cell = safe(title)
                cell.truncate(36, overflow="ellipsis")
                table.add_row(cell, snippet(text, m.start, m.end), key=m.id)
        self.query_one("#mentions-heading", Static).update(heading)

    def _show_status(self) -> None:
        mentions = len(self.links.entities) if self.links else 0
        text = Text(f"{len(self.groups)} entities, {mentions} mentions")
        if self.shown > MAX_ROWS:
            text.append(f"   showing {MAX_ROWS} of {self.shown}: type to narrow", style="italic")
        if self.marked and self.marked in self.groups:
            text.append("   marked: ", style="dim")
            text.append_text(safe(self.groups[self.marked].name, style="bold magenta"))
            text.append("  (M on another entity merges it there)", style="dim")
        self.query_one("#entities-status", Static).update(text)

    # -- keys ------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """Typing in a list filters: printable keys no command uses go to the filter."""
        box = self.query_one(Input)
        if box.has_focus or not (event.is_printable and event.character):
            return
        if (
            event.key in self._bindings.key_to_bindings
            or event.key in self.app._bindings.key_to_bindings
        ):
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.value += event.character
        box.cursor_position = len(box.value)

    @on(Input.Changed, "#entity-filter")
    def _filter_changed(self) -> None:
        self._fill(self._current())

    @on(Input.Submitted, "#entity-filter")
    def _filter_done(self) -> None:
        self.mention_table.focus() if self.mention_table.row_count else self.table.focus()

    @on(DataTable.RowHighlighted, "#canonical")
    def _highlighted(self) -> None:
        self._show_mentions()

    @on(DataTable.RowSelected, "#canonical")
    def _entity_selected(self) -> None:
        if self.mention_table.row_count:
            self.mention_table.focus()

    @on(DataTable.RowSelected, "#mentions")
    def _mention_selected(self, event: DataTable.RowSelected) -> None:
        group = self.groups.get(self._current() or "")
        if group is None:
            return
        mention = next((m for m in group.mentions if m.id == event.row_key.value), None)
        if mention is None:
            return
        order = list(dict.fromkeys(m.article_id for m in group.mentions))
        self.app.open_article(mention.article_id, order, cursor=mention.start)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        filter_box = self.query_one(Input)
        if self.mention_table.has_focus:
            self.table.focus()
        elif filter_box.value:
            filter_box.value = ""
        else:
            self.app.pop_screen()

    def action_rows(self, delta: int) -> None:
        table = self.mention_table if self.mention_table.has_focus else self.table
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_mark(self) -> None:
        key = self._current()
        self.marked = None if key == self.marked else key
        self._fill(key)

    def action_merge(self) -> None:
        target, marked = self._current(), self.marked
        if not marked or marked not in self.groups:
            self.notify("Mark an entity with m first, then press M on the one to merge it into.")
        elif target is None or target == marked:
            self.notify("Move to another entity to merge the marked one into.", timeout=3)
        elif self._writable() and self.links is not None:
            name = self.groups[marked].name
            self.marked = None
            if self._apply(self.links.merge, marked, target):
                self.notify(f"Merged {name!r} into {self.groups[target].name!r}.", timeout=3)

    def action_split(self) -> None:
        table = self.mention_table
        if not table.has_focus or table.row_count == 0:
            self.notify("Choose a mention (Enter) to split its alias out.", timeout=3)
        elif self._writable() and self.links is not None:
            row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            if self._apply(self.links.split, str(row.value)):
                self.notify("Split the mention's alias out as its own entity.", timeout=3)

    def action_undo(self) -> None:
        if self._writable() and self.links is not None:
            if self._apply(self.links.undo):
                self.notify("Undid the last merge or split.", timeout=2)
            else:
                self.notify("Nothing to undo.", timeout=2)

    def _writable(self) -> bool:
        if self.services.store.read_only:
            self.notify("The database is open read-only; nothing was changed.", timeout=3)
        return not self.services.store.read_only
