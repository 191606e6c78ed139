"""Errors the store raises; each message is one sentence an analyst can act on."""


class StoreError(Exception):
    """The database cannot be used as asked."""


class DamagedStoreError(StoreError):
    """The database file exists but cannot be trusted; it is never overwritten."""


class NewerStoreError(StoreError):
    """The database was made by a newer newsdesk: it is refused, never rolled back."""


def refusal(problem: str, read_only: bool = False) -> DamagedStoreError:
    """The one sentence that refuses a database failing its checks (to write, or at all
    when open read-only: a partial reading would pass for the whole)."""
    if read_only:
        return DamagedStoreError(
            f"{problem.rstrip('.')}; run `newsdesk doctor` for the details and "
            "`newsdesk doctor --restore` to repair it."
        )
    return DamagedStoreError(
        f"{problem.rstrip('.')}; newsdesk will not write to it until "
        "`newsdesk doctor --restore` repairs it."
    )
