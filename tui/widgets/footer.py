"""Textual's footer, rebuilt once per change of the keys it shows.

Textual's `Footer` rebuilds all its key widgets (unmount, mount, restyle, lay out)
each time the screen announces that its bindings may have changed: on a push,
each focus change and each `refresh_bindings`. Opening the reader announced it
four times, each rebuild with the same keys, about 30 ms of a 2-core machine
each. This footer coalesces the announcements into one check after the next
refresh and rebuilds only when the shown keys differ from those on screen.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A `Footer` that recomposes only when the keys it would show change."""

    def __init__(self, *, id: str | None = None, compact: bool = False) -> None:
        super().__init__(id=id, compact=compact)
        # Compose the keys at mount (Textual's footer mounts empty and rebuilds once the
        # screen first announces its bindings: one more rebuild and layout per screen).
        self._bindings_ready = True
        self._check_pending = False
        self._composed: Hashable = None  # the keys on screen (None: not yet composed)
        self.rebuilt = 0  # times the key widgets were rebuilt (the tests count them)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def shown_keys(self) -> Hashable:
        """What the footer would show now: each shown binding and whether it is enabled."""
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.show_command_palette

    def compose(self) -> ComposeResult:
        self._composed = self.shown_keys()
        yield from super().compose()

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        if self.shown_keys() != self._composed:
            self.rebuilt += 1
            await self.recompose()  # composes through `compose`, which records the keys
