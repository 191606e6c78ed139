"""Headless subcommands of `newsdesk`, one module each.

A command module has `register(subparsers)`, which adds its parser and sets
`run=<function(args) -> int>` as the parser default.
"""

from types import ModuleType

from annotations.commands import agreement, clean, doctor, entities, export, import_, ingest

COMMANDS: tuple[ModuleType, ...] = (ingest, clean, entities, export, import_, agreement, doctor)
