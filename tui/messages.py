"""Messages workers post to the app: attributes down, messages up."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from annotations.entities import Mention


@dataclass
class ArticleDetected(Message):
    """Entity detection finished for one article; the app stores the result."""

    article_id: str
    text_hash: str
    mentions: list[Mention]
    detector_version: str


@dataclass
class DetectionProgress(Message):
    """How far the detection worker has got."""

    done: int
    total: int


@dataclass
class DetectionFailed(Message):
    """The detection worker stopped; `reason` is one sentence for the analyst."""

    reason: str
