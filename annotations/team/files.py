"""An analyst's layer read from an export file, for agreement between analysts.

Each analyst keeps their own database and exports it (any importable format;
jsonl is lossless); a shared folder of such files is enough to compare them.
Articles are matched by the hash of their cleaned text, never by position or
file order, so two analysts' exports of the same articles line up whatever
order they were written in.

What counts as an analyst's annotation: an entity they accepted (model
suggestions nobody reviewed and rejected ones are not part of the layer), and
an accepted event; a role counts by its filler's span.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import UserError
from annotations.formats.importing import Incoming
from annotations.formats.records import confirmed
from annotations.formats.registry import get_format
from annotations.team.agreement import Compared, EventMark, Layer, Span
from annotations.text import content_hash


@dataclass(frozen=True, slots=True)
class LayerArticle:
    """One article of a layer: its identity, text and the analyst's annotations."""

    article_id: str
    title: str
    text: str
    layer: Layer


def layer_of(item: Incoming) -> LayerArticle:
    """The analyst's layer of one imported article."""
    text = item.article.text
    spans: set[Span] = set()
    keyed: dict[str, Span] = {}
    for span in item.spans:
        if span.trigger or not (0 <= span.start < span.end <= len(text)):
            continue
        if not confirmed(span.state, span.source):
            continue  # the rule `annotations.team.layers.marks` applies to stored layers
        placed = Span(span.start, span.end, span.label)
        for key in (span.key, span.id):
            if key:
                keyed[key] = placed
        spans.add(placed)
    events = set()
    for event in item.events:
        if event.fields.get("state", "accepted") != "accepted":
            continue
        roles = frozenset(
            (role, keyed[key].start, keyed[key].end)
            for role, key in event.arguments
            if key in keyed
        )
        events.add(EventMark(event.type, (event.trigger.start, event.trigger.end), roles))
    title = item.article.meta.title
    return LayerArticle(item.article.id, title, text, Layer(frozenset(spans), frozenset(events)))


def read_layer(path: Path, fmt: str = "jsonl") -> tuple[dict[str, LayerArticle], list[str]]:
    """The articles of an export file by text hash, and the problems met reading it."""
    reader = get_format(fmt, readable=True).read
    assert reader is not None
    articles: dict[str, LayerArticle] = {}
    problems: list[str] = []
    for item in reader(path):
        if isinstance(item, str):
            problems.append(item)
            continue
        problems.extend(item.problems)
        articles[content_hash(item.article.text)] = layer_of(item)
    if not articles and not problems:
        raise UserError(f"{path} holds no articles.")
    return articles, problems


def paired(a: dict[str, LayerArticle], b: dict[str, LayerArticle]) -> Iterator[Compared]:
    """The articles both layers hold, in `a`'s order."""
    for key, mine in a.items():
        theirs = b.get(key)
        if theirs is not None:
            yield Compared(mine.article_id, mine.text, mine.layer, theirs.layer, mine.title)


def unmatched(a: dict[str, LayerArticle], b: Iterable[str]) -> int:
    """How many of `a`'s articles have no counterpart among the keys `b`."""
    return len(a.keys() - set(b))
