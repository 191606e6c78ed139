"""Exact and near-duplicate articles: MinHash over word shingles (datasketch).

Candidates come from MinHash LSH on a low Jaccard threshold; each candidate is
then verified on the real shingle sets by containment (shared shingles over
the smaller set), so a wire story republished with extra paragraphs on
another site is still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotations.models import Article

if TYPE_CHECKING:  # datasketch pulls in numpy and scipy: imported when first used
    from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.2
MIN_CONTAINMENT = 0.6

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word `size`-grams of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(grams: set[str]) -> MinHash:
    """The MinHash signature of a shingle set."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash


def containment(a: set[str], b: set[str]) -> float:
    """Shared shingles over the size of the smaller set (0 for empty sets)."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


class _Index:
    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.grams: list[set[str]] = []
        self.ids: list[str] = []
        self.roots: list[str] = []
        self.by_hash: dict[str, int] = {}

    def add(self, article: Article, grams: set[str], root: str, minhash: MinHash) -> None:
        key = len(self.ids)
        self.ids.append(article.id)
        self.grams.append(grams)
        self.roots.append(root)
        self.by_hash.setdefault(article.text_hash, key)
        if grams:
            self.lsh.insert(str(key), minhash)

    def original(self, article: Article, grams: set[str], minhash: MinHash) -> str | None:
        if article.text_hash in self.by_hash:
            return self.roots[self.by_hash[article.text_hash]]
        if not grams:
            return None
        scores = [
            (containment(grams, self.grams[int(k)]), -int(k)) for k in self.lsh.query(minhash)
        ]
        score, key = max(scores, default=(0.0, 0))
        return self.roots[-key] if score >= MIN_CONTAINMENT else None


def mark_duplicates(new: list[Article], existing: Iterable[Article] = ()) -> list[tuple[str, str]]:
    """Set `duplicate_of` on articles of `new` that duplicate an earlier article.

    Earlier means: any of `existing`, or an article before it in `new`. The
    original is always the first article of its group. Returns the
    (duplicate_id, original_id) pairs that were set.
    """
    index = _Index()
    for article in existing:
        grams = shingles(article.text)
        index.add(article, grams, article.duplicate_of or article.id, signature(grams))
    pairs: list[tuple[str, str]] = []
    for article in new:
        grams = shingles(article.text)
        minhash = signature(grams)
        original = index.original(article, grams, minhash)
        if original is not None and original != article.id:
            article.duplicate_of = original
            pairs.append((article.id, original))
        index.add(article, grams, original or article.id, minhash)
    return pairs
