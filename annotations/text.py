"""Small text helpers shared by the core: control characters and content hashes."""

from __future__ import annotations

import hashlib
import re

# C0 controls except tab and newline, DEL, and the C1 range.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ESC -> U+241B
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def neutralise_controls(text: str) -> str:
    """Replace terminal control characters one-for-one so offsets still hold.

    ESC, BEL and friends become visible "control pictures"; C1 controls become
    U+FFFD. Tab and newline are kept. Run `normalise_newlines` first.
    """
    return _CONTROLS.sub(_visible, text)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    """A stable short hash of a text (hex sha256, first 16 characters)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# Invisible characters a terminal may treat differently from the width Rich measures, or
# that reorder what is shown: joiners and variation selectors (emoji sequences a terminal
# may draw as one glyph), bidi embeddings, overrides and isolates, and other zero-widths.
_JOINERS = re.compile(r"[\u200d\ufe0f]")
_FORMATS = re.compile(r"[\u00ad\u061c\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
ZERO_WIDTH_SPACE = "\u200b"
ELLIPSIS = "…"
LINE_LIMIT = 300  # characters in a one-line field: a title, a file name, a message


def displayable(text: str) -> str:
    """`text` made safe to show in a terminal, one character for one so offsets hold.

    Controls (ESC, BEL, C1, CR, ...) become visible control pictures, so no escape or
    OSC sequence can act; a tab becomes one space; joiners and emoji variation selectors
    become zero-width spaces, so every glyph is as wide as measured and borders stay
    straight; bidi controls and other invisible format characters become U+FFFD.
    """
    text = _CONTROLS.sub(_visible, text.replace("\t", " "))
    return _FORMATS.sub("\ufffd", _JOINERS.sub(ZERO_WIDTH_SPACE, text))


def printable(text: object, limit: int = LINE_LIMIT) -> str:
    """Outside text (a title, a file name, a reason) as one safe line of at most `limit`
    characters, cut with an ellipsis. Use it for every message that shows such text."""
    line = " ".join(displayable(str(text)).split("\n"))
    return line if len(line) <= limit else line[: limit - 1] + ELLIPSIS
