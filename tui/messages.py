"""Messages workers post to the app: attributes down, messages up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the pipeline is imported when detection first runs
    from annotations.pipeline import Suggestions


@dataclass
class SuggestionsFound(Message):
    """Detection finished for one article; the app stores the result (`last`: the
    run's final article, after which the corpus is linked)."""

    suggestions: Suggestions
    last: bool


@dataclass
class DetectionProgress(Message):
    """How far the detection worker has got."""

    done: int
    total: int


@dataclass
class DetectionFailed(Message):
    """The detection worker stopped; `reason` is one sentence for the analyst."""

    reason: str
