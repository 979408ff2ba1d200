"""`planner advise` and `planner draft`: the advice for a meeting, and the message for a strategy.

Both read the person's answers from the options (the reason, a topic, a colleague) with the
client's tier, share and flexibility from the store, and print what a person needs.
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.cli.output import dump_json, note, say
from planner.domain.advice import Answers, unfit_reason
from planner.domain.errors import PlannerError
from planner.domain.models import Client, Language, Meeting, Reason, Strategy, Topic
from planner.domain.timeutil import zone
from planner.formats import date_time, duration, time_span
from planner.i18n import N_, _, speaking
from planner.words import common


def add_arguments(p, name: str) -> None:
    p.add_argument("meeting", metavar="MEETING", help=_("meeting id or a unique prefix of it"))
    p.add_argument("--colleague", metavar="NAME", help=_("a colleague who can go in your place (or who goes instead)"))
    p.add_argument("--topic", choices=[x.value for x in Topic], help=_("default: the meeting's topic"))
    if name == "advise":
        p.add_argument("--reason", required=True, choices=[x.value for x in Reason])
        p.add_argument("--format", choices=["text", "json"], default="text")
        return
    from planner.cli.parser import minutes

    drafted = [x.value for x in Strategy if x not in (Strategy.KEEP, Strategy.LESS_OFTEN)]
    p.add_argument("--strategy", required=True, choices=drafted)
    p.add_argument("--reason", choices=[x.value for x in Reason], default=Reason.WORKLOAD.value)
    p.add_argument("--lang", choices=[x.value for x in Language], help=_("default: the client's language"))
    p.add_argument("--out", metavar="DIR", help=_("folder to write to (default: your drafts folder)"))
    p.add_argument("--minutes", type=minutes, metavar="MIN", help=_("new length (shorter, or a shorter call)"))
    p.add_argument("--by", choices=["phone", "video"], default="phone", help=_("a call by phone or video (phone)"))
    p.add_argument("--summary", default="", help=_("what the email covers (email)"))
    p.add_argument("--talking-points", action="append", default=[], metavar="TEXT",
                   help=_("a point for the colleague's briefing (delegate; repeatable)"))
    p.add_argument("--format", choices=["md", "eml"], default="md",
                   help=_("md: a Markdown file; eml: an email draft to open in your mail program"))


def read_only(args) -> bool:
    return args.command == "advise"


def needs_data(args) -> bool:
    return True


def run(ctx) -> int:
    if ctx.args.command == "advise":
        return run_advise(ctx)
    return run_draft(ctx)


def _answers(args, meeting: Meeting, client: Client, reason: str) -> Answers:
    return Answers.prefilled(
        meeting, client, Reason(reason),
        topic=Topic(args.topic) if args.topic else None,
        colleague=(args.colleague or "").strip() or None,
    )


def run_advise(ctx) -> int:
    """`planner advise MEETING --reason R [--topic T] [--colleague NAME] [--format text|json]`."""
    from planner.application.advice import advise_meeting

    store, args = ctx.store, ctx.args
    meeting = store.resolve_meeting(args.meeting)
    client = store.client(meeting.client_id)
    answers = _answers(args, meeting, client, args.reason)
    advice = advise_meeting(store, meeting, answers, ctx.clock)
    tz = zone(store.settings().timezone)
    if args.format == "json":
        with speaking("en"):  # for scripts: its sentences are as stable as its keys
            payload = advice_json(advice, tz)
        say(dump_json(payload).rstrip("\n"))
        return 0
    say(format_advice(advice, tz))
    return 0


def advice_json(advice, tz) -> dict:
    from planner.words import advice as words
    from planner.words.load import problem

    sit = advice.situation
    suggestions = []
    for s in advice:
        data = s.to_dict()
        data["why"] = words.why(s, sit, tz)
        data["warnings"] = words.warnings(s, sit)
        data["warning"] = data["warnings"][0] if data["warnings"] else None
        data["load_before"]["day_reasons"] = [problem(p, tz) for p in s.load_before.day_problems]
        data["load_after"]["day_reasons"] = [problem(p, tz) for p in s.load_after.day_problems]
        suggestions.append(data)
    return {
        "meeting": sit.meeting.id,
        "phase": sit.phase,
        "short_notice": sit.short_notice,
        "clashes": [{"meeting": c.meeting_id, "client": c.client, "title": c.title, "start": c.start.isoformat(),
                     "end": c.end.isoformat(), "lead": c.lead} for c in advice.clashes],
        "suggestions": suggestions,
    }


def _load_line(s) -> str:
    from planner.formats import short_date

    after, before = s.load_after, s.load_before
    return _("Afterwards: {day} {status}, {minutes} (was {before}); week {week} {week_minutes} (was {week_before})").format(
        day=short_date(after.day), status=common.day_status(after.day_status), minutes=duration(after.day_minutes),
        before=duration(before.day_minutes), week=after.week, week_minutes=duration(after.week_minutes),
        week_before=duration(before.week_minutes),
    )


def _draft_hint(meeting: Meeting, answers: Answers, s) -> str:
    extra = ""
    if s.strategy in (Strategy.RESCHEDULE, Strategy.CANCEL) and answers.reason is not Reason.WORKLOAD:
        extra = f" --reason {answers.reason.value}"
    if s.strategy is Strategy.DELEGATE and meeting.led_by_me and s.colleague:
        extra = f" --colleague {json.dumps(s.colleague, ensure_ascii=False)}"
    return _("Draft it: {command}").format(
        command=f"planner draft {meeting.id[:8]} --strategy {s.strategy.value}{extra}")


def _heading(advice, tz) -> list[str]:
    from planner.words import advice as words
    from planner.words.load import problem

    sit = advice.situation
    meeting, answers = sit.meeting, sit.answers
    travel = _(", {minutes} min travel each way").format(minutes=meeting.travel_each_way) if meeting.travel_each_way else ""
    lead = "" if meeting.led_by_me else _(", led by {lead}").format(lead=meeting.lead)
    lines = [
        f"{sit.client.name}: {meeting.title}",
        _("{when}-{end} ({minutes} min {where}{travel}{lead}), reason: {reason}, topic: {topic}").format(
            when=date_time(meeting.start, tz), end=time_span(meeting.start, meeting.end, tz).rsplit("-", 1)[1],
            minutes=meeting.minutes, where=common.where(meeting.location), travel=travel, lead=lead,
            reason=answers.reason.value, topic=common.topic(answers.topic)),
    ]
    before = sit.before
    reasons = [problem(p, tz) for p in before.day_problems]
    status = common.day_status(before.day_status)
    if reasons:
        lines.append(_("The day: {status}: {reasons}.").format(status=status, reasons="; ".join(reasons)))
    else:
        lines.append(_("The day: {status}, {minutes} of meetings.").format(status=status, minutes=duration(before.day_minutes)))
    timing = words.timing(advice, tz)
    if timing:
        lines.append(timing)
    lines.extend(words.clash_notes(advice, tz))
    return lines


def format_advice(advice, tz) -> str:
    """The meeting, its day's load, then each option with its rule, what it frees, clears and
    costs, the load after, its warnings and free slots."""
    from planner.words import advice as words

    sit = advice.situation
    lines = _heading(advice, tz) + [""]
    for number, s in enumerate(advice, 1):
        lines.append(_("{n}. {strategy} [{rule}]: frees {minutes}").format(
            n=number, strategy=s.strategy.value, rule=s.rule, minutes=duration(s.minutes_freed)))
        lines.append(f"   {words.why(s, sit, tz)}")
        detail = "; ".join(filter(None, [words.resolves(s), words.cost(s, sit)]))
        lines.append(f"   {detail}.")
        if s.load_after != s.load_before:
            lines.append("   " + _load_line(s))
        for text in words.warnings(s, sit):
            lines.append("   " + _("Warning: {warning}").format(warning=text))
        if s.slots:
            times = "; ".join(f"{date_time(slot.start, tz)}-{time_span(slot.start, slot.end, tz).rsplit('-', 1)[1]}"
                              for slot in s.slots)
            lines.append("   " + _("Free times: {times}").format(times=times))
        if s.strategy not in (Strategy.KEEP, Strategy.LESS_OFTEN):
            lines.append("   " + _draft_hint(sit.meeting, sit.answers, s))
    return "\n".join(lines)


_HINTS = {
    Strategy.CANCEL: N_(" (add --reason sick if you are ill or facing an emergency)"),
    Strategy.RESCHEDULE: N_(" (add --reason workload or --reason conflict)"),
    Strategy.DELEGATE: N_(" (add --colleague NAME)"),
}


def run_draft(ctx) -> int:
    """`planner draft MEETING --strategy S [--reason R] [--lang en|da] [--out DIR] [--format md|eml]
    [--colleague NAME] [--minutes MIN] [--by phone|video] [--summary TEXT] [--talking-points TEXT]`:
    write the file(s), print the path(s)."""
    from planner.application.drafts import write_drafts
    from planner.services.drafts import UnfilledSummary
    from planner.services.mail import sender_warning

    store, args = ctx.store, ctx.args
    meeting = store.resolve_meeting(args.meeting)
    client = store.client(meeting.client_id)
    strategy = Strategy(args.strategy)
    answers = _answers(args, meeting, client, args.reason)
    why_not = unfit_reason(meeting, strategy, answers)
    if why_not is not None:
        raise PlannerError(_("{strategy} does not fit this meeting: {why}").format(
            strategy=strategy.value, why=why_not) + _(_HINTS.get(strategy, "")))
    if args.minutes is not None and strategy not in (Strategy.SHORTER, Strategy.PHONE):
        raise PlannerError(_("--minutes is the new length of a shorter meeting or call; use it with --strategy "
                             "shorter or phone"))
    if args.talking_points and strategy is not Strategy.DELEGATE:
        raise PlannerError(_("--talking-points are for the colleague's briefing; use them with --strategy delegate"))
    try:
        paths = write_drafts(
            store, meeting, strategy, ctx.clock, answers=answers, language=args.lang,
            colleague=(args.colleague or "").strip() or None, new_minutes=args.minutes, summary=args.summary or "",
            talking_points=args.talking_points, by=args.by, fmt=args.format,
            folder=Path(args.out).expanduser() if args.out else None,
        )
    except UnfilledSummary:
        raise PlannerError(_("the email's update is not written yet: say what it covers with --summary TEXT "
                             "(or put it in the meeting's notes)")) from None
    for path in paths:
        say(str(path))
    warning = sender_warning(store.settings())
    if warning:
        note(_("note: {warning} (`planner settings set name ...`, `planner settings set email ...`)").format(
            warning=warning))
    return 0
