"""Team work: agreement between the database's analysts, and adjudication.

`F4` opens the agreement screen: for every pair of analysts (the database's
own and each layer imported with `import --as`), span F1, Cohen's kappa and
the counts behind them, per label. `Enter` on a pair adjudicates it: the
adjudication screen walks the articles where the two disagree, one
disagreement at a time; `1` takes A's marks, `2` B's, `3` both, `0` neither,
`e` the span with a label picked from the list; `]`/`[` move, `u`/`U` undo and
redo. Every decision is saved at once in the `adjudicated` layer, which
`newsdesk export --layer adjudicated` writes like any other.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from annotations.store import StoreError
from annotations.team.adjudication import Adjudication, Disagreement, edit
from annotations.team.agreement import EventMark, Report, Span, add
from annotations.team.layers import Layers
from tui.render import safe, safe_block
from tui.screens.picker import Choice, Picker
from tui.services import UsesServices
from tui.slices import run_in_slices
from tui.widgets.footer import Footer

CONTEXT = 240  # characters shown around a disagreement


def figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


class AgreementScreen(UsesServices, Screen[None]):
    """Agreement figures for every pair of analysts; Enter adjudicates a pair."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="agreement_back"),
        Binding("enter", "adjudicate", "Adjudicate pair", id="agreement_adjudicate"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agreement-title")
        yield DataTable(id="agreement", cursor_type="row", zebra_stripes=True)
        yield Static(id="agreement-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "agreement"
        self.pairs: list[tuple[str, str]] = []
        table = self.query_one("#agreement", DataTable)
        table.add_columns("analysts", "label", "span F1", "both", "only A", "only B", "kappa")
        table.focus()
        self.query_one("#agreement-title", Static).update(Text("Comparing…", style="bold"))
        run_in_slices(self, self._comparing(), self._say)

    def _comparing(self) -> Iterator[None]:
        """Every pair's report, an article per step; the rows appear pair by pair."""
        yield  # the screen shows first: the first read of the layers parses them all
        layers = Layers(self.services.store, self.services.settings.analyst)
        names = layers.analysts()
        table = self.query_one("#agreement", DataTable)
        for a, b in itertools.combinations(names, 2):
            report = Report(a=a, b=b)
            for n, item in enumerate(layers.compared(a, b), start=1):
                add(report, item)
                if n % 500 == 0:
                    self._say(f"Comparing {a} and {b}: {n:,} articles so far…")
                yield
            self._rows(table, a, b, report)
        self._say("")
        self.query_one("#agreement-title", Static).update(
            Text(
                f"Agreement between {len(names)} analysts"
                if len(names) > 1
                else "Agreement: this database holds one analyst's layer",
                style="bold",
            )
        )
        if not self.pairs:
            self._say(
                "One analyst only: bring in another's export with "
                "`newsdesk import --as NAME --format jsonl FILE`."
            )

    def _rows(self, table: DataTable, a: str, b: str, report: Report) -> None:
        pair = safe(f"{a} vs {b} ({report.articles} articles)")
        rows = [(x, report.by_label[x], report.label_kappa(x)) for x in report.labels()]
        rows.append(("all labels", report.spans, report.kappa))
        for label, counts, kappa in rows:
            table.add_row(
                pair, safe(label), figure(counts.f1), str(counts.both), str(counts.only_a),
                str(counts.only_b), figure(kappa),
            )  # fmt: skip
            self.pairs.append((a, b))
            pair = Text("")

    def action_adjudicate(self) -> None:
        if not self.pairs:
            return
        a, b = self.pairs[self.query_one("#agreement", DataTable).cursor_row]
        self.app.push_screen(AdjudicationScreen(a, b))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:  # Enter in the table
        self.action_adjudicate()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _say(self, message: str) -> None:
        self.query_one("#agreement-status", Static).update(safe(message))


@dataclass
class Place:
    """Where the walk is: which article, which of its disagreements."""

    article: int = 0
    item: int = 0


class AdjudicationScreen(UsesServices, Screen[None]):
    """The disagreements of analysts `a` and `b`, article by article."""

    BINDINGS = [
        Binding("1", "decide('a')", "Take A", id="adjudicate_a"),
        Binding("2", "decide('b')", "Take B", id="adjudicate_b"),
        Binding("3", "decide('both')", "Both", id="adjudicate_both"),
        Binding("0", "decide('neither')", "Neither", id="adjudicate_neither"),
        Binding("e", "edit", "Edit label", id="adjudicate_edit"),
        Binding("right_square_bracket", "step(1)", "Next", id="adjudicate_next"),
        Binding("left_square_bracket", "step(-1)", "Previous", id="adjudicate_previous"),
        Binding("u,ctrl+z", "undo", "Undo", id="adjudicate_undo"),
        Binding("U,ctrl+y", "redo", "Redo", id="adjudicate_redo"),
        Binding("escape", "back", "Back", id="adjudicate_back"),
    ]

    def __init__(self, a: str, b: str) -> None:
        super().__init__()
        self.a, self.b = a, b
        self.place = Place()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="adjudicate-where")
        yield Static(id="adjudicate-text")
        yield Static(id="adjudicate-marks")
        yield Static(id="adjudicate-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"adjudication: {self.a} vs {self.b}"
        self.team = Layers(self.services.store, self.services.settings.analyst)
        self.articles: list[str] = []
        self.work: dict[str, Adjudication] = {}
        self.query_one("#adjudicate-where", Static).update(
            Text("Finding the disagreements…", style="bold")
        )
        run_in_slices(self, self._finding(), self._say)

    def _finding(self) -> Iterator[None]:
        """The articles where the two disagree, an article per step; then the first
        open disagreement shows."""
        found: dict[str, Adjudication] = {}
        for head in list(self.services.store.article_heads()):
            adj = self.team.adjudication(head.id, self.a, self.b)
            if adj is not None and adj.items:
                found[head.id] = adj
            yield
        self.work, self.articles = found, list(found)
        first_open = next(
            ((n, adj.open_items()[0]) for n, adj in enumerate(self._all()) if adj.open_items()),
            (0, 0),
        )
        self.place = Place(*first_open)
        self._show()

    def _all(self) -> list[Adjudication]:
        return [self.work[i] for i in self.articles]

    @property
    def current(self) -> tuple[str, Adjudication, Disagreement] | None:
        if not self.articles:
            return None
        article_id = self.articles[self.place.article]
        adj = self.work[article_id]
        return article_id, adj, adj.items[self.place.item]

    # -- actions -----------------------------------------------------------
    def action_decide(self, choice: str) -> None:
        found = self.current
        if found is None:
            return
        article_id, adj, _ = found
        adj.decide(self.place.item, choice)
        if self._save(article_id, adj):
            self._advance()

    def action_edit(self) -> None:
        found = self.current
        if found is None or found[2].kind != "entity":
            self._say("Only an entity disagreement can be given another label.")
            return
        choices = [
            Choice(spec.name, safe(f"{spec.key}  {spec.name}"), spec.name, spec.key)
            for spec in self.services.settings.labels
        ]

        def chosen(label: str | None) -> None:
            if label is not None:
                self.action_decide(edit(label))

        self.app.push_screen(Picker("Take the span as", choices), chosen)

    def action_step(self, delta: int) -> None:
        """One disagreement on (`delta` 1) or back (-1), across articles; every article
        kept here has at least one."""
        if not self.articles:
            return
        article, item = self.place.article, self.place.item + delta
        if item < 0 and article > 0:
            article -= 1
            item = len(self.work[self.articles[article]].items) - 1
        elif item >= len(self.work[self.articles[article]].items) and article + 1 < len(
            self.articles
        ):
            article, item = article + 1, 0
        last = len(self.work[self.articles[article]].items) - 1
        self.place = Place(article, max(0, min(last, item)))
        self._show()

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- internals ---------------------------------------------------------
    def _history(self, which: str) -> None:
        found = self.current
        if found is None:
            return
        article_id, adj, _ = found
        index = adj.undo() if which == "undo" else adj.redo()
        if index is None:
            self._say(f"Nothing to {which} in this article.")
            return
        if self._save(article_id, adj):
            self.place.item = index
            self._show()
            self._say(f"{which.capitalize()}: disagreement {index + 1}.")

    def _save(self, article_id: str, adj: Adjudication) -> bool:
        try:
            self.team.save_adjudication(article_id, self.a, self.b, adj)
        except StoreError as exc:
            self._say(str(exc))
            return False
        self.app.store_changed(article_id)
        return True

    def _advance(self) -> None:
        """To the next open disagreement, this article first; stay if none is left."""
        adjs = self._all()
        order = list(range(self.place.article, len(adjs))) + list(range(self.place.article))
        for n in order:
            open_items = adjs[n].open_items()
            if open_items:
                self.place = Place(n, open_items[0])
                break
        self._show()

    def _show(self) -> None:
        where = self.query_one("#adjudicate-where", Static)
        found = self.current
        if found is None:
            where.update(safe(f"{self.a} and {self.b} agree on every article they share."))
            self.query_one("#adjudicate-text", Static).update("")
            self.query_one("#adjudicate-marks", Static).update("")
            return
        article_id, adj, item = found
        head = self.services.store.article_head(article_id)
        left = sum(x.open_count for x in self._all())
        where.update(
            safe(
                f"article {self.place.article + 1}/{len(self.articles)}  "
                f"{head.meta.title if head else article_id}  ·  disagreement "
                f"{self.place.item + 1}/{len(adj.items)}  ·  {left} open in all",
                style="bold",
            )
        )
        text = self.services.store.article(article_id).text
        lo, hi = max(0, item.start - CONTEXT), min(len(text), item.end + CONTEXT)
        shown = safe_block(("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else ""))
        offset = 1 if lo else 0
        shown.stylize("black on yellow", item.start - lo + offset, item.end - lo + offset)
        self.query_one("#adjudicate-text", Static).update(shown)
        self.query_one("#adjudicate-marks", Static).update(self._marks(text, adj, item))

    def _marks(self, text: str, adj: Adjudication, item: Disagreement) -> Text:
        out = Text()
        for key, who, marks in (("1", self.a, item.a), ("2", self.b, item.b)):
            out.append(f"[{key}] ", style="bold")
            out.append_text(safe(who, style="bold"))
            out.append(": ")
            out.append_text(safe("; ".join(describe(text, m) for m in marks) or "nothing"))
            out.append("\n")
        decided = adj.decisions.get(self.place.item)
        out.append("decision: ", style="bold")
        out.append_text(safe(_decision(decided, self.a, self.b)))
        return out

    def _say(self, message: str) -> None:
        self.query_one("#adjudicate-status", Static).update(safe(message))


def describe(text: str, mark: Span | EventMark) -> str:
    """One mark in words: `Modi` PERSON, or a VISIT event on `visit` with its roles."""
    if isinstance(mark, Span):
        return f"{text[mark.start : mark.end]!r} {mark.label}"
    start, end = mark.trigger
    roles = ", ".join(f"{role}={text[s:e]!r}" for role, s, e in sorted(mark.roles))
    return f"{mark.type} on {text[start:end]!r}" + (f" ({roles})" if roles else "")


def _decision(choice: str | None, a: str, b: str) -> str:
    if choice is None:
        return "open"
    if choice.startswith("edit:"):
        return f"the span as {choice[5:]}"
    return {"a": f"take {a}'s", "b": f"take {b}'s", "both": "take both", "neither": "neither"}[
        choice
    ]
