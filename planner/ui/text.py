"""How the week view writes things: the marks for locations and flags, and the words and formats
the screens share (from planner.formats and planner.words, in the interface language).

Everything a user typed (client names, titles, notes) goes into ``Content`` as plain text, never
as markup, so ``[VIP] Ærø & Co`` shows exactly so.
"""

from __future__ import annotations

from datetime import date
from string import Formatter
from zoneinfo import ZoneInfo

from textual.content import Content

from planner.domain.load import DayStatus, is_long
from planner.domain.models import Location, Meeting, Status
from planner.formats import compact, duration, long_date, short_date, time_span, week_name  # noqa: F401 - for the screens
from planner.i18n import N_, _, pgettext
from planner.words import common

LOCATION_MARK = {
    Location.CLIENT_SITE: "⌂",
    Location.OUR_OFFICE: "▣",
    Location.VIDEO: "▷",
    Location.PHONE: "✆",
}
# Flags from the load analysis, in the order they are shown; travel shows with the location.
FLAG_MARK = {
    "double-booked": "‼",
    "back-to-back": "⇄",
    "after-hours": "☾",
}
_STATUS_WORD = {DayStatus.OK: N_("ok"), DayStatus.BUSY: N_("busy"), DayStatus.OVERLOADED: N_("OVERLOADED")}


def status_word(status: DayStatus) -> str:
    """``ok``, ``busy``, ``OVERLOADED``: the overloaded word shouts on purpose."""
    return _(_STATUS_WORD[status])


def status_word_short(status: DayStatus) -> str:
    """The status in a narrow column: "OVER" for overloaded (the others are short already)."""
    if status is DayStatus.OVERLOADED:
        return pgettext("narrow column", "OVER")
    return status_word(status)


def format_minutes(minutes: int) -> str:
    return duration(minutes)


def hours(minutes: int) -> str:
    """Compact hours for narrow places: 340 -> "5h40", 300 -> "5h", 45 -> "45m"."""
    return compact(minutes)


def time_range(meeting: Meeting, tz: ZoneInfo) -> str:
    """``09:00-10:30``, or ``all day`` for all-day and 24 h+ events (which are never counted)."""
    if is_long(meeting):
        return _("all day")
    return time_span(meeting.start, meeting.end, tz)


def location_mark(meeting: Meeting) -> str:
    """⌂35m for a client-site meeting with 35 minutes of travel each way, else the bare mark."""
    mark = LOCATION_MARK.get(meeting.location, "?")
    if meeting.travel_each_way:
        mark += f"{meeting.travel_each_way}m"
    return mark


def location_words(meeting: Meeting) -> str:
    return common.location_words(meeting)


def flag_marks(flags: list[str]) -> str:
    return "".join(FLAG_MARK[f] for f in FLAG_MARK if f in flags)


def status_note(meeting: Meeting) -> str:
    """"" for a planned meeting, else its status ("cancelled", "by phone" ...)."""
    return "" if meeting.status is Status.PLANNED else common.status(meeting.status)


def legend() -> str:
    return _(
        "⌂ client site  ▣ our office  ▷ video  ✆ phone  ⌂35m travel each way   "
        "‼ double-booked  ⇄ back-to-back  ☾ after hours"
    )


def day_name(day: date) -> str:
    return long_date(day)


def styled(template: str, **values) -> Content:
    """A translated sentence with styled parts: ``template`` names its parts ("{minutes} of
    {limit}"), each value is text or (text, style); the translation may put them in any order."""
    parts: list = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        if literal:
            parts.append(literal)
        if field is not None:
            value = values[field]
            parts.append(value if isinstance(value, tuple) else str(value))
    return Content.assemble(*parts)
