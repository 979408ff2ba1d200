"""Everything about the selected meeting, its client, and why its day is flagged."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from planner.domain.load import DayLoad, DayStatus
from planner.domain.models import Client, Meeting, Settings
from planner.formats import duration, percent
from planner.i18n import _
from planner.ui.text import long_date, location_words, status_word, time_range
from planner.words import common
from planner.words.load import day_reasons as reason_sentences


def _tier_words(client: Client) -> str:
    words = _("{tier} client").format(tier=common.tier(client.tier))
    if client.share is not None:
        words += ", " + _("{share} of business").format(share=percent(client.share))
    return words


def day_reasons(load: DayLoad, tz: ZoneInfo) -> list[tuple[str, str] | str]:
    """"Day: OVERLOADED, because ..." as content parts."""
    style = f"bold $load-{load.status.value}"
    parts: list = [(_("Day: "), "bold"), (status_word(load.status), style)]
    reasons = reason_sentences(load, tz)
    if reasons:
        parts.append(_(" because ") if load.status is not DayStatus.OK else ": ")
        parts.append("; ".join(reasons))
    elif load.status is DayStatus.OK:
        if load.is_work_day:
            parts.append(" " + _("({minutes} of meetings, {focus} focus time)").format(
                minutes=duration(load.meeting_minutes), focus=duration(load.focus_minutes)))
        else:
            parts.append(" " + _("({minutes} of meetings)").format(minutes=duration(load.meeting_minutes)))
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
    when += f" ({duration(meeting.minutes)})"
    lines: list[list] = [
        [(meeting.title or _("(no title)"), "bold"), ("   " + when, "")],
    ]
    if client is not None:
        about = [(_("Client: "), "bold"), (client.name, "bold $accent"), f"  {_tier_words(client)}"]
        if client.contact:
            about.append(", " + _("contact {name}").format(name=client.contact))
        if client.email:
            about.append(f" <{client.email}>")
        about.append(f", {common.language_name(client.language)}")
        about.append(", " + (_("flexible") if client.flexible else _("not flexible")))
        lines.append(about)
    else:
        lines.append([(_("Client: "), "bold"), _("(unknown client)")])
    lead = _("me") if meeting.led_by_me else meeting.lead
    lines.append(
        [
            (_("Where: "), "bold"),
            location_words(meeting),
            ("   " + _("Lead: "), "bold"),
            lead,
            ("   " + _("Topic: "), "bold"),
            common.topic(meeting.topic),
            ("   " + _("Status: "), "bold"),
            common.status(meeting.status),
        ]
    )
    flags = [common.flag(f) for f in load.flags.get(meeting.id, []) if f != "travel"]
    if flags:
        lines.append([(_("Flags: "), "bold"), (", ".join(flags), "bold $load-overloaded")])
    lines.append(day_reasons(load, tz))
    if meeting.notes:
        lines.append([(_("Notes: "), "bold"), meeting.notes])
    if with_id:
        lines.append([("id ", "$text-muted"), meeting.id, ("  " + _("(for planner advise / draft)"), "$text-muted")])
    return _join(lines)


def day_details(load: DayLoad, settings: Settings) -> Content:
    from planner.domain.timeutil import zone

    lines: list[list] = [[(long_date(load.date), "bold"), "   " + _("no meeting selected")]]
    if not load.meetings:
        lines[0][1] = "   " + (_("no meetings") if load.is_work_day else _("no meetings (day off)"))
    lines.append(day_reasons(load, zone(settings.timezone)))
    lines.append([("a", "bold $accent"), " " + _("adds a meeting on this day")])
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
