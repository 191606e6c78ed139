"""Messages workers post to the app: attributes down, messages up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the pipeline is imported when detection first runs
    from annotations.pipeline import Suggestions


@dataclass
class SuggestionsFound(Message):
    """Detection finished for a batch of articles; the app stores them in one
    transaction (`last`: the run's final batch, after which the corpus is linked)."""

    suggestions: list[Suggestions]
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
