"""Reviewing and editing annotations: text navigation, edits with undo/redo."""
