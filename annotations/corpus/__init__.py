"""Corpus: reading files, cleaning scraped pages, metadata, and duplicate detection."""

from annotations.corpus.clean import clean

__all__ = ["clean"]
