"""How much one input may hold before it is refused, unread: a leaf module, so the
readers (corpus, formats) can know their limits without importing the settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one input may hold before it is refused, unread (bytes).

    `file_bytes` bounds every file ingest, `clean` or import reads; `line_bytes` bounds one
    line (a JSONL record, or a line of a .txt). Set them with `$NEWSDESK_MAX_FILE_MB` and
    `$NEWSDESK_MAX_LINE_MB`."""

    file_bytes: int = 32 * MB
    line_bytes: int = 4 * MB


def limits(environ: Mapping[str, str] = os.environ) -> Limits:
    """The limits in force: the defaults, or the environment's (in megabytes)."""
    default = Limits()
    return Limits(
        file_bytes=_megabytes(environ, "NEWSDESK_MAX_FILE_MB", default.file_bytes),
        line_bytes=_megabytes(environ, "NEWSDESK_MAX_LINE_MB", default.line_bytes),
    )


def _megabytes(environ: Mapping[str, str], variable: str, default: int) -> int:
    value = environ.get(variable, "").strip()
    try:
        return max(1, int(float(value) * MB)) if value else default
    except ValueError:
        return default
