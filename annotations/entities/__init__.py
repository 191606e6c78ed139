"""Entity detection: a statistical model plus rules, behind one small interface."""

from annotations.entities.detector import DETECTOR_VERSION, Detector, Mention, to_entities

__all__ = ["DETECTOR_VERSION", "Detector", "Mention", "to_entities"]
