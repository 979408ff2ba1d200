"""Free slots for rescheduling a meeting.

A slot is

- inside work hours, on a work day (both from :class:`Settings`, in ``settings.timezone``);
- in the window: the first ``window_days`` work days (default ``settings.slot_window_days``) counted
  from the local date of ``after``, that date included when it is a work day; a slot never starts
  before ``after``;
- on the quarter hour (local clock), ``minutes`` long;
- at least ``b2b_gap_minutes`` away from every counted meeting, the travel of client-site meetings
  counting as busy, so it never overlaps one and never makes a back-to-back;
- on a day it does not push past the busy line: the day's meeting minutes with the slot stay at or
  under ``busy_minutes`` and its meeting count at or under ``busy_count``. A day that is already
  double-booked is overloaded already and offers no slot.

The meeting being moved (``exclude_id``) is left out of everything, so its old time is free. The slot
is ``minutes`` of meeting time; a meeting at the client's site passes its ``travel`` (each way),
which must be free around the slot and counts towards the day's load.

At most one slot per day, the earliest that fits, so that three suggestions give three real choices.
Days are ordered lightest first (fewest meeting minutes, then fewest meetings), then earliest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.domain.errors import PlannerError
from planner.domain.load import busy_span, counts, load_minutes, work_window
from planner.domain.models import Fields, Meeting, Settings
from planner.domain.timeutil import zone
from planner.i18n import _

UTC = timezone.utc
_QUARTER = 15 * 60  # seconds


class Slot(Fields):
    start: datetime  # aware, in settings.timezone
    end: datetime  # aware, in settings.timezone
    day_minutes_after: int  # the day's meeting minutes with this slot booked
    day_count_after: int = 0  # the day's meeting count with this slot booked

    @property
    def minutes(self) -> int:
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)


def _ceil_quarter(moment: datetime, tz: ZoneInfo) -> datetime:
    """The first instant at or after ``moment`` that is on the quarter hour on the local clock."""
    local = moment.astimezone(tz)
    into = (local.minute * 60 + local.second) % _QUARTER
    if into == 0 and local.microsecond == 0:
        return moment
    return moment + timedelta(seconds=_QUARTER - into, microseconds=-local.microsecond)


def _work_days(first: date, count: int, settings: Settings) -> list[date]:
    if count <= 0 or not any(0 <= d <= 6 for d in settings.work_days):
        return []
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() in settings.work_days:
            days.append(day)
        day += timedelta(days=1)
    return days


def _earliest_fit(
    lo: datetime,
    hi: datetime,
    blocked: list[tuple[datetime, datetime]],
    length: timedelta,
    tz: ZoneInfo,
) -> datetime | None:
    """The earliest quarter-hour start t >= lo with [t, t + length] inside [lo, hi] and clear of
    every blocked interval (sorted by start)."""
    start = _ceil_quarter(lo, tz)
    for b_start, b_end in blocked:
        if b_end <= start:
            continue
        if b_start >= start + length:
            break
        start = _ceil_quarter(b_end, tz)
        if start + length > hi:
            return None
    return start if start + length <= hi else None


def free_slots(
    meetings: Iterable[Meeting],
    settings: Settings,
    *,
    minutes: int,
    after: datetime,
    limit: int = 3,
    exclude_id: str | None = None,
    window_days: int | None = None,
    travel: int = 0,
) -> list[Slot]:
    """Up to ``limit`` free slots of ``minutes``, lightest day first, then earliest (module doc).
    ``travel``: minutes each way the moved meeting keeps (client site): they must be free too,
    and count towards the day's load."""
    if minutes < 1:
        raise PlannerError(_("a slot must be at least 1 minute long, not {n}").format(n=minutes))
    if after.tzinfo is None:
        raise ValueError("after must be time-zone aware")
    if limit <= 0:
        return []
    tz = zone(settings.timezone)
    days = _work_days(
        after.astimezone(tz).date(),
        settings.slot_window_days if window_days is None else window_days,
        settings,
    )
    if not days:
        return []

    length = timedelta(minutes=minutes)
    gap = timedelta(minutes=max(settings.b2b_gap_minutes, 0) + max(travel, 0))
    load = minutes + 2 * max(travel, 0)
    after_utc = after.astimezone(UTC)
    # Cheap filter: counted meetings that could touch the window (a day's margin either side).
    lo = datetime.combine(days[0] - timedelta(days=1), datetime.min.time(), tzinfo=tz)
    hi = datetime.combine(days[-1] + timedelta(days=2), datetime.min.time(), tzinfo=tz)
    relevant = [
        m for m in meetings if m.start < hi and m.end > lo and m.id != exclude_id and counts(m)
    ]
    wanted = set(days)
    per_day: dict[date, list[Meeting]] = {d: [] for d in days}
    for m in relevant:
        d = m.start.astimezone(tz).date()
        if d in wanted:
            per_day[d].append(m)
    blocked = sorted((s - gap, e + gap) for s, e in map(busy_span, relevant))

    found: list[tuple[int, int, datetime, Slot]] = []
    for day in days:
        own = per_day[day]
        day_minutes = sum(load_minutes(m) for m in own)
        day_count = len(own)
        if day_minutes + load > settings.busy_minutes or day_count + 1 > settings.busy_count:
            continue
        if _double_booked(own):
            continue
        window = work_window(day, settings, tz)
        if window is None:
            continue
        start = _earliest_fit(max(window[0], after_utc), window[1], blocked, length, tz)
        if start is None:
            continue
        slot = Slot(
            start=start.astimezone(tz),
            end=(start + length).astimezone(tz),
            day_minutes_after=day_minutes + load,
            day_count_after=day_count + 1,
        )
        found.append((day_minutes, day_count, start, slot))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found[:limit]]


def _double_booked(meetings: list[Meeting]) -> bool:
    spans = sorted((m.start.astimezone(UTC), m.end.astimezone(UTC)) for m in meetings)
    return any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:]))
