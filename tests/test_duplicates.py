"""Exact and near-duplicate grouping with MinHash."""

from __future__ import annotations

from pathlib import Path

from annotations.corpus import article_from_text, load, mark_duplicates
from annotations.models import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seeds() -> list[Article]:
    return [a for a in load([SEEDS]) if isinstance(a, Article)]


def _article(text: str, origin: str) -> Article:
    article = article_from_text(text, origin)
    assert isinstance(article, Article)
    return article


def test_seeds_000_and_001_form_one_group() -> None:
    seeds = _seeds()
    pairs = mark_duplicates(seeds)
    assert pairs == [(seeds[1].id, seeds[0].id)]
    assert seeds[1].duplicate_of == seeds[0].id
    assert all(a.duplicate_of is None for a in seeds[2:])


def test_against_existing_articles() -> None:
    existing = _seeds()
    again = _seeds()
    pairs = mark_duplicates(again[:2], existing=existing[2:])
    assert pairs == [(again[1].id, again[0].id)]
    pairs = mark_duplicates(again[1:2], existing=existing[:1])
    assert pairs == [(again[1].id, existing[0].id)]


def test_exact_copy_and_chain_points_to_first_original() -> None:
    text = (
        "The two navies will hold joint exercises in the Bay of Bengal next month, with six "
        "warships and two submarines taking part, officials said on Monday."
    )
    first = _article(text, "a")
    copy = _article(text + "\n\nShare this article", "b")
    assert copy.text_hash == first.text_hash
    third = _article(text + " The drills will last a week.", "c")
    pairs = mark_duplicates([first, copy, third])
    assert copy.duplicate_of == first.id and third.duplicate_of == first.id
    assert len(pairs) == 2


def test_different_stories_are_not_grouped() -> None:
    a = _article("Ministers discussed fertiliser supplies and payments in rupees. " * 3, "a")
    b = _article("The football team won its third match in a row on Sunday night. " * 3, "b")
    assert mark_duplicates([a, b]) == []
