"""``planner agenda``: a week with each day's load, as text, Markdown or JSON."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from planner.domain.load import (
    LOCATION_WORDS,
    DayLoad,
    WeekLoad,
    analyse_week,
    format_minutes,
    short_date,
    time_range,
    week_start,
    zone,
)
from planner.domain.models import Client, Meeting



def short_id(meeting_id: str) -> str:
    """The first 8 characters: enough to type back as a unique prefix."""
    return meeting_id[:8]


def load_week(store, day: date, settings) -> tuple[WeekLoad, dict[str, str]]:
    """The week holding ``day``, analysed, and the client names by id."""
    tz = zone(settings.timezone)
    monday = week_start(day)
    start = datetime.combine(monday, time(0, 0), tz)
    end = datetime.combine(monday + timedelta(days=7), time(0, 0), tz)
    meetings = store.meetings_between(start, end)
    names = {c.id: c.name for c in store.clients()}
    return analyse_week(day, meetings, settings, names), names


def render_agenda(store, day: date, fmt: str, *, today: date) -> str:
    settings = store.settings()
    week, names = load_week(store, day, settings)
    if fmt == "json":
        return json.dumps(agenda_json(week, names, settings.timezone), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return agenda_markdown(week, names, settings, today=today)
    return agenda_text(week, names, settings, today=today)


def _meeting_row(meeting: Meeting, day: DayLoad) -> dict:
    return {
        "id": meeting.id,
        "client": meeting.client_id,
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


def agenda_json(week: WeekLoad, names: dict[str, str], timezone: str) -> dict:
    days = []
    for day in week.days:
        meetings = []
        for meeting in day.meetings:
            row = _meeting_row(meeting, day)
            row["client"] = names.get(meeting.client_id, "")
            meetings.append(row)
        days.append(
            {
                "date": day.date.isoformat(),
                "status": day.status.value,
                "meeting_minutes": day.meeting_minutes,
                "meeting_count": day.meeting_count,
                "focus_minutes": day.focus_minutes,
                "reasons": list(day.reasons),
                "meetings": meetings,
            }
        )
    return {
        "week": week.label,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "timezone": timezone,
        "days": days,
        "totals": {
            "meeting_minutes": week.meeting_minutes,
            "status": week.status.value,
            "focus_minutes": week.focus_minutes,
            "overloaded_days": week.overloaded_days,
        },
    }


def _where(meeting: Meeting) -> str:
    where = LOCATION_WORDS[meeting.location]
    if meeting.travel_each_way:
        where += f", {meeting.travel_each_way} min travel each way"
    return where


def _extras(meeting: Meeting, day: DayLoad) -> list[str]:
    extras = [_where(meeting)]
    if not meeting.led_by_me:
        extras.append(f"led by {meeting.lead}")
    if meeting.status.value != "planned":
        extras.append(meeting.status.value)
    extras.extend(day.flags.get(meeting.id, []))
    return extras


def _day_summary(day: DayLoad) -> str:
    count = f"{day.meeting_count} meeting" + ("" if day.meeting_count == 1 else "s")
    return f"{format_minutes(day.meeting_minutes)}, {count}"


def _visible_days(week: WeekLoad, settings) -> list[DayLoad]:
    """Work days always; other days only when they hold meetings or the settings ask for them."""
    return [d for d in week.days if d.is_work_day or d.meetings or settings.show_weekends]


def _week_line(week: WeekLoad, settings) -> str:
    over = week.overloaded_days
    return (
        f"{format_minutes(week.meeting_minutes)} of meetings (limit {format_minutes(settings.week_overload_minutes)})"
        f" · focus {format_minutes(week.focus_minutes)}"
        f" · {over} overloaded day{'' if over == 1 else 's'}"
    )


def agenda_text(week: WeekLoad, names: dict[str, str], settings, *, today: date) -> str:
    tz = zone(settings.timezone)
    lines = [
        f"Week {week.label} · {short_date(week.start)} – {short_date(week.end)} {week.end.year} · {settings.timezone}",
        _week_line(week, settings),
    ]
    lines.extend(f"! {reason}" for reason in week.reasons)
    for day in _visible_days(week, settings):
        lines.append("")
        mark = "  (today)" if day.date == today else ""
        lines.append(f"{short_date(day.date)}  {day.status.value.upper():<10}  {_day_summary(day)}{mark}")
        lines.extend(f"  ! {reason}" for reason in day.reasons)
        if not day.meetings:
            lines.append("  no meetings")
        for meeting in day.meetings:
            client = names.get(meeting.client_id, "?")
            lines.append(
                f"  {time_range(meeting, tz):<11}  {client}: {meeting.title}"
                f"  [{'; '.join(_extras(meeting, day))}]  {short_id(meeting.id)}"
            )
    return "\n".join(lines) + "\n"


def agenda_markdown(week: WeekLoad, names: dict[str, str], settings, *, today: date) -> str:
    from planner.services.templates import md_escape

    tz = zone(settings.timezone)
    lines = [
        f"# Week {week.label}: {short_date(week.start)} – {short_date(week.end)} {week.end.year}",
        "",
        _week_line(week, settings) + f" ({settings.timezone})",
    ]
    if week.reasons:
        lines.append("")
        lines.extend(f"- **{md_escape(reason)}**" for reason in week.reasons)
    for day in _visible_days(week, settings):
        mark = " (today)" if day.date == today else ""
        lines += ["", f"## {short_date(day.date)}: {day.status.value}{mark}", "", _day_summary(day) + "."]
        if day.reasons:
            lines.append("")
            lines.extend(f"- {md_escape(reason)}" for reason in day.reasons)
        lines.append("")
        if not day.meetings:
            lines.append("No meetings.")
            continue
        lines += ["| time | client | title | where and flags | id |", "|---|---|---|---|---|"]
        for meeting in day.meetings:
            lines.append(
                f"| {time_range(meeting, tz)} | {md_escape(names.get(meeting.client_id, '?'))} "
                f"| {md_escape(meeting.title)} | {md_escape('; '.join(_extras(meeting, day)))} "
                f"| `{short_id(meeting.id)}` |"
            )
    return "\n".join(lines) + "\n"


def clients_table(clients: list[Client]) -> str:
    if not clients:
        return "No clients yet. Add one with `planner clients add NAME`.\n"
    rows = [("name", "tier", "share", "contact", "lang", "flexible")]
    for c in clients:
        share = f"{c.share:g} %" if c.share is not None else "-"
        rows.append((c.name, c.tier.value, share, c.contact or "-", c.language.value, "yes" if c.flexible else "no"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n" for row in rows)
