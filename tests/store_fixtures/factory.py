"""Articles and entities built straight from `annotations.models` (no cleaning)."""

from __future__ import annotations

import hashlib
import random

from annotations.models import Article, ArticleMeta, Entity

WORDS = [
    "India",
    "Russia",
    "defence",
    "minister",
    "said",
    "agreement",
    "cooperation",
    "Moscow",
    "Delhi",
    "signed",
    "naval",
    "exercise",
    "Putin",
    "Modi",
    "frigate",
    "summit",
    "talks",
    "the",
    "of",
    "and",
    "in",
    "on",
]


def make_article(n: int, words: int = 400, seed: int | None = None) -> Article:
    """Article number `n` with a body of `words` words (deterministic per n)."""
    rng = random.Random(n if seed is None else seed)
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return Article(
        id=f"a{n:06d}",
        origin=f"bench/{n}.txt",
        raw="<p>" + text + "</p>",
        text=text,
        text_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
        meta=ArticleMeta(title=f"Article {n}: {text[:40]}"),
    )


def entities_for(article: Article, count: int, start_id: int = 0) -> list[Entity]:
    """`count` entities on the words of `article`, ids numbered from `start_id`."""
    found, pos, words = [], 0, article.text.split(" ")
    for i, word in enumerate(words):
        if len(found) == count:
            break
        if i % 3 == 0:
            found.append(
                Entity(
                    id=f"e{start_id + len(found):08d}-{article.id}",
                    article_id=article.id,
                    start=pos,
                    end=pos + len(word),
                    label="ORG",
                    text=word,
                )
            )
        pos += len(word) + 1
    return found
