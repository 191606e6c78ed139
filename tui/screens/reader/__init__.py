"""The reader: one article, its entities highlighted, reviewed from the keyboard.

`screen.ReaderScreen` is the one Screen: it composes the widgets, owns the
cursor and the article's editor, and calls one plain part per kind of key:
`navigation` (moving, selecting, searching), `review` (entity edits),
`events` (event tagging), `raw` (the raw-text mode and restoring removed
blocks) and `teaching` (what an edit here suggests in the other articles).
`status` builds the status line and the legend.
"""

from tui.screens.reader.screen import ReaderScreen

__all__ = ["ReaderScreen"]
