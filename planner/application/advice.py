"""Advice for one meeting: gather what the rules look at, then ask the domain.

:func:`nearby_meetings` reads the meetings the advice needs around one meeting (the 6 weeks before
it for the repetition rule, its week for the load, the window free slots are looked for in);
:func:`advise_meeting` returns the ranked suggestions (planner.domain.advice).
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from planner.application.clock import Clock
from planner.domain.advice import Advice, Answers, advise
from planner.domain.advice.options import SERIES_WEEKS
from planner.domain.models import Meeting
from planner.domain.timeutil import week_start, zone


def nearby_meetings(store, meeting: Meeting, clock: Clock) -> list[Meeting]:
    """Every meeting advice looks at: from 6 weeks before the meeting's week (how often you met)
    and 8 weeks before today (what you already changed) to past the window free slots are looked
    for in and the two months "meet less often" looks at."""
    settings = store.settings()
    tz = zone(settings.timezone)
    local = meeting.start.astimezone(tz)
    first = min(week_start(local.date()) - timedelta(weeks=6, days=1), clock.today - timedelta(weeks=8, days=1))
    lo = datetime.combine(first, time.min, tzinfo=tz)
    work_days = max(1, len(set(settings.work_days) & set(range(7))))
    span = max(math.ceil(max(settings.slot_window_days, 1) * 7 / work_days) + 8, SERIES_WEEKS * 7)
    hi = datetime.combine(max(clock.today, local.date()) + timedelta(days=span), time.min, tzinfo=tz)
    found = store.meetings_between(lo, hi)
    if all(m.id != meeting.id for m in found):
        found.append(meeting)
    return found


def advise_meeting(
    store, meeting: Meeting, answers: Answers, clock: Clock, *, nearby: list[Meeting] | None = None
) -> Advice:
    """The judged options for a meeting and the person's answers, best first."""
    client = store.client(meeting.client_id)
    return advise(
        meeting,
        client,
        answers,
        meetings=nearby if nearby is not None else nearby_meetings(store, meeting, clock),
        settings=store.settings(),
        now=clock.now,
        client_names={c.id: c.name for c in store.clients()},
    )
