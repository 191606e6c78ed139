"""The schema version of the documents this newsdesk reads and writes (a leaf: the store
checks it on open without importing the models, so the app starts without pydantic)."""

SCHEMA_VERSION = 1
