"""Headless subcommands of `newsdesk`, one module each, imported only when named.

A command module has `register(subparsers)`, which adds its parser and sets
`run=<function(args) -> int>` as the parser default. `NAMES` maps each command
to its module so that `newsdesk` without a command (the app) imports none of
them: their modules reach the cleaner, the formats and the team code.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

NAMES: dict[str, str] = {
    "ingest": "annotations.commands.ingest",
    "clean": "annotations.commands.clean",
    "entities": "annotations.commands.entities",
    "export": "annotations.commands.export",
    "import": "annotations.commands.import_",
    "agreement": "annotations.commands.agreement",
    "doctor": "annotations.commands.doctor",
}


def modules(names: Iterable[str] = NAMES) -> list[ModuleType]:
    """The command modules of `names` (every command by default), in `NAMES` order."""
    wanted = set(names)
    return [importlib.import_module(path) for name, path in NAMES.items() if name in wanted]
