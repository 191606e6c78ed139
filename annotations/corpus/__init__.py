"""Corpus: reading files, cleaning scraped pages, metadata, and duplicate detection."""

from annotations.corpus.clean import clean
from annotations.corpus.duplicates import mark_duplicates
from annotations.corpus.ingest import (
    article_from_text,
    article_id,
    build_article,
    built,
    load,
    records,
)
from annotations.corpus.readers import Notice, Record, Rejection, decode, prepare
from annotations.corpus.restore import assemble, move_spans, restore
from annotations.corpus.site_lines import SiteLines, clean_across, site_of

__all__ = [
    "Notice",
    "Record",
    "Rejection",
    "SiteLines",
    "article_from_text",
    "article_id",
    "assemble",
    "build_article",
    "built",
    "clean",
    "clean_across",
    "decode",
    "load",
    "mark_duplicates",
    "move_spans",
    "prepare",
    "records",
    "restore",
    "site_of",
]
