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
