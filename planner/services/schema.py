"""The data file's documents: their tables, their fields and what each field may hold.

Each table's documents are checked (``check_document``) before planner writes them, so it never
writes a file it cannot read back, and when a file is read (see ``planner.services.storage``).
``migrate_v0`` reads the first planner's files, ``migrate_v1`` those written before the interface
language could follow the locale.

Every number has a range planner can compute with, and every date and time is in the years
1900-2199 (``planner.domain.limits``): a hand-edited ``slot_window_days`` of a million, a travel
time of 10^30 minutes or a share of 10^400 % is refused with the file and the field named, never
carried into a calculation that would take minutes or overflow.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from planner.domain.limits import FIRST_YEAR, LAST_YEAR
from planner.i18n import _
from planner.domain.models import Language, Location, Status, Strategy, Tier, Topic

SCHEMA_VERSION = 2
# The order tables are written in. Meetings come last so that their block runs up to the checksum
# line, and a week can be read without parsing every meeting (see planner.services.storage).
TABLES = ("clients", "settings", "drafts", "meetings")
SETTINGS_DOC_ID = "user"

# Meetings leave out fields at these values, to keep a 5,000-meeting file small and quick to read.
# They belong to schema 1: changing a default in models.py must not change stored meetings.
MEETING_DEFAULTS: dict[str, Any] = {
    "location": Location.OUR_OFFICE.value,
    "travel_minutes": 0,
    "lead": "me",
    "topic": Topic.ROUTINE.value,
    "status": Status.PLANNED.value,
    "source": None,
    "notes": "",
    "all_day": False,
    "imported": "",
    "organizer": "",
}

_NONE = type(None)


def _values(enum) -> frozenset[str]:
    return frozenset(member.value for member in enum)


class _Range:
    """A number (of the given types) from ``lo`` to ``hi``; None too when ``none``."""

    __slots__ = ("types", "lo", "hi", "none")

    def __init__(self, lo: float, hi: float, types: tuple[type, ...] = (int,), none: bool = False) -> None:
        self.types, self.lo, self.hi, self.none = types, lo, hi, none

    def why(self, name: str, value: Any) -> str | None:
        if value is None and self.none:
            return None
        if type(value) not in self.types:
            return _("'{name}' has the wrong type").format(name=name)
        if self.lo <= value <= self.hi:  # False for NaN as well
            return None
        if len(repr(value)) <= 20:
            text = _("'{name}' is {value}; it must be between {low} and {high}")
        else:
            text = _("'{name}' is a number of {digits} digits; it must be between {low} and {high}")
        return text.format(name=name, value=repr(value), digits=len(str(abs(value))), low=self.lo, high=self.hi)


DAY_MINUTES = 24 * 60
MAX_TRAVEL = 14 * DAY_MINUTES  # what `planner add --travel` takes
_PER_DAY = _Range(0, DAY_MINUTES)
_COUNT = _Range(0, 1000)
_ADVICE = _Range(0, 1000, (int, float))  # the advice's weights

# field -> (required, check). A check is a tuple of allowed types, a set of allowed strings, a
# _Range, or the name of a check in _bad_value.
_STR = (str,)
_INT = (int,)
_BOOL = (bool,)
_SPECS: dict[str, dict[str, tuple[bool, Any]]] = {
    "clients": {
        "name": (True, _STR),
        "tier": (False, _values(Tier)),
        "share": (False, _Range(0, 100, (int, float), none=True)),
        "contact": (False, _STR),
        "email": (False, _STR),
        "domains": (False, (list,)),
        "language": (False, _values(Language)),
        "flexible": (False, _BOOL),
        "notes": (False, _STR),
    },
    "meetings": {
        "client_id": (True, _STR),
        "title": (True, _STR),
        "start": (True, "datetime"),
        "end": (True, "datetime"),
        "tz": (False, "zone"),
        "end_tz": (False, "zone"),
        "location": (False, _values(Location)),
        "travel_minutes": (False, _Range(0, MAX_TRAVEL)),
        "lead": (False, _STR),
        "topic": (False, _values(Topic)),
        "status": (False, _values(Status)),
        "source": (False, "source"),
        "notes": (False, _STR),
        "all_day": (False, _BOOL),
        "imported": (False, _STR),
        "organizer": (False, _STR),
    },
    "drafts": {
        "meeting_id": (True, _STR),
        "strategy": (True, _values(Strategy)),
        "language": (True, _values(Language)),
        "subject": (True, _STR),
        "body": (True, _STR),
        "created": (True, "datetime"),
        "tz": (False, "zone"),
        "path": (False, _STR),
        "kind": (False, frozenset({"client", "briefing"})),
    },
    "settings": {
        "name": (False, _STR),
        "signature": (False, _STR),
        # The interface language; "" follows the locale.
        "language": (False, frozenset({"", "en", "da"})),
        "timezone": (False, "zone name"),
        "work_days": (False, (list,)),
        "work_start": (False, "time"),
        "work_end": (False, "time"),
        "busy_minutes": (False, _PER_DAY),
        "busy_count": (False, _COUNT),
        "overload_minutes": (False, _PER_DAY),
        "overload_count": (False, _COUNT),
        "b2b_gap_minutes": (False, _PER_DAY),
        "b2b_chain": (False, _COUNT),
        "focus_block_minutes": (False, _PER_DAY),
        "week_overload_minutes": (False, _Range(0, 7 * DAY_MINUTES)),
        "slot_window_days": (False, _Range(1, 366)),
        "email_minutes": (False, _PER_DAY),
        "theme": (False, _STR),
        "day_first": (False, _BOOL),
        "show_weekends": (False, _BOOL),
        "drafts_dir": (False, _STR),
        "email": (False, _STR),
        "advice_hour_value": (False, _ADVICE),
        "advice_problem_value": (False, _ADVICE),
        "advice_key_weight": (False, _ADVICE),
        "advice_change_penalty": (False, _ADVICE),
        "series_limit": (False, _Range(1, 100_000)),
        "sync_minutes": (False, _PER_DAY),  # optional: a file without it syncs every 15 minutes
    },
    # -- calendar sync (planner/services/sync): what each calendar is, and where its sync stands --
    "calendars": {
        "name": (True, _STR),
        "url": (True, _STR),
        "kind": (True, frozenset({"caldav", "ics"})),
        "collection": (False, _STR),
        "user": (False, _STR),
        "password_command": (False, _STR),
        "read_only": (False, _BOOL),
        "default": (False, _BOOL),
    },
    "sync_state": {
        "token": (False, _STR),
        "etag": (False, _STR),
        "last_sync": (False, _STR),
        "last_error": (False, _STR),
        "window_end": (False, _STR),
        "items": (False, _STR),
    },
    "sync_conflicts": {
        "calendar_id": (True, _STR),
        "uid": (True, _STR),
        "title": (False, _STR),
        "reason": (True, frozenset({"changed", "deleted-there", "deleted-here"})),
        "fields": (False, (list,)),
        "server": (False, _STR),
        "href": (False, _STR),
        "found": (False, _STR),
    },
}

# 2026-12-01T14:00:00+01:00, optionally with fractions of a second; the date comes first so the
# store can pre-filter meetings by comparing the first ten characters.
_AWARE_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d:\d\d(:\d\d)?|Z)\Z")
_TIME = re.compile(r"\d\d:\d\d(:\d\d)?\Z")


_KNOWN_ZONES: set[str] = set()


def known_zone(name: Any) -> bool:
    """Whether ``name`` is an IANA time zone name zoneinfo can load (remembered once seen)."""
    if type(name) is not str:
        return False
    if name in _KNOWN_ZONES:
        return True
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return False
    _KNOWN_ZONES.add(name)
    return True


def _bad_value(kind: str, name: str, value: Any) -> str | None:
    """Why ``value`` is not acceptable for field ``name`` of a ``kind`` document, or None."""
    required, check = _SPECS[kind][name]
    if type(check) is _Range:
        return check.why(name, value)
    if type(check) is tuple:
        if type(value) in check:
            if check is _INT and value < 0:
                return _("'{name}' is negative").format(name=name)
            return None
        return _("'{name}' has the wrong type").format(name=name)
    if type(check) is frozenset:
        return None if type(value) is str and value in check else _("'{name}' is not one of {values}").format(
            name=name, values=sorted(check))
    if check == "datetime":
        if type(value) is str and _AWARE_ISO.match(value):
            try:
                year = datetime.fromisoformat(value).year
            except ValueError:
                pass
            else:
                if FIRST_YEAR <= year <= LAST_YEAR:
                    return None
                return _("'{name}' ({value}) is outside the years {first}-{last} planner works with").format(
                    name=name, value=value, first=FIRST_YEAR, last=LAST_YEAR)
        return _("'{name}' is not a date and time with a UTC offset").format(name=name)
    if check == "time":
        if type(value) is str and _TIME.match(value):
            try:
                time.fromisoformat(value)
            except ValueError:
                pass
            else:
                return None
        return _("'{name}' is not a time of day").format(name=name)
    if check == "zone":
        return None if value is None or known_zone(value) else _("'{name}' is not a known time zone name").format(name=name)
    if check == "zone name":
        return None if known_zone(value) else _("'{name}' is not a known time zone name").format(name=name)
    if check == "source":
        if value is None:
            return None
        if (
            type(value) is dict
            and type(value.get("uid")) is str
            and type(value.get("recurrence_id")) in (str, _NONE)
            and set(value) <= {"uid", "recurrence_id"}
        ):
            return None
        return _("'{name}' is not a calendar source").format(name=name)
    raise AssertionError(check)  # pragma: no cover - the specs above only use these checks


def check_document(kind: str, doc: Any) -> str | None:
    """Why ``doc`` is not a valid schema-1 ``kind`` document, or None if it is.

    Unknown tables are kept as they are (only their shape is checked); unknown fields in a known
    table are ignored.
    """
    if type(doc) is not dict:
        return _("an entry is not a JSON object")
    spec = _SPECS.get(kind)
    if spec is None:
        return None
    for name, (required, _check) in spec.items():
        if required and name not in doc:
            return _("'{name}' is missing").format(name=name)
    for name, value in doc.items():
        if name in spec and (why := _bad_value(kind, name, value)) is not None:
            return why
    if kind == "clients":
        if any(type(d) is not str for d in doc.get("domains", ())):
            return _("'domains' is not a list of text")
    elif kind == "settings":
        days = doc.get("work_days", ())
        if any(type(d) is not int or not 0 <= d <= 6 for d in days):
            return _("'work_days' is not a list of weekday numbers 0-6")
    return None



def migrate_v0(data: dict) -> dict:
    """Schema 0 (no ``schema_version``) -> schema 1.

    Schema 0 was TinyDB's plain JSONStorage with its numeric document ids: meetings named their
    client (``"client": "Acme"``) instead of pointing at it, held naive ``"start"``/``"end"``
    strings ("2026-12-01 14:00") meant in the user's time zone, and called the travel time
    ``"travel"``; clients and settings had the schema-1 field names. Schema 1 uses our own UUIDs,
    ``client_id``, aware ISO 8601 times with their IANA zone name.
    """
    from uuid import uuid4
    from zoneinfo import ZoneInfo

    for name, table in data.items():
        if type(table) is not dict or any(type(doc) is not dict for doc in table.values()):
            raise ValueError(_("table '{name}' is not a set of JSON objects").format(name=name))
    old_settings = next(iter(data.get("settings", {}).values()), {})
    zone_name = old_settings.get("timezone") or "Europe/Copenhagen"
    try:
        zone = ZoneInfo(zone_name)
    except (ValueError, OSError, KeyError) as exc:
        raise ValueError(_("unknown time zone '{zone}' in the settings").format(zone=zone_name)) from exc

    clients: dict[str, dict] = {}
    by_name: dict[str, str] = {}
    for doc in data.get("clients", {}).values():
        client_id = str(uuid4())
        clients[client_id] = dict(doc)
        by_name.setdefault(str(doc.get("name", "")).casefold(), client_id)

    meetings: dict[str, dict] = {}
    for old_id, doc in data.get("meetings", {}).items():
        doc = dict(doc)
        client_name = doc.pop("client", "")
        if type(client_name) is not str or not client_name.strip():
            raise ValueError(_("meeting {id} names no client").format(id=old_id))
        client_id = by_name.get(client_name.casefold())
        if client_id is None:
            client_id = str(uuid4())
            clients[client_id] = {"name": client_name}
            by_name[client_name.casefold()] = client_id
        new = {"client_id": client_id, "title": doc.pop("title", "")}
        for field in ("start", "end"):
            value = doc.pop(field, None)
            try:
                naive = datetime.fromisoformat(value)
            except (TypeError, ValueError) as exc:
                raise ValueError(_("meeting {id}: '{field}' is not a date and time").format(id=old_id, field=field)) from exc
            aware = naive.replace(tzinfo=zone) if naive.tzinfo is None else naive.astimezone(zone)
            new[field] = aware.isoformat()
        new["tz"] = zone.key
        if "travel" in doc:
            doc["travel_minutes"] = doc.pop("travel")
        for key, value in doc.items():
            if MEETING_DEFAULTS.get(key, object()) != value:
                new[key] = value
        meetings[str(uuid4())] = new

    migrated: dict[str, Any] = {"clients": clients, "meetings": meetings}
    if old_settings:
        migrated["settings"] = {SETTINGS_DOC_ID: dict(old_settings)}
    migrated["drafts"] = {}
    return migrated


def migrate_v1(data: dict) -> dict:
    """Schema 1 -> schema 2: the settings' ``language`` "en" becomes "" (follow the locale).

    Schema 1 stored "en" as the default of a language setting that changed nothing on screen (the
    app spoke only English), so "en" there says nothing about what the person wants. In schema 2
    "" follows LANG/LC_ALL/LC_MESSAGES and "en"/"da" are a choice; "da" was a choice in schema 1
    too and is kept. The rest of the file is the same in both, the meetings block included."""
    for doc in data.get("settings", {}).values():
        if type(doc) is dict and doc.get("language") == "en":
            doc["language"] = ""
    return data
