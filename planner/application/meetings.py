"""Add, edit, delete and undo meetings: the rules the command line and the meeting form share.

:func:`check_meeting` reads what a person typed (:class:`MeetingInput`) and returns a
:class:`MeetingCheck`: the meeting it makes, a client it would create, and per field an error or a
note saying what was understood. The form shows those next to its fields as the person types; the
command line stops at the first error. One set of rules for both:

- the client is a known one (case ignored) or a new name, which creates the client (tier regular);
- the title is required; text is cleaned of control characters (planner.domain.text);
- the start is a typed date (planner.domain.dates); the end is an end time or a length with a unit
  ("45m", "1h30") in the end field, or a number of minutes (the command line's ``--duration``); it
  must come after the start;
- travel is whole minutes each way, only for a meeting at the client's site (anything else is an
  error, so that no number is silently ignored), at most a day;
- the lead is "me" (or the interface language's word for it, "mig") or a colleague's name.

:func:`save_meeting`, :func:`delete_meeting` and :func:`undo` write in one atomic batch; a delete or
an applied change returns an :class:`~planner.application.undo.UndoRecord`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from planner.application.undo import UndoRecord, remember
from planner.domain.amounts import is_length, parse_minutes
from planner.domain.dates import describe, parse_when
from planner.domain.errors import PlannerError
from planner.domain.models import ME, Client, Location, Meeting, Settings, Status, Tier, Topic
from planner.domain.text import clean_block, clean_line
from planner.domain.timeutil import shift, zone
from planner.formats import duration, percent, short_date, time_span
from planner.i18n import _
from planner.words import common

FIELDS = ("client", "title", "start", "end", "travel", "lead")
MAX_TRAVEL = 24 * 60


class FieldErrors(PlannerError):
    """Some fields are wrong: ``errors`` maps each to its message; str() is the first one."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first)
        self.errors = errors


class MeetingInput:
    """What a person typed for a meeting. ``end`` is an end time or a length with a unit;
    ``minutes`` (the command line's --duration) is used when ``end`` is empty."""

    __slots__ = ("client", "title", "start", "end", "minutes", "location", "travel", "lead", "topic",
                 "status", "notes")

    def __init__(
        self,
        client: str,
        title: str,
        start: str,
        end: str = "",
        *,
        minutes: int | None = None,
        location: Location = Location.OUR_OFFICE,
        travel: str = "",
        lead: str = ME,
        topic: Topic = Topic.ROUTINE,
        status: Status = Status.PLANNED,
        notes: str = "",
    ) -> None:
        self.client, self.title, self.start, self.end, self.minutes = client, title, start, end, minutes
        self.location, self.travel, self.lead, self.topic = Location(location), travel, lead, Topic(topic)
        self.status, self.notes = Status(status), notes


class MeetingCheck:
    """The outcome of :func:`check_meeting`: ``meeting`` (None while a field is wrong), a client
    to create, and per field an error or a note."""

    __slots__ = ("meeting", "new_client", "errors", "notes")

    def __init__(self) -> None:
        self.meeting: Meeting | None = None
        self.new_client: Client | None = None
        self.errors: dict[str, str] = {}
        self.notes: dict[str, str] = {}

    @property
    def ok(self) -> bool:
        return not self.errors

    def first_error(self) -> str | None:
        return next((name for name in FIELDS if name in self.errors), None)

    def raise_errors(self) -> None:
        if self.errors:
            raise FieldErrors({name: self.errors[name] for name in FIELDS if name in self.errors})


class Where:
    """The context typed dates are read in: the selected day and the week shown."""

    __slots__ = ("day", "week_start")

    def __init__(self, day: date, week_start: date) -> None:
        self.day = day
        self.week_start = week_start


def _client(name: str, clients: Sequence[Client], check: MeetingCheck) -> Client | None:
    if not name:
        check.errors["client"] = _("Type the client's name (a new name creates the client).")
        return None
    found = next((c for c in clients if c.name.casefold() == name.casefold()), None)
    if found is not None:
        share = _(", {share} of business").format(share=percent(found.share)) if found.share is not None else ""
        check.notes["client"] = _("{client}: {tier} client{share}").format(
            client=found.name, tier=common.tier(found.tier), share=share
        )
        return found
    check.new_client = Client(name=name, tier=Tier.REGULAR)
    check.notes["client"] = _("New client: “{client}” will be created (tier regular).").format(client=name)
    known = next((c.name for c in clients if c.name.casefold().startswith(name.casefold())), None)
    if known:
        check.notes["client"] += " " + _("Or press → for “{client}”.").format(client=known)
    return check.new_client


def _start(text: str, settings: Settings, where: Where, check: MeetingCheck) -> datetime | None:
    if not text:
        check.errors["start"] = _(
            "Type when it starts: 14:00 (on {day}), tue 9:30, 2026-12-01 14:00."
        ).format(day=short_date(where.day))
        return None
    try:
        start = parse_when(text, tz=zone(settings.timezone), day_first=settings.day_first,
                           week_start=where.week_start, selected_day=where.day)
    except PlannerError as exc:
        check.errors["start"] = str(exc)
        return None
    check.notes["start"] = _("understood as {when}").format(when=describe(start))
    return start


def _end(data: MeetingInput, start: datetime | None, settings: Settings, where: Where, check: MeetingCheck):
    text = data.end.strip()
    if not text and data.minutes is None:
        check.errors["end"] = _("Type an end time (15:30) or a length (45m, 1h30).")
        return None
    if start is None:
        return None
    tz = zone(settings.timezone)
    try:
        if not text or is_length(text):
            minutes = data.minutes if not text else parse_minutes(text, what=_("length"))
            end = shift(start, minutes).astimezone(tz)
        else:
            end = parse_when(text, tz=tz, day_first=settings.day_first, week_start=where.week_start,
                             selected_day=start.astimezone(tz).date())
    except PlannerError as exc:
        check.errors["end"] = str(exc) if not text or is_length(text) else _(
            "{error} (or type a length: 45m, 1h30)").format(error=exc)
        return None
    length = int((end - start).total_seconds() // 60)
    if length <= 0 and (not text or is_length(text)):
        check.errors["end"] = _("A meeting must last at least 1 minute.")
        return None
    if length <= 0:
        check.errors["end"] = _("It must end after it starts: understood {start} to {end}.").format(
            start=describe(start), end=describe(end))
        return None
    check.notes["end"] = _("ends {end} ({length})").format(end=describe(end), length=duration(length))
    return end


def _travel(data: MeetingInput, check: MeetingCheck) -> int:
    text = data.travel.strip()
    if not text or text == "0":
        return 0
    try:
        travel = parse_minutes(text, what=_("travel"))
    except PlannerError as exc:
        check.errors["travel"] = str(exc)
        return 0
    if travel > MAX_TRAVEL:
        check.errors["travel"] = _("That is more than a day of travel: type minutes each way, e.g. 30.")
    elif travel and data.location is not Location.CLIENT_SITE:
        check.errors["travel"] = _(
            "Travel is only for a meeting at the client's site: choose client site, or clear the travel."
        )
    elif travel:
        check.notes["travel"] = _("{each} each way, {total} in all").format(
            each=duration(travel), total=duration(2 * travel))
    return travel


def check_meeting(
    data: MeetingInput,
    *,
    clients: Sequence[Client],
    settings: Settings,
    where: Where,
    existing: Meeting | None = None,
) -> MeetingCheck:
    """Check every field of ``data``; the meeting when all are right (``existing`` keeps its id,
    source and the fields the form does not show)."""
    check = MeetingCheck()
    client = _client(clean_line(data.client), clients, check)
    title = clean_line(data.title)
    if not title:
        check.errors["title"] = _("Type a title, e.g. “Weekly status”.")
    start = _start(data.start.strip(), settings, where, check)
    end = _end(data, start, settings, where, check)
    travel = _travel(data, check)
    lead = clean_line(data.lead) or ME
    if check.errors:
        return check
    fields = dict(
        client_id=client.id, title=title, start=start, end=end, location=data.location,
        travel_minutes=travel, lead=ME if lead.casefold() in (ME, _("me").casefold()) else lead, topic=data.topic,
        status=data.status, notes=clean_block(data.notes),
    )
    check.meeting = existing.with_changes(**fields) if existing is not None else Meeting(**fields)
    return check


def save_meeting(store, check: MeetingCheck) -> Meeting:
    """Save a checked meeting (and the client it creates) in one write."""
    check.raise_errors()
    with store.batch():
        if check.new_client is not None:
            store.save_client(check.new_client)
        store.save_meeting(check.meeting)
    return check.meeting


def add_meeting(store, data: MeetingInput, *, where: Where) -> MeetingCheck:
    """Check and save a new meeting; FieldErrors when a field is wrong."""
    check = check_meeting(data, clients=store.clients(), settings=store.settings(), where=where)
    save_meeting(store, check)
    return check


def describe_meeting(meeting: Meeting, client: Client | None, tz) -> str:
    """ "“Status” with Acme on Tue 1 Dec 14:00-15:00": how a notice names a meeting."""
    when = f"{short_date(meeting.start.astimezone(tz).date())} {time_span(meeting.start, meeting.end, tz)}"
    if client is None:
        return _("“{title}” on {when}").format(title=meeting.title, when=when)
    return _("“{title}” with {client} on {when}").format(title=meeting.title, client=client.name, when=when)


def delete_meeting(store, meeting_id: str) -> UndoRecord:
    """Delete a meeting; the record brings it back."""
    settings = store.settings()
    meeting = store.meeting(meeting_id)
    try:
        client = store.client(meeting.client_id)
    except PlannerError:
        client = None
    record = UndoRecord(describe_meeting(meeting, client, zone(settings.timezone)), meetings=[meeting])
    with store.batch():
        store.delete_meeting(meeting_id)
        remember(store, record)
    return record


def undo(store, record: UndoRecord) -> None:
    """Put back what ``record`` took away or changed, in one write."""
    with store.batch():
        for client in record.clients:
            store.save_client(client)
        for meeting in record.meetings:
            store.save_meeting(meeting)
        for meeting_id in record.created:
            try:
                store.delete_meeting(meeting_id)
            except PlannerError:
                pass  # already gone: nothing to take back
        store.clear_undo()
