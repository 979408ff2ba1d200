"""How the week view writes things: dates, times, location and flag marks, status words.

Everything a user typed (client names, titles, notes) goes into ``Content`` as plain text, never
as markup, so ``[VIP] Ærø & Co`` shows exactly so.
"""

from __future__ import annotations

from datetime import date

from planner.domain.load import (  # noqa: F401 - re-exported for the screens
    LOCATION_WORDS,
    MONTHS,
    WEEKDAYS,
    DayStatus,
    format_minutes,
    short_date,
    time_range,
)
from planner.domain.models import Location, Meeting, Status

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

LOCATION_MARK = {
    Location.CLIENT_SITE: "⌂",
    Location.OUR_OFFICE: "▣",
    Location.VIDEO: "▷",
    Location.PHONE: "✆",
}
# Flags from the load analysis, in the order they are shown; travel shows with the location.
FLAG_MARK = {
    "double-booked": "‼",
    "back-to-back": "⇄",
    "after-hours": "☾",
}
STATUS_WORD = {
    DayStatus.OK: "ok",
    DayStatus.BUSY: "busy",
    DayStatus.OVERLOADED: "OVERLOADED",
}


def long_date(day: date) -> str:
    """Tuesday 1 Dec 2026"""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def location_mark(meeting: Meeting) -> str:
    """⌂35 for a client-site meeting with 35 minutes of travel each way, else the bare mark."""
    mark = LOCATION_MARK.get(meeting.location, "?")
    if meeting.travel_each_way:
        mark += f"{meeting.travel_each_way}m"
    return mark


def location_words(meeting: Meeting) -> str:
    words = LOCATION_WORDS.get(meeting.location, str(meeting.location))
    if meeting.travel_each_way:
        words += f", {format_minutes(meeting.travel_each_way)} travel each way"
    return words


def flag_marks(flags: list[str]) -> str:
    return "".join(FLAG_MARK[f] for f in FLAG_MARK if f in flags)


def status_note(meeting: Meeting) -> str:
    """"" for a planned meeting, else its status ("cancelled", "phone" ...)."""
    return "" if meeting.status is Status.PLANNED else str(meeting.status)


def hours(minutes: int) -> str:
    """Compact hours for narrow places: 340 -> "5h40", 300 -> "5h", 45 -> "45m"."""
    h, m = divmod(max(0, int(minutes)), 60)
    if h and m:
        return f"{h}h{m:02d}"
    if h:
        return f"{h}h"
    return f"{m}m"


LEGEND = (
    "⌂ client site  ▣ our office  ▷ video  ✆ phone  ⌂35m travel each way   "
    "‼ double-booked  ⇄ back-to-back  ☾ after hours"
)
