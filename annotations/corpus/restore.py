"""The body as a function of (raw, removed blocks), and restoring a removed block.

`assemble` is the single definition of how a body is built from the raw text:
the words of each line outside the removed blocks, joined by single spaces;
lines joined by a newline, or a blank line where the raw text had one. It can
also return, for every body character, the raw offset it came from, so spans
on an old body can be moved onto a new one (`move_spans`) when the analyst
restores a block that was removed wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotations.models import RemovedBlock

_TOKEN = re.compile(r"\S+")


def assemble(
    raw: str, removed: Sequence[RemovedBlock], with_map: bool = False
) -> tuple[str, list[int]]:
    """The body left when `removed` is cut out of `raw`, and (if asked) its raw offsets.

    The offset list has one entry per body character: its offset in `raw`, or -1
    for a space or newline that joins words and lines.
    """
    spans = sorted((b.start, b.end) for b in removed if b.end > b.start)
    parts: list[str] = []
    mapping: list[int] = []
    gap = started = False
    pos = k = 0
    for line in raw.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            gap = gap or started
            continue
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        pieces, cursor, j = [], start, k
        while j < len(spans) and spans[j][0] < end:
            if spans[j][0] > cursor:
                pieces.append((cursor, spans[j][0]))
            cursor = max(cursor, spans[j][1])
            j += 1
        if cursor < end:
            pieces.append((cursor, end))
        if with_map:
            tokens = [
                (a + m.start(), a + m.end()) for a, b in pieces for m in _TOKEN.finditer(raw[a:b])
            ]
            words = [raw[a:b] for a, b in tokens]
        else:  # the same words (str.split and \S agree on whitespace), without offsets
            tokens, words = [], [w for a, b in pieces for w in raw[a:b].split()]
        if not words:
            continue
        if started:
            separator = "\n\n" if gap else "\n"
            parts.append(separator)
            if with_map:
                mapping.extend([-1] * len(separator))
        parts.append(" ".join(words))
        if with_map:
            for n, (a, b) in enumerate(tokens):
                if n:
                    mapping.append(-1)
                mapping.extend(range(a, b))
        started, gap = True, False
    return "".join(parts), mapping


def restore(
    raw: str, removed: Sequence[RemovedBlock], block: RemovedBlock
) -> tuple[str, list[RemovedBlock]]:
    """The new body and removed list once `block` is put back into the text."""
    remaining = [b for b in removed if b != block]
    return assemble(raw, remaining)[0], remaining


def move_spans(
    spans: Sequence[tuple[int, int]], old_map: Sequence[int], new_map: Sequence[int]
) -> list[tuple[int, int] | None]:
    """Move (start, end) spans on an old body onto a new body of the same raw text.

    Both maps come from `assemble(..., with_map=True)`. A span whose characters
    are no longer all in the new body (or not contiguous there) becomes None.
    """
    where = {raw_offset: i for i, raw_offset in enumerate(new_map) if raw_offset >= 0}
    moved: list[tuple[int, int] | None] = []
    for start, end in spans:
        anchor = next((i for i in range(start, min(end, len(old_map))) if old_map[i] >= 0), None)
        if anchor is None or end > len(old_map) or old_map[anchor] not in where:
            moved.append(None)
            continue
        new_start = where[old_map[anchor]] - (anchor - start)
        new_end = new_start + (end - start)
        same = (
            new_start >= 0
            and new_end <= len(new_map)
            and all(old_map[i] == new_map[new_start + i - start] for i in range(start, end))
        )
        moved.append((new_start, new_end) if same else None)
    return moved
