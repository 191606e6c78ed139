"""Fixtures of the store tests: model factories, the kill-test child, damaged files."""
