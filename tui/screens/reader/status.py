"""The reader's status line and legend, built as Rich `Text` from the article's data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from annotations.entities.teach import TAUGHT
from annotations.labels import LabelSpec
from annotations.models import Entity, Event
from annotations.review.editor import Editor
from annotations.text import printable
from tui.render import legend, safe


def who(entity: Entity) -> str:
    """Who decided on the entity: a suggestion names its finder (model, rule, taught);
    an accepted or rejected one was decided by an analyst, named when known."""
    if entity.state == "suggested":
        return f"suggested by {entity.source}"
    return f"{entity.state} by {printable(entity.analyst or 'analyst', 64)}"


def entity_status(here: Sequence[Entity], events: Iterable[Event]) -> Text:
    """The status line on an entity: label, text, who decided, note, its event roles."""
    entity = here[0]
    text = Text()
    text.append(f"{entity.label} ", style="bold")
    text.append_text(safe(entity.text))
    text.append(f"  {who(entity)}", style="dim")
    if entity.note:
        text.append("  note: ", style="dim")
        text.append_text(safe(entity.note))
    if len(here) > 1:
        text.append(f"  (+{len(here) - 1} overlapping)", style="dim")
    for event in events:
        for arg in event.arguments:
            if arg.entity_id == entity.id and event.state != "rejected":
                text.append(f"  {arg.role} of {event.type}", style="italic")
    return text


def status_line(editor: Editor, cursor: int) -> Text:
    """What is under the cursor: an event's trigger, else an entity, else nothing."""
    if triggers := editor.events_at(cursor):
        return event_roles(triggers[0], editor.entities)
    if here := editor.at(cursor):
        return entity_status(here, editor.ordered_events())
    return Text("no entity at the cursor", style="dim")


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


def legend_line(labels: Iterable[LabelSpec], entities: Sequence[Entity], detecting: bool) -> Text:
    """Every label of the label file with its key (those absent from the article too:
    the keys work everywhere); the taught style when it is on screen."""
    line = legend(labels)
    if any(e.source == TAUGHT and e.state == "suggested" for e in entities):
        line.append(" taught ", style="italic underline")
        line.append(" = suggested from what you taught elsewhere", style="dim")
    if detecting:
        line.append("  detecting entities…", "italic")
    return line


def show_once(widget: Static, text: Text, *, layout: bool = True) -> None:
    """Update a Static only when its text changes: each update costs a repaint (and a
    layout pass unless `layout` is False, for a widget of fixed size)."""
    if getattr(widget, "_shown", None) != text:
        widget._shown = text  # type: ignore[attr-defined]
        widget.update(text, layout=layout)
