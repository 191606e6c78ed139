"""Helpers for the format tests: annotated seed articles in a real store.

The store is built from the raw seed text (no cleaning), machine suggestions
from the session's detector, then a little review: accepted, rejected,
analyst-added, overlapping and multi-line entities, notes and canonical ids,
plus one article full of curly quotes, accents and emoji; and events: an
accepted VISIT, a suggested RATIFY, one of a type outside the schema and a
rejected one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from annotations.entities import Detector, to_entities
from annotations.events.repository import save_events
from annotations.models import Argument, Article, ArticleMeta, Entity, Event
from annotations.store import Store
from annotations.text import content_hash

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

UNICODE_TEXT = (
    "“Café Pushkin” hosted José Álvarez and Sergey Lavrov 🇷🇺🤝🇮🇳 in Moscow.\n"
    "The S‑400 deal — worth ₹40,000 crore — was signed on 5 December 2025 😀.\n\n"
    "Müller’s team in Zürich called it “historic”.\n"
)
UNICODE_ENTITIES = [
    ("Café Pushkin", "FAC"),
    ("José Álvarez", "PERSON"),
    ("Sergey Lavrov", "PERSON"),
    ("Moscow", "GPE"),
    ("S‑400", "WEAPON"),
    ("₹40,000 crore", "MONEY"),
    ("5 December 2025", "DATE"),
    ("Zürich", "GPE"),
    ("Lavrov 🇷🇺🤝🇮🇳 in Moscow.\nThe S‑400 deal", "EVENT"),  # overlaps, spans a line
]


def article(text: str, number: int, status: str = "done") -> Article:
    return Article(
        id=f"a{number:03d}",
        origin=f"test:{number}",
        raw=text,
        text=text,
        text_hash=content_hash(text),
        meta=ArticleMeta(title=f"Article {number}", date=dt.date(2025, 11, 20 + number)),
        status=status,  # type: ignore[arg-type]
        ingested_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
    )


def seed_articles() -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    found = [article(t, n, "done" if n % 2 == 0 else "in_progress") for n, t in enumerate(texts)]
    return [*found, article(UNICODE_TEXT, len(found))]


def unicode_entities(article_id: str) -> list[Entity]:
    entities = []
    for i, (text, label) in enumerate(UNICODE_ENTITIES):
        start = UNICODE_TEXT.index(text)
        entities.append(
            Entity(
                article_id=article_id,
                start=start,
                end=start + len(text),
                label=label,
                text=text,
                source="analyst",
                state="accepted" if i % 3 else "suggested",
                canonical_id="lavrov" if text == "Sergey Lavrov" else None,
                note="seen “twice”" if i == 1 else None,
            )
        )
    return entities


def build_store(path: Path, detector: Detector) -> Store:
    """A store with the annotated seeds and the unicode article."""
    store = Store(path)
    articles = seed_articles()
    store.add_articles(articles)
    *seeds, special = articles
    for item, mentions in zip(seeds, detector.detect_many(a.text for a in seeds), strict=True):
        store.save_detection(item.id, to_entities(item.id, mentions), detector.version)
        found = store.entities(item.id)
        review = [
            found[0].model_copy(update={"state": "accepted", "canonical_id": "q1"}),
            found[1].model_copy(update={"state": "rejected"}),
            found[2].model_copy(update={"note": "check the spelling"}),
        ]
        first = found[0]
        review.append(  # an analyst entity overlapping the first one
            Entity(
                article_id=item.id,
                start=first.start,
                end=first.end + 1,
                label="ORG" if first.label != "ORG" else "NORP",
                text=item.text[first.start : first.end + 1],
                source="analyst",
                state="accepted",
            )
        )
        for entity in review:
            store.put_entity(entity)
    for entity in unicode_entities(special.id):
        store.put_entity(entity)
    add_events(store, seeds[2].id, special.id)
    return store


def _analyst(store: Store, article_id: str, words: str, label: str) -> Entity:
    text = store.article(article_id).text
    start = text.index(words)
    entity = Entity(
        article_id=article_id,
        start=start,
        end=start + len(words),
        label=label,
        text=words,
        source="analyst",
        state="accepted",
    )
    store.put_entity(entity)
    return entity


def _event(store: Store, article_id: str, kind: str, trigger: str, **fields) -> Event:
    start = store.article(article_id).text.index(trigger)
    return Event(
        article_id=article_id,
        type=kind,
        trigger_start=start,
        trigger_end=start + len(trigger),
        trigger_text=trigger,
        **fields,
    )


def add_events(store: Store, seed_id: str, unicode_id: str) -> None:
    """A VISIT (Visitor, Host, Time) in the unicode article, a suggested RATIFY in a
    seed, an event with an unknown type and a rejected one that must never go out."""
    by_text = {e.text: e for e in store.entities(unicode_id)}
    rejected = next(e for e in store.entities(seed_id) if e.state == "rejected")
    india = _analyst(store, seed_id, "India", "GPE")
    fta = _analyst(store, seed_id, "Free Trade Agreement", "LAW")
    visit = _event(
        store,
        unicode_id,
        "VISIT",
        "hosted",
        arguments=[
            Argument(role="Visitor", entity_id=by_text["Sergey Lavrov"].id),
            Argument(role="Visitor", entity_id=by_text["José Álvarez"].id),
            Argument(role="Host", entity_id=by_text["Moscow"].id),
            Argument(role="Time", entity_id=by_text["5 December 2025"].id),
        ],
        status="planned",
        time_start=dt.date(2025, 12, 5),
        time_text="5 December 2025",
        note="“historic” 😀",
        group_id="g1",
    )
    ratify = _event(
        store,
        seed_id,
        "RATIFY",
        "signing",
        arguments=[
            Argument(role="Ratifier", entity_id=india.id),
            Argument(role="Agreement", entity_id=fta.id),
            Argument(role="Ratifier", entity_id=rejected.id),  # left out by all but jsonl
        ],
        state="suggested",
        group_id="g1",
    )
    odd = _event(store, seed_id, "PARLEY", "negotiations", arguments=[
        Argument(role="Speaker", entity_id=india.id)
    ])  # fmt: skip
    gone = _event(store, unicode_id, "MEET", "team", state="rejected")
    save_events(store, [visit, ratify, odd, gone])
