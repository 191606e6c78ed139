"""The keys of a screen, as the help screen lists them and the command palette offers them.

`screen_bindings` walks the nodes a key press reaches, in Textual's order (the
focused widget, its containers, the screen, the app). A key bound by an earlier
node hides the later ones' bindings of that key (in the reader `T` tags an
event; the app's `T` for the timeline does not work there), actions the node
switches off (`check_action`) are left out, and so are the bindings Textual's own
classes declare (focus moves, scrolling, an input's editing keys): those are not
newsdesk commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache, partial

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen


@lru_cache(maxsize=64)
def _textual_keys(cls: type) -> frozenset[tuple[str, str]]:
    """(key, action) pairs declared by the Textual classes `cls` inherits from."""
    pairs: set[tuple[str, str]] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("textual."):
            continue
        for item in base.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            pairs |= {(key.strip(), binding.action) for key in binding.key.split(",")}
    return frozenset(pairs)


def _chain(screen: Screen[object]) -> list[DOMNode]:
    """The nodes a key press on `screen` reaches, first to last."""
    focused: DOMNode | None = screen.focused
    nodes: list[DOMNode] = []
    while focused is not None and focused is not screen:
        nodes.append(focused)
        focused = focused.parent
    return [*nodes, screen, screen.app]


def _works(node: DOMNode, binding: Binding) -> bool:
    _, name, params = parse(binding.action)
    return node.check_action(name, params) is not False


def screen_bindings(screen: Screen[object]) -> list[tuple[DOMNode, Binding, str]]:
    """(node, binding, its keys for display) for each newsdesk command that a key
    runs on `screen` now, in binding order."""
    taken: set[str] = set()
    found: dict[tuple[int, str], tuple[DOMNode, Binding, list[str]]] = {}
    for node in _chain(screen):
        internal = _textual_keys(type(node))
        for key, bindings in node._bindings.key_to_bindings.items():
            ours = [b for b in bindings if (key, b.action) not in internal and _works(node, b)]
            if key in taken or not ours:
                continue  # a binding switched off lets the key through, as in Textual
            taken.add(key)
            for binding in ours:
                if binding.description:
                    entry = found.setdefault((id(node), binding.action), (node, binding, []))
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
