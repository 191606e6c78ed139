"""newsdesk core: ingest, cleaning, entity detection and storage. No UI imports."""

__version__ = "0.1.0"
