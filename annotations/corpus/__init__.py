"""Corpus: reading files, cleaning scraped pages, metadata, and duplicate detection."""

from annotations.corpus.clean import clean
from annotations.corpus.duplicates import mark_duplicates
from annotations.corpus.ingest import article_from_text, build_article, load
from annotations.corpus.readers import Notice, Rejection, decode, prepare
from annotations.corpus.restore import assemble, move_spans, restore

__all__ = [
    "Notice",
    "Rejection",
    "article_from_text",
    "assemble",
    "build_article",
    "clean",
    "decode",
    "load",
    "mark_duplicates",
    "move_spans",
    "prepare",
    "restore",
]
