"""Round-trip properties: what newsdesk writes as jsonl, brat or doccano reads back
the same, on texts with curly quotes, accents, emoji and newlines."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.formats import brat, doccano, jsonl
from annotations.formats.importing import Incoming, resolve_offsets
from annotations.formats.records import ExportRecord, entity_order
from annotations.models import Argument, Article, ArticleMeta, Entity, Event
from annotations.text import content_hash

ALPHABET = st.sampled_from([*"ab Zé\u0301ñüßЖ“”‘’—–…🇮🇳😀👍🏽\n.,-'\"\t", "e\u0301", "é"])
LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "WEAPON", "DATE"])
ANALYSTS = st.one_of(st.none(), st.sampled_from(["ana", "ben@example.org", "Jo Doe"]))
NOTES = st.one_of(st.none(), st.text(st.sampled_from(list("ab “”é😀 ")), min_size=1, max_size=8))


# Canonical keys as the store writes them ("LABEL:normalised name"), and any text without
# a control character (a key is a name with its spaces collapsed, from a neutralised body).
KEYS = st.one_of(
    st.sampled_from(["PERSON:vladimir putin", "ORG:tata_sons", "GPE:côte d'ivoire", "q1"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
)


@st.composite
def records(draw: st.DrawFn, trim: bool = False) -> ExportRecord:
    """An article with random entities; `trim`: no entity starts or ends in whitespace."""
    text = "".join(draw(st.lists(ALPHABET, min_size=1, max_size=60)))
    article = Article(
        id="art1",
        origin="hypothesis",
        raw=text,
        text=text,
        text_hash=content_hash(text),
        meta=ArticleMeta(title=draw(st.text(max_size=5)), date=dt.date(2025, 12, 1)),
    )
    entities: dict[tuple[int, int, str], Entity] = {}
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        span = text[start:end]
        if trim and (span != span.strip() or not span.strip()):
            continue
        label = draw(LABELS)
        entities[(start, end, label)] = Entity(
            article_id=article.id,
            start=start,
            end=end,
            label=label,
            text=span,
            source=draw(st.sampled_from(["model", "rule", "analyst"])),
            state=draw(st.sampled_from(["suggested", "accepted"])),
            canonical_id=draw(st.one_of(st.none(), KEYS)),
            note=draw(NOTES),
            analyst=draw(ANALYSTS),
        )
    ordered = tuple(sorted(entities.values(), key=entity_order))
    events = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        if trim and (text[start:end] != text[start:end].strip() or not text[start:end].strip()):
            continue
        fillers = draw(st.lists(st.sampled_from(ordered), max_size=3)) if ordered else []
        day = draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))))
        events.append(
            Event(
                article_id=article.id,
                type=draw(st.sampled_from(["VISIT", "RATIFY", "PARLEY"])),
                trigger_start=start,
                trigger_end=end,
                trigger_text=text[start:end],
                arguments=[
                    Argument(
                        role=draw(st.sampled_from(["Visitor", "Host", "Time"])), entity_id=e.id
                    )
                    for e in fillers
                ],
                status=draw(st.sampled_from(["asserted", "planned", "negated"])),
                state=draw(st.sampled_from(["suggested", "accepted"])),
                time_start=day,
                time_text="then" if day else None,
                note=draw(NOTES),
                group_id=draw(st.one_of(st.none(), st.just("g1"))),
                analyst=draw(ANALYSTS),
            )
        )
    return ExportRecord(article, ordered, tuple(events))


def _read_back(module, record: ExportRecord, name: str, **options) -> list[Incoming | str]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / name
        if name == "folder":
            target.mkdir()
        module.write([record], target, **options)
        return list(module.read(target))


def _placed(item: Incoming) -> list[tuple[int, int, str]]:
    found = []
    for span in item.spans:
        placed = resolve_offsets(item.article.text, span)
        assert not isinstance(placed, str), placed
        found.append((*placed, span.label))
    return found


@settings(max_examples=60, deadline=None)
@given(records())
def test_jsonl_round_trip(record: ExportRecord) -> None:
    (item,) = _read_back(jsonl, record, "out.jsonl")
    assert isinstance(item, Incoming) and item.problems == []
    assert item.article == record.article
    assert _placed(item) == [(e.start, e.end, e.label) for e in record.entities]
    for span, entity in zip(item.spans, record.entities, strict=True):
        assert (span.id, span.source, span.state, span.note, span.analyst) == (
            entity.id,
            entity.source,
            entity.state,
            entity.note,
            entity.analyst,
        )
    assert len(item.events) == len(record.events)
    for incoming, event in zip(item.events, record.events, strict=True):
        rebuilt = Event.model_validate(
            incoming.fields
            | {
                "article_id": event.article_id,
                "type": incoming.type,
                "trigger_start": incoming.trigger.start,
                "trigger_end": incoming.trigger.end,
                "trigger_text": incoming.trigger.text,
                "arguments": [{"role": r, "entity_id": k} for r, k in incoming.arguments],
            }
        )
        assert rebuilt == event


@given(KEYS)
def test_a_brat_reference_is_one_word_and_gives_back_its_key(key: str) -> None:
    ident = brat.reference_id(key)
    assert re.fullmatch(r"\w+", ident) and brat.key_of_reference(ident) == key


def test_a_hostile_brat_reference_names_no_control_or_impossible_character() -> None:
    for written in ("_110000_", "_d800_", "_1b_5b_31m", "_a_"):
        assert brat.key_of_reference(written) == written  # left as written, never raises
    assert brat.key_of_reference("PERSON_3a_vladimir_20_putin") == "PERSON:vladimir putin"


@settings(max_examples=60, deadline=None)
@given(records(trim=True))
def test_brat_round_trip(record: ExportRecord) -> None:
    (item,) = _read_back(brat, record, "folder")
    assert isinstance(item, Incoming) and item.problems == []
    assert item.article.text == record.article.text
    assert _placed(item) == [(e.start, e.end, e.label) for e in record.entities]
    for span, entity in zip(item.spans, record.entities, strict=True):
        assert (span.source, span.state, span.canonical_id, span.note, span.analyst) == (
            entity.source,
            entity.state,
            entity.canonical_id,
            entity.note and brat._BREAKS.sub(" ", entity.note),
            entity.analyst,
        )
    spans = {span.key: (span.start, span.end) for span in item.spans}
    assert len(item.events) == len(record.events)
    for incoming, event in zip(item.events, record.events, strict=True):
        trigger = resolve_offsets(item.article.text, incoming.trigger)
        assert (incoming.type, trigger) == (event.type, (event.trigger_start, event.trigger_end))
        assert [(r, spans[k]) for r, k in incoming.arguments] == [
            (r, (e.start, e.end)) for r, e in record.arguments(event)
        ]
        assert (incoming.fields.get("status"), incoming.fields.get("state")) == (
            event.status,
            event.state,
        )
        assert incoming.fields.get("analyst") == event.analyst


@settings(max_examples=60, deadline=None)
@given(records())
def test_doccano_sequence_labelling_round_trip(record: ExportRecord) -> None:
    (item,) = _read_back(doccano, record, "out.jsonl")
    assert isinstance(item, Incoming) and item.problems == [] and item.relations == []
    assert item.article.text == record.article.text
    assert _placed(item) == [(e.start, e.end, e.label) for e in record.entities]  # no triggers


@settings(max_examples=60, deadline=None)
@given(records())
def test_doccano_round_trip(record: ExportRecord) -> None:
    (item,) = _read_back(doccano, record, "out.jsonl", with_events=True)
    assert isinstance(item, Incoming) and item.problems == []
    assert item.article.text == record.article.text
    assert item.article.id == record.article.id
    kinds = {"VISIT", "RATIFY", "PARLEY"}
    triggers = [s for s in item.spans if s.label in kinds]
    item.spans = [s for s in item.spans if s.label not in kinds]
    assert _placed(item) == [(e.start, e.end, e.label) for e in record.entities]
    assert [(t.start, t.end, t.label) for t in triggers] == [
        (e.trigger_start, e.trigger_end, e.type) for e in record.events
    ]
    spans = {s.key: (s.start, s.end) for s in item.spans}
    for trigger, event in zip(triggers, record.events, strict=True):
        roles = [(r.type, spans[r.to_key]) for r in item.relations if r.from_key == trigger.key]
        assert roles == [(r, (e.start, e.end)) for r, e in record.arguments(event)]
