"""Moving the reader's cursor: characters, rows, words, sentences, paragraphs, pages,
entities and search matches, and growing a selection. Nothing here edits."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.binding import Binding

from annotations.review import textnav
from tui.screens.prompt import Prompt

if TYPE_CHECKING:
    from tui.screens.reader.screen import ReaderScreen

KEYS = [
    Binding("escape", "escape", "Back", id="back"),
    Binding("right_square_bracket", "step(1)", "Next article", id="next_article"),
    Binding("left_square_bracket", "step(-1)", "Prev article", show=False, id="prev_article"),
    Binding("left", "move('char', -1)", "Left", show=False, id="cursor_left"),
    Binding("right", "move('char', 1)", "Right", show=False, id="cursor_right"),
    Binding("up", "rows(-1)", "Up", show=False, id="cursor_up"),
    Binding("down", "rows(1)", "Down", show=False, id="cursor_down"),
    Binding("w,ctrl+right", "move('word', 1)", "Next word", show=False, id="word_next"),
    Binding("b,ctrl+left", "move('word', -1)", "Prev word", show=False, id="word_prev"),
    Binding(
        "right_parenthesis",
        "move('sentence', 1)",
        "Next sentence",
        show=False,
        id="next_sentence",
    ),
    Binding(
        "left_parenthesis",
        "move('sentence', -1)",
        "Prev sentence",
        show=False,
        id="prev_sentence",
    ),
    Binding(
        "right_curly_bracket",
        "move('paragraph', 1)",
        "Next paragraph",
        show=False,
        id="next_paragraph",
    ),
    Binding(
        "left_curly_bracket",
        "move('paragraph', -1)",
        "Prev paragraph",
        show=False,
        id="prev_paragraph",
    ),
    Binding("pagedown", "page(1)", "Page down", show=False, id="page_down"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
    Binding("g,home", "edge(-1)", "Top", show=False, id="top"),
    Binding("G,end", "edge(1)", "Bottom", show=False, id="bottom"),
    # selection
    Binding("shift+right", "move('word', 1, True)", "Extend by word", show=False, id="extend_word"),
    Binding("shift+left", "move('word', -1, True)", "Shrink by word", show=False, id="shrink_word"),
    Binding(
        "shift+down",
        "move('sentence', 1, True)",
        "Extend by sentence",
        show=False,
        id="extend_sentence",
    ),
    Binding(
        "shift+up",
        "move('sentence', -1, True)",
        "Shrink by sentence",
        show=False,
        id="shrink_sentence",
    ),
    Binding("v", "mark", "Start selection", show=False, id="mark"),
    Binding("V", "select_sentence", "Select sentence", show=False, id="select_sentence"),
    # jumps and search
    Binding("tab", "jump('any', 1)", "Next entity", id="next_entity"),
    Binding("shift+tab", "jump('any', -1)", "Prev entity", show=False, id="prev_entity"),
    Binding("full_stop", "jump('suggested', 1)", "Next suggestion", id="next_suggestion"),
    Binding("comma", "jump('suggested', -1)", "Prev suggestion", show=False, id="prev_suggestion"),
    Binding(
        "greater_than_sign",
        "jump('label', 1)",
        "Next same label",
        show=False,
        id="next_same_label",
    ),
    Binding(
        "less_than_sign",
        "jump('label', -1)",
        "Prev same label",
        show=False,
        id="prev_same_label",
    ),
    Binding("slash", "search", "Search", id="search"),
    Binding("n", "search_step(1)", "Next match", show=False, id="search_next"),
    Binding("N", "search_step(-1)", "Prev match", show=False, id="search_prev"),
]

# Movement that still makes sense on the raw text (the raw view allows these).
MOVES = frozenset(
    {"escape", "step", "move", "rows", "page", "edge", "mark", "select_sentence"}
    | {"search", "search_step"}
)

_STEPS = {
    ("word", 1): textnav.next_word,
    ("word", -1): textnav.prev_word,
    ("sentence", 1): textnav.next_sentence,
    ("sentence", -1): textnav.prev_sentence,
    ("paragraph", 1): textnav.next_paragraph,
    ("paragraph", -1): textnav.prev_paragraph,
}
_KIND_NAMES = {"any": "entities", "suggested": "suggestions", "label": "entities of this label"}


class Navigation:
    """Cursor moves of one reader; each ends in one `view.move_to`, which scrolls the
    view to the cursor and tells the screen to repaint its status line."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self.search_term = ""

    def move(self, unit: str, direction: int, extend: bool = False) -> None:
        view = self.reader.view
        text, pos = view.text, view.cursor
        if unit == "char":
            target = pos + direction
        elif extend and unit == "word" and direction == 1:
            target = textnav.word_end(text, pos)
        else:
            target = _STEPS[(unit, direction)](text, pos)
        view.move_to(target, extend=extend)

    def rows(self, rows: int) -> None:
        self.reader.view.move_rows(rows)

    def page(self, direction: int) -> None:
        view = self.reader.view
        view.move_rows(direction * max(view.scrollable_content_region.height - 1, 1))

    def edge(self, direction: int) -> None:
        view = self.reader.view
        view.move_to(0 if direction < 0 else len(view.text))

    def mark(self) -> None:
        view = self.reader.view
        view.anchor = None if view.anchor is not None else view.cursor

    def select_sentence(self) -> None:
        view = self.reader.view
        if span := textnav.sentence_at(view.text, view.cursor):
            view.select(*span)

    def jump(self, kind: str, direction: int) -> None:
        """To the next (previous) entity, suggestion, or entity of the label at the cursor.
        Entities and suggestions come from the editor's sorted index (no scan)."""
        editor, view = self.reader.editor, self.reader.view
        pos = view.cursor
        if kind == "label":
            here = editor.at(pos)
            if not here:
                self.reader.notify("Put the cursor on an entity first.", timeout=2)
                return
            entities = [e for e in editor.ordered() if e.label == here[0].label]
            if direction > 0:
                found = next((e for e in entities if e.start > pos), None)
            else:
                found = next((e for e in reversed(entities) if e.start < pos), None)
            any_left = bool(entities)
        else:
            suggested = kind == "suggested"
            found = editor.next_entity(pos, direction, suggested=suggested)
            any_left = editor.index.count(suggested=suggested) > 0
        if found is None:
            more = "more " if any_left else ""
            self.reader.notify(f"No {more}{_KIND_NAMES[kind]} that way.", timeout=2)
        else:
            view.move_to(found.start)

    def to_row(self, table: str, key: str) -> None:
        """To the first mention of an entity-list row (label, text), or an event's trigger."""
        editor, view = self.reader.editor, self.reader.view
        if table == "event-panel":
            event = editor.events.get(key)
            found = event.trigger_start if event else None
        else:
            label, _, text = key.partition("\x00")
            mentions = (e.start for e in editor.ordered() if (e.label, e.text) == (label, text))
            found = next(mentions, None)
        if found is not None:
            view.move_to(found)

    def search(self) -> None:
        def done(term: str | None) -> None:
            if term:
                self.search_term = term
                self.search_step(1)

        self.reader.app.push_screen(Prompt("Search in this article:", self.search_term), done)

    def search_step(self, direction: int) -> None:
        if not self.search_term:
            self.search()
            return
        view = self.reader.view
        found = re.finditer(re.escape(self.search_term), view.text, re.IGNORECASE)
        matches = [m.span() for m in found]
        view.set_matches(matches)
        if not matches:
            self.reader.notify(f"{self.search_term!r} is not in this article.", timeout=3)
            return
        pos = view.cursor
        if direction > 0:
            target = next((s for s, _ in matches if s > pos), matches[0][0])
        else:
            target = next((s for s, _ in reversed(matches) if s < pos), matches[-1][0])
        view.move_to(target)
