"""Time zones, ISO weeks and local days: the arithmetic every layer shares.

All meeting times are aware datetimes. Elapsed time is computed in UTC (a meeting across a DST
change lasts what the clock says); a local day is the span between two local midnights in the
user's zone (23 or 25 hours on a DST night).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain.errors import PlannerError
from planner.i18n import _

UTC = timezone.utc


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, cached; PlannerError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise PlannerError(
            _('unknown time zone "{name}": use an IANA name such as Europe/Copenhagen').format(name=name)
        ) from exc


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def shift(value: datetime, minutes: int) -> datetime:
    """``value`` plus ``minutes`` of elapsed time, back in the value's own zone."""
    return (value.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(value.tzinfo)


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The start of a local day, in UTC."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def day_bounds(first: date, tz: ZoneInfo, days: int = 1) -> tuple[datetime, datetime]:
    """The UTC interval of ``days`` local days from ``first`` (midnight to midnight)."""
    return local_midnight(first, tz), local_midnight(first + timedelta(days=days), tz)


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    """2026-12-01 -> "2026-W49" (the ISO year, which differs from the calendar year near New Year)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


_ISO_WEEK = re.compile(r"\s*(\d{4})-?[Ww](\d{1,2})\s*")


def parse_iso_week(text: str) -> date:
    """ "2026-W49" (also "2026w49") -> the Monday of that week."""
    match = _ISO_WEEK.fullmatch(text or "")
    if not match:
        raise PlannerError(
            _('"{text}" is not a week: type it like 2026-W49 (year, W, week number)').format(text=text)
        )
    year, week = int(match[1]), int(match[2])
    if not 1900 <= year <= 2199:
        raise PlannerError(
            _('"{text}" is not a week planner can show: the year must be between 1900 and 2199').format(text=text)
        )
    weeks_in_year = date(year, 12, 28).isocalendar()[1]
    if not 1 <= week <= weeks_in_year:
        raise PlannerError(
            _('"{text}" is not a week: {year} has weeks 1 to {weeks}; type e.g. {year}-W01').format(
                text=text, year=year, weeks=weeks_in_year
            )
        )
    return date.fromisocalendar(year, week, 1)
