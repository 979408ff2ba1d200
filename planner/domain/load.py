"""Load analysis: how full a day and a week are, and why.

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
  Found by a sweep over the meetings in start order (n log n, whatever the number of overlaps);
  at most ``CLASHES_LISTED`` clashes are listed per day, the rest are counted.
- Back-to-back: a gap under ``b2b_gap_minutes`` between two counted meetings, travel counting as
  busy; a chain of ``b2b_chain`` or more is flagged. Back-to-back chains and missing focus time give
  problems but do not change the day's status.
- Focus: free blocks inside work hours (travel counts as busy); ``focus_minutes`` is the sum of the
  blocks of ``focus_block_minutes`` or more. Non-work days have no work hours, hence no focus time
  and no "no focus time" problem.
- A week is overloaded above ``week_overload_minutes``; otherwise it is busy when any of its days is
  busy or overloaded, else ok.

The analysis returns facts, not sentences: each :class:`Problem` has a kind, numbers, times and
names; ``planner/words`` turns them into words. Problems come in the order a person should read
them: what overloads the day first, then what makes it busy, then the rest.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum

from planner.domain.models import FREE_STATUSES, Meeting, Record, Settings
from planner.domain.timeutil import UTC, day_bounds, iso_week, week_start, zone

_FULL_DAY = timedelta(hours=24)
CLASHES_LISTED = 10  # double-bookings listed per day; the rest are counted

FLAG_DOUBLE = "double-booked"
FLAG_B2B = "back-to-back"
FLAG_AFTER_HOURS = "after-hours"
FLAG_TRAVEL = "travel"


class DayStatus(StrEnum):
    OK = "ok"
    BUSY = "busy"
    OVERLOADED = "overloaded"


class ProblemKind(StrEnum):
    """What is wrong with a day or a week (the ``kind`` of a :class:`Problem`)."""

    OVER_MINUTES = "over-minutes"  # value: meeting minutes, limit: overload_minutes
    OVER_COUNT = "over-count"  # value: meetings, limit: overload_count
    DOUBLE_BOOKED = "double-booked"  # start, end: the overlap; names: the two meetings' labels
    MORE_DOUBLE_BOOKED = "more-double-booked"  # value: clashes not listed
    BUSY_MINUTES = "busy-minutes"  # value: meeting minutes, limit: busy_minutes
    BUSY_COUNT = "busy-count"  # value: meetings, limit: busy_count
    BACK_TO_BACK = "back-to-back"  # value: meetings in the chain, start, end
    NO_FOCUS = "no-focus"  # limit: focus_block_minutes
    WEEK_OVER_MINUTES = "week-over-minutes"  # value: meeting minutes, limit: week_overload_minutes
    OVERLOADED_DAYS = "overloaded-days"  # days
    BUSY_DAYS = "busy-days"  # days


class Problem(Record):
    """One thing that makes a day or week heavy, as facts (see :class:`ProblemKind`)."""

    __slots__ = FIELDS = ("kind", "value", "limit", "start", "end", "names", "days", "meetings")

    def __init__(
        self,
        kind: ProblemKind,
        value: int = 0,
        limit: int = 0,
        start: datetime | None = None,
        end: datetime | None = None,
        names: tuple[str, ...] = (),
        days: tuple[date, ...] = (),
        meetings: tuple[str, ...] = (),  # ids of the meetings involved
    ) -> None:
        self.kind = kind
        self.value = value
        self.limit = limit
        self.start = start
        self.end = end
        self.names = names
        self.days = days
        self.meetings = meetings


class DayLoad(Record):
    """One day's load: its meetings (all, in time order, counted or not), totals, status, problems,
    and per meeting its flags (every listed meeting has a list, maybe empty)."""

    __slots__ = FIELDS = (
        "date", "is_work_day", "meetings", "meeting_minutes", "meeting_count", "focus_minutes",
        "longest_free_minutes", "status", "problems", "flags",
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
        problems: list[Problem] | None = None,
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
        self.problems = problems if problems is not None else []
        self.flags = flags if flags is not None else {}

    @property
    def double_booked(self) -> bool:
        return any(p.kind is ProblemKind.DOUBLE_BOOKED for p in self.problems)


class WeekLoad(Record):
    """A week's load: its seven days (Monday first), totals, status and problems."""

    __slots__ = FIELDS = (
        "label", "start", "end", "days", "meeting_minutes", "focus_minutes", "status",
        "overloaded_days", "problems", "meeting_count", "busy_days",
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
        problems: list[Problem] | None = None,
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
        self.problems = problems if problems is not None else []
        self.meeting_count = meeting_count
        self.busy_days = busy_days


# --- what counts ----------------------------------------------------------------------------------


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


def work_window(day: date, settings: Settings, tz) -> tuple[datetime, datetime] | None:
    """The UTC interval of the day's work hours, or None on a non-work day (or empty hours)."""
    if day.weekday() not in settings.work_days:
        return None
    start = datetime.combine(day, settings.work_start, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day, settings.work_end, tzinfo=tz).astimezone(UTC)
    if end <= start:
        return None
    return start, end


def label(meeting: Meeting, client_names: Mapping[str, str]) -> str:
    """How a clash names a meeting: its client, else its title."""
    return client_names.get(meeting.client_id) or meeting.title or "?"


def _sort_key(meeting: Meeting):
    return (meeting.start.astimezone(UTC), meeting.end.astimezone(UTC), meeting.title, meeting.id)


def _local_dates(meeting: Meeting, tz) -> Iterable[date]:
    """The local dates a meeting is listed on: its start date, or every date a long event covers."""
    first = meeting.start.astimezone(tz).date()
    if not is_long(meeting):
        return (first,)
    last_instant = meeting.end.astimezone(tz) - timedelta(microseconds=1)
    last = max(first, last_instant.date())
    return (first + timedelta(days=i) for i in range((last - first).days + 1))


# --- the parts of a day's analysis -----------------------------------------------------------------


def _clashes(counted: list[Meeting], names: Mapping[str, str]) -> tuple[set[str], list[Problem]]:
    """Double-bookings among counted meetings (in start order): the ids involved and the problems
    (at most CLASHES_LISTED listed, then one MORE_DOUBLE_BOOKED with the count of the rest).

    A sweep: a meeting overlaps an earlier one iff the latest end so far is after its start, and a
    later one iff the next start is before its end. Pairs are counted with a sorted list of ends.
    """
    spans = [(m.start.astimezone(UTC), m.end.astimezone(UTC), m) for m in counted]
    involved: set[str] = set()
    listed: list[Problem] = []
    total = 0
    ends: list[datetime] = []  # ends of the meetings before, sorted
    active: list[tuple[datetime, datetime, Meeting]] = []  # earlier meetings still running
    latest_end = None
    for i, (start, end, meeting) in enumerate(spans):
        if latest_end is not None and latest_end > start:
            involved.add(meeting.id)
        if i + 1 < len(spans) and spans[i + 1][0] < end:
            involved.add(meeting.id)
        overlapping = len(ends) - bisect_right(ends, start)
        total += overlapping
        if overlapping and len(listed) < CLASHES_LISTED:
            active = [a for a in active if a[1] > start]
            for a_start, a_end, other in active:
                if len(listed) >= CLASHES_LISTED:
                    break
                listed.append(
                    Problem(
                        ProblemKind.DOUBLE_BOOKED,
                        start=max(a_start, start),
                        end=min(a_end, end),
                        names=(label(other, names), label(meeting, names)),
                        meetings=(other.id, meeting.id),
                    )
                )
        if len(listed) < CLASHES_LISTED:
            active.append((start, end, meeting))
        insort(ends, end)
        latest_end = end if latest_end is None else max(latest_end, end)
    if total > len(listed):
        listed.append(Problem(ProblemKind.MORE_DOUBLE_BOOKED, value=total - len(listed)))
    return involved, listed


def _chains(counted: list[Meeting], settings: Settings) -> tuple[set[str], list[Problem], list]:
    """Back-to-back chains (travel counts as busy): ids in a flagged chain, the problems, and the
    busy intervals in order (for the free blocks)."""
    gap = timedelta(minutes=settings.b2b_gap_minutes)
    busy = sorted(((*busy_span(m), m) for m in counted), key=lambda t: (t[0], t[1]))
    flagged: set[str] = set()
    problems: list[Problem] = []
    chain: list[Meeting] = []
    chain_start = chain_end = None

    def close() -> None:
        if chain and len(chain) >= max(settings.b2b_chain, 2):
            flagged.update(m.id for m in chain)
            problems.append(
                Problem(ProblemKind.BACK_TO_BACK, value=len(chain), start=chain_start, end=chain_end,
                        meetings=tuple(m.id for m in chain))
            )

    for start, end, meeting in busy:
        if chain and start - chain_end < gap:
            chain.append(meeting)
            chain_end = max(chain_end, end)
        else:
            close()
            chain, chain_start, chain_end = [meeting], start, end
    close()
    return flagged, problems, busy


def _free_blocks(window: tuple[datetime, datetime] | None, busy: list) -> list[int]:
    """Minutes of each free block inside work hours (travel counts as busy)."""
    if window is None:
        return []
    cursor = window[0]
    blocks: list[int] = []
    for start, end, _meeting in busy:
        if end <= cursor:
            continue
        if start >= window[1]:
            break
        if start > cursor:
            blocks.append(int((start - cursor).total_seconds() // 60))
        cursor = max(cursor, end)
    if cursor < window[1]:
        blocks.append(int((window[1] - cursor).total_seconds() // 60))
    return blocks


def _status_and_problems(
    minutes: int, count: int, clashes: list[Problem], settings: Settings
) -> tuple[DayStatus, list[Problem]]:
    """The day's status and its load problems, what overloads first, then what makes it busy."""
    problems: list[Problem] = []
    if minutes > settings.overload_minutes:
        problems.append(Problem(ProblemKind.OVER_MINUTES, value=minutes, limit=settings.overload_minutes))
    if count > settings.overload_count:
        problems.append(Problem(ProblemKind.OVER_COUNT, value=count, limit=settings.overload_count))
    problems.extend(clashes)
    if settings.busy_minutes < minutes <= settings.overload_minutes:
        problems.append(Problem(ProblemKind.BUSY_MINUTES, value=minutes, limit=settings.busy_minutes))
    if settings.busy_count < count <= settings.overload_count:
        problems.append(Problem(ProblemKind.BUSY_COUNT, value=count, limit=settings.busy_count))
    if minutes > settings.overload_minutes or count > settings.overload_count or clashes:
        status = DayStatus.OVERLOADED
    elif minutes > settings.busy_minutes or count > settings.busy_count:
        status = DayStatus.BUSY
    else:
        status = DayStatus.OK
    return status, problems


# --- day ------------------------------------------------------------------------------------------


def analyse_day(
    day: date,
    meetings: Iterable[Meeting],
    settings: Settings,
    client_names: Mapping[str, str] | None = None,
) -> DayLoad:
    """The load of one local date. ``meetings`` may hold meetings of other days: they are ignored."""
    tz = zone(settings.timezone)
    lo, hi = day_bounds(day, tz)
    own = [m for m in meetings if m.start < hi and m.end > lo and day in _local_dates(m, tz)]
    return _analyse(day, own, settings, client_names or {}, tz)


def _analyse(day: date, own: list[Meeting], settings: Settings, names: Mapping[str, str], tz) -> DayLoad:
    own.sort(key=_sort_key)
    counted = [m for m in own if counts(m)]
    minutes = sum(load_minutes(m) for m in counted)
    window = work_window(day, settings, tz)
    double, clashes = _clashes(counted, names)
    chained, chains, busy = _chains(counted, settings)
    blocks = _free_blocks(window, busy)
    longest = max(blocks, default=0)

    flags: dict[str, list[str]] = {m.id: [] for m in own}
    for m in counted:
        if m.travel_each_way > 0:
            flags[m.id].append(FLAG_TRAVEL)
        if window is None or m.start.astimezone(UTC) < window[0] or m.end.astimezone(UTC) > window[1]:
            flags[m.id].append(FLAG_AFTER_HOURS)
        if m.id in double:
            flags[m.id].append(FLAG_DOUBLE)
        if m.id in chained:
            flags[m.id].append(FLAG_B2B)

    status, problems = _status_and_problems(minutes, len(counted), clashes, settings)
    problems.extend(chains)
    if window is not None and longest < settings.focus_block_minutes:
        problems.append(Problem(ProblemKind.NO_FOCUS, limit=settings.focus_block_minutes))
    return DayLoad(
        date=day,
        is_work_day=day.weekday() in settings.work_days,
        meetings=own,
        meeting_minutes=minutes,
        meeting_count=len(counted),
        focus_minutes=sum(b for b in blocks if b >= settings.focus_block_minutes),
        longest_free_minutes=longest,
        status=status,
        problems=problems,
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
    lo, hi = day_bounds(monday, tz, 7)
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
    overloaded = tuple(d.date for d in days if d.status is DayStatus.OVERLOADED)
    busy = tuple(d.date for d in days if d.status is DayStatus.BUSY)
    problems: list[Problem] = []
    if minutes > settings.week_overload_minutes:
        problems.append(Problem(ProblemKind.WEEK_OVER_MINUTES, value=minutes, limit=settings.week_overload_minutes))
    if overloaded:
        problems.append(Problem(ProblemKind.OVERLOADED_DAYS, value=len(overloaded), days=overloaded))
    if busy:
        problems.append(Problem(ProblemKind.BUSY_DAYS, value=len(busy), days=busy))
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
        problems=problems,
        meeting_count=sum(d.meeting_count for d in days),
        busy_days=len(busy),
    )
