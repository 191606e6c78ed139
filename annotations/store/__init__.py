"""Durable storage of articles and annotations. The only package that imports TinyDB."""

from annotations.store.errors import DamagedStoreError, StoreError
from annotations.store.lock import StoreLockedError
from annotations.store.migrations import migration
from annotations.store.store import Store

__all__ = [
    "DamagedStoreError",
    "Store",
    "StoreError",
    "StoreLockedError",
    "migration",
]
