"""The data file's errors, in a module of their own so that the store and its storage (which
imports nothing of the store) can both raise them."""

from __future__ import annotations

from planner.domain.errors import PlannerError


class StoreError(PlannerError):
    """The database file cannot be read or written; the message names the file and what to do."""


class StoreLocked(StoreError):
    """Another running planner holds the database file: it can be opened read-only, not written.
    ``why``: the reason alone, without what to do about it ("... is in use by another planner"),
    for a screen that words its own advice."""

    def __init__(self, message: str, *, why: str = "") -> None:
        super().__init__(message)
        self.why = why or message


class StoreReadOnly(StoreLocked):
    """The file is read-only (made so by its owner, or not ours to write): it is never replaced.
    Like a lock held by another planner, it can still be opened read-only."""
