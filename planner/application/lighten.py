"""Lighten a day or a week: plan it (planner.domain.advice.lighten), apply the plan in one write
with one undo for the lot, and write its messages."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.application.clock import Clock
from planner.application.changes import save_change
from planner.application.undo import UndoRecord
from planner.domain.advice.lighten import Plan, lighten_day, lighten_week
from planner.domain.models import Reason, Strategy
from planner.domain.timeutil import day_bounds, week_start, zone
from planner.i18n import _, ngettext
from planner.formats import week_name


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

    what = short_date(plan.day) if plan.scope == "day" else _("week {week}").format(week=week_name(plan.after.start))
    return ngettext("the plan for {what} ({n} change)", "the plan for {what} ({n} changes)",
                    len(plan.items)).format(what=what, n=len(plan.items))


def apply_plan(store, plan: Plan) -> UndoRecord:
    """Every change of the plan in one write; one undo takes them all back."""
    changed = [m for item in plan.items for m in item.changed]
    return save_change(store, [store.meeting(m.id) for m in changed], changed, describe_plan(plan))


def plan_messages(store, plan: Plan, clock: Clock, *, reason: Reason = Reason.WORKLOAD):
    """The plan's messages: one per client (several changes to one client's meetings are one
    message), plus a briefing for each meeting a colleague takes. Returns (client, first meeting,
    drafts, details by meeting id) per client."""
    from planner.application.changes import Details
    from planner.application.drafts import message_details, recent_with
    from planner.services.drafts import compose_plan

    clients = {c.id: c for c in store.clients()}
    by_client: dict[str, list] = {}
    for item in plan.items:
        if item.strategy is not Strategy.KEEP:
            by_client.setdefault(item.meeting.client_id, []).append(item)
    found = []
    for client_id, items in by_client.items():
        client = clients[client_id]
        entries, details = [], {}
        for item in sorted(items, key=lambda i: i.meeting.start):
            s = item.suggestion
            chosen = Details(new_minutes=s.new_minutes, new_start=s.new_start, colleague=s.colleague,
                             offer=tuple(s.slots), move_to=s.slots[0] if s.slots else None,
                             summary=item.meeting.notes)
            words = message_details(s, chosen, reason=reason)
            entries.append((item.meeting, s.strategy, words))
            details[item.meeting.id] = words
        situation = plan.situations.get(items[0].meeting.id)
        recent = recent_with(items[0].meeting, situation.pool if situation else [])
        drafts = compose_plan(client, entries, settings=store.settings(), language=client.language, now=clock.now,
                              recent=recent)
        found.append((client, entries[0][0], drafts, details))
    return found


def plan_drafts(store, plan: Plan, clock: Clock, *, folder: Path | None = None, fmt: str = "md",
                reason: Reason = Reason.WORKLOAD) -> tuple[list[Path], list[str]]:
    """Write the plan's messages (one per client) into ``folder`` (default the drafts folder),
    recorded under D. Returns the paths, and a line for each message that could not be written yet
    (an email whose update the person still has to write)."""
    from planner.application.drafts import writer
    from planner.services.drafts import UnfilledSummary, save_drafts

    paths: list[Path] = []
    skipped: list[str] = []
    for client, first, drafts, details in plan_messages(store, plan, clock, reason=reason):
        try:
            paths += save_drafts(store, drafts, meeting=first, client=client, folder=folder,
                                 write=writer(fmt, store, first, client, details[first.id].as_mapping(), clock))
        except UnfilledSummary:
            skipped.append(_("the message to {client} has an email in it whose update you still have to write: "
                             "`planner draft {id} --strategy email --summary TEXT`").format(
                client=client.name, id=first.id[:8]))
    return paths, skipped
