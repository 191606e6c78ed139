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
