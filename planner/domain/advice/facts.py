"""The facts advice works with: the person's answers, the situation around the meeting (time,
notice, the client's weight, frequency, clashes, the day's load), and the suggestion records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from planner.domain.load import DayStatus, Problem, ProblemKind, analyse_week, counts, label
from planner.domain.models import (
    Client,
    Default,
    Fields,
    Meeting,
    Reason,
    Settings,
    Status,
    Strategy,
    Tier,
    Topic,
)
from planner.domain.slots import Slot
from planner.domain.timeutil import UTC, iso_week, zone

KEY_SHARE = 20.0  # a client with this share (percent) or more weighs like a key client
RECENT_WEEKS = 6
RECENT_LIMIT = 3  # this many meetings with the client in RECENT_WEEKS: limit their time
CHANGED_WEEKS = 8  # how far back changes to the client's meetings count against a new one
SHORT_NOTICE = timedelta(hours=24)

# Statuses that mean you already changed one of the client's meetings.
CHANGED = frozenset({Status.PHONE, Status.SHORTENED, Status.EMAIL, Status.DELEGATED, Status.RESCHEDULED,
                     Status.CANCELLED})

# Problems an option can clear, by the words the suggestions use for them.
RESOLVABLE = ("overloaded", "busy", "double-booked", "back-to-back", "no-focus", "week-overloaded")


class Answers(Fields):
    """What the person tells the wizard. Tier, share and flexibility come prefilled from the client
    (see :meth:`prefilled`) and may be changed for this one decision."""

    reason: Reason
    topic: Topic = Topic.ROUTINE
    flexible: bool = False
    tier: Tier = Tier.REGULAR
    share: float | None = None  # percent of your business
    colleague: str | None = None  # someone who could go in your place when you lead the meeting

    @classmethod
    def prefilled(cls, meeting: Meeting, client: Client, reason: Reason | str, **overrides) -> Answers:
        """Answers with the meeting's topic and the client's flexibility, tier and share; any
        keyword (topic=, flexible=, tier=, share=, colleague=) that is not None overrides."""
        values = {
            "reason": Reason(reason), "topic": meeting.topic, "flexible": client.flexible,
            "tier": client.tier, "share": client.share, "colleague": None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["topic"] = Topic(values["topic"])
        values["tier"] = Tier(values["tier"])
        return cls(**values)

    @property
    def weighty(self) -> bool:
        """A key client, or one bringing KEY_SHARE % or more of your business."""
        return self.tier is Tier.KEY or (self.share is not None and self.share >= KEY_SHARE)


class LoadSnapshot(Fields):
    """A day and its week, as the load analysis sees them."""

    day: date
    day_status: DayStatus
    day_minutes: int
    day_problems: tuple[Problem, ...]
    week: str  # "2026-W49"
    week_status: DayStatus
    week_minutes: int

    def to_dict(self) -> dict:
        return {
            "day": self.day.isoformat(), "day_status": self.day_status.value, "day_minutes": self.day_minutes,
            "day_problems": [p.kind.value for p in self.day_problems], "week": self.week,
            "week_status": self.week_status.value, "week_minutes": self.week_minutes,
        }

    def flags(self) -> set[str]:
        """The problems of this day and week, as :data:`RESOLVABLE` words."""
        found = set()
        if self.day_status is DayStatus.OVERLOADED:
            found.add("overloaded")
        if self.day_status is not DayStatus.OK:
            found.add("busy")
        kinds = {p.kind for p in self.day_problems}
        if ProblemKind.DOUBLE_BOOKED in kinds:
            found.add("double-booked")
        if ProblemKind.BACK_TO_BACK in kinds:
            found.add("back-to-back")
        if ProblemKind.NO_FOCUS in kinds:
            found.add("no-focus")
        if self.week_status is DayStatus.OVERLOADED:
            found.add("week-overloaded")
        return found


def snapshot(day: date, pool: Sequence[Meeting], settings: Settings, names: Mapping[str, str]) -> LoadSnapshot:
    week = analyse_week(day, pool, settings, names)
    load = week.days[day.weekday()]
    return LoadSnapshot(
        day=day, day_status=load.status, day_minutes=load.meeting_minutes, day_problems=tuple(load.problems),
        week=iso_week(day), week_status=week.status, week_minutes=week.meeting_minutes,
    )


class Clash(Fields):
    """Another meeting overlapping the one advised on."""

    meeting_id: str
    title: str
    client: str
    start: datetime
    end: datetime
    lead: str  # "me" or the colleague who leads it

    @property
    def led_by_colleague(self) -> bool:
        return self.lead.strip().lower() not in ("", "me")


class Warning(Fields):
    """A warning as facts: a code and the values its sentence names."""

    code: str  # "weighty-weak-reason", "call-later", "important-cut", "short-notice", "no-slots", ...
    facts: dict = Default(dict)


class Suggestion(Fields):
    """One way to handle the meeting, judged: what it frees and resolves, what it costs."""

    strategy: Strategy
    rule: str  # short id: "colleague-leads", "sick", "saves-travel", "long-meeting", ...
    facts: dict  # the numbers and names its sentence uses
    minutes_freed: int
    resolves: tuple[str, ...]  # from RESOLVABLE
    cost: float  # relationship cost (see the package docstring)
    score: float  # benefit minus cost: higher ranks first
    load_before: LoadSnapshot
    load_after: LoadSnapshot
    target_before: LoadSnapshot | None = None  # reschedule: the day it moves to, before and after
    target_after: LoadSnapshot | None = None
    warnings: list[Warning] = Default(list)
    new_minutes: int | None = None  # shorter or a shorter call: the proposed length
    new_start: datetime | None = None  # shorter from the start (a clash at the start), or the new time
    slots: list[Slot] = Default(list)  # reschedule/cancel: up to 3 free slots
    colleague: str | None = None  # delegate: who goes instead
    outright: bool = False  # put first by a rule that decides outright
    solves: bool = True  # for a clash or "something else came up": does it free that time?
    changed: list[Meeting] = Default(list)  # the meetings as the option leaves them
    per_month: int = 0  # less-often: minutes freed a month

    def to_dict(self) -> dict:
        return {
            "strategy": self.strategy.value, "rule": self.rule, "minutes_freed": self.minutes_freed,
            "resolves": list(self.resolves), "cost": round(self.cost, 2), "new_minutes": self.new_minutes,
            "new_start": self.new_start.isoformat() if self.new_start else None, "colleague": self.colleague,
            "slots": [{"start": s.start.isoformat(), "end": s.end.isoformat(), "day_minutes_after": s.day_minutes_after}
                      for s in self.slots],
            "load_before": self.load_before.to_dict(), "load_after": self.load_after.to_dict(),
            "per_month": self.per_month or None,
            "dropped": [m.id for m in self.changed if m.status is Status.CANCELLED] if self.strategy is Strategy.LESS_OFTEN else None,
        }


def recent_count(meetings: Sequence[Meeting], meeting: Meeting, *, weeks: int = RECENT_WEEKS) -> int:
    """Meetings with the meeting's client in the ``weeks`` weeks before it (not cancelled, not all
    day, not the meeting itself)."""
    start = meeting.start.astimezone(UTC)
    lo = start - timedelta(weeks=weeks)
    seen = {
        m.id for m in meetings
        if m.id != meeting.id and m.client_id == meeting.client_id and m.status is not Status.CANCELLED
        and not m.all_day and lo <= m.start.astimezone(UTC) < start
    }
    return len(seen)


def changed_count(meetings: Sequence[Meeting], meeting: Meeting, now: datetime) -> int:
    """The client's meetings you already moved, shortened, cancelled, took by phone or email or
    sent a colleague to, in the ``CHANGED_WEEKS`` weeks before now (and up to the meeting)."""
    lo = now.astimezone(UTC) - timedelta(weeks=CHANGED_WEEKS)
    hi = max(now, meeting.start).astimezone(UTC)
    return len({
        m.id for m in meetings
        if m.id != meeting.id and m.client_id == meeting.client_id and m.status in CHANGED
        and lo <= m.start.astimezone(UTC) <= hi
    })


def clashes_with(meeting: Meeting, pool: Sequence[Meeting], names: Mapping[str, str]) -> list[Clash]:
    """The counted meetings overlapping ``meeting`` in meeting time."""
    start, end = meeting.start.astimezone(UTC), meeting.end.astimezone(UTC)
    found = []
    for other in pool:
        if other.id == meeting.id or not counts(other):
            continue
        if other.start.astimezone(UTC) < end and other.end.astimezone(UTC) > start:
            found.append(Clash(other.id, other.title, label(other, names), other.start, other.end, other.lead))
    return sorted(found, key=lambda c: c.start)


def local_day(moment: datetime, settings: Settings) -> date:
    return moment.astimezone(zone(settings.timezone)).date()
