"""Suggest candidate events from trigger words, with roles filled from the sentence.

Suggestions are `Event`s with `state="suggested"`: they never count as
analyst data until accepted (see `annotations.events.review`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence

from annotations.events.dates import Prefer, event_time
from annotations.events.lexicon import (
    CONTEXT,
    CONTEXT_LABELS,
    CUED_ONLY,
    ROLE_CUES,
    Trigger,
    clause_around,
    compile_triggers,
    status_cue,
)
from annotations.events.schema import DEFAULT_SCHEMA, EventSchema, EventTypeSpec, RoleSpec
from annotations.models import Argument, Article, Entity, Event, EventStatus, new_id
from annotations.segment import sentence_at, sentences

# Roles whose filler usually stands before the trigger ("Putin will visit");
# the others usually follow it ("visit to India"). Participants may be anywhere.
BEFORE_ROLES = frozenset({"Visitor", "Ratifier", "Buyer", "Speaker", "Actor", "Signatories"})
ANY_SIDE_ROLES = frozenset({"Participants"})
# A trigger inside one of these entities is a name, not an event ("... Cooperation" in an ORG).
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_OPEN_DATE = re.compile(r"\b(?:since|until|till|before|after|by)\s+(?:the\s+)?$", re.I)
TIME_REACH = 80  # characters between trigger and a DATE that can give its time
HISTORICAL_DAYS = 180  # an event that ended this long before the article is history


def suggestion_id(article_id: str, type_: str, start: int, end: int) -> str:
    """A stable id: the same trigger suggests the same event id on every run."""
    return hashlib.sha256(f"{article_id}:{type_}:{start}:{end}".encode()).hexdigest()[:32]


def suggest_events(
    article: Article, entities: Sequence[Entity], schema: EventSchema = DEFAULT_SCHEMA
) -> list[Event]:
    """Candidate events of an article, using its publication date for times."""
    return suggest_in_text(article.id, article.text, article.meta.date, entities, schema)


def suggest_in_text(
    article_id: str,
    text: str,
    ref: dt.date | None,
    entities: Sequence[Entity],
    schema: EventSchema = DEFAULT_SCHEMA,
) -> list[Event]:
    """Candidate events in `text`: at most one per type and sentence."""
    extra = {t.name: t.triggers for t in schema.types if t.triggers}
    triggers = [t for t in compile_triggers(extra) if schema.get(t.type)]
    usable = sorted((e for e in entities if e.state != "rejected"), key=lambda e: e.start)
    found: list[Event] = []
    for lo, hi in sentences(text):
        inside = [e for e in usable if e.start >= lo and e.end <= hi]
        for spec in schema.types:
            hit = _first_trigger(text, lo, hi, spec.name, triggers, inside)
            if hit is not None:
                found.append(_event(article_id, text, ref, spec, hit, (lo, hi), inside))
    return found


def draft_event(
    article: Article,
    entities: Sequence[Entity],
    type_: str,
    start: int,
    end: int,
    schema: EventSchema = DEFAULT_SCHEMA,
) -> Event:
    """An analyst's new event at a trigger, roles pre-filled from its sentence.

    The draft is `accepted` with a fresh id (the analyst made it); its roles,
    status and time are the suggester's guesses for the analyst to correct.
    """
    spec = schema.get(type_)
    if spec is None:
        raise ValueError(f"The event type {type_!r} is not in the schema.")
    text = article.text
    sentence = sentence_at(text, start) or (0, len(text))
    usable = [e for e in entities if e.state != "rejected"]
    inside = sorted(
        (e for e in usable if e.start >= sentence[0] and e.end <= sentence[1]),
        key=lambda e: e.start,
    )
    event = _event(article.id, text, article.meta.date, spec, (start, end), sentence, inside)
    return event.model_copy(update={"id": new_id(), "state": "accepted"})


def _first_trigger(
    text: str, lo: int, hi: int, type_: str, triggers: list[Trigger], inside: list[Entity]
) -> tuple[int, int] | None:
    hits: list[tuple[int, int]] = []
    sentence = text[lo:hi]
    for trig in (t for t in triggers if t.type == type_):
        if trig.weak and not _has_context(type_, sentence, inside):
            continue
        for m in trig.pattern.finditer(text, lo, hi):
            if not any(e.label in _NAME_LABELS and e.start <= m.start() < e.end for e in inside):
                hits.append((m.start(), m.end()))
                break
    return min(hits, key=lambda h: (h[0], -h[1])) if hits else None


def _has_context(type_: str, sentence: str, inside: list[Entity]) -> bool:
    pattern = CONTEXT.get(type_)
    if pattern is None:
        return True
    return bool(pattern.search(sentence)) or any(
        e.label in CONTEXT_LABELS.get(type_, ()) for e in inside
    )


def _event(
    article_id: str,
    text: str,
    ref: dt.date | None,
    spec: EventTypeSpec,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    inside: list[Entity],
) -> Event:
    start, end = trigger
    clause = clause_around(text, start, end, *sentence)
    cue = status_cue(text[clause[0] : clause[1]])
    prefer: Prefer = "future" if cue in ("planned", "hypothetical") else "nearest"
    in_clause = [e for e in inside if e.start >= clause[0] and e.end <= clause[1]]
    time_entity, time_start, time_end = _time(text, ref, prefer, in_clause, start)
    used: set[str] = set()
    chosen: dict[str, list[Entity]] = {r.name: [] for r in spec.roles}
    # First the roles a cue word marks ("in New Delhi" is a Place), then the rest in order.
    for cued_pass in (True, False):
        for role in spec.roles:
            if chosen[role.name] or (cued_pass and role.name not in ROLE_CUES):
                continue
            if role.labels == ["DATE"]:
                picked = [time_entity] if time_entity and time_entity.id not in used else []
            elif not role.labels:
                picked = []  # an open role (Topic) is left to the analyst
            else:
                rest = [e for e in inside if e.id not in used]
                picked = _fill(text, role, rest, (start, end), clause, cued_pass)
            used.update(e.id for e in picked)
            chosen[role.name] = picked
    arguments = [
        Argument(role=role.name, entity_id=e.id) for role in spec.roles for e in chosen[role.name]
    ]
    return Event(
        id=suggestion_id(article_id, spec.name, start, end),
        article_id=article_id,
        type=spec.name,
        trigger_start=start,
        trigger_end=end,
        trigger_text=text[start:end],
        arguments=arguments,
        status=_status(cue, ref, time_start, time_end),
        time_start=time_start,
        time_end=time_end,
        time_text=time_entity.text if time_entity else None,
        state="suggested",
    )


def _fill(
    text: str,
    role: RoleSpec,
    candidates: list[Entity],
    trigger: tuple[int, int],
    clause: tuple[int, int],
    cued_only: bool = False,
) -> list[Entity]:
    """Entities for a role, ranked: in the trigger's clause, after the role's cue word
    ("in" for Place), on the usual side of the trigger, by label order, nearest."""
    start, end = trigger
    cue = ROLE_CUES.get(role.name)

    def cued(e: Entity) -> bool:
        return cue is not None and bool(
            cue.search(text[max(0, e.start - 12) : e.start]) or cue.search(text[e.end : e.end + 10])
        )

    def key(e: Entity) -> tuple[int, ...]:
        before = e.end <= start
        outside = int(e.start < clause[0] or e.end > clause[1])
        side = 0 if role.name in ANY_SIDE_ROLES else int(before != (role.name in BEFORE_ROLES))
        distance = start - e.end if before else e.start - end
        return outside, int(not cued(e)), side, role.labels.index(e.label), abs(distance)

    ranked = sorted((e for e in candidates if e.label in role.labels), key=key)
    if cued_only or role.name in CUED_ONLY:
        ranked = [e for e in ranked if cued(e)]
    if not ranked:
        return []
    if not role.multiple:
        return ranked[:1]
    best, seen, picked = key(ranked[0])[:4], set(), []
    for e in ranked:
        if key(e)[:4] == best and e.text not in seen:
            seen.add(e.text)
            picked.append(e)
    return picked


def _time(
    text: str, ref: dt.date | None, prefer: Prefer, inside: list[Entity], trigger: int
) -> tuple[Entity | None, dt.date | None, dt.date | None]:
    """The sentence's DATE entity nearest the trigger that normalises to a date."""
    dates = [
        e
        for e in inside
        if e.label == "DATE" and not _OPEN_DATE.search(text[max(0, e.start - 12) : e.start])
    ]
    near = [e for e in dates if min(abs(e.start - trigger), abs(e.end - trigger)) <= TIME_REACH]
    for entity in sorted(near, key=lambda e: abs(e.start - trigger)):
        time_start, time_end = event_time(_with_context(text, entity), ref, prefer)
        if time_start is not None:
            return entity, time_start, time_end
    return None, None, None


def _with_context(text: str, entity: Entity) -> str:
    """An entity's text plus a following "this year"/"next month" the model left out."""
    m = re.match(r"\s+((?:this|next|last) (?:month|year))\b", text[entity.end : entity.end + 20])
    return entity.text + (" " + m.group(1) if m and m.group(1) not in entity.text else "")


def _status(
    cue: EventStatus | None, ref: dt.date | None, start: dt.date | None, end: dt.date | None
) -> EventStatus:
    if cue is not None:
        return cue
    if ref is not None and start is not None:
        if (ref - (end or start)).days > HISTORICAL_DAYS:
            return "historical"
        if start > ref:
            return "planned"
    return "asserted"
