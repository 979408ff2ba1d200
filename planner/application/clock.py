"""What time it is for planner: the real clock, or the moment a script or a test names.

``--now "2026-12-01 09:30"`` fixes the moment; ``--today 2026-12-01`` means the start of that day;
otherwise it is now (and in the app it keeps moving). Times are in the user's zone
(``Settings.timezone``), and "today" is today where the user lives, not on the machine's clock.
"""

from __future__ import annotations

from datetime import date, datetime, time

from planner.domain.timeutil import zone


class Clock:
    """``now`` (aware, in the user's zone) and its local date ``today``: fixed, or the real time."""

    __slots__ = ("_fixed", "timezone")

    def __init__(self, now: datetime | None = None, *, timezone: str = "UTC") -> None:
        if now is not None and now.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._fixed = now
        self.timezone = timezone

    @property
    def now(self) -> datetime:
        if self._fixed is not None:
            return self._fixed
        return datetime.now(zone(self.timezone))

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def fixed(self) -> bool:
        return self._fixed is not None

    @classmethod
    def real(cls, timezone: str) -> Clock:
        return cls(None, timezone=timezone)

    @classmethod
    def at(cls, moment: datetime, timezone: str) -> Clock:
        """A fixed moment, shown in the user's zone (``--now``)."""
        return cls(moment.astimezone(zone(timezone)), timezone=timezone)

    @classmethod
    def start_of(cls, day: date, timezone: str) -> Clock:
        """The first moment of ``day`` where the user lives (``--today``)."""
        return cls(datetime.combine(day, time.min, tzinfo=zone(timezone)), timezone=timezone)

    def __repr__(self) -> str:
        return f"Clock({self.now.isoformat()}{'' if self.fixed else ', live'})"
