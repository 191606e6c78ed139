"""Turn core data into Rich `Text`, never markup: article text is never parsed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from annotations.text import LINE_LIMIT, displayable, printable

if TYPE_CHECKING:  # the models (pydantic) load with the first article, not with the library
    from annotations.labels import LabelSpec
    from annotations.models import Article, Entity

UNKNOWN = "unknown"
CONTEXT = 34  # characters shown on each side of a mention in a snippet


def safe(text: object, style: str | Style = "", limit: int = LINE_LIMIT) -> Text:
    """Outside text for a one-line field: never markup, controls and escapes made visible,
    tabs and newlines as spaces, joiners defused, cut at `limit` characters with an ellipsis.
    (A widget that must stay on one line says so in CSS: `text-wrap: nowrap`.)"""
    return Text(printable(text, limit), style=style)


def shown(text: str | Text) -> Text:
    """A question or label for a widget: a Text built here is kept, a string made `safe`."""
    return text if isinstance(text, Text) else safe(text)


def safe_block(text: str, style: str | Style = "") -> Text:
    """Outside text over several lines (an article body): `safe` but keeping newlines and
    the length, one character for one, so entity offsets still hold."""
    return Text(displayable(text), style=style)


def entity_style(entity: Entity, labels: Mapping[str, LabelSpec]) -> Style:
    """Suggested: coloured and underlined (taught ones italic, not bold); accepted: on the
    label colour; rejected: struck."""
    if entity.label in labels:
        colour = labels[entity.label].colour
    else:
        from annotations.labels import FALLBACK_COLOUR

        colour = FALLBACK_COLOUR
    if entity.state == "accepted":
        return Style(color="black", bgcolor=colour, bold=True)
    if entity.state == "rejected":
        return Style(color="grey50", strike=True)
    if entity.source == "taught":
        return Style(color=colour, underline=True, italic=True)
    return Style(color=colour, underline=True, bold=True)


def highlighted(text: str, entities: Iterable[Entity], labels: Mapping[str, LabelSpec]) -> Text:
    """The article text with each entity styled by label and review state."""
    out = safe_block(text)
    for entity in entities:
        if 0 <= entity.start < entity.end <= len(text):
            out.stylize(entity_style(entity, labels), entity.start, entity.end)
    return out


def legend(labels: Iterable[LabelSpec], present: set[str] | None = None) -> Text:
    """A one-line legend: `key LABEL` chips in their colours."""
    out = Text()
    for spec in labels:
        if present is not None and spec.name not in present:
            continue
        out.append(f" {spec.key} ", Style(color="black", bgcolor=spec.colour, bold=True))
        out.append(f" {spec.name}  ", Style(color=spec.colour))
    return out


def date_text(article: Article) -> Text:
    if article.meta.date is None:
        return Text(UNKNOWN, style="dim italic")
    return Text(article.meta.date.isoformat())


def byline(article: Article) -> Text:
    """Date, dateline and source on one line."""
    meta = article.meta
    parts = [
        meta.date.isoformat() if meta.date else f"date {UNKNOWN}",
        meta.dateline or "",
        meta.source or meta.publisher or "",
    ]
    return safe("  ·  ".join(p for p in parts if p), style="dim")


def snippet(text: str, start: int, end: int) -> Text:
    """The mention in bold with the words around it, on one line."""
    left = " ".join(text[max(0, start - CONTEXT) : start].split(" ")[1 if start > CONTEXT else 0 :])
    right = text[end : end + CONTEXT]
    if end + CONTEXT < len(text):
        right = right.rsplit(" ", 1)[0] + "…"
    out = safe(_one_line(("…" if start > CONTEXT else "") + left))
    out.append_text(safe(_one_line(text[start:end]), style="bold"))
    out.append_text(safe(_one_line(right)))
    return out


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)
