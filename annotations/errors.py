"""Errors a user can cause; the CLI prints their message as one sentence."""


class UserError(Exception):
    """A mistake in what was asked: a missing file, a bad option value."""
