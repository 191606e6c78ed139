"""What the generated configs name: the analyst's label set and the event schema.

Every format that writes a configuration (brat's `annotation.conf`, Label
Studio's labeling config) or role columns (CSV) takes its names from one
`Vocabulary`, so the formats agree with each other and with the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.events.schema import DEFAULT_SCHEMA, EventSchema, RoleSpec
from annotations.labels import DEFAULT_LABELS, FALLBACK_COLOUR, LabelSpec

STATUSES = ("asserted", "planned", "hypothetical", "negated", "historical")


@dataclass(frozen=True)
class Vocabulary:
    """The label set and the event schema an export is written with."""

    labels: tuple[LabelSpec, ...] = DEFAULT_LABELS
    schema: EventSchema = field(default_factory=lambda: DEFAULT_SCHEMA)

    def entity_labels(self, seen: Iterable[str] = ()) -> list[tuple[str, str]]:
        """(name, colour) of every label of the set, then of any other label used
        by an entity or named by a role of the schema."""
        known = [(spec.name, spec.colour) for spec in self.labels]
        names = {name for name, _ in known}
        others = set(seen) | {lab for t in self.schema.types for r in t.roles for lab in r.labels}
        return known + [(name, FALLBACK_COLOUR) for name in sorted(others - names)]

    def role_names(self) -> list[str]:
        """Every role name of the schema, once each, in schema order."""
        return list(dict.fromkeys(r.name for t in self.schema.types for r in t.roles))

    def event_types(self, seen: Iterable[str] = ()) -> list[str]:
        """The schema's type names, then any other type used by an exported event."""
        names = self.schema.names
        return names + sorted(set(seen) - set(names))

    def roles_of(self, event_type: str) -> list[RoleSpec]:
        """The roles of a type; none for a type the schema does not know."""
        spec = self.schema.get(event_type)
        return list(spec.roles) if spec else []


DEFAULT_VOCABULARY = Vocabulary()
