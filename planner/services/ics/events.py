"""One event (or one occurrence of a series) -> the values of a meeting.

- Values are decoded with the rules icalendar uses; time zones go through icalendar's own TZID
  lookup, which knows Windows zone names and "globally unique" TZIDs, then the file's VTIMEZONEs.
- Times are stored in the user's zone. Floating times (no zone) are read in the calendar's zone
  (Google's X-WR-TIMEZONE) or the user's, with a warning; an unknown TZID is read in the user's
  zone with a warning naming it, never silently.
- Dates outside the years 1900-2199, and ends past them (``DURATION:P99999999W``), make the event
  broken: it is skipped with its line and the reason, the rest of the file is imported.
- Text is cleaned where it enters: one-line fields (title, location, client, lead, organizer) with
  ``clean_line``, the notes with ``clean_block``, so no control character or line break in an
  invitation reaches the terminal or a one-line field.
- Cancelled events, and invitations you declined (an ATTENDEE with your address or name and
  PARTSTAT=DECLINED), are marked to be skipped with the reason.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain.limits import FIRST_YEAR, LAST_YEAR, year_in_range
from planner.domain.timeutil import zone
from planner.domain.models import Location, Settings, Source, Status, Topic
from planner.domain.text import clean_block, clean_line
from planner.i18n import _
from planner.services.ics.clients import email_of, location_kind
from planner.services.ics.scanner import (
    X_CLIENT,
    X_LEAD,
    X_LOCATION,
    X_STATUS,
    X_TOPIC,
    X_TRAVEL,
    Bad,
    Props,
    RawEvent,
    Scanned,
    first,
    unescape,
)

NOTES_LIMIT = 4000

_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)\Z")
_DATETIME = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(Z?)\Z")


class Zones:
    """TZID -> tzinfo, through icalendar's lookup (Olson, Windows names, globally unique ids),
    then the file's own VTIMEZONE definitions. Remembers what it could not resolve."""

    def __init__(self, definitions: dict[str, list[str]]):
        self._definitions = definitions
        self._cache: dict[str, Any] = {}
        self.notes: list[str] = []

    def get(self, tzid: str):
        try:
            return self._cache[tzid]
        except KeyError:
            pass
        tz = self._lookup(tzid)
        self._cache[tzid] = tz
        return tz

    def _lookup(self, tzid: str):
        from icalendar.timezone import tzp

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                tz = tzp.timezone(tzid)
            except Exception:  # noqa: BLE001 - a zone name icalendar cannot handle is just unknown
                tz = None
        if tz is not None:
            if caught:
                name = getattr(tz, "key", str(tz))
                self.notes.append(_("time zone {tzid!r} was read as {name}").format(tzid=tzid, name=name))
            return tz
        lines = self._definitions.get(tzid)
        if lines:
            try:
                from icalendar import Calendar

                text = "BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n"
                component = Calendar.from_ical(text).walk("VTIMEZONE")[0]
                return component.to_tz(lookup_tzid=False)
            except Exception:  # noqa: BLE001 - a broken VTIMEZONE makes the zone unknown
                return None
        return None


@dataclass(slots=True)
class When:
    value: datetime | date
    floating: bool = False
    unknown_tz: str = ""


def decode_when(params: dict[str, str], value: str, zones: Zones, floating_tz, prop: str, user_tz=None) -> When:
    """Decode a DATE or DATE-TIME value. Floating times get ``floating_tz``, unknown zones ``user_tz``."""
    value = value.strip()
    kind = params.get("VALUE", "").upper()
    m = _DATE.match(value)
    if m and kind in ("", "DATE"):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise Bad(_("{prop} {value!r} is not a date").format(prop=prop, value=value)) from None
        _check_year(day, prop, value)
        return When(day)
    m = _DATETIME.match(value)
    if not m or kind == "DATE":
        raise Bad(_("{prop} {value!r} is not a date or a date and time").format(prop=prop, value=value))
    try:
        naive = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), min(int(m[6]), 59))
    except ValueError:
        raise Bad(_("{prop} {value!r} is not a date and time").format(prop=prop, value=value)) from None
    _check_year(naive, prop, value)
    if m[7]:
        return When(naive.replace(tzinfo=timezone.utc))
    tzid = params.get("TZID")
    if tzid:
        tz = zones.get(tzid)
        if tz is None:
            return When(naive.replace(tzinfo=user_tz or floating_tz), unknown_tz=tzid)
        return When(naive.replace(tzinfo=tz))
    return When(naive.replace(tzinfo=floating_tz), floating=True)


def _check_year(value: date, prop: str, text: str) -> None:
    if not year_in_range(value):
        raise Bad(_("{prop} {value!r} is outside the years {first}-{last} planner works with").format(
            prop=prop, value=text, first=FIRST_YEAR, last=LAST_YEAR))


def recurrence_key(value: datetime | date) -> str:
    """RECURRENCE-ID as stored in Source: 20261201T130000Z (an instant), 20261201T140000
    (floating) or 20261201 (a date). The same occurrence always gives the same text."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def recurrence_value(key: str, tz=None) -> datetime | date:
    """A stored RECURRENCE-ID (:func:`recurrence_key`) back to the value an .ics writes: a date,
    a floating time, or an instant (in ``tz`` when given, e.g. the series' DTSTART zone, else UTC)."""
    if len(key) == 8 and key.isdigit():
        return date(int(key[:4]), int(key[4:6]), int(key[6:8]))
    stamp = datetime.strptime(key.rstrip("Z"), "%Y%m%dT%H%M%S")
    if not key.endswith("Z"):
        return stamp
    stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(tz) if tz is not None else stamp


def parse_duration(value: str) -> timedelta:
    from icalendar.prop import vDuration

    try:
        return vDuration.from_ical(value.strip())
    except Exception:  # noqa: BLE001 - icalendar raises ValueError and friends
        raise Bad(_("DURATION {value!r} is not a duration").format(value=value.strip())) from None


@dataclass(slots=True)
class Item:
    """One occurrence as the calendar has it, before it meets the store."""

    key: Source
    line: int
    values: dict[str, Any]  # the TRACKED fields
    extra: dict[str, Any]  # fields merged as they are: organizer; travel_minutes / lead / topic from our export
    skip: tuple[str, str] | None = None  # (reason, detail): cancelled / declined
    client_name: str = ""  # X-PLANNER-CLIENT
    emails: Sequence[str] = ()  # the organizer's and attendees' addresses, for finding the client


class Context:
    """What every event of one import is read with: zones, the window, who you are."""

    def __init__(self, settings: Settings, scanned: Scanned, me: Sequence[str], window: tuple[datetime, datetime]):
        self.tz = zone(settings.timezone)
        self.zones = Zones(scanned.timezones)
        self.me = {m.strip().lower() for m in (*me, settings.email) if m.strip()}
        calname = scanned.header.get("X-WR-CALNAME", "")
        if "@" in calname and " " not in calname.strip():
            self.me.add(unescape(calname).strip().lower())
        self.my_name = settings.name.strip().lower()
        self.window = window
        self.series_limit = max(1, settings.series_limit)
        self.floating = 0
        self.unknown: dict[str, int] = {}
        self.x_wr_tz = None
        wr = scanned.header.get("X-WR-TIMEZONE", "").strip()
        if wr:
            try:
                self.x_wr_tz = ZoneInfo(wr)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                self.x_wr_tz = self.zones.get(wr)
                if self.x_wr_tz is None:
                    self.unknown[wr] = self.unknown.get(wr, 0)
        # Floating times: Google's X-WR-TIMEZONE when the file has one, else the user's zone.
        self.floating_tz = self.x_wr_tz or self.tz

    def note(self, when: When) -> datetime | date:
        """The value, counting a floating time or an unknown zone for the warnings."""
        if when.floating:
            self.floating += 1
        elif when.unknown_tz:
            self.unknown[when.unknown_tz] = self.unknown.get(when.unknown_tz, 0) + 1
        return when.value

    def in_window(self, values: dict[str, Any]) -> bool:
        lo, hi = self.window
        if values["end"] > values["start"]:
            return values["end"] > lo and values["start"] < hi
        return lo <= values["start"] < hi


def _ends(start_dt: datetime, duration: timedelta) -> datetime:
    """start + duration, Bad if that runs past the years planner works with."""
    try:
        end = start_dt + duration
    except OverflowError:
        end = None
    if end is None or end.year > LAST_YEAR:
        raise Bad(_("its length runs past the year {last}").format(last=LAST_YEAR))
    return end


def _times(ctx: Context, start: datetime | date, end: datetime | date | None,
           duration: timedelta | None) -> tuple[datetime, datetime, bool]:
    """(start, end, all day) in the user's zone."""
    tz = ctx.tz
    if not isinstance(start, datetime):
        first_day = start
        if end is None:
            step = duration if duration is not None and duration.days >= 1 else timedelta(days=1)
            last_day = _ends(datetime.combine(first_day, time(0)), step).date()
        else:
            last_day = end if not isinstance(end, datetime) else end.astimezone(tz).date()
        if last_day <= first_day:
            last_day = first_day + timedelta(days=1)
        return datetime.combine(first_day, time(0), tz), datetime.combine(last_day, time(0), tz), True
    start_dt = start.astimezone(tz)
    if end is None:
        end_dt = _ends(start_dt, duration or timedelta(0))
    elif isinstance(end, datetime):
        end_dt = end.astimezone(tz)
    else:
        end_dt = datetime.combine(end, time(0), tz)
    if end_dt.astimezone(timezone.utc) < start_dt.astimezone(timezone.utc):
        raise Bad(_("it ends ({end}) before it starts ({start})").format(
            end=f"{end_dt:%Y-%m-%d %H:%M}", start=f"{start_dt:%Y-%m-%d %H:%M}"))
    return start_dt, end_dt, False


_CANCELLED_TITLE = re.compile(r"^\s*(?:cancel+ed|aflyst|abgesagt|annulé|annul[eé]e?|geannuleerd)\s*:", re.I)


def _status(ctx: Context, props: Props, title: str) -> tuple[Status, tuple[str, str] | None]:
    """(status, skip): our own X-PLANNER-STATUS, else cancelled or declined -> skipped."""
    own_status = first(props, X_STATUS).strip().lower()
    if own_status:
        try:
            return Status(own_status), None
        except ValueError:
            raise Bad(_("{prop} {value!r} is not a status").format(prop=X_STATUS, value=own_status)) from None
    ical_status = first(props, "STATUS").strip().upper()
    if ical_status == "CANCELLED" or _CANCELLED_TITLE.match(title):
        return Status.PLANNED, ("cancelled", _("cancelled in the calendar"))
    if ctx.me or ctx.my_name:
        for _line, params, value in props.get("ATTENDEE", ()):
            if params.get("PARTSTAT", "").upper() != "DECLINED":
                continue
            email = email_of(params, value)
            name = params.get("CN", "").strip().lower()
            if email in ctx.me or (ctx.my_name and name == ctx.my_name):
                return Status.PLANNED, ("declined", _("you declined the invitation"))
    return Status.PLANNED, None


def _own_fields(props: Props) -> dict[str, Any]:
    """travel, lead and topic as our own export writes them (X-PLANNER-*)."""
    extra: dict[str, Any] = {}
    travel = first(props, X_TRAVEL).strip()
    if travel:
        if not travel.isdigit() or len(travel) > 5:
            raise Bad(_("{prop} {value!r} is not a number of minutes").format(prop=X_TRAVEL, value=travel[:20]))
        extra["travel_minutes"] = int(travel)
    lead = clean_line(unescape(first(props, X_LEAD)))
    if lead:
        extra["lead"] = lead
    topic = first(props, X_TOPIC).strip().lower()
    if topic:
        try:
            extra["topic"] = Topic(topic)
        except ValueError:
            raise Bad(_("{prop} {value!r} is not a topic").format(prop=X_TOPIC, value=topic)) from None
    return extra


def organizer(props: Props) -> str:
    """The organizer's address as the calendar gives it (``mailto:`` taken off), "" if none."""
    found = props.get("ORGANIZER")
    if not found:
        return ""
    _line, params, value = found[0]
    value = value.strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    if "@" not in value and "@" in params.get("EMAIL", ""):
        value = params["EMAIL"]
    return clean_line(value)


def event_values(ctx: Context, props: Props, start: datetime | date, end: datetime | date | None,
                 duration: timedelta | None) -> tuple[dict[str, Any], dict[str, Any], tuple[str, str] | None, str]:
    """(values, extra, skip, client name) of one occurrence (start/end already decoded)."""
    title = clean_line(unescape(first(props, "SUMMARY")))
    location_text = clean_line(unescape(first(props, "LOCATION")))
    description = unescape(first(props, "DESCRIPTION")).strip()
    conference = first(props, "X-GOOGLE-CONFERENCE") or first(props, "X-MICROSOFT-SKYPETEAMSMEETINGURL")
    start_dt, end_dt, all_day = _times(ctx, start, end, duration)
    status, skip = _status(ctx, props, title)
    own_location = first(props, X_LOCATION).strip().lower()
    if own_location:
        try:
            location = Location(own_location)
        except ValueError:
            raise Bad(_("{prop} {value!r} is not a location").format(prop=X_LOCATION, value=own_location)) from None
    else:
        location = location_kind(location_text, description, conference) or Location.OUR_OFFICE
    extra = _own_fields(props)
    extra["organizer"] = organizer(props)
    notes = clean_block(clean_description(description))
    if location_text and location is Location.CLIENT_SITE and not own_location and location_text not in notes:
        notes = f"{location_text}\n\n{notes}" if notes else location_text
    if len(notes) > NOTES_LIMIT:
        notes = notes[: NOTES_LIMIT - 1].rstrip() + "…"
    values = {
        "title": title or _("(no title)"),
        "start": start_dt,
        "end": end_dt,
        "all_day": all_day,
        "location": location,
        "client_id": "",
        "status": status,
        "notes": notes,
    }
    return values, extra, skip, clean_line(unescape(first(props, X_CLIENT)))


# Where the join-a-call boilerplate that Google, Teams, Zoom and Webex append to invitations begins.
_BOILERPLATE = re.compile(
    r"^(?:_{10,}|-::~[:~]+|.*(?:join with google meet|microsoft teams[- ](?:meeting|møde)|join zoom meeting|"
    r"click here to join the meeting|join on your computer|join from the meeting link|webex meeting))",
    re.I | re.M,
)


def clean_description(text: str) -> str:
    """The invitation's own words, without the video-call boilerplate after them."""
    found = _BOILERPLATE.search(text)
    if found is not None:
        text = text[: found.start()]
    return text.strip()


def emails(props: Props) -> list[str]:
    found = []
    for name in ("ORGANIZER", "ATTENDEE"):
        for _line, params, value in props.get(name, ()):
            email = email_of(params, value)
            if "@" in email:
                found.append(email)
    return found


def single(ctx: Context, event: RawEvent, props: Props, uid: str) -> Item:
    """A non-recurring event (or a lone moved occurrence) -> an item."""
    starts = props.get("DTSTART")
    if not starts:
        raise Bad(_("it has no DTSTART"))
    start = ctx.note(decode_when(starts[0][1], starts[0][2], ctx.zones, ctx.floating_tz, "DTSTART", ctx.tz))
    end = None
    duration = None
    if "DTEND" in props:
        end = ctx.note(decode_when(props["DTEND"][0][1], props["DTEND"][0][2], ctx.zones, ctx.floating_tz,
                                   "DTEND", ctx.tz))
    elif "DURATION" in props:
        duration = parse_duration(props["DURATION"][0][2])
    recurrence = None
    if "RECURRENCE-ID" in props:
        rid = props["RECURRENCE-ID"][0]
        when = decode_when(rid[1], rid[2], ctx.zones, ctx.floating_tz, "RECURRENCE-ID", ctx.tz)
        value = when.value
        if when.floating and isinstance(value, datetime):
            value = value.replace(tzinfo=None)  # the same text the series path gives a floating id
        recurrence = recurrence_key(value)
    values, extra, skip, client_name = event_values(ctx, props, start, end, duration)
    return Item(Source(uid, recurrence), event.line, values, extra, skip, client_name, emails(props))
