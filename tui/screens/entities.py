"""One entity across articles: canonical entities, their mentions, merge and split.

Type to filter (the filter box has the focus; up/down move the list). Enter
focuses the mentions of the highlighted entity; Enter on a mention opens the
reader at it. In the entity list `m` marks an entity and `M` merges the
marked one into the highlighted one; in the mention list `s` splits the
mention's alias out of its entity; `u` undoes the last merge or split. Every
change is stored (the `link_overrides` table and each entity's canonical id).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from annotations.entities import LinkOverrides, canonical_key
from annotations.models import Entity
from annotations.review.links import (
    CanonicalEntity,
    corpus_entities,
    load_overrides,
    merged,
    save_overrides,
    split_out,
    sync_canonical,
)
from annotations.store import StoreError
from tui.render import safe, snippet


class EntitiesScreen(Screen[None]):
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
        self.entities: list[Entity] = []
        self.overrides = LinkOverrides()
        self.groups: dict[str, CanonicalEntity] = {}
        self.marked: str | None = None
        self.undo_stack: list[LinkOverrides] = []
        self._titles: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="type to filter entities", id="entity-filter")
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
        self.reload()
        if self.entity_id is not None:
            self.table.focus()
        else:
            self.query_one(Input).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.entities:
            self.reload()

    # -- data ----------------------------------------------------------------
    def reload(self) -> None:
        """Read the entities and overrides, regroup, store stale canonical ids."""
        store = self.app.store
        self.entities = store.all("entities", Entity)
        self.overrides = load_overrides(store)
        self._regroup()

    def _regroup(self, keep: str | None = None) -> None:
        store = self.app.store
        self.groups = {g.key: g for g in corpus_entities(self.entities, self.overrides)}
        if not self.app.store.read_only:
            try:
                updated = {e.id: e for e in sync_canonical(store, self.entities, self.overrides)}
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=8)
            else:
                if updated:
                    self.entities = [updated.get(e.id, e) for e in self.entities]
                    self.app.store_changed(*{e.article_id for e in updated.values()})
        if keep is None and self.entity_id is not None:
            keep = next(
                (
                    k
                    for k, g in self.groups.items()
                    if any(m.id == self.entity_id for m in g.mentions)
                ),
                None,
            )
            self.entity_id = None
        self._fill(keep or self._current())

    def _fill(self, keep: str | None) -> None:
        table, words = self.table, self.query_one(Input).value.casefold().split()
        table.clear()
        for key, group in self.groups.items():
            haystack = f"{key} {group.name} {' '.join(group.aliases)}".casefold()
            if all(w in haystack for w in words):
                table.add_row(*self._cells(group), key=key)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_mentions()
        self._show_status()

    def _cells(self, group: CanonicalEntity) -> tuple[Text, ...]:
        mark = Text("● ", style="bold magenta") if group.key == self.marked else Text("")
        aliases = sorted({m.text for m in group.mentions} - {group.name})
        return (
            mark + safe(group.name),
            Text(", ".join(group.labels)),
            Text(str(len(group.mentions)), justify="right"),
            Text(str(len(group.articles)), justify="right"),
            safe(" · ".join(aliases), style="dim"),
        )

    def _current(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _title(self, article_id: str) -> str:
        if article_id not in self._titles:
            article = self.app.store.article(article_id)
            self._titles[article_id] = article.meta.title or "(untitled)"
            self._texts[article_id] = article.text
        return self._titles[article_id]

    def _show_mentions(self) -> None:
        table, key = self.mention_table, self._current()
        table.clear()
        group = self.groups.get(key) if key else None
        heading = Text("Mentions", style="bold")
        if group is not None:
            heading.append_text(safe(f" of {group.name}", style="bold"))
            heading.append("   Enter opens the reader at a mention; s splits its alias out")
            for m in group.mentions:
                title = safe(self._title(m.article_id))
                title.truncate(36, overflow="ellipsis")
                table.add_row(title, snippet(self._texts[m.article_id], m.start, m.end), key=m.id)
        self.query_one("#mentions-heading", Static).update(heading)

    def _show_status(self) -> None:
        text = Text(f"{len(self.groups)} entities, {len(self.entities)} mentions")
        if self.marked and self.marked in self.groups:
            text.append("   marked: ", style="dim")
            text.append_text(safe(self.groups[self.marked].name, style="bold magenta"))
            text.append("  (M on another entity merges it there)", style="dim")
        self.query_one("#entities-status", Static).update(text)

    # -- keys ------------------------------------------------------------------
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
        self.app.open_article(mention.article_id, order)
        reader = self.app.screen
        if hasattr(reader, "start_cursor"):
            reader.start_cursor = mention.start

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
        target = self._current()
        if not self.marked or self.marked not in self.groups:
            self.notify("Mark an entity with m first, then press M on the one to merge it into.")
            return
        if target is None or target == self.marked:
            self.notify("Move to another entity to merge the marked one into.", timeout=3)
            return
        source = self.groups[self.marked]
        self._change(merged(self.overrides, [source.key, *source.aliases], target), target)
        self.notify(f"Merged {source.name!r} into {self.groups[target].name!r}.", timeout=3)
        self.marked = None
        self._fill(target)

    def action_split(self) -> None:
        if not self.mention_table.has_focus or self.mention_table.row_count == 0:
            self.notify("Choose a mention (Enter) to split its alias out.", timeout=3)
            return
        row = self.mention_table.coordinate_to_cell_key(self.mention_table.cursor_coordinate)
        mention = next(e for e in self.entities if e.id == row.row_key.value)
        key = canonical_key(mention.text, mention.label)
        group = self._current()
        self._change(split_out(self.overrides, key), group)
        self.notify(f"Split {mention.text!r} out as its own entity.", timeout=3)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._change(self.undo_stack.pop(), self._current(), record=False)
        self.notify("Undid the last merge or split.", timeout=2)

    def _change(self, overrides: LinkOverrides, keep: str | None, record: bool = True) -> None:
        if self.app.store.read_only:
            self.notify("The database is open read-only; nothing was changed.", timeout=3)
            return
        try:
            save_overrides(self.app.store, overrides)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if record:
            self.undo_stack.append(self.overrides)
        self.overrides = overrides
        self._regroup(keep)
