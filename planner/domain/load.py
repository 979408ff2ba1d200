"""Load analysis (DESIGN.md §3): how full a day and a week are, and why.

Rules, every number taken from :class:`Settings`:

- A meeting *counts* unless its status is in ``FREE_STATUSES`` (cancelled, email, delegated) or it
  is an all-day event or lasts 24 h or more. Meetings that don't count are still listed.
- A meeting belongs to the local date (in ``settings.timezone``) it starts on. All-day and 24 h+
  events are listed on every local date they cover.
- Meeting time of a day: the sum of counted durations (UTC subtraction, so a meeting across a DST
  change lasts what the clock says) plus travel both ways for client-site meetings.
- Busy: more than ``busy_minutes`` or more than ``busy_count`` meetings. Overloaded: more than
  ``overload_minutes``, more than ``overload_count`` meetings, or any double-booking.
- Double-booked: two counted meetings overlap in meeting time (travel excluded); both count in full.
- Back-to-back: a gap under ``b2b_gap_minutes`` between two counted meetings, travel counting as
  busy; a chain of ``b2b_chain`` or more is flagged. Back-to-back chains and missing focus time give
  reasons but do not change the day's status.
- Focus: free blocks inside work hours (travel counts as busy); ``focus_minutes`` is the sum of the
  blocks of ``focus_block_minutes`` or more. Non-work days have no work hours, hence no focus time
  and no "no focus time" reason.
- A week is overloaded above ``week_overload_minutes``; otherwise it is busy when any of its days is
  busy or overloaded, else ok.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain.errors import PlannerError
from planner.domain.models import FREE_STATUSES, Location, Meeting, Record, Settings

UTC = timezone.utc
_DAY = timedelta(days=1)
_FULL_DAY = timedelta(hours=24)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

FLAG_DOUBLE = "double-booked"
FLAG_B2B = "back-to-back"
FLAG_AFTER_HOURS = "after-hours"
FLAG_TRAVEL = "travel"


class DayStatus(StrEnum):
    OK = "ok"
    BUSY = "busy"
    OVERLOADED = "overloaded"


class DayLoad(Record):
    """One day's load: its meetings (all, in time order, counted or not), totals, status, reasons,
    and per meeting its flags (every listed meeting has a list, maybe empty)."""

    __slots__ = FIELDS = (
        "date", "is_work_day", "meetings", "meeting_minutes", "meeting_count", "focus_minutes",
        "longest_free_minutes", "status", "reasons", "flags",
    )

    def __init__(
        self,
        date: date,
        is_work_day: bool,
        meetings: list[Meeting],
        meeting_minutes: int,
        meeting_count: int,
        focus_minutes: int,
        longest_free_minutes: int,
        status: DayStatus,
        reasons: list[str] | None = None,
        flags: dict[str, list[str]] | None = None,
    ) -> None:
        self.date = date
        self.is_work_day = is_work_day
        self.meetings = meetings
        self.meeting_minutes = meeting_minutes
        self.meeting_count = meeting_count
        self.focus_minutes = focus_minutes
        self.longest_free_minutes = longest_free_minutes
        self.status = status
        self.reasons = reasons if reasons is not None else []
        self.flags = flags if flags is not None else {}


class WeekLoad(Record):
    """A week's load: its seven days (Monday first), totals, status and reasons."""

    __slots__ = FIELDS = (
        "label", "start", "end", "days", "meeting_minutes", "focus_minutes", "status",
        "overloaded_days", "reasons", "meeting_count", "busy_days",
    )

    def __init__(
        self,
        label: str,  # "2026-W49"
        start: date,  # Monday
        end: date,  # Sunday
        days: list[DayLoad],
        meeting_minutes: int,
        focus_minutes: int,
        status: DayStatus,
        overloaded_days: int,
        reasons: list[str] | None = None,
        meeting_count: int = 0,
        busy_days: int = 0,  # days whose status is busy (overloaded ones not included)
    ) -> None:
        self.label = label
        self.start = start
        self.end = end
        self.days = days
        self.meeting_minutes = meeting_minutes
        self.focus_minutes = focus_minutes
        self.status = status
        self.overloaded_days = overloaded_days
        self.reasons = reasons if reasons is not None else []
        self.meeting_count = meeting_count
        self.busy_days = busy_days


# --- small helpers shared with slots.py --------------------------------------------------------


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, cached; PlannerError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PlannerError(
            f'unknown time zone "{name}": use an IANA name such as Europe/Copenhagen'
        ) from exc


def is_long(meeting: Meeting) -> bool:
    """All-day events and events of 24 h or more are shown but never counted."""
    return meeting.all_day or meeting.duration >= _FULL_DAY


def counts(meeting: Meeting) -> bool:
    """Whether a meeting takes your time and so counts towards load."""
    return meeting.status not in FREE_STATUSES and not is_long(meeting)


def load_minutes(meeting: Meeting) -> int:
    """A counted meeting's minutes: its duration plus travel both ways (client-site only)."""
    return meeting.minutes + 2 * meeting.travel_each_way


def busy_span(meeting: Meeting) -> tuple[datetime, datetime]:
    """The UTC interval a meeting keeps you busy, travel included."""
    travel = timedelta(minutes=meeting.travel_each_way)
    return meeting.start.astimezone(UTC) - travel, meeting.end.astimezone(UTC) + travel


def work_window(day: date, settings: Settings, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The UTC interval of the day's work hours, or None on a non-work day (or empty hours)."""
    if day.weekday() not in settings.work_days:
        return None
    start = datetime.combine(day, settings.work_start, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day, settings.work_end, tzinfo=tz).astimezone(UTC)
    if end <= start:
        return None
    return start, end


def format_minutes(minutes: int) -> str:
    """140 -> "2 h 20 min", 120 -> "2 h", 40 -> "40 min", 0 -> "0 min"."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    if hours and rest:
        return f"{sign}{hours} h {rest} min"
    if hours:
        return f"{sign}{hours} h"
    return f"{sign}{rest} min"


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    """2026-12-01 -> "2026-W49" (the ISO year, which differs from the calendar year near New Year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


_ISO_WEEK = re.compile(r"\s*(\d{4})-?[Ww](\d{1,2})\s*")


def parse_iso_week(text: str) -> date:
    """ "2026-W49" (also "2026w49") -> the Monday of that week."""
    match = _ISO_WEEK.fullmatch(text or "")
    if not match:
        raise PlannerError(f'"{text}" is not a week: type it like 2026-W49 (year, W, week number)')
    year, week = int(match[1]), int(match[2])
    weeks_in_year = date(year, 12, 28).isocalendar()[1]
    if not 1 <= week <= weeks_in_year:
        raise PlannerError(
            f'"{text}" is not a week: {year} has weeks 1 to {weeks_in_year}; type e.g. {year}-W01'
        )
    return date.fromisocalendar(year, week, 1)


# --- words a person reads (shared by the agenda, the app and the advice) ------------------------

LOCATION_WORDS = {
    Location.CLIENT_SITE: "client site",
    Location.OUR_OFFICE: "our office",
    Location.VIDEO: "video",
    Location.PHONE: "phone",
}


def short_date(day: date) -> str:
    """``Tue 1 Dec`` (fixed English; no platform-specific strftime flags)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def hm(value: datetime, tz: ZoneInfo | None = None) -> str:
    """``09:05``, in ``tz`` if given."""
    if tz is not None:
        value = value.astimezone(tz)
    return f"{value.hour:02d}:{value.minute:02d}"


def time_range(meeting: Meeting, tz: ZoneInfo) -> str:
    """``09:00-10:30``, or ``all day`` for all-day and 24 h+ events (which are never counted)."""
    if is_long(meeting):
        return "all day"
    return f"{hm(meeting.start, tz)}-{hm(meeting.end, tz)}"


def plural(n: int, word: str) -> str:
    """"1 meeting", "3 meetings"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _label(meeting: Meeting, client_names: Mapping[str, str]) -> str:
    return client_names.get(meeting.client_id) or meeting.title or "(untitled)"


def _sort_key(meeting: Meeting):
    return (meeting.start.astimezone(UTC), meeting.end.astimezone(UTC), meeting.title, meeting.id)


# --- day ------------------------------------------------------------------------------------------


def _local_dates(meeting: Meeting, tz: ZoneInfo) -> Iterable[date]:
    """The local dates a meeting is listed on: its start date, or every date a long event covers."""
    first = meeting.start.astimezone(tz).date()
    if not is_long(meeting):
        return (first,)
    last_instant = meeting.end.astimezone(tz) - timedelta(microseconds=1)
    last = max(first, last_instant.date())
    return (first + timedelta(days=i) for i in range((last - first).days + 1))


def analyse_day(
    day: date,
    meetings: Iterable[Meeting],
    settings: Settings,
    client_names: Mapping[str, str] | None = None,
) -> DayLoad:
    """The load of one local date. ``meetings`` may hold meetings of other days: they are ignored."""
    tz = zone(settings.timezone)
    lo = datetime.combine(day, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    hi = datetime.combine(day + _DAY, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    own = [
        m
        for m in meetings
        if m.start < hi and m.end > lo and day in _local_dates(m, tz)
    ]
    return _analyse(day, own, settings, client_names or {}, tz)


def _analyse(
    day: date,
    own: list[Meeting],
    settings: Settings,
    client_names: Mapping[str, str],
    tz: ZoneInfo,
) -> DayLoad:
    own.sort(key=_sort_key)
    flags: dict[str, list[str]] = {m.id: [] for m in own}
    counted = [m for m in own if counts(m)]
    minutes = sum(load_minutes(m) for m in counted)
    count = len(counted)
    window = work_window(day, settings, tz)
    reasons: list[str] = []

    # Travel and after-hours flags.
    for m in counted:
        if m.travel_each_way > 0:
            flags[m.id].append(FLAG_TRAVEL)
        if window is None or m.start.astimezone(UTC) < window[0] or m.end.astimezone(UTC) > window[1]:
            flags[m.id].append(FLAG_AFTER_HOURS)

    # Double-bookings: every overlapping pair of counted meetings (meeting time, not travel).
    spans = [(m.start.astimezone(UTC), m.end.astimezone(UTC), m) for m in counted]
    double_reasons: list[str] = []
    for i, (s1, e1, m1) in enumerate(spans):
        for s2, e2, m2 in spans[i + 1 :]:
            if s2 >= e1:
                break  # spans are sorted by start: no later one overlaps m1
            overlap_start, overlap_end = max(s1, s2), min(e1, e2)
            if overlap_end <= overlap_start:
                continue
            for m in (m1, m2):
                if FLAG_DOUBLE not in flags[m.id]:
                    flags[m.id].append(FLAG_DOUBLE)
            double_reasons.append(
                f"double-booked {hm(overlap_start, tz)}-{hm(overlap_end, tz)}: "
                f"{_label(m1, client_names)} / {_label(m2, client_names)}"
            )

    # Back-to-back chains, travel counting as busy.
    b2b_reasons: list[str] = []
    gap = timedelta(minutes=settings.b2b_gap_minutes)
    busy = sorted(((*busy_span(m), m) for m in counted), key=lambda t: (t[0], t[1]))
    chain: list[Meeting] = []
    chain_start = chain_end = None

    def close_chain() -> None:
        if chain and len(chain) >= max(settings.b2b_chain, 2):
            for m in chain:
                if FLAG_B2B not in flags[m.id]:
                    flags[m.id].append(FLAG_B2B)
            b2b_reasons.append(
                f"{len(chain)} back-to-back {hm(chain_start, tz)}-{hm(chain_end, tz)}"
            )

    for start, end, m in busy:
        if chain and start - chain_end < gap:
            chain.append(m)
            chain_end = max(chain_end, end)
        else:
            close_chain()
            chain, chain_start, chain_end = [m], start, end
    close_chain()

    # Free blocks inside work hours.
    longest = focus = 0
    if window is not None:
        cursor = window[0]
        blocks: list[int] = []
        for start, end, _ in busy:
            if end <= cursor:
                continue
            if start >= window[1]:
                break
            if start > cursor:
                blocks.append(int((start - cursor).total_seconds() // 60))
            cursor = max(cursor, end)
        if cursor < window[1]:
            blocks.append(int((window[1] - cursor).total_seconds() // 60))
        longest = max(blocks, default=0)
        focus = sum(b for b in blocks if b >= settings.focus_block_minutes)

    # Status and the reasons a person reads: what makes the day overloaded first, then what makes
    # it busy (naming the busy line, so "limit" never reads as the overload line), then the rest.
    if minutes > settings.overload_minutes:
        reasons.append(
            f"{format_minutes(minutes)} of meetings (limit {format_minutes(settings.overload_minutes)})"
        )
    if count > settings.overload_count:
        reasons.append(f"{plural(count, 'meeting')} (limit {settings.overload_count})")
    reasons.extend(double_reasons)
    if settings.busy_minutes < minutes <= settings.overload_minutes:
        reasons.append(
            f"{format_minutes(minutes)} of meetings (busy above {format_minutes(settings.busy_minutes)})"
        )
    if settings.busy_count < count <= settings.overload_count:
        reasons.append(f"{plural(count, 'meeting')} (busy above {settings.busy_count})")
    reasons.extend(b2b_reasons)
    if window is not None and longest < settings.focus_block_minutes:
        reasons.append(f"no focus time (no free block of {format_minutes(settings.focus_block_minutes)})")

    if (
        minutes > settings.overload_minutes
        or count > settings.overload_count
        or double_reasons
    ):
        status = DayStatus.OVERLOADED
    elif minutes > settings.busy_minutes or count > settings.busy_count:
        status = DayStatus.BUSY
    else:
        status = DayStatus.OK

    return DayLoad(
        date=day,
        is_work_day=day.weekday() in settings.work_days,
        meetings=own,
        meeting_minutes=minutes,
        meeting_count=count,
        focus_minutes=focus,
        longest_free_minutes=longest,
        status=status,
        reasons=reasons,
        flags=flags,
    )


# --- week -----------------------------------------------------------------------------------------


def analyse_week(
    day: date,
    meetings: Iterable[Meeting],
    settings: Settings,
    client_names: Mapping[str, str] | None = None,
) -> WeekLoad:
    """The load of the ISO week (Monday to Sunday) holding ``day``.

    ``meetings`` may span years: one cheap pass keeps those touching the week's local dates.
    """
    tz = zone(settings.timezone)
    names = client_names or {}
    monday = week_start(day)
    dates = [monday + timedelta(days=i) for i in range(7)]
    lo = datetime.combine(monday, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    hi = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=tz).astimezone(UTC)
    buckets: dict[date, list[Meeting]] = {d: [] for d in dates}
    for m in meetings:
        # Cheap interval test first: aware comparisons need no conversion of the meeting.
        if m.start >= hi or m.end <= lo:
            continue
        for d in _local_dates(m, tz):
            bucket = buckets.get(d)
            if bucket is not None:
                bucket.append(m)
    days = [_analyse(d, buckets[d], settings, names, tz) for d in dates]

    minutes = sum(d.meeting_minutes for d in days)
    overloaded = [d for d in days if d.status is DayStatus.OVERLOADED]
    busy = [d for d in days if d.status is DayStatus.BUSY]
    reasons: list[str] = []
    if minutes > settings.week_overload_minutes:
        reasons.append(
            f"{format_minutes(minutes)} of meetings "
            f"(limit {format_minutes(settings.week_overload_minutes)})"
        )
    if overloaded:
        reasons.append(
            f"{plural(len(overloaded), 'overloaded day')}: "
            + ", ".join(WEEKDAYS[d.date.weekday()] for d in overloaded)
        )
    if busy:
        reasons.append(
            f"{plural(len(busy), 'busy day')}: " + ", ".join(WEEKDAYS[d.date.weekday()] for d in busy)
        )
    if minutes > settings.week_overload_minutes:
        status = DayStatus.OVERLOADED
    elif overloaded or busy:
        status = DayStatus.BUSY
    else:
        status = DayStatus.OK

    return WeekLoad(
        label=iso_week(monday),
        start=monday,
        end=dates[-1],
        days=days,
        meeting_minutes=minutes,
        focus_minutes=sum(d.focus_minutes for d in days),
        status=status,
        overloaded_days=len(overloaded),
        reasons=reasons,
        meeting_count=sum(d.meeting_count for d in days),
        busy_days=len(busy),
    )
