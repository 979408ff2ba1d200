"""A day's and a week's problems (planner.domain.load) as sentences.

    "5 h 40 min of meetings (limit 5 h)"      "6 meetings (limit 5)"
    "double-booked 14:00-14:30: Acme / Nordlys"   "and 3 more double-bookings"
    "3 h 20 min of meetings (busy above 3 h)"   "3 back-to-back 09:00-11:30"
    "no focus time (no free block of 2 h)"     "2 overloaded days: Tue, Wed"
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from planner.domain.load import DayLoad, Problem, ProblemKind, WeekLoad
from planner.formats import duration, join, number, short_date, time_span, weekday
from planner.i18n import _, ngettext


def problem(p: Problem, tz: ZoneInfo) -> str:
    """One problem as a short sentence (times in ``tz``)."""
    kind = p.kind
    if kind is ProblemKind.OVER_MINUTES:
        return _("{minutes} of meetings (limit {limit})").format(minutes=duration(p.value), limit=duration(p.limit))
    if kind is ProblemKind.OVER_COUNT:
        return ngettext("{n} meeting (limit {limit})", "{n} meetings (limit {limit})", p.value).format(
            n=number(p.value), limit=p.limit
        )
    if kind is ProblemKind.DOUBLE_BOOKED:
        return _("double-booked {span}: {first} / {second}").format(
            span=time_span(p.start, p.end, tz), first=p.names[0], second=p.names[1]
        )
    if kind is ProblemKind.MORE_DOUBLE_BOOKED:
        return ngettext("and {n} more double-booking", "and {n} more double-bookings", p.value).format(
            n=number(p.value))
    if kind is ProblemKind.BUSY_MINUTES:
        return _("{minutes} of meetings (busy above {limit})").format(
            minutes=duration(p.value), limit=duration(p.limit)
        )
    if kind is ProblemKind.BUSY_COUNT:
        return ngettext("{n} meeting (busy above {limit})", "{n} meetings (busy above {limit})", p.value).format(
            n=number(p.value), limit=p.limit
        )
    if kind is ProblemKind.BACK_TO_BACK:
        return _("{n} back-to-back {span}").format(n=p.value, span=time_span(p.start, p.end, tz))
    if kind is ProblemKind.NO_FOCUS:
        return _("no focus time (no free block of {minutes})").format(minutes=duration(p.limit))
    if kind is ProblemKind.WEEK_OVER_MINUTES:
        return _("{minutes} of meetings (limit {limit})").format(minutes=duration(p.value), limit=duration(p.limit))
    days = join([weekday(d, short=True) for d in p.days])
    if kind is ProblemKind.OVERLOADED_DAYS:
        return ngettext("{n} overloaded day: {days}", "{n} overloaded days: {days}", p.value).format(n=p.value, days=days)
    return ngettext("{n} busy day: {days}", "{n} busy days: {days}", p.value).format(n=p.value, days=days)


def day_reasons(load: DayLoad, tz: ZoneInfo) -> list[str]:
    """Every problem of the day, in reading order."""
    return [problem(p, tz) for p in load.problems]


def week_reasons(week: WeekLoad, tz: ZoneInfo) -> list[str]:
    return [problem(p, tz) for p in week.problems]


def day_summary(load: DayLoad) -> str:
    """``2 h 20 min, 3 meetings``."""
    return ngettext("{minutes}, {n} meeting", "{minutes}, {n} meetings", load.meeting_count).format(
        minutes=duration(load.meeting_minutes), n=number(load.meeting_count)
    )


def day_head(day) -> str:
    """``Tue 1 Dec``: how a day is named in lists."""
    return short_date(day)
