"""Helpers for the format tests: annotated seed articles in a real store.

The store is built from the raw seed text (no cleaning), machine suggestions
from the session's detector, then a little review: accepted, rejected,
analyst-added, overlapping and multi-line entities, notes and canonical ids,
plus one article full of curly quotes, accents and emoji.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from annotations.entities import Detector, to_entities
from annotations.models import Article, ArticleMeta, Entity
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
    return store
