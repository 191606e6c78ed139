"""Errors the store raises; each message is one sentence an analyst can act on."""


class StoreError(Exception):
    """The database cannot be used as asked."""


class DamagedStoreError(StoreError):
    """The database file exists but cannot be trusted; it is never overwritten."""
