"""The entity label set: name, description, colour and key for each label."""

from __future__ import annotations

from annotations.models import Model


class LabelSpec(Model):
    """One entity label as the analyst sees it."""

    name: str
    description: str
    colour: str  # a CSS-style hex colour, readable on a dark background
    key: str  # one key that applies the label in the reader


DEFAULT_LABELS: tuple[LabelSpec, ...] = (
    LabelSpec(name="PERSON", description="people", colour="#f4a261", key="p"),
    LabelSpec(name="ORG", description="organisations", colour="#4cc9f0", key="o"),
    LabelSpec(name="GPE", description="countries, cities, states", colour="#80ed99", key="g"),
    LabelSpec(name="LOC", description="other places", colour="#57cc99", key="l"),
    LabelSpec(name="NORP", description="nationalities, groups", colour="#c77dff", key="n"),
    LabelSpec(name="DATE", description="dates and periods", colour="#ffd166", key="d"),
    LabelSpec(name="EVENT", description="named events", colour="#ef476f", key="e"),
    LabelSpec(name="LAW", description="agreements, treaties, laws", colour="#06d6a0", key="a"),
    LabelSpec(name="WEAPON", description="weapons and military systems", colour="#ff6b6b", key="w"),
    LabelSpec(name="ROLE", description="roles and titles", colour="#a0c4ff", key="r"),
    LabelSpec(name="FAC", description="buildings, bases, venues", colour="#bdb2ff", key="f"),
    LabelSpec(name="PRODUCT", description="products, vehicles", colour="#ffadad", key="u"),
    LabelSpec(name="MONEY", description="monetary values", colour="#caffbf", key="m"),
    LabelSpec(name="QUANTITY", description="quantities", colour="#fdffb6", key="q"),
)

FALLBACK_COLOUR = "#cccccc"


def label_map(labels: tuple[LabelSpec, ...] = DEFAULT_LABELS) -> dict[str, LabelSpec]:
    return {label.name: label for label in labels}
