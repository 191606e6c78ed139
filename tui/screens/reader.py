"""The reader: one article's cleaned text with its entities highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.render import byline, highlighted, legend, safe
from tui.widgets.entity_list import EntityList


class ReaderScreen(Screen[None]):
    """Shows one article; `[` and `]` move through the library's order."""

    BINDINGS = [
        Binding("escape,backspace", "back", "Library"),
        Binding("right_square_bracket", "step(1)", "Next article"),
        Binding("left_square_bracket", "step(-1)", "Previous article"),
        Binding("tab", "focus_next", "Switch pane", show=False),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, article_id: str, order: list[str]) -> None:
        super().__init__()
        self.article_id = article_id
        self.order = order

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="reader-main"):
                yield Static(id="article-title")
                yield Static(id="article-byline")
                with VerticalScroll(id="article-scroll"):
                    yield Static(id="article-body")
                yield Static(id="legend")
            with Vertical(id="reader-side"):
                yield Static(Text("Entities", style="bold"), id="entities-heading")
                yield EntityList(id="entity-list")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "store_version", self.show_article, init=False)
        self.show_article()
        self.query_one("#article-scroll").focus()

    def show_article(self) -> None:
        store = self.app.store
        article = store.article(self.article_id)
        entities = store.entities(self.article_id)
        labels = self.app.labels
        position = self.order.index(self.article_id) + 1 if self.article_id in self.order else 0
        self.title = "newsdesk"
        self.sub_title = f"article {position} of {len(self.order)}"
        self.query_one("#article-title", Static).update(
            safe(article.meta.title or "(untitled)", style="bold")
        )
        self.query_one("#article-byline", Static).update(byline(article))
        self.query_one("#article-body", Static).update(highlighted(article.text, entities, labels))
        present = {e.label for e in entities}
        note = Text("") if article.detected_with else Text("  detecting entities…", "italic")
        self.query_one("#legend", Static).update(legend(labels.values(), present) + note)
        self.query_one(EntityList).show(entities, labels)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        if self.article_id not in self.order:
            return
        index = self.order.index(self.article_id) + delta
        if 0 <= index < len(self.order):
            self.article_id = self.order[index]
            self.show_article()
            self.query_one("#article-scroll", VerticalScroll).scroll_home(animate=False)
        else:
            self.notify("No more articles that way.", timeout=2)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#article-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
