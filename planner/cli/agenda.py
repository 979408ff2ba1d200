"""`planner agenda [--week W | --date D] [--format text|markdown|json]`: a week with each day's
load. JSON keys and enum values are English and stable; the human text follows the language."""

from __future__ import annotations

from datetime import date

from planner.cli.output import dump_json, write
from planner.domain.load import DayLoad, Problem, WeekLoad
from planner.domain.models import Meeting, Status
from planner.domain.timeutil import zone
from planner.formats import duration, short_date, time_span, week_name
from planner.i18n import _, ngettext, speaking
from planner.words import common
from planner.words.load import day_reasons, day_summary, problem, week_reasons


def add_arguments(p, name: str) -> None:
    when = p.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www", help=_("an ISO week, e.g. 2026-W49"))
    from planner.cli.parser import iso_date

    when.add_argument("--date", metavar="YYYY-MM-DD", type=iso_date, help=_("the week holding this date"))
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")


def read_only(args) -> bool:
    return True


def needs_data(args) -> bool:
    return True


def run(ctx) -> int:
    from planner.application.week import load_week
    from planner.domain.timeutil import parse_iso_week

    args = ctx.args
    if args.week is not None:
        day = parse_iso_week(args.week)
    else:
        day = args.date or ctx.clock.today
    settings = ctx.store.settings()
    week, names = load_week(ctx.store, day, settings)
    if args.format == "json":
        with speaking("en"):  # for scripts: its sentences are as stable as its keys
            payload = agenda_json(week, names, settings)
        write(dump_json(payload))
    elif args.format == "markdown":
        write(agenda_markdown(week, names, settings, today=ctx.clock.today))
    else:
        write(agenda_text(week, names, settings, today=ctx.clock.today))
    return 0


def short_id(meeting_id: str) -> str:
    """The first 8 characters: enough to type back as a unique prefix."""
    return meeting_id[:8]


# --- JSON -----------------------------------------------------------------------------------------


def problem_json(p: Problem) -> dict:
    data: dict = {"kind": p.kind.value}
    if p.value:
        data["value"] = p.value
    if p.limit:
        data["limit"] = p.limit
    if p.start is not None:
        data["start"], data["end"] = p.start.isoformat(), p.end.isoformat()
    if p.names:
        data["names"] = list(p.names)
    if p.days:
        data["days"] = [d.isoformat() for d in p.days]
    if p.meetings:
        data["meetings"] = list(p.meetings)
    return data


def _meeting_json(meeting: Meeting, day: DayLoad, names: dict[str, str]) -> dict:
    return {
        "id": meeting.id,
        "client": names.get(meeting.client_id, ""),
        "title": meeting.title,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "location": meeting.location.value,
        "travel_minutes": meeting.travel_each_way,
        "lead": meeting.lead,
        "topic": meeting.topic.value,
        "status": meeting.status.value,
        "flags": list(day.flags.get(meeting.id, [])),
    }


def agenda_json(week: WeekLoad, names: dict[str, str], settings) -> dict:
    tz = zone(settings.timezone)
    days = [
        {
            "date": day.date.isoformat(),
            "status": day.status.value,
            "meeting_minutes": day.meeting_minutes,
            "meeting_count": day.meeting_count,
            "focus_minutes": day.focus_minutes,
            "reasons": day_reasons(day, tz),
            "problems": [problem_json(p) for p in day.problems],
            "meetings": [_meeting_json(m, day, names) for m in day.meetings],
        }
        for day in week.days
    ]
    return {
        "week": week.label,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "timezone": settings.timezone,
        "days": days,
        "totals": {
            "meeting_minutes": week.meeting_minutes,
            "status": week.status.value,
            "focus_minutes": week.focus_minutes,
            "overloaded_days": week.overloaded_days,
        },
    }


# --- text and Markdown ----------------------------------------------------------------------------


def _extras(meeting: Meeting, day: DayLoad) -> list[str]:
    extras = [common.location_words(meeting)]
    if not meeting.led_by_me:
        extras.append(_("led by {lead}").format(lead=meeting.lead))
    if meeting.status is not Status.PLANNED:
        extras.append(common.status(meeting.status))
    extras.extend(common.flag(f) for f in day.flags.get(meeting.id, []) if f != "travel")
    return extras


def _visible_days(week: WeekLoad, settings) -> list[DayLoad]:
    """Work days always; other days only when they hold meetings or the settings ask for them."""
    return [d for d in week.days if d.is_work_day or d.meetings or settings.show_weekends]


def _week_line(week: WeekLoad, settings) -> str:
    return _("{minutes} of meetings (limit {limit}) · focus {focus} · {overloaded}").format(
        minutes=duration(week.meeting_minutes),
        limit=duration(settings.week_overload_minutes),
        focus=duration(week.focus_minutes),
        overloaded=ngettext("{n} overloaded day", "{n} overloaded days", week.overloaded_days).format(
            n=week.overloaded_days),
    )


def _week_title(week: WeekLoad) -> str:
    return _("Week {week} · {first} – {last} {year}").format(
        week=week_name(week.start), first=short_date(week.start), last=short_date(week.end), year=week.end.year)


def _time(meeting: Meeting, tz) -> str:
    from planner.domain.load import is_long

    return _("all day") if is_long(meeting) else time_span(meeting.start, meeting.end, tz)


def agenda_text(week: WeekLoad, names: dict[str, str], settings, *, today: date) -> str:
    tz = zone(settings.timezone)
    lines = [f"{_week_title(week)} · {settings.timezone}", _week_line(week, settings)]
    lines.extend(f"! {reason}" for reason in week_reasons(week, tz))
    for day in _visible_days(week, settings):
        lines.append("")
        mark = "  " + _("(today)") if day.date == today else ""
        status = common.day_status(day.status).upper()
        lines.append(f"{short_date(day.date)}  {status:<10}  {day_summary(day)}{mark}")
        lines.extend(f"  ! {problem(p, tz)}" for p in day.problems)
        if not day.meetings:
            lines.append("  " + _("no meetings"))
        for meeting in day.meetings:
            client = names.get(meeting.client_id, "?")
            lines.append(
                f"  {_time(meeting, tz):<11}  {client}: {meeting.title}"
                f"  [{'; '.join(_extras(meeting, day))}]  {short_id(meeting.id)}"
            )
    return "\n".join(lines) + "\n"


def agenda_markdown(week: WeekLoad, names: dict[str, str], settings, *, today: date) -> str:
    from planner.services.templates import md_escape

    tz = zone(settings.timezone)
    lines = [f"# {_week_title(week)}", "", f"{_week_line(week, settings)} ({settings.timezone})"]
    if week.problems:
        lines.append("")
        lines.extend(f"- **{md_escape(reason)}**" for reason in week_reasons(week, tz))
    for day in _visible_days(week, settings):
        mark = " " + _("(today)") if day.date == today else ""
        lines += ["", f"## {short_date(day.date)}: {common.day_status(day.status)}{mark}", "", day_summary(day) + "."]
        if day.problems:
            lines.append("")
            lines.extend(f"- {md_escape(reason)}" for reason in day_reasons(day, tz))
        lines.append("")
        if not day.meetings:
            lines.append(_("No meetings."))
            continue
        lines += [_("| time | client | title | where and flags | id |"), "|---|---|---|---|---|"]
        for meeting in day.meetings:
            lines.append(
                f"| {_time(meeting, tz)} | {md_escape(names.get(meeting.client_id, '?'))} "
                f"| {md_escape(meeting.title)} | {md_escape('; '.join(_extras(meeting, day)))} "
                f"| `{short_id(meeting.id)}` |"
            )
    return "\n".join(lines) + "\n"
