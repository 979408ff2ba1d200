"""`planner apply` (carry out one strategy) and `planner lighten` (plan a day or a week)."""

from __future__ import annotations

from pathlib import Path

from planner.cli.output import dump_json, note, say, write
from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Reason, Strategy
from planner.domain.timeutil import zone
from planner.formats import date_time, duration, number, short_date, week_name
from planner.i18n import _
from planner.words import common


def add_arguments(p, name: str) -> None:
    from planner.cli.parser import iso_date, minutes

    if name == "apply":
        p.add_argument("meeting", metavar="MEETING", help=_("meeting id or a unique prefix of it"))
        p.add_argument("--strategy", required=True, choices=[s.value for s in Strategy])
        p.add_argument("--reason", choices=[r.value for r in Reason], default=Reason.WORKLOAD.value)
        p.add_argument("--minutes", type=minutes, metavar="MIN", help=_("new length (shorter, or a shorter call)"))
        p.add_argument("--start", metavar='"YYYY-MM-DD HH:MM"', help=_("the new time (reschedule)"))
        p.add_argument("--colleague", metavar="NAME", help=_("who goes instead (delegate)"))
        p.add_argument("--by", choices=[k.value for k in CallKind], default=CallKind.PHONE.value,
                       help=_("a call by phone or video (default phone)"))
        return
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="YYYY-MM-DD", type=iso_date, help=_("lighten this day"))
    when.add_argument("--week", metavar="YYYY-Www", help=_("lighten this ISO week"))
    p.add_argument("--target", choices=["busy", "ok"], default="busy",
                   help=_("busy: out of overloaded (the default); ok: not even busy"))
    p.add_argument("--reason", choices=[r.value for r in Reason], default=Reason.WORKLOAD.value)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--apply", action="store_true", help=_("apply the plan (one undo takes it back)"))
    p.add_argument("--out", metavar="DIR", help=_("write every message of the plan into DIR"))


def read_only(args) -> bool:
    return args.command == "lighten" and not args.apply and not args.out


def needs_data(args) -> bool:
    return True


def run(ctx) -> int:
    return run_apply(ctx) if ctx.args.command == "apply" else run_lighten(ctx)


# --- apply ------------------------------------------------------------------------------------------


def _new_time(ctx, meeting):
    from planner.domain.dates import parse_when
    from planner.domain.slots import Slot
    from planner.domain.timeutil import shift, week_start

    settings = ctx.store.settings()
    tz = zone(settings.timezone)
    start = parse_when(ctx.args.start, tz=tz, day_first=settings.day_first, week_start=week_start(ctx.clock.today),
                       selected_day=ctx.clock.today)
    if start <= ctx.clock.now:
        raise PlannerError(_("--start: {when} is in the past; give a time ahead").format(when=date_time(start, tz)))
    end = shift(start, meeting.minutes)
    clash = next((m for m in ctx.store.meetings_between(start, end) if m.id != meeting.id and m.takes_time), None)
    if clash is not None:
        raise PlannerError(_("--start: {when} clashes with “{title}”; pick another time").format(
            when=date_time(start, tz), title=clash.title))
    return Slot(start, end, 0)


def run_apply(ctx) -> int:
    """`planner apply MEETING --strategy S [--minutes N] [--start ...] [--colleague NAME] [--by phone|video]`."""
    from planner.application.advice import advise_meeting
    from planner.application.changes import Details, change_words, changed_meetings, save_change
    from planner.domain.advice import Answers, unfit_reason

    store, args = ctx.store, ctx.args
    meeting = store.resolve_meeting(args.meeting)
    client = store.client(meeting.client_id)
    strategy = Strategy(args.strategy)
    answers = Answers.prefilled(meeting, client, Reason(args.reason), colleague=(args.colleague or "").strip() or None)
    advice = advise_meeting(store, meeting, answers, ctx.clock)
    suggestion = advice.find(strategy)
    if suggestion is None:
        why = unfit_reason(meeting, strategy, answers) or _("it is not among the options for this meeting now "
                                                            "(`planner advise` lists them)")
        raise PlannerError(_("{strategy} does not fit this meeting: {why}").format(strategy=strategy.value, why=why))
    if args.minutes is not None and strategy not in (Strategy.SHORTER, Strategy.PHONE):
        raise PlannerError(_("--minutes is the new length of a shorter meeting or call; use it with --strategy shorter or phone"))
    if args.start is not None and strategy is not Strategy.RESCHEDULE:
        raise PlannerError(_("--start is the new time of a moved meeting; use it with --strategy reschedule"))
    details = Details(new_minutes=args.minutes if args.minutes is not None else suggestion.new_minutes,
                      new_start=suggestion.new_start, by=CallKind(args.by), colleague=args.colleague)
    if strategy is Strategy.RESCHEDULE and args.start:
        details.move_to = _new_time(ctx, meeting)
    changed = changed_meetings(meeting, suggestion, details)
    tz = zone(store.settings().timezone)
    words = change_words(strategy, changed, tz)
    save_change(store, [meeting] + [m for m in advice.situation.pool if m.id in {c.id for c in changed[1:]}],
                changed, _("“{title}” as it was").format(title=meeting.title))
    say(_("Applied: “{title}” is {change}. Press u in the app to undo it.").format(title=meeting.title, change=words))
    return 0


# --- lighten ------------------------------------------------------------------------------------------


def _load_json(load) -> dict:
    from planner.cli.agenda import problem_json

    return {"status": load.status.value, "meeting_minutes": load.meeting_minutes,
            "meeting_count": load.meeting_count, "flags": [problem_json(p)["kind"] for p in load.problems]}


def plan_json(plan, clients, tz) -> dict:
    items = []
    for item in plan.items:
        s = item.suggestion
        client = clients.get(item.meeting.client_id)
        items.append({
            "meeting": item.meeting.id, "title": item.meeting.title, "client": client.name if client else "",
            "strategy": s.strategy.value, "new_minutes": s.new_minutes, "minutes_freed": s.minutes_freed,
            "cost": item.cost, "why": _why(item, plan, tz),
        })
    scope = plan.day.isoformat() if plan.scope == "day" else plan.after.label
    return {"scope": scope, "target": plan.target, "before": _load_json(plan.before), "after": _load_json(plan.after),
            "plan": items, "cost": plan.cost, "reached": plan.reached, "optimal": plan.optimal}


def _why(item, plan, tz) -> str:
    from planner.words import advice as words

    return words.why(item.suggestion, plan.situations[item.meeting.id], tz)


def format_plan(plan, clients, tz) -> str:
    what = short_date(plan.day) if plan.scope == "day" else _("Week {week}").format(week=week_name(plan.after.start))
    lines = [_("{what}: {status}, {minutes} in {count} meetings").format(
        what=what, status=common.day_status(plan.before.status), minutes=duration(plan.before.meeting_minutes),
        count=plan.before.meeting_count)]
    if not plan.items:
        lines.append(_("Nothing to change: it is already under the target.") if plan.reached else
                     _("No change planner may suggest brings it under the target."))
        return "\n".join(lines)
    for n, item in enumerate(plan.items, 1):
        client = clients.get(item.meeting.client_id)
        lines.append(_("{n}. {when} {client}: {title}: {strategy}, frees {freed}, cost {cost}").format(
            n=n, when=date_time(item.meeting.start, tz), client=client.name if client else "?", title=item.meeting.title,
            strategy=common.strategy(item.strategy), freed=duration(item.suggestion.minutes_freed), cost=number(item.cost, digits=2)))
        lines.append("   " + _why(item, plan, tz))
    lines.append(_("Afterwards: {status}, {minutes} in {count} meetings; plan cost {cost}.").format(
        status=common.day_status(plan.after.status), minutes=duration(plan.after.meeting_minutes),
        count=plan.after.meeting_count, cost=number(plan.cost, digits=2)))
    if not plan.reached:
        lines.append(_("This is as far as the options go: the target is not reached."))
    elif not plan.optimal:
        lines.append(_("Planned step by step: a cheaper plan may exist."))
    return "\n".join(lines)


def run_lighten(ctx) -> int:
    """`planner lighten (--date D | --week W) [--target busy|ok] [--reason R] [--format text|json] [--apply] [--out DIR]`."""
    from planner.application.lighten import apply_plan, plan_day, plan_drafts, plan_week
    from planner.domain.timeutil import parse_iso_week

    store, args = ctx.store, ctx.args
    reason = Reason(args.reason)
    if args.week is not None:
        plan = plan_week(store, parse_iso_week(args.week), ctx.clock, reason=reason)
    else:
        plan = plan_day(store, args.date, ctx.clock, target=args.target, reason=reason)
    clients = {c.id: c for c in store.clients()}
    tz = zone(store.settings().timezone)
    if args.format == "json":
        write(dump_json(plan_json(plan, clients, tz)))
    else:
        say(format_plan(plan, clients, tz))
    if args.out and plan.items:
        paths, skipped = plan_drafts(store, plan, ctx.clock, folder=Path(args.out).expanduser(), reason=reason)
        for path in paths:
            say(str(path))
        for line in skipped:
            note(_("note: {line}").format(line=line))
    if args.apply and plan.items:
        apply_plan(store, plan)
        say(_("Applied the plan. Press u in the app to undo all of it."))
    return 0
