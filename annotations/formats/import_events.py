"""Importing events: explicit ones (jsonl, brat E lines) and those spelled as
relations from a trigger span to its arguments (Label Studio, doccano).

An event of a type the schema does not know, or with a role its type does not
have, is kept and flagged (the rule of the event schema); an argument whose
entity was not imported is reported and left out; a relation that does not
link a trigger to an entity is reported, since newsdesk stores relations only
as event roles.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from annotations.events.repository import EVENTS
from annotations.events.schema import EventSchema
from annotations.events.validate import check_event
from annotations.formats.incoming import (
    ImportReport,
    Incoming,
    IncomingEvent,
    LabelMapper,
    resolve_offsets,
)
from annotations.formats.records import EventReader, event_reader
from annotations.models import Argument, Event, new_id
from annotations.store import Store
from annotations.text import neutralise_controls

_FLAGGED = ("unknown_type", "unknown_role")


def _loose(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


class EventImport:
    """Turns the events of incoming articles into stored events, reporting as it goes."""

    def __init__(
        self, store: Store, schema: EventSchema, mapper: LabelMapper, report: ImportReport
    ) -> None:
        self.store, self.schema, self.mapper, self.report = store, schema, mapper, report
        self._types = {_loose(name): name for name in schema.names}
        self._stored: EventReader | None = None  # built on first need
        self._pending: dict[str, list[Event]] = {}  # added by this import, by article
        self._ids: set[str] = set()  # ids of the events this import added

    def type_name(self, name: str) -> str | None:
        """The schema's spelling of an event type, None for a type it does not know."""
        return self._types.get(_loose(name))

    def role_name(self, event_type: str, role: str) -> str:
        """The schema's spelling of a role of `event_type`, else `role` as given."""
        spec = self.schema.get(event_type)
        names = {_loose(r.name): r.name for r in spec.roles} if spec else {}
        return names.get(_loose(role), role)

    def take_triggers(self, item: Incoming) -> None:
        """Turn trigger spans (marked so, or labelled with an event type and not with
        an entity label) into events, their outgoing relations into roles; report
        other relations."""
        triggers = {
            s.key: s
            for s in item.spans
            if s.key is not None
            and (s.trigger or (self.type_name(s.label) and self.mapper(s.label) is None))
        }
        if not triggers and not item.relations:
            return
        item.spans = [s for s in item.spans if s.key not in triggers]
        found = {
            key: IncomingEvent(
                span.where,
                span.label,
                span,
                fields={"state": span.state, "note": span.note, **span.event_fields},
            )
            for key, span in triggers.items()
        }
        entities = {s.key for s in item.spans}
        for rel in item.relations:
            if rel.from_key in found and rel.to_key in entities:
                found[rel.from_key].arguments.append((rel.type, rel.to_key))
            else:
                self.report.problems.append(
                    f"{rel.where}: relation {rel.type!r} does not link an event trigger to an "
                    "entity (newsdesk keeps relations only as event roles); it was not imported."
                )
        item.events.extend(found.values())

    def add(self, item: Incoming, keys: dict[str, str]) -> None:
        """Store the new events of `item`; `keys` maps span keys to stored entity ids."""
        for incoming in item.events:
            event = self._event(item, incoming, keys)
            if event is None or self._is_stored(event, incoming.where):
                continue
            self.store.put(EVENTS, event)
            self._pending.setdefault(event.article_id, []).append(event)
            self._ids.add(event.id)
            self.report.events_added += 1
            for problem in check_event(event, self.schema):
                if problem.kind in _FLAGGED:
                    self.report.flagged.append(
                        f"{incoming.where}: {problem.message} The event was imported and flagged."
                    )

    def _event(self, item: Incoming, incoming: IncomingEvent, keys: dict[str, str]) -> Event | None:
        where, text = incoming.where, item.article.text
        placed = resolve_offsets(text, incoming.trigger)
        if isinstance(placed, str):
            self.report.problems.append(f"{where}: trigger {placed}; the event was not imported.")
            return None
        kind = self.type_name(incoming.type) or neutralise_controls(incoming.type)  # as texts
        arguments = []
        for role, key in incoming.arguments:
            if key in keys:
                arguments.append(Argument(role=self.role_name(kind, role), entity_id=keys[key]))
            else:
                self.report.problems.append(
                    f"{where}: the {role} of this {kind} is an entity that was not imported; "
                    "the event was imported without it."
                )
        fields = {k: v for k, v in incoming.fields.items() if v is not None}
        start, end = placed
        data = fields | {
            "article_id": item.article.id,
            "type": kind,
            "trigger_start": start,
            "trigger_end": end,
            "trigger_text": text[start:end],
            "arguments": arguments,
        }
        try:
            return Event.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "event"
            self.report.problems.append(
                f"{where}: {field}: {err['msg']}; the event was not imported."
            )
            return None

    def _is_stored(self, event: Event, where: str) -> bool:
        """Whether `event` is already there (counted, or reported if it differs).

        An event whose id belongs to another article gets a fresh id instead.
        """
        if self._stored is None:
            self._stored = event_reader(self.store)
        here = [*self._stored(event.article_id), *self._pending.get(event.article_id, ())]
        same = next((e for e in here if e.id == event.id), None)
        if same is not None:
            if same != event:
                self.report.problems.append(
                    f"{where}: event {event.id} is already stored with other values; "
                    "the stored one was kept."
                )
            else:
                self.report.events_existing += 1
            return True
        trigger = (event.type, event.trigger_start, event.trigger_end)
        if any((e.type, e.trigger_start, e.trigger_end) == trigger for e in here):
            self.report.events_existing += 1
            return True
        if event.id in self._ids or self.store.get(EVENTS, event.id, Event) is not None:
            event.id = new_id()
        return False
