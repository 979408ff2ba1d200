"""Everything the rules look at, computed once per advice: where the meeting stands in time, how
much the client weighs, how often you met them and how many of their meetings you already changed,
what it clashes with, and the day's and week's load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from planner.domain.advice.facts import (
    KEY_SHARE,
    RECENT_LIMIT,
    SHORT_NOTICE,
    Answers,
    Clash,
    LoadSnapshot,
    changed_count,
    clashes_with,
    local_day,
    recent_count,
    snapshot,
)
from planner.domain.errors import PlannerError
from planner.domain.models import FREE_STATUSES, Client, Fields, Meeting, Reason, Settings, Tier
from planner.domain.timeutil import UTC, zone
from planner.formats import date_time
from planner.i18n import _

# How much a client weighs in the relationship cost, by tier (a regular client is 1).
TIER_WEIGHT = {Tier.MINOR: 0.5, Tier.REGULAR: 1.0, Tier.IMPORTANT: 1.5, Tier.KEY: 2.5}

UPCOMING, UNDER_WAY = "upcoming", "under-way"


class MeetingOver(PlannerError):
    """The meeting has ended: there is nothing to get out of."""


class Situation(Fields):
    meeting: Meeting
    client: Client
    answers: Answers
    settings: Settings
    now: datetime
    pool: list[Meeting]  # the meetings around it, the meeting itself included once
    names: Mapping[str, str]
    phase: str  # UPCOMING or UNDER_WAY
    short_notice: bool  # starts within 24 h
    recent: int  # meetings with the client in the 6 weeks before it
    changed: int  # their meetings you already changed in the last 8 weeks
    weight: float
    clashes: list[Clash]
    before: LoadSnapshot
    day: date

    @property
    def weighty(self) -> bool:
        return self.answers.weighty

    @property
    def frequent(self) -> bool:
        return self.recent >= RECENT_LIMIT

    @property
    def repetitive(self) -> bool:
        return self.answers.reason is Reason.REPETITIVE or self.frequent

    @property
    def weak_on_weighty(self) -> bool:
        return self.weighty and self.answers.reason is Reason.DISLIKE

    @property
    def travel(self) -> int:
        return self.meeting.travel_each_way

    @property
    def others(self) -> list[Meeting]:
        return [m for m in self.pool if m.id != self.meeting.id]

    def after(self, changed: Sequence[Meeting]) -> list[Meeting]:
        """The pool with ``changed`` in place of the meetings of the same ids."""
        ids = {m.id for m in changed}
        return [m for m in self.pool if m.id not in ids] + list(changed)


def client_weight(answers: Answers) -> float:
    """The tier's weight, raised by the share of business (20 % weighs like a key client)."""
    by_share = 1.0 + (answers.share or 0.0) * (TIER_WEIGHT[Tier.KEY] - 1.0) / KEY_SHARE
    return max(TIER_WEIGHT[answers.tier], by_share)


def situation(
    meeting: Meeting,
    client: Client,
    answers: Answers,
    *,
    meetings: Sequence[Meeting],
    settings: Settings,
    now: datetime,
    client_names: Mapping[str, str] | None = None,
) -> Situation:
    """The facts for one meeting; PlannerError for a meeting that takes none of your time, and
    :class:`MeetingOver` for one that has ended."""
    if meeting.status in FREE_STATUSES:
        raise PlannerError(
            _("this meeting is already {status}: it takes none of your time, so there is nothing to get out of")
            .format(status=meeting.status.value)
        )
    tz = zone(settings.timezone)
    if meeting.end.astimezone(UTC) <= now.astimezone(UTC):
        raise MeetingOver(
            _("this meeting ended {when}: there is nothing to get out of any more").format(
                when=date_time(meeting.end, tz))
        )
    names = dict(client_names or {})
    names.setdefault(client.id, client.name)
    pool = [m for m in meetings if m.id != meeting.id] + [meeting]
    day = local_day(meeting.start, settings)
    started = meeting.start.astimezone(UTC) <= now.astimezone(UTC)
    return Situation(
        meeting=meeting, client=client, answers=answers, settings=settings, now=now, pool=pool, names=names,
        phase=UNDER_WAY if started else UPCOMING,
        short_notice=not started and meeting.start - now < SHORT_NOTICE,
        recent=recent_count(pool, meeting), changed=changed_count(pool, meeting, now),
        weight=client_weight(answers), clashes=clashes_with(meeting, pool, names),
        before=snapshot(day, pool, settings, names), day=day,
    )


def second_work_day(today: date, settings: Settings) -> date:
    """The second work day after ``today`` (sick: no new time before it)."""
    found = 0
    day = today
    while found < 2:
        day += timedelta(days=1)
        if day.weekday() in settings.work_days or not settings.work_days:
            found += 1
    return day
