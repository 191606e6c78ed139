"""The reader: one article, its entities highlighted, reviewed from the keyboard.

The screen is assembled from parts, one file each: `base` (showing, moving,
selecting, searching) and `review` (entity edits with undo).
"""

from tui.screens.reader.events import EventTagging
from tui.screens.reader.links import EntityLinks
from tui.screens.reader.raw import RawView
from tui.screens.reader.review import EntityReview


class ReaderScreen(EventTagging, RawView, EntityLinks, EntityReview):
    """Shows one article; every annotation key saves at once and can be undone."""


__all__ = ["ReaderScreen"]
