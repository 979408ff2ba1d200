"""Amounts people type: minutes ("45", "45m", "1h30", "2 hours"), a share of business ("25",
"12,5 %"), a time of day ("9", "9:30", "17.00"). One parser for each, used by the command line,
the forms, the wizard and the settings, so that the same text means the same everywhere.

Each raises :class:`PlannerError` saying what to type; ``what`` names the field in the message.
"""

from __future__ import annotations

import re
from datetime import time

from planner.domain.errors import PlannerError
from planner.formats import compact
from planner.i18n import _

MAX_MINUTES = 14 * 24 * 60  # two weeks: more than any meeting, travel or limit planner knows

_DURATION = re.compile(
    r"""\s*(?:
        (?P<h>\d{1,4})\s*(?:h|hours?|t|timer?)\s*(?:(?P<hm>\d{1,4})\s*(?:m|min|mins|minutes?|minutter)?)? |
        (?P<m>\d{1,6})\s*(?:m|min|mins|minutes?|minutter)?
    )\s*""",
    re.VERBOSE | re.IGNORECASE,
)
_CLOCK = re.compile(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*")


def is_length(text: str) -> bool:
    """Whether ``text`` is a length with a unit ("45m", "1h30"), as opposed to a time ("15:30")."""
    match = _DURATION.fullmatch(text or "")
    return bool(match) and not (text or "").strip().isdigit()


def parse_minutes(text: str, *, what: str, allow_zero: bool = True) -> int:
    """A whole number of minutes: "180", "3h", "2h30", "45m", "1 h 30 min" (Danish "2 t 30 min" too)."""
    match = _DURATION.fullmatch(text or "")
    if not match:
        raise PlannerError(
            _('{what}: "{text}" is not a length; type minutes ("90") or hours ("1h30")').format(
                what=what, text=(text or "").strip()
            )
        )
    if match["m"] is not None:
        minutes = int(match["m"])
    else:
        minutes = int(match["h"]) * 60 + int(match["hm"] or 0)
    if minutes > MAX_MINUTES:
        raise PlannerError(
            _("{what}: {minutes} minutes is more than two weeks; type a length up to {limit}").format(
                what=what, minutes=minutes, limit=MAX_MINUTES
            )
        )
    if minutes == 0 and not allow_zero:
        raise PlannerError(_("{what}: it must last at least 1 minute").format(what=what))
    return minutes


def minutes_text(minutes: int) -> str:
    """90 -> "1h30m", 60 -> "1h", 45 -> "45m" ("1t30m", "1t" in Danish): what :func:`parse_minutes`
    reads back, with the hour unit of the interface language (Babel's, planner.formats)."""
    hours, rest = divmod(int(minutes), 60)
    text = compact(minutes)
    return f"{text}m" if hours and rest else text


def parse_share(text: str, *, what: str | None = None) -> float | None:
    """ "25", "25 %", "12,5" -> a percentage between 0 and 100; "" -> None (not known)."""
    cleaned = (text or "").strip().rstrip("%").strip().replace(",", ".")
    if not cleaned:
        return None
    label = what or _("share of business")
    try:
        value = float(cleaned)
    except ValueError:
        raise PlannerError(
            _('{what}: "{text}" is not a percentage; type a number like 25 (or leave it empty)').format(
                what=label, text=text.strip()
            )
        ) from None
    if not 0 <= value <= 100:  # also refuses nan and inf
        raise PlannerError(
            _("{what}: {value} is not a percentage; type a number from 0 to 100").format(what=label, value=cleaned)
        )
    return value


def parse_clock(text: str, *, what: str) -> time:
    """ "9", "9:30", "17.00" -> a time of day."""
    match = _CLOCK.fullmatch(text or "")
    if not match:
        raise PlannerError(_('{what}: "{text}" is not a time; type it like 9:00 or 17.30').format(
            what=what, text=(text or "").strip()))
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        raise PlannerError(_('{what}: "{text}" is not a time of day; type it like 9:00 or 17.30').format(
            what=what, text=text.strip()))
    return time(hour, minute)
