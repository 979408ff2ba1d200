"""Use cases for your real calendars: list, add (finding the calendar), remove, test, sync, and
settle a conflict. Shared by ``planner calendars`` / ``planner sync`` and the app.

A calendar address is one of:
- a CalDAV calendar (Nextcloud, iCloud, Fastmail, Radicale ...): synced both ways;
- a CalDAV server or account address: its calendars are found, and one is picked (by name);
- an .ics subscription (``webcal://`` or an address ending in ``.ics``: Google's secret iCal
  address, Outlook's published calendar): read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.domain.errors import PlannerError
from planner.domain.text import clean_line
from planner.i18n import _
from planner.services.sync import state
from planner.services.sync.state import CALDAV, ICS, CalendarConfig, Conflict

if TYPE_CHECKING:
    from planner.services.store import Store
    from planner.services.sync.pull import SyncReport

# The network side (remote, credentials, the engine) is imported where it is used: the week
# view's header asks list_calendars for its badge before the first frame.

# (calendar name, phase: "list" | "fetch" | "push", done, total)
SyncProgress = Callable[[str, str, int, int], None]


@dataclass(slots=True)
class CalendarStatus:
    calendar: CalendarConfig
    last_sync: str
    last_error: str
    conflicts: list[Conflict]


class AddError(PlannerError):
    """Why a calendar was not added, and what it is about, so a form can say it next to the field:
    ``field`` is "name", "url", "password_command", "password" or "calendar" (which of the
    server's calendars; ``choices`` then names them, as (name, address))."""

    def __init__(self, message: str, field: str, choices: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.choices = choices or []


@dataclass(slots=True)
class SyncOutcome:
    reports: list[SyncReport] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (calendar, what went wrong)


def list_calendars(store: Store) -> list[CalendarStatus]:
    found = []
    last = state.last_syncs(store)
    for calendar in state.calendars(store):
        last_sync, last_error = last.get(calendar.id, ("", ""))
        found.append(CalendarStatus(calendar, last_sync, last_error, state.conflicts(store, calendar.id)))
    return found


def _is_subscription(given: str, url: str) -> bool:
    return given.strip().lower().startswith(("webcal://", "webcals://")) or url.split("?")[0].lower().endswith(".ics")


def _find_collection(url: str, user: str, password: str | None, pick: str | None) -> tuple[str, str]:
    """(kind, address): the calendar collection at or under ``url``, or the .ics it serves."""
    from planner.services.sync import remote

    conn = remote.CalDAV(url, user, password)
    try:
        kind, _name = conn.kind()
        if kind == "calendar":
            return CALDAV, url
        if kind == "none":
            return ICS, url
        found = conn.discover()
    finally:
        conn.close()
    if not found:
        raise AddError(_("{url} has no calendars for this account").format(url=url), "url")
    choices = [(f.name, f.url) for f in found]
    if pick:
        chosen = [f for f in found if pick.strip().casefold() in (f.name.casefold(), f.url.casefold())]
        if not chosen:
            names = ", ".join(f.name for f in found)
            raise AddError(_("no calendar called {pick!r} at {url}; there are: {names}").format(
                pick=pick, url=url, names=names), "calendar", choices)
        return CALDAV, chosen[0].url
    if len(found) > 1:
        listed = "; ".join(f"{f.name} ({f.url})" for f in found)
        raise AddError(_("{url} has {count} calendars: {listed}; pick one with --calendar NAME, or give "
                         "its address").format(url=url, count=len(found), listed=listed), "calendar", choices)
    return CALDAV, found[0].url


def add_calendar(store: Store, name: str, url: str, *, user: str = "", password_command: str = "",
                 password: str | None = None, pick: str | None = None, read_only: bool = False) -> CalendarConfig:
    """Find the calendar at ``url``, check that it answers, keep the password in the keyring (if
    given without a command), and add it. Nothing is saved if any step fails (AddError says
    which field it is about)."""
    from planner.services.sync import credentials, remote

    errors = new_calendar_errors(store, name, url)
    if errors:
        field, message = next(iter(errors.items()))
        raise AddError(message, field)
    name, address, user = clean_line(name).strip(), remote.normalise_url(url), clean_line(user).strip()
    password_command = password_command.strip()
    if password_command:
        password = _on_field("password_command", credentials.run_password_command, password_command)
    elif user and not password:
        raise AddError(_("{user} needs a password: give --password-command, or type it when asked").format(user=user),
                       "password")
    password_field = "password_command" if password_command else "password" if user else "url"
    try:
        if _is_subscription(url, address):
            kind, collection = ICS, address
        else:
            kind, collection = _find_collection(address, user, password, pick)
        if kind == ICS:
            got = remote.fetch_subscription(collection, "", user, password)
            if not got.text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
                raise AddError(_("{url} is neither a CalDAV calendar nor an .ics calendar").format(url=address), "url")
    except remote.Refused as exc:
        raise AddError(str(exc), password_field) from None
    except AddError:
        raise
    except PlannerError as exc:
        raise AddError(str(exc), "url") from None
    calendar = CalendarConfig(name, address, kind, collection, user, password_command, read_only or kind == ICS)
    calendar.default = calendar.writable and not any(c.default for c in state.calendars(store))
    if user and password and not password_command:
        _on_field("password", credentials.store_password, user, collection, password)
    state.save_calendar(store, calendar)
    return calendar


def new_calendar_errors(store: Store, name: str, url: str) -> dict[str, str]:
    """What is wrong with the name and address of a calendar to add, by field ("name", "url"),
    found without asking the server: a name that is empty or taken, an address that is none."""
    from planner.services.sync import remote

    errors = {}
    name = clean_line(name).strip()
    if not name:
        errors["name"] = _("a calendar needs a name, e.g. work")
    elif any(c.name.casefold() == name.casefold() for c in state.calendars(store)):
        errors["name"] = _("there is already a calendar called {name!r}; pick another name or remove it "
                           "first").format(name=name)
    try:
        remote.normalise_url(url)
    except PlannerError as exc:
        errors["url"] = str(exc)
    return errors


def _on_field(field: str, step, *args):
    """``step(*args)``, its PlannerError as an AddError about ``field``."""
    try:
        return step(*args)
    except PlannerError as exc:
        raise AddError(str(exc), field) from None


def remove_calendar(store: Store, name: str) -> CalendarConfig:
    """Forget a calendar (its password too); its meetings stay in planner."""
    from planner.services.sync import credentials

    calendar = state.calendar_named(store, name)
    state.delete_calendar(store, calendar)
    if calendar.user and not calendar.password_command:
        credentials.forget_password(calendar.user, calendar.collection or calendar.url)
    return calendar


def test_connection(store: Store, name: str) -> str:
    """A sentence saying what answered, or PlannerError saying what did not."""
    from planner.services.sync import credentials, remote

    calendar = state.calendar_named(store, name)
    password = credentials.password_for(calendar.user, calendar.collection or calendar.url, calendar.password_command)
    if calendar.kind == ICS:
        remote.fetch_subscription(calendar.collection, "", calendar.user, password)
        return _("{name}: the subscription answers (read-only)").format(name=calendar.name)
    conn = remote.CalDAV(calendar.collection, calendar.user, password)
    try:
        kind, title = conn.kind()
    finally:
        conn.close()
    if kind != "calendar":
        raise PlannerError(_("{url} is no longer a calendar").format(url=calendar.collection))
    return _("{name}: connected to {title} at {host}").format(
        name=calendar.name, title=title or calendar.collection, host=remote.host_of(calendar.collection))


def sync(store: Store, name: str | None = None, *, today: date, now: datetime, dry_run: bool = False,
         progress: SyncProgress | None = None) -> SyncOutcome:
    """Sync one calendar, or every one (a calendar that fails does not stop the others)."""
    from planner.services.sync.engine import sync_calendar

    chosen = [state.calendar_named(store, name)] if name else state.calendars(store)
    if not chosen:
        raise PlannerError(_("no calendar is set up yet; add one with `planner calendars add NAME URL`"))
    outcome = SyncOutcome()
    for calendar in chosen:
        step = None if progress is None else (lambda phase, done, total, c=calendar.name: progress(c, phase, done, total))
        try:
            outcome.reports.append(sync_calendar(store, calendar, today=today, now=now, dry_run=dry_run, progress=step))
        except PlannerError as exc:
            if name:
                raise
            outcome.errors.append((calendar.name, str(exc)))
    return outcome


def find_conflict(store: Store, text: str) -> tuple[CalendarConfig, Conflict]:
    """The pending conflict named by a meeting id (or prefix), a title, or an event UID."""
    wanted = text.strip()
    by_id = {c.id: c for c in state.calendars(store)}
    pending = [c for c in state.conflicts(store) if c.calendar_id in by_id]
    uid = None
    try:
        meeting = store.resolve_meeting(wanted)
        uid = meeting.source.uid if meeting.source is not None else None
    except PlannerError:
        pass
    hits = [c for c in pending if c.uid in (uid, wanted) or c.title.casefold() == wanted.casefold()]
    if not hits:
        raise PlannerError(_("no pending conflict for {what!r}; `planner sync` lists them").format(what=wanted))
    return by_id[hits[0].calendar_id], hits[0]


def settle_conflict(store: Store, conflict_id: str, *, keep_mine: bool, today: date) -> Conflict:
    """Settle the pending conflict with this id (as ``resolve_conflict`` does for a name)."""
    from planner.services.sync.engine import resolve

    by_id = {c.id: c for c in state.calendars(store)}
    for conflict in state.conflicts(store):
        if conflict.id == conflict_id and conflict.calendar_id in by_id:
            resolve(store, by_id[conflict.calendar_id], conflict, keep_mine=keep_mine, today=today)
            return conflict
    raise PlannerError(_("that conflict is settled already"))


def resolve_conflict(store: Store, text: str, *, keep_mine: bool, today: date) -> Conflict:
    from planner.services.sync.engine import resolve

    calendar, conflict = find_conflict(store, text)
    resolve(store, calendar, conflict, keep_mine=keep_mine, today=today)
    return conflict
