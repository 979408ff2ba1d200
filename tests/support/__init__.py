"""What every test folder shares: the fixed "today", the user's zone, where the fixtures are.

Not collected by pytest (no ``test_`` prefix); ``pythonpath = ["tests"]`` in pyproject.toml makes
it importable as ``support``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# A fixed Wednesday; tests pass it in as "today" (freezegun hangs Textual). The demo week is
# 2026-W49 (Mon 30 Nov - Sun 6 Dec).
TODAY = date(2026, 12, 2)
CPH = ZoneInfo("Europe/Copenhagen")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ICS = FIXTURES / "ics"


def at(day: int, hhmm: str, month: int = 12, year: int = 2026) -> datetime:
    """A Copenhagen time (December 2026 unless told otherwise)."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime(year, month, day, hour, minute, tzinfo=CPH)
