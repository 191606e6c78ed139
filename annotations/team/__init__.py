"""Several analysts on one corpus.

- `agreement`: figures between two analysts' layers (span F1, Cohen's kappa,
  events and roles), streamed, per label and per article.
- `adjudication`: a lead's decisions between two layers, with undo.
- `files`: an analyst's layer read from an export file (no database needed).
- `layers`: layers kept in a database: the owner's own annotations, other
  analysts' imported layers, the adjudicated layer; a source to export one.
- `documents`: the stored documents (listed in `annotations.store.schema`).

Nothing here imports the UI; this package's `__init__` imports nothing, so
the store's schema can import `documents` without a cycle.
"""
