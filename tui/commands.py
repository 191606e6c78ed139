"""The command palette offers every key of the current screen as a command."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


def screen_bindings(screen: DOMNode) -> list[tuple[DOMNode, Binding, str]]:
    """(node, binding, all its keys for display) for each described action of the
    screen, its widgets and the app; the first node to bind an action wins."""
    found: dict[str, tuple[DOMNode, Binding, list[str]]] = {}
    for node in (screen, *screen.query("*"), screen.app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description:
                    continue
                entry = found.setdefault(binding.action, (node, binding, []))
                if entry[0] is node:
                    entry[2].append(screen.app.get_key_display(binding))
    return [(node, binding, ", ".join(keys)) for node, binding, keys in found.values()]


class KeyCommands(Provider):
    """Commands for the keys of the screen the palette was opened on."""

    def _commands(self) -> Iterator[tuple[str, str, partial[object]]]:
        for node, binding, keys in screen_bindings(self.screen):
            yield binding.description, keys, partial(node.run_action, binding.action)

    async def discover(self) -> Hits:
        for name, key, run in self._commands():
            yield DiscoveryHit(name, run, help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key, run in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), run, help=f"key: {key}")
