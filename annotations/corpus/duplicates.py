"""Exact and near-duplicate articles: MinHash over word shingles (datasketch).

Candidates come from MinHash LSH on a low Jaccard threshold; each candidate is
then verified on the real shingle sets by containment (shared shingles over
the smaller set), so a wire story republished with extra paragraphs on
another site is still found.

Each text is shingled and hashed once: the index keeps its shingles as a sorted
array of their 64-bit hashes, and a new text's shared shingles with all of its
candidates are counted in one vectorised pass (no set is built per candidate).
Two different shingles sharing a 64-bit hash could add one to a count: at the
~10^6 distinct shingles of a large corpus the odds of any such pair are ~10^-7.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from annotations.models import Article

if TYPE_CHECKING:  # datasketch pulls in numpy and scipy: imported when first used
    from datasketch import MinHash, MinHashLSH

Hashes = npt.NDArray[np.int64]  # a shingle set: the sorted hashes of its shingles

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

    minhash = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme="affine32")
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash


@functools.cache
def _permutations() -> npt.NDArray[np.uint32]:
    """The hash permutations every signature uses (datasketch's own for its default
    seed and scheme: drawn once, not once per text)."""
    from datasketch import MinHash

    found: npt.NDArray[np.uint32] = MinHash(num_perm=NUM_PERM).permutations
    return found


@functools.cache
def _bands() -> tuple[int, int]:
    """The LSH bands and rows for LSH_THRESHOLD (datasketch integrates for them: once)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def hashed(grams: set[str]) -> Hashes:
    """The shingle set as the sorted array of its shingles' 64-bit hashes."""
    return np.sort(np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams)))


def shared(grams: Hashes, others: list[Hashes]) -> list[int]:
    """How many shingles `grams` shares with each of `others` (all sorted, non-empty)."""
    if not len(grams) or not others:
        return [0] * len(others)
    every = np.concatenate(others)
    at = np.searchsorted(grams, every)
    at[at == len(grams)] = 0
    owner = np.repeat(np.arange(len(others)), [len(o) for o in others])
    counts: list[int] = np.bincount(owner[grams[at] == every], minlength=len(others)).tolist()
    return counts


class _Index:
    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh: MinHashLSH = MinHashLSH(num_perm=NUM_PERM, params=_bands())
        self.grams: list[Hashes] = []
        self.ids: list[str] = []
        self.roots: list[str] = []
        self.by_hash: dict[str, int] = {}

    def add(self, article: Article, grams: Hashes, root: str, minhash: MinHash) -> None:
        key = len(self.ids)
        self.ids.append(article.id)
        self.grams.append(grams)
        self.roots.append(root)
        self.by_hash.setdefault(article.text_hash, key)
        if len(grams):
            self.lsh.insert(str(key), minhash)

    def original(self, article: Article, grams: Hashes, minhash: MinHash) -> str | None:
        if article.text_hash in self.by_hash:
            return self.roots[self.by_hash[article.text_hash]]
        if not len(grams):
            return None
        keys = [int(k) for k in self.lsh.query(minhash)]
        counts = shared(grams, [self.grams[k] for k in keys])
        scores = [
            (n / min(len(grams), len(self.grams[k])), -k) for k, n in zip(keys, counts, strict=True)
        ]  # containment: shared shingles over the size of the smaller set
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
        index.add(article, hashed(grams), article.duplicate_of or article.id, signature(grams))
    pairs: list[tuple[str, str]] = []
    for article in new:
        grams = shingles(article.text)
        minhash, sorted_hashes = signature(grams), hashed(grams)
        original = index.original(article, sorted_hashes, minhash)
        if original is not None and original != article.id:
            article.duplicate_of = original
            pairs.append((article.id, original))
        index.add(article, sorted_hashes, original or article.id, minhash)
    return pairs
