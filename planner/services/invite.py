"""The calendar update inside an email draft: an iTIP ``REQUEST`` or ``CANCEL`` built with icalendar.

Only for a meeting you organise (:func:`organised_by_me`): one made in planner
(``Meeting.organizer`` is "") or imported with one of your addresses as ORGANIZER. Your addresses
are ``Settings.email``: one or more, separated by commas, semicolons or spaces; the first is the
``From`` of email drafts and the ORGANIZER here. For a meeting the client organises there is no
calendar part: the message asks them to change the invitation.

What each change sends (:func:`calendar_updates`):

- phone or video (a new LOCATION, and a new DTEND when the call is also shorter), shorter (a new
  DTEND), reschedule to a chosen time (new DTSTART and DTEND): ``METHOD:REQUEST``;
- cancel, and email (the email replaces the meeting): ``METHOD:CANCEL``;
- less often: ``METHOD:CANCEL`` for each occurrence dropped; the occurrences of one imported series
  share one update (each its own VEVENT with its RECURRENCE-ID), meetings made in planner each get
  their own;
- delegate, and reschedule while no new time is chosen: nothing (the client's calendar keeps it).

Each event keeps the meeting's UID: the calendar's UID for an imported meeting (with its
RECURRENCE-ID when it is one occurrence of a series), else ``<meeting id>@planner``, the UID the
calendar export gives a meeting made in planner. SEQUENCE is the one the client's calendar has,
plus one (``sequences``: by meeting id, default 0: planner does not keep an imported event's
SEQUENCE). ATTENDEE is the client's contact, asked to reply to a REQUEST. Times are written in
your time zone with its VTIMEZONE. Text values are put on one line (a stray line break in an old
data file cannot break the file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from planner.domain.timeutil import zone
from planner.domain.models import CallKind, Client, Language, Meeting, Settings, Strategy
from planner.services.ics.events import recurrence_value

UTC = timezone.utc
REQUEST = "REQUEST"
CANCEL = "CANCEL"

_ADDRESS_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class Invite:
    """One calendar update: its method, its iCalendar text (CRLF lines) and the UID it updates."""

    method: str
    text: str
    uid: str


def your_addresses(settings: Settings) -> list[str]:
    """Your email addresses from the settings, in order, lower-cased ("" entries dropped)."""
    return [a.lower() for a in _ADDRESS_SPLIT.split(settings.email.strip()) if a]


def organised_by_me(meeting: Meeting, settings: Settings) -> bool:
    """True when you organise the meeting: made in planner, or imported with one of your addresses
    as organiser (compared without case and without "mailto:")."""
    organizer = meeting.organizer.strip().lower().removeprefix("mailto:")
    return not organizer or organizer in your_addresses(settings)


def meeting_uid(meeting: Meeting) -> str:
    """The UID the client's calendar knows the meeting by."""
    return meeting.source.uid if meeting.source is not None else f"{meeting.id}@planner"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True, slots=True)
class _Change:
    """What the update says about one meeting."""

    start: datetime
    end: datetime
    location: str = ""
    cancelled: bool = False


def change_for(
    meeting: Meeting,
    strategy: Strategy | str,
    *,
    language: Language | str,
    new_minutes: int | None = None,
    by: CallKind | str | None = None,
    new_start: datetime | None = None,
) -> _Change | None:
    """What a strategy changes in the meeting's calendar event, or None when it sends no update."""
    from planner.services.message_words import words

    strategy = Strategy(strategy)
    start, end = meeting.start, meeting.end
    length = timedelta(minutes=new_minutes) if new_minutes else None
    if strategy is Strategy.PHONE:
        kind = CallKind(by or CallKind.PHONE)
        w = words(language)
        where = w.location_video if kind is CallKind.VIDEO else w.location_phone
        if length is not None and new_minutes < meeting.minutes:
            end = _after(start, length)
        return _Change(start, end, location=where)
    if strategy is Strategy.SHORTER and length is not None:
        return _Change(start, _after(start, length))
    if strategy is Strategy.RESCHEDULE and new_start is not None:
        return _Change(new_start, _after(new_start, length or meeting.duration))
    if strategy in (Strategy.CANCEL, Strategy.EMAIL, Strategy.LESS_OFTEN):
        return _Change(start, end, cancelled=True)
    return None


def _after(start: datetime, length: timedelta) -> datetime:
    """``length`` of elapsed time after ``start`` (in UTC, then back in start's zone)."""
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def calendar_updates(
    changes: Sequence[tuple[Meeting, Strategy | str, Mapping]],
    *,
    client: Client,
    settings: Settings,
    language: Language | str,
    now: datetime,
    sequences: Mapping[str, int] | None = None,
) -> list[Invite]:
    """The calendar updates for a message's changes: each (meeting, strategy, details) where
    details holds any of ``new_minutes``, ``by``, ``new_start`` and ``dropped`` (less often: the
    occurrences skipped). Only meetings you organise, and only with your address set (an update
    needs its ORGANIZER). Events with the same UID share one update."""
    if not your_addresses(settings):
        return []
    events: dict[str, list] = {}
    methods: dict[str, str] = {}
    for meeting, strategy, details in changes:
        strategy = Strategy(strategy)
        targets = list(details.get("dropped") or ()) if strategy is Strategy.LESS_OFTEN else [meeting]
        for target in targets:
            if not organised_by_me(target, settings):
                continue
            change = change_for(
                target, strategy, language=language, new_minutes=details.get("new_minutes"),
                by=details.get("by"), new_start=details.get("new_start"),
            )
            if change is None:
                continue
            uid = meeting_uid(target)
            method = CANCEL if change.cancelled else REQUEST
            if methods.setdefault(uid, method) != method:
                uid = f"{uid}#{target.id}"  # never mix a cancel and a change in one update
                methods[uid] = method
            events.setdefault(uid, []).append(
                _event(target, change, client=client, settings=settings, now=now,
                       sequence=(sequences or {}).get(target.id, 0))
            )
    return [
        Invite(methods[key], _calendar(methods[key], found, settings), key.split("#")[0])
        for key, found in events.items()
    ]


def _event(meeting: Meeting, change: _Change, *, client: Client, settings: Settings, now: datetime, sequence: int):
    from icalendar import Event, vCalAddress

    tz = zone(settings.timezone)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    if meeting.source is not None and meeting.source.recurrence_id:
        event.add("recurrence-id", recurrence_value(meeting.source.recurrence_id))
    event.add("dtstamp", now.astimezone(UTC).replace(microsecond=0))
    event.add("sequence", max(0, int(sequence)) + 1)
    if meeting.all_day:
        event.add("dtstart", change.start.astimezone(tz).date())
        event.add("dtend", max(change.end.astimezone(tz).date(), change.start.astimezone(tz).date() + timedelta(days=1)))
    else:
        event.add("dtstart", change.start.astimezone(tz))
        event.add("dtend", change.end.astimezone(tz))
    event.add("summary", _one_line(meeting.title))
    if change.location:
        event.add("location", change.location)
    event.add("status", "CANCELLED" if change.cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{your_addresses(settings)[0]}")
    if _one_line(settings.name):
        organizer.params["cn"] = _one_line(settings.name)
    event.add("organizer", organizer)
    address = _one_line(client.email)
    if address and "@" in address:
        attendee = vCalAddress(f"mailto:{address}")
        name = _one_line(client.contact) or _one_line(client.name)
        if name:
            attendee.params["cn"] = name
        attendee.params["role"] = "REQ-PARTICIPANT"
        if not change.cancelled:
            attendee.params["partstat"] = "NEEDS-ACTION"
            attendee.params["rsvp"] = "TRUE"
        event.add("attendee", attendee)
    return event


def _calendar(method: str, events: list, settings: Settings) -> str:
    from icalendar import Calendar

    from planner.services.ics_export import PRODID

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    starts = [e.decoded("dtstart") for e in events]
    days = [s if isinstance(s, date) and not isinstance(s, datetime) else s.date() for s in starts]
    if any(isinstance(s, datetime) for s in starts):
        calendar.add_missing_timezones(
            first_date=date(min(days).year - 1, 1, 1), last_date=date(max(days).year + 2, 1, 1)
        )
    return calendar.to_ical().decode("utf-8")
