"""Lighten a day or a week: plan it (planner.domain.advice.lighten), apply the plan in one write
with one undo for the lot, and write its messages."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.application.clock import Clock
from planner.application.undo import UndoRecord, remember
from planner.domain.advice.lighten import Plan, lighten_day, lighten_week
from planner.domain.models import Reason, Strategy
from planner.domain.timeutil import day_bounds, week_start, zone
from planner.i18n import _, ngettext


def _pool(store, first: date, last: date):
    """The meetings the plan's advice looks at: 8 weeks before to 10 weeks after."""
    tz = zone(store.settings().timezone)
    lo, _hi = day_bounds(first - timedelta(weeks=8), tz)
    _lo, hi = day_bounds(last + timedelta(weeks=10), tz)
    return store.meetings_between(lo, hi)


def plan_day(store, day: date, clock: Clock, *, target: str = "busy", reason: Reason = Reason.WORKLOAD,
             fixed: dict | None = None) -> Plan:
    clients = {c.id: c for c in store.clients()}
    return lighten_day(day, _pool(store, day, day), clients, store.settings(), now=clock.now, target=target,
                       reason=reason, fixed=fixed)


def plan_week(store, day: date, clock: Clock, *, reason: Reason = Reason.WORKLOAD) -> Plan:
    monday = week_start(day)
    clients = {c.id: c for c in store.clients()}
    return lighten_week(monday, _pool(store, monday, monday + timedelta(days=6)), clients, store.settings(),
                        now=clock.now, reason=reason)


def describe_plan(plan: Plan) -> str:
    from planner.formats import short_date

    what = short_date(plan.day) if plan.scope == "day" else _("week {week}").format(week=plan.after.label)
    return ngettext("the plan for {what} ({n} change)", "the plan for {what} ({n} changes)",
                    len(plan.items)).format(what=what, n=len(plan.items))


def apply_plan(store, plan: Plan) -> UndoRecord:
    """Every change of the plan in one write; one undo takes them all back."""
    changed = [m for item in plan.items for m in item.changed]
    ids = {m.id for m in changed}
    originals = [m for m in store.meetings() if m.id in ids]
    record = UndoRecord(describe_plan(plan), meetings=originals)
    with store.batch():
        for meeting in changed:
            store.save_meeting(meeting)
        remember(store, record)
    return record


def plan_drafts(store, plan: Plan, clock: Clock, *, folder: Path | None = None) -> list[Path]:
    """Write the plan's messages: one per meeting that changes (keep needs none), into ``folder``
    (default the drafts folder), recorded under D."""
    from planner.application.changes import Details
    from planner.application.drafts import compose_messages
    from planner.services.drafts import save_drafts

    paths: list[Path] = []
    clients = {c.id: c for c in store.clients()}
    for item in plan.items:
        if item.strategy is Strategy.KEEP:
            continue
        s = item.suggestion
        client = clients[item.meeting.client_id]
        details = Details(new_minutes=s.new_minutes, new_start=s.new_start, colleague=s.colleague, offer=tuple(s.slots),
                          move_to=s.slots[0] if s.slots else None)
        drafts = compose_messages(store, item.meeting, client, s, details, language=client.language, clock=clock)
        paths += save_drafts(store, drafts, meeting=item.meeting, client=client, folder=folder)
    return paths
