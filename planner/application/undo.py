"""What undo needs: the meetings and clients as they were before a delete or a change, and the
meetings a change created (a lighten plan, say), so that one undo takes back the lot."""

from __future__ import annotations

from planner.domain.models import Client, Meeting


class UndoRecord:
    """``description`` names what is undone ("“Status” with Acme on Tue 1 Dec 14:00-15:00");
    undo saves ``meetings`` and ``clients`` back as they are here and deletes ``created``."""

    __slots__ = ("description", "meetings", "clients", "created")

    def __init__(
        self,
        description: str,
        *,
        meetings: list[Meeting] | None = None,
        clients: list[Client] | None = None,
        created: list[str] | None = None,
    ) -> None:
        self.description = description
        self.meetings = list(meetings or [])
        self.clients = list(clients or [])
        self.created = list(created or [])

    def __repr__(self) -> str:
        return f"UndoRecord({self.description!r}, {len(self.meetings)} meetings)"


def remember(store, record: UndoRecord) -> UndoRecord:
    """Keep ``record`` in the data file as the last change (inside the caller's batch), so that
    undo reaches it from the app too, after a command-line change."""
    store.save_undo(record.description, record.meetings, record.clients, record.created)
    return record


def last_change(store) -> UndoRecord | None:
    """The last change kept in the data file, or None."""
    found = store.last_undo()
    if found is None:
        return None
    description, meetings, clients, created = found
    return UndoRecord(description, meetings=meetings, clients=clients, created=created)
