"""Errors the store raises; each message is one sentence an analyst can act on."""


class StoreError(Exception):
    """The database cannot be used as asked."""


class DamagedStoreError(StoreError):
    """The database file exists but cannot be trusted; it is never overwritten."""


class NewerStoreError(StoreError):
    """The database was made by a newer newsdesk: it is refused, never rolled back."""


def refusal(problem: str) -> DamagedStoreError:
    """The one sentence that refuses to write into a database failing its checks."""
    return DamagedStoreError(
        f"{problem.rstrip('.')}; newsdesk will not write to it until "
        "`newsdesk doctor --restore` repairs it."
    )
