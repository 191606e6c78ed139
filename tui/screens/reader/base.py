"""The reader: one article, its entities highlighted, reviewed from the keyboard."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from annotations.models import Entity, Event
from annotations.review import textnav
from annotations.review.editor import Editor
from tui.render import byline, legend, safe
from tui.screens.prompt import Prompt
from tui.services import UsesServices
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_list import EntityList


class ReaderBase(UsesServices, Screen[None]):
    """One article: showing, moving, selecting and searching."""

    BINDINGS = [
        Binding("escape", "escape", "Back", id="back"),
        Binding("right_square_bracket", "step(1)", "Next article", id="next_article"),
        Binding("left_square_bracket", "step(-1)", "Prev article", id="prev_article"),
        # movement
        Binding("left", "move('char', -1)", "Left", show=False),
        Binding("right", "move('char', 1)", "Right", show=False),
        Binding("up", "rows(-1)", "Up", show=False),
        Binding("down", "rows(1)", "Down", show=False),
        Binding("w,ctrl+right", "move('word', 1)", "Next word", show=False, id="word_next"),
        Binding("b,ctrl+left", "move('word', -1)", "Prev word", show=False, id="word_prev"),
        Binding("right_parenthesis", "move('sentence', 1)", "Next sentence", show=False),
        Binding("left_parenthesis", "move('sentence', -1)", "Prev sentence", show=False),
        Binding("right_curly_bracket", "move('paragraph', 1)", "Next paragraph", show=False),
        Binding("left_curly_bracket", "move('paragraph', -1)", "Prev paragraph", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "edge(-1)", "Top", show=False),
        Binding("G,end", "edge(1)", "Bottom", show=False),
        # selection
        Binding("shift+right", "move('word', 1, True)", "Extend by word", show=False),
        Binding("shift+left", "move('word', -1, True)", "Shrink by word", show=False),
        Binding("shift+down", "move('sentence', 1, True)", "Extend by sentence", show=False),
        Binding("shift+up", "move('sentence', -1, True)", "Shrink by sentence", show=False),
        Binding("v", "mark", "Start selection", show=False, id="mark"),
        Binding("V", "select_sentence", "Select sentence", show=False, id="select_sentence"),
        # jumps and search
        Binding("tab", "jump('any', 1)", "Next entity", id="next_entity"),
        Binding("shift+tab", "jump('any', -1)", "Prev entity", show=False, id="prev_entity"),
        Binding("full_stop", "jump('suggested', 1)", "Next suggestion", id="next_suggestion"),
        Binding("comma", "jump('suggested', -1)", "Prev suggestion", show=False),
        Binding("greater_than_sign", "jump('label', 1)", "Next same label", show=False),
        Binding("less_than_sign", "jump('label', -1)", "Prev same label", show=False),
        Binding("slash", "search", "Search", id="search"),
        Binding("n", "search_step(1)", "Next match", show=False, id="search_next"),
        Binding("N", "search_step(-1)", "Prev match", show=False, id="search_prev"),
    ]

    def __init__(self, article_id: str, order: list[str]) -> None:
        super().__init__()
        self.article_id = article_id
        self.order = order
        self.editor: Editor | None = None
        self.search_term = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="reader-main"):
                yield Static(id="article-title")
                yield Static(id="article-byline")
                yield ArticleView(id="article-view")
                yield Static(id="reader-status")
                yield Static(id="legend")
            with Vertical(id="reader-side"):
                yield Static(Text("Entities", style="bold"), id="entities-heading")
                yield EntityList(id="entity-list")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.watch(self.app, "store_version", self._reload_if_detected, init=False)
        self.load_article()
        self.view.focus()

    # -- showing -------------------------------------------------------------
    def load_article(self) -> None:
        self.editor = Editor(self.services.store, self.article_id, self.services.settings.analyst)
        article = self.editor.article
        position = self.order.index(self.article_id) + 1 if self.article_id in self.order else 0
        self.title = "newsdesk"
        self.sub_title = f"article {position} of {len(self.order)}"
        self.query_one("#article-title", Static).update(
            safe(article.meta.title or "(untitled)", style="bold")
        )
        self.view.show(article.text, self.editor.ordered(), self.app.labels)
        self.refresh_annotations()

    def refresh_annotations(self) -> None:
        """Repaint what depends on the entities after an edit."""
        assert self.editor is not None
        entities = self.editor.ordered()
        self.view.set_entities(entities)
        labels = self.app.labels
        present = {e.label for e in entities}
        article = self.editor.article
        line = byline(article)
        line.append(f"  ·  {article.status.replace('_', ' ')}", style="bold")
        line.append("  ·  annotating as ", style="dim")
        line.append_text(safe(self.services.settings.analyst, style="bold"))
        _update(self.query_one("#article-byline", Static), line)
        note = Text("") if article.detected_with else Text("  detecting entities…", "italic")
        _update(self.query_one("#legend", Static), legend(labels.values(), present) + note)
        self.query_one(EntityList).show(entities, labels)
        self._show_status()

    def _reload_if_detected(self) -> None:
        if self.editor is not None and self.editor.article.detected_with is None:
            self.load_article()

    @on(ArticleView.CursorMoved)
    def _show_status(self) -> None:
        if self.editor is None:
            return
        here = self.editor.at(self.view.cursor)
        triggers = self.editor.events_at(self.view.cursor)
        text = Text()
        if triggers:
            text.append_text(event_roles(triggers[0], self.editor.entities))
        elif here:
            entity = here[0]
            text.append(f"{entity.label} ", style="bold")
            text.append_text(safe(entity.text))
            who = entity.analyst or entity.source
            text.append(f"  {entity.state} by ", style="dim")
            text.append_text(safe(who, style="dim"))
            if entity.note:
                text.append("  note: ", style="dim")
                text.append_text(safe(entity.note))
            if len(here) > 1:
                text.append(f"  (+{len(here) - 1} overlapping)", style="dim")
            for event in self.editor.ordered_events():
                for arg in event.arguments:
                    if arg.entity_id == entity.id and event.state != "rejected":
                        text.append(f"  {arg.role} of {event.type}", style="italic")
        else:
            text.append("no entity at the cursor", style="dim")
        if (sel := self.view.selection) is not None:
            text.append(f"   selected {sel.end - sel.start} characters", style="italic")
        # One fixed-height line: no layout pass on every cursor move.
        self.query_one("#reader-status", Static).update(text, layout=False)

    # -- navigation ------------------------------------------------------------
    def action_escape(self) -> None:
        if self.view.selection is not None or self.view.anchor is not None:
            self.view.clear_selection()
        else:
            self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        if self.article_id not in self.order:
            return
        index = self.order.index(self.article_id) + delta
        if 0 <= index < len(self.order):
            self.article_id = self.order[index]
            self.load_article()
        else:
            self.notify("No more articles that way.", timeout=2)

    def action_move(self, unit: str, direction: int, extend: bool = False) -> None:
        text, pos = self.view.text, self.view.cursor
        if unit == "char":
            target = pos + direction
        else:
            step = {
                ("word", 1): textnav.next_word,
                ("word", -1): textnav.prev_word,
                ("sentence", 1): textnav.next_sentence,
                ("sentence", -1): textnav.prev_sentence,
                ("paragraph", 1): textnav.next_paragraph,
                ("paragraph", -1): textnav.prev_paragraph,
            }[(unit, direction)]
            target = step(text, pos)
            if extend and unit == "word" and direction == 1:
                target = textnav.word_end(text, pos)
        self.view.move_to(target, extend=extend)

    def action_rows(self, rows: int) -> None:
        self.view.move_rows(rows)

    def action_page(self, direction: int) -> None:
        self.view.move_rows(direction * max(self.view.size.height - 1, 1))

    def action_edge(self, direction: int) -> None:
        self.view.move_to(0 if direction < 0 else len(self.view.text))

    def action_mark(self) -> None:
        view = self.view
        view.anchor = None if view.anchor is not None else view.cursor

    def action_select_sentence(self) -> None:
        span = textnav.sentence_at(self.view.text, self.view.cursor)
        if span:
            self.view.select(*span)

    def action_jump(self, kind: str, direction: int) -> None:
        assert self.editor is not None
        pos = self.view.cursor
        entities = self.editor.ordered()
        if kind == "suggested":
            entities = [e for e in entities if e.state == "suggested"]
        elif kind == "label":
            here = self.editor.at(pos)
            if not here:
                self.notify("Put the cursor on an entity first.", timeout=2)
                return
            entities = [e for e in entities if e.label == here[0].label]
        if direction > 0:
            found = next((e for e in entities if e.start > pos), None)
        else:
            found = next((e for e in reversed(entities) if e.start < pos), None)
        if found is None:
            self.notify(f"No {'more ' if entities else ''}{_kind_name(kind)} that way.", timeout=2)
        else:
            self.view.move_to(found.start)

    def action_search(self) -> None:
        def done(term: str | None) -> None:
            if term:
                self.search_term = term
                self.action_search_step(1)

        self.app.push_screen(Prompt("Search in this article:", self.search_term), done)

    def action_search_step(self, direction: int) -> None:
        if not self.search_term:
            self.action_search()
            return
        text = self.view.text
        matches = [m.span() for m in re.finditer(re.escape(self.search_term), text, re.IGNORECASE)]
        self.view.set_matches(matches)
        if not matches:
            self.notify(f"{self.search_term!r} is not in this article.", timeout=3)
            return
        pos = self.view.cursor
        if direction > 0:
            target = next((s for s, _ in matches if s > pos), matches[0][0])
        else:
            target = next((s for s, _ in reversed(matches) if s < pos), matches[-1][0])
        self.view.move_to(target)

    @on(DataTable.RowSelected, "#entity-list")
    def _jump_to_entity(self, event: DataTable.RowSelected) -> None:
        assert self.editor is not None
        label, _, text = str(event.row_key.value).partition("\x00")
        first = next(
            (e for e in self.editor.ordered() if e.label == label and e.text == text), None
        )
        if first is not None:
            self.view.focus()
            self.view.move_to(first.start)


def _kind_name(kind: str) -> str:
    return {"any": "entities", "suggested": "suggestions", "label": "entities of this label"}[kind]


def _update(widget: Static, text: Text) -> None:
    """Update a Static only when its text changes: each update costs a layout pass."""
    if getattr(widget, "_shown", None) != text:
        widget._shown = text  # type: ignore[attr-defined]
        widget.update(text)


def event_roles(event: Event, entities: Mapping[str, Entity]) -> Text:
    """The status line on a trigger: the event, then each role beside its participant."""
    text = Text()
    text.append(f"{event.type} ", style="bold")
    text.append_text(safe(event.trigger_text))
    text.append(f"  {event.state}, {event.status}", style="dim")
    for arg in event.arguments:
        filler = entities.get(arg.entity_id)
        if filler is not None:
            text.append(f"  {arg.role}: ", style="italic")
            text.append_text(safe(filler.text))
    if not event.arguments:
        text.append("  no roles filled (o edits)", style="dim")
    return text
