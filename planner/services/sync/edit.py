"""What a change made in planner looks like on the calendar server.

The server's own copy of the event is edited, so everything planner does not know about
(attendees, alarms, the call link in the description, other occurrences) stays as it was:

- shorter: DTEND; moved: DTSTART and DTEND (a DURATION is replaced by DTEND);
- phone or video: LOCATION ("Phone call" / "Video call"; the number or link stays in the
  description, where the invitation had it or your notes put it);
- cancelled or replaced by an email: STATUS:CANCELLED; a meeting only you attend is removed
  instead (the event, or for one occurrence of a series an EXDATE);
- delegated: your ATTENDEE gets PARTSTAT=DECLINED and a COMMENT naming the colleague;
- a changed title or notes: SUMMARY or DESCRIPTION;
- one occurrence of a series: an override (RECURRENCE-ID) is added or changed, the series stays;
- an occurrence deleted in planner: an EXDATE (and its override goes);
- every change: SEQUENCE + 1, DTSTAMP and LAST-MODIFIED now; the UID is kept.

X-PLANNER-* properties carry planner's own words (status, location, lead, client), as in the
.ics export, so another planner syncing the same calendar sees the same meeting.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.domain.models import Location, Meeting, Status
from planner.i18n import _
from planner.services.sync.adapter import X_CLIENT, X_LEAD, X_LOCATION, X_STATUS, recurrence_key, recurrence_value

_GONE = {Status.CANCELLED, Status.EMAIL}
_SERIES_ONLY = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DTSTART", "DTEND", "DURATION", "SEQUENCE")


@dataclass(slots=True)
class Edited:
    """The event's new text (None: delete the whole event) and the occurrences taken off the
    server (their meetings stay in planner, cancelled)."""

    text: str | None
    removed: list[str] = field(default_factory=list)


def _email(value) -> str:
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().lower()


def _attendees(component) -> list:
    found = component.get("ATTENDEE")
    if found is None:
        return []
    return list(found) if isinstance(found, list) else [found]


def _find(events: list, key: str | None):
    for component in events:
        rid = component.get("RECURRENCE-ID")
        if key is None and rid is None:
            return component
        if key is not None and rid is not None and recurrence_key(rid.dt) == key:
            return component
    return None


def _override(calendar, master, key: str):
    import copy

    event = copy.deepcopy(master)
    for name in _SERIES_ONLY:
        event.pop(name, None)
    event.add("recurrence-id", recurrence_value(key, getattr(master["DTSTART"].dt, "tzinfo", None)))
    event.add("sequence", int(master.get("SEQUENCE", 0)))
    calendar.add_component(event)
    return event


def _set(component, name: str, value) -> None:
    component.pop(name, None)
    if value not in (None, ""):
        component.add(name, value)


def _times(component, meeting: Meeting) -> None:
    component.pop("DURATION", None)
    if meeting.all_day:
        first = meeting.start.date()
        _set(component, "DTSTART", first)
        _set(component, "DTEND", max(meeting.end.date(), first + timedelta(days=1)))
        return
    _set(component, "DTSTART", _zoned(meeting.start))
    _set(component, "DTEND", _zoned(meeting.end))


def _zoned(value: datetime) -> datetime:
    return value if isinstance(value.tzinfo, ZoneInfo) else value.astimezone(timezone.utc)


def _where(meeting: Meeting, old: str, client: str) -> str:
    if meeting.status is Status.PHONE or meeting.location is Location.PHONE:
        return _("Phone call")
    if meeting.location is Location.VIDEO:
        return _("Video call")
    if meeting.location is Location.CLIENT_SITE:
        return old or client
    return ""


def _only_you(component, me: Collection[str]) -> bool:
    return all(_email(a) in me for a in _attendees(component))


def _status(component, meeting: Meeting, me: Collection[str]) -> None:
    if meeting.status in _GONE:
        _set(component, "STATUS", "CANCELLED")
    elif str(component.get("STATUS", "")).upper() == "CANCELLED":
        _set(component, "STATUS", "CONFIRMED")
    if meeting.status is Status.DELEGATED:
        for attendee in _attendees(component):
            if _email(attendee) in me:
                attendee.params["PARTSTAT"] = "DECLINED"
                attendee.params.pop("RSVP", None)
        colleague = meeting.lead if not meeting.led_by_me else ""
        _set(component, "COMMENT", _("Delegated to {colleague}").format(colleague=colleague) if colleague
             else _("Delegated to a colleague"))
        _set(component, X_LEAD, colleague)


def _apply(component, meeting: Meeting, fields: Sequence[str], me: Collection[str], client: str) -> None:
    if "title" in fields:
        _set(component, "SUMMARY", meeting.title)
    if {"start", "end", "all_day"} & set(fields):
        _times(component, meeting)
    if {"location", "status"} & set(fields):
        _set(component, "LOCATION", _where(meeting, str(component.get("LOCATION", "")), client))
        _set(component, X_LOCATION, meeting.location.value)
    if "status" in fields:
        _status(component, meeting, me)
    if "notes" in fields:
        _set(component, "DESCRIPTION", meeting.notes)
    if "client_id" in fields:
        _set(component, X_CLIENT, client)
    _set(component, X_STATUS, meeting.status.value)


def _stamp(component, now: datetime) -> None:
    _set(component, "SEQUENCE", int(component.get("SEQUENCE", 0)) + 1)
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    _set(component, "DTSTAMP", stamp)
    _set(component, "LAST-MODIFIED", stamp)


def _exdate(calendar, master, key: str) -> None:
    master.add("exdate", recurrence_value(key, getattr(master["DTSTART"].dt, "tzinfo", None)))
    override = _find([c for c in calendar.subcomponents if c.name == "VEVENT"], key)
    if override is not None and override is not master:
        calendar.subcomponents.remove(override)


def edit_event(text: str, changes: Sequence[tuple[Meeting, Sequence[str]]], deleted: Sequence[str], *,
               me: Collection[str], client_names: Mapping[str, str], now: datetime) -> Edited:
    """The server's event ``text`` with planner's ``changes`` (meeting, changed fields) made and
    the occurrences ``deleted`` in planner (RECURRENCE-ID keys; "" for a single event) removed."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    master = _find(events, None)
    series = master is not None and ("RRULE" in master or "RDATE" in master)
    result = Edited(None)
    if "" in deleted or (deleted and not series):
        return result  # the event itself was deleted in planner
    for key in deleted:
        _exdate(calendar, master, key)
        _stamp(master, now)
    for meeting, fields in changes:
        key = meeting.source.recurrence_id if meeting.source is not None else None
        component = _find(events, key) or (master if not series else None)
        if component is None and master is not None and key is not None:
            component = _override(calendar, master, key)
            fields = [*fields, "start", "end"]
        if component is None:
            continue  # the occurrence is no longer on the server: nothing to change there
        if "status" in fields and meeting.status in _GONE and _only_you(component, me):
            if not series:
                result.removed.append(key or "")
                return result
            _exdate(calendar, master, key or recurrence_key(component["DTSTART"].dt))
            _stamp(master, now)
            result.removed.append(key or "")
            continue
        _apply(component, meeting, fields, me, client_names.get(meeting.client_id, ""))
        _stamp(component, now)
    # Only the years around now: a short VTIMEZONE that every calendar program reads.
    calendar.add_missing_timezones(first_date=date(now.year - 1, 1, 1), last_date=date(now.year + 3, 1, 1))
    result.text = calendar.to_ical().decode("utf-8")
    return result


def new_event(meeting: Meeting, settings, client_names: Mapping[str, str], now: datetime) -> str:
    """A meeting made in planner as a calendar object resource, UID ``<meeting id>@planner``
    (no METHOD line: CalDAV does not want one)."""
    from planner.services.ics_export import to_ics

    text = to_ics([meeting.with_changes(source=None)], settings, client_names=client_names, now=now)
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("METHOD:"))
