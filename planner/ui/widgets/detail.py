"""Everything about the selected meeting, its client, and why its day is flagged."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from planner.domain.load import DayLoad, DayStatus, format_minutes
from planner.domain.models import Client, Meeting, Settings
from planner.ui.text import STATUS_WORD, long_date, location_words, time_range


def _tier_words(client: Client) -> str:
    words = f"{client.tier.value} client"
    if client.share is not None:
        words += f", {client.share:g} % of business"
    return words


def day_reasons(load: DayLoad) -> list[tuple[str, str] | str]:
    """"Day: OVERLOADED, because ..." as content parts."""
    style = f"bold $load-{load.status.value}"
    parts: list = [("Day: ", "bold"), (STATUS_WORD[load.status], style)]
    if load.reasons:
        parts.append(" because " if load.status is not DayStatus.OK else ": ")
        parts.append("; ".join(load.reasons))
    elif load.status is DayStatus.OK:
        parts.append(f" ({format_minutes(load.meeting_minutes)} of meetings")
        parts.append(f", {format_minutes(load.focus_minutes)} focus time)" if load.is_work_day else ")")
    return parts


def meeting_details(
    meeting: Meeting,
    client: Client | None,
    load: DayLoad,
    tz: ZoneInfo,
    settings: Settings,
    *,
    with_id: bool = False,
) -> Content:
    when = f"{long_date(meeting.start.astimezone(tz).date())}, {time_range(meeting, tz)}"
    when += f" ({format_minutes(meeting.minutes)})"
    lines: list[list] = [
        [(meeting.title or "(no title)", "bold"), ("   " + when, "")],
    ]
    if client is not None:
        about = [("Client: ", "bold"), (client.name, "bold $accent"), f"  {_tier_words(client)}"]
        if client.contact:
            about.append(f", contact {client.contact}")
        if client.email:
            about.append(f" <{client.email}>")
        about.append(f", {client.language.value}")
        about.append(", flexible" if client.flexible else ", not flexible")
        lines.append(about)
    else:
        lines.append([("Client: ", "bold"), "(unknown client)"])
    lead = "me" if meeting.led_by_me else meeting.lead
    lines.append(
        [
            ("Where: ", "bold"),
            location_words(meeting),
            ("   Lead: ", "bold"),
            lead,
            ("   Topic: ", "bold"),
            meeting.topic.value,
            ("   Status: ", "bold"),
            meeting.status.value,
        ]
    )
    flags = [f for f in load.flags.get(meeting.id, []) if f != "travel"]
    if flags:
        lines.append([("Flags: ", "bold"), (", ".join(flags), "bold $load-overloaded")])
    lines.append(day_reasons(load))
    if meeting.notes:
        lines.append([("Notes: ", "bold"), meeting.notes])
    if with_id:
        lines.append([("id ", "$text-muted"), meeting.id, ("  (for planner advise / draft)", "$text-muted")])
    return _join(lines)


def day_details(load: DayLoad, settings: Settings) -> Content:
    lines: list[list] = [[(long_date(load.date), "bold"), "   no meeting selected"]]
    if not load.meetings:
        lines[0][1] = "   no meetings" + ("" if load.is_work_day else " (day off)")
    lines.append(day_reasons(load))
    lines.append([("a", "bold $accent"), " adds a meeting on this day"])
    return _join(lines)


def _join(lines: list[list]) -> Content:
    parts: list = []
    for i, line in enumerate(lines):
        if i:
            parts.append("\n")
        parts.extend(line)
    return Content.assemble(*parts)


class DetailPanel(VerticalScroll):
    """The panel under the week; also used full size by the details screen."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = False
        self._body = Static("", markup=False, classes="detail-body")

    def compose(self):
        yield self._body

    def show(self, content: Content) -> None:
        self._body.update(content)
        self.scroll_home(animate=False)
