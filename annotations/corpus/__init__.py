"""Corpus: reading files, cleaning scraped pages, metadata, and duplicate detection."""

from annotations.corpus.clean import clean
from annotations.corpus.duplicates import mark_duplicates
from annotations.corpus.ingest import article_from_text, build_article, load
from annotations.corpus.readers import Rejection, decode, prepare

__all__ = [
    "Rejection",
    "article_from_text",
    "build_article",
    "clean",
    "decode",
    "load",
    "mark_duplicates",
    "prepare",
]
