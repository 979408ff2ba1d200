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
- One-line values (title, client, lead) are cleaned on the way out too (``clean_line``), notes with
  ``clean_block``: a line break in an old data file's client name can't break the file.

Where it goes (``write_ics``): ``-`` is standard output; a new name gets a new file; an existing
regular file is replaced only when asked (``force``), atomically, through a symbolic link if the
name is one (the link stays); a character device or a FIFO (``/dev/stdout``, a pipe) is written
into, never replaced; anything else (a folder, a socket) is refused. planner's own data file, its
``.bak`` and its ``.lock`` are refused under any name: they are recognised by device and inode, so
a hard link or a symbolic link to them is caught too.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from planner import __version__
from planner.domain.errors import PlannerError
from planner.domain.timeutil import iso_week, week_start, zone
from planner.domain.models import Location, Meeting, Settings, Status
from planner.domain.text import clean_block, clean_line
from planner.i18n import N_, _

if TYPE_CHECKING:
    from planner.services.store import Store

PRODID = f"-//planner//planner {__version__}//EN"

_LOCATION_TEXT = {
    Location.VIDEO: N_("Video call"),
    Location.PHONE: N_("Phone call"),
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
        event.add("summary", clean_line(meeting.title))
        where = _LOCATION_TEXT[meeting.location]
        if meeting.status is Status.PHONE:
            where = _LOCATION_TEXT[Location.PHONE]
        where = _(where) if where else ""
        client = clean_line(client_names.get(meeting.client_id, ""))
        if meeting.location is Location.CLIENT_SITE and client:
            where = _("{client} (client site)").format(client=client)
        if where:
            event.add("location", where)
        if meeting.notes:
            event.add("description", clean_block(meeting.notes))
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
            event.add(X_LEAD, clean_line(meeting.lead))
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


def _own_files(data_file: Path) -> set[tuple[int, int]]:
    """(device, inode) of the data file, its .bak and its .lock, those that exist."""
    real = Path(os.path.realpath(data_file))
    found = set()
    for path in (real, real.with_name(real.name + ".bak"), real.with_name(real.name + ".lock")):
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.add((info.st_dev, info.st_ino))
    return found


def _write_into(path: Path, payload: bytes) -> None:
    """Write into a character device or a FIFO, without waiting for a FIFO that nobody reads."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO with no reader
            raise PlannerError(_("nothing is reading from {path}; start the reader first").format(path=path)) from None
        raise
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_ics(text: str, out: str, *, force: bool, data_file: Path, stdout: TextIO, example: str) -> Path | None:
    """Write an export to ``out`` as the module docstring says; the path written, or None for
    standard output. PlannerError (naming the path and why) for anything it will not write."""
    from planner.services.files import atomic_write, file_kind, is_read_only, os_reason

    if out == "-":
        stdout.write(text)
        stdout.flush()
        return None
    path = Path(out).expanduser()
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise PlannerError(_("{path} is a link to {target}, which does not exist; give another name").format(
                path=path, target=os.path.realpath(path))) from None
        info = None
    except OSError as exc:
        raise PlannerError(_("cannot write {path}: {reason}; nothing was written").format(
            path=path, reason=os_reason(exc, path))) from None
    payload = text.encode("utf-8")
    try:
        if info is not None:
            if stat.S_ISDIR(info.st_mode):
                raise PlannerError(_("{path} is a folder; give a file name such as {example}").format(
                    path=path, example=path / example))
            if (info.st_dev, info.st_ino) in _own_files(data_file):
                raise PlannerError(_("{path} is planner's own data file; give another name, such as {example}").format(
                    path=path, example=example))
            if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
                _write_into(path, payload)
                return path
            if not stat.S_ISREG(info.st_mode):
                raise PlannerError(_("{path} is {kind}; give a file name such as {example}").format(
                    path=path, kind=file_kind(info.st_mode), example=example))
            if not force:
                raise PlannerError(_("{path} already exists; pass --force to replace it, or give another name").format(
                    path=path))
            if is_read_only(path):
                raise PlannerError(_("{path} is read-only; give another name, or make it writable first").format(
                    path=path))
        atomic_write(Path(os.path.realpath(path)), payload)
    except OSError as exc:
        raise PlannerError(_("cannot write {path}: {reason}; nothing was written").format(
            path=path, reason=os_reason(exc, path.parent))) from None
    return path
