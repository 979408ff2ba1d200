"""The calendars planner syncs with, where each sync stands, and the conflicts waiting for you.

Three tables of the data file (their shapes are checked by planner/services/storage.py):

- ``calendars``: one entry per calendar: its name in planner, the URL as given, ``kind``
  (``caldav`` or ``ics``), the collection URL found for it, the user name and password command
  (never the password itself), whether it is read-only, and whether new meetings go to it.
- ``sync_state``: one entry per calendar: the server's sync token, the last sync's time and
  trouble, and the items: for every event on the server its href, ETag, UID, start date, whether
  it repeats, and which occurrences are in planner. The items are one JSON text inside the entry,
  so that every command reading the data file parses a single string rather than thousands of
  small objects.
- ``sync_conflicts``: a meeting changed both in planner and on the server (or deleted on one
  side and changed on the other): what, which fields, and the server's version of the event, so
  that it can be taken without a network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.domain.errors import PlannerError
from planner.domain.models import new_id
from planner.i18n import _

if TYPE_CHECKING:
    from planner.services.store import Store

CALDAV, ICS = "caldav", "ics"


@dataclass(slots=True)
class CalendarConfig:
    name: str
    url: str
    kind: str  # CALDAV or ICS
    collection: str = ""  # the calendar collection (CalDAV) or the address fetched (ics)
    user: str = ""
    password_command: str = ""
    read_only: bool = False
    default: bool = False  # new meetings made in planner go to this calendar
    id: str = field(default_factory=new_id)

    @property
    def writable(self) -> bool:
        return self.kind == CALDAV and not self.read_only


@dataclass(slots=True)
class Item:
    """One calendar object resource on the server, as last synced."""

    href: str
    etag: str
    uid: str
    start: str = ""  # ISO date of its (first) DTSTART
    recurring: bool = False
    keys: list[str] = field(default_factory=list)  # RECURRENCE-IDs in planner ("" for a single event)


@dataclass(slots=True)
class SyncState:
    calendar_id: str
    token: str = ""
    etag: str = ""  # an .ics subscription's HTTP ETag
    last_sync: str = ""  # ISO date and time, UTC
    last_error: str = ""
    window_end: str = ""
    items: dict[str, Item] = field(default_factory=dict)  # by href

    def by_uid(self) -> dict[str, Item]:
        return {item.uid: item for item in self.items.values()}


@dataclass(slots=True)
class Conflict:
    calendar_id: str
    uid: str
    reason: str  # "changed" (both sides), "deleted-there" (changed here), "deleted-here" (changed there)
    title: str = ""
    fields: list[str] = field(default_factory=list)
    server: str = ""  # the server's version (iCalendar text); "" when it was deleted there
    href: str = ""
    found: str = ""
    id: str = field(default_factory=new_id)


# -- calendars --------------------------------------------------------------------------------------

_CONFIG_FIELDS = ("name", "url", "kind", "collection", "user", "password_command", "read_only", "default")


def calendars(store: Store) -> list[CalendarConfig]:
    found = [CalendarConfig(**{k: doc[k] for k in _CONFIG_FIELDS if k in doc}, id=doc_id)
             for doc_id, doc in store.sync_docs("calendars").items()]
    return sorted(found, key=lambda c: c.name.casefold())


def calendar_named(store: Store, name: str) -> CalendarConfig:
    every = calendars(store)
    for calendar in every:
        if calendar.name.casefold() == name.strip().casefold():
            return calendar
    if not every:
        raise PlannerError(_("no calendar called {name!r}: none is set up yet; add one with "
                             "`planner calendars add NAME URL`").format(name=name))
    names = ", ".join(c.name for c in every)
    raise PlannerError(_("no calendar called {name!r}; the calendars are: {names}").format(name=name, names=names))


def save_calendar(store: Store, calendar: CalendarConfig) -> None:
    doc = {k: getattr(calendar, k) for k in _CONFIG_FIELDS}
    store.save_sync_doc("calendars", calendar.id, doc)


def delete_calendar(store: Store, calendar: CalendarConfig) -> None:
    """Forget a calendar, its sync state and its conflicts (its meetings stay in planner)."""
    with store.batch():
        store.delete_sync_doc("calendars", calendar.id)
        store.delete_sync_doc("sync_state", calendar.id)
        for conflict in conflicts(store, calendar.id):
            store.delete_sync_doc("sync_conflicts", conflict.id)


# -- sync state -------------------------------------------------------------------------------------


def last_syncs(store: Store) -> dict[str, tuple[str, str]]:
    """(last sync, last error) by calendar id, without reading the events each state lists (the
    week's header asks at every week it shows)."""
    return {calendar_id: (doc.get("last_sync", ""), doc.get("last_error", ""))
            for calendar_id, doc in store.sync_docs("sync_state").items()}


def load_state(store: Store, calendar_id: str) -> SyncState:
    doc = store.sync_docs("sync_state").get(calendar_id)
    if doc is None:
        return SyncState(calendar_id)
    items: dict[str, Item] = {}
    for href, etag, uid, start, recurring, keys in json.loads(doc.get("items") or "[]"):
        items[href] = Item(href, etag, uid, start, bool(recurring), list(keys))
    return SyncState(calendar_id, doc.get("token", ""), doc.get("etag", ""), doc.get("last_sync", ""),
                     doc.get("last_error", ""), doc.get("window_end", ""), items)


def save_state(store: Store, state: SyncState) -> None:
    rows = [[i.href, i.etag, i.uid, i.start, int(i.recurring), i.keys]
            for i in sorted(state.items.values(), key=lambda i: i.href)]
    doc = {"token": state.token, "etag": state.etag, "last_sync": state.last_sync,
           "last_error": state.last_error, "window_end": state.window_end,
           "items": json.dumps(rows, ensure_ascii=False, separators=(",", ":"))}
    store.save_sync_doc("sync_state", state.calendar_id, doc)


# -- conflicts --------------------------------------------------------------------------------------

_CONFLICT_FIELDS = ("calendar_id", "uid", "reason", "title", "fields", "server", "href", "found")


def conflicts(store: Store, calendar_id: str | None = None) -> list[Conflict]:
    found = [Conflict(**{k: doc[k] for k in _CONFLICT_FIELDS if k in doc}, id=doc_id)
             for doc_id, doc in store.sync_docs("sync_conflicts").items()]
    if calendar_id is not None:
        found = [c for c in found if c.calendar_id == calendar_id]
    return sorted(found, key=lambda c: (c.found, c.title.casefold(), c.id))


def save_conflict(store: Store, conflict: Conflict) -> None:
    doc = {k: getattr(conflict, k) for k in _CONFLICT_FIELDS}
    doc["fields"] = list(conflict.fields)
    store.save_sync_doc("sync_conflicts", conflict.id, doc)


def delete_conflict(store: Store, conflict: Conflict) -> None:
    store.delete_sync_doc("sync_conflicts", conflict.id)
