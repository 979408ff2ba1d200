"""Calendar export: a week's meetings as an .ics file, with the wizard's changes applied.

Google Calendar, Outlook and Thunderbird accept it: VERSION, PRODID, METHOD:PUBLISH, one VEVENT per
meeting with UID, DTSTAMP, SEQUENCE, and a VTIMEZONE for every zone used.

- An imported meeting keeps its calendar UID and RECURRENCE-ID, so importing the file into the
  calendar it came from updates that meeting (or that one occurrence) instead of adding a copy.
  SEQUENCE goes up when you changed the meeting since it was imported, which is what tells
  calendars the file holds the newer version.
- New times, a shortened end and a phone call are in the times and LOCATION; cancelled (and
  replaced by an email) is STATUS:CANCELLED; delegated is shown as free (TRANSP:TRANSPARENT).
- X-PLANNER-* properties carry the planner's own words (status, location, client, lead, topic,
  travel) so that exporting and importing into an empty database gives back the same meetings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner import __version__
from planner.domain.load import iso_week, week_start, zone
from planner.domain.models import Location, Meeting, Settings, Status

if TYPE_CHECKING:
    from planner.services.store import Store

PRODID = f"-//planner//planner {__version__}//EN"

_LOCATION_TEXT = {
    Location.VIDEO: "Video call",
    Location.PHONE: "Phone call",
    Location.OUR_OFFICE: "",
    Location.CLIENT_SITE: "",
}
_CANCELLED = {Status.CANCELLED, Status.EMAIL}


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    """Keep a named zone (it gets a VTIMEZONE); anything else is written in the user's zone."""
    if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key not in ("UTC", "Etc/UTC"):
        return value
    return value.astimezone(tz)


def _recurrence_id(text: str):
    """Source.recurrence_id (as the import stored it) -> a value icalendar writes back the same."""
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    stamp = datetime.strptime(text.rstrip("Z"), "%Y%m%dT%H%M%S")
    return stamp.replace(tzinfo=timezone.utc) if text.endswith("Z") else stamp


def to_ics(
    meetings: Sequence[Meeting],
    settings: Settings,
    *,
    client_names: Mapping[str, str] | None = None,
    now: datetime,
    name: str = "",
) -> str:
    """The meetings as iCalendar text (CRLF line ends, folded lines)."""
    from icalendar import Calendar, Event

    from planner.services.ics import X_CLIENT, X_LEAD, X_LOCATION, X_STATUS, X_TOPIC, X_TRAVEL, user_changed

    client_names = client_names or {}
    tz = zone(settings.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.timezone)
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)

    for meeting in sorted(meetings, key=lambda m: (m.start.astimezone(timezone.utc), m.id)):
        event = Event()
        if meeting.source is not None:
            event.add("uid", meeting.source.uid)
            if meeting.source.recurrence_id:
                event.add("recurrence-id", _recurrence_id(meeting.source.recurrence_id))
        else:
            event.add("uid", f"{meeting.id}@planner")
        event.add("dtstamp", stamp)
        changed = meeting.source is None or bool(user_changed(meeting))
        event.add("sequence", 1 if meeting.source is not None and changed else 0)
        if meeting.all_day:
            first = meeting.start.astimezone(tz).date()
            last = meeting.end.astimezone(tz).date()
            event.add("dtstart", first)
            event.add("dtend", max(last, first + timedelta(days=1)))
        else:
            event.add("dtstart", _local(meeting.start, tz))
            event.add("dtend", _local(meeting.end, tz))
        event.add("summary", meeting.title)
        where = _LOCATION_TEXT[meeting.location]
        if meeting.status is Status.PHONE:
            where = "Phone call"
        client = client_names.get(meeting.client_id, "")
        if meeting.location is Location.CLIENT_SITE and client:
            where = f"{client} (client site)"
        if where:
            event.add("location", where)
        if meeting.notes:
            event.add("description", meeting.notes)
        if meeting.status in _CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT" if (not meeting.takes_time or meeting.all_day) else "OPAQUE")
        event.add(X_STATUS, meeting.status.value)
        event.add(X_LOCATION, meeting.location.value)
        if client:
            event.add(X_CLIENT, client)
        if meeting.travel_minutes:
            event.add(X_TRAVEL, str(meeting.travel_minutes))
        if not meeting.led_by_me:
            event.add(X_LEAD, meeting.lead)
        event.add(X_TOPIC, meeting.topic.value)
        calendar.add_component(event)

    if meetings:
        # Only the years the meetings need: a short VTIMEZONE that every calendar program reads.
        first = min(m.start for m in meetings).astimezone(timezone.utc).date()
        last = max(m.end for m in meetings).astimezone(timezone.utc).date()
        calendar.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    return calendar.to_ical().decode("utf-8")


def export_week(store: Store, day: date, *, now: datetime) -> tuple[str, int]:
    """(iCalendar text, number of meetings) for the Monday-Sunday week holding ``day``."""
    settings = store.settings()
    tz = zone(settings.timezone)
    monday = week_start(day)
    start = datetime.combine(monday, time(0), tz)
    end = datetime.combine(monday + timedelta(days=7), time(0), tz)
    meetings = [m for m in store.meetings_between(start, end) if m.start.astimezone(tz).date() >= monday]
    names = {c.id: c.name for c in store.clients()}
    text = to_ics(meetings, settings, client_names=names, now=now, name=f"planner {iso_week(monday)}")
    return text, len(meetings)
