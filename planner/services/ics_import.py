"""Calendar import: an .ics export from Google, Outlook, Apple or Nextcloud -> meetings.

Two steps, so the app can show what would happen before anything changes:

    plan = preview(path, store, settings, today=today)   # reads the file and the store, writes nothing
    commit(plan, store)                                    # one atomic Store.batch(), or nothing

How an event becomes a meeting
  - Single events (the bulk of any real calendar) are read by a small line scanner here: icalendar's
    full parser costs about a quarter of a millisecond per event, which is most of the budget for
    a 5,000-event file. Values are decoded with the same rules icalendar uses (time zones go through
    icalendar's own TZID lookup, which knows Windows zone names and "globally unique" TZIDs).
  - Series (RRULE/RDATE, with their EXDATEs and moved occurrences) are parsed by icalendar and
    expanded by recurring-ical-events in the window (default 8 weeks back, 52 weeks ahead), with
    Google's X-WR-TIMEZONE honoured. Every occurrence is its own meeting, keyed UID + RECURRENCE-ID.
  - Times are stored in the user's zone. Floating times (no zone) are read in the user's zone with
    a warning; an unknown TZID is read the same way with a warning naming it, never silently.
  - Cancelled events and invitations you declined are skipped with the reason. A meeting imported
    earlier whose event is now cancelled becomes ``cancelled`` (unless you changed its status).
  - Client: an attendee's or the organizer's email domain matching a client's domains, else a
    client name found in the title, else the "Unassigned" client (created when first needed).
  - Location: a Teams/Zoom/Meet/Webex link -> video; a street address -> client-site; a phone
    number -> phone; anything else -> our-office.

Re-import
  Meeting.imported holds which calendar a meeting came from and a short hash of each value the
  import wrote. On the next import a value is taken from the calendar only if the meeting still
  holds what the last import wrote; a value the user changed in the app is kept. An unchanged event
  costs nothing; future meetings of this calendar that the file no longer has are reported, and
  removed only when asked to.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain.errors import PlannerError
from planner.domain.models import Client, Location, Meeting, Settings, Source, Status, Topic
from planner.domain.load import zone

if TYPE_CHECKING:
    from planner.services.store import Store

MAX_BYTES = 20 * 1024 * 1024
UNASSIGNED = "Unassigned"
DEFAULT_WEEKS_BACK = 8
DEFAULT_WEEKS_AHEAD = 52
MAX_WEEKS = 520
NOTES_LIMIT = 4000

# Values of a meeting the import writes, and so fingerprints (Meeting.imported).
TRACKED = ("title", "start", "end", "all_day", "location", "client_id", "status", "notes")

# Our own export carries these, so that export -> import gives back the same meetings.
X_STATUS, X_LOCATION, X_CLIENT = "X-PLANNER-STATUS", "X-PLANNER-LOCATION", "X-PLANNER-CLIENT"
X_TRAVEL, X_LEAD, X_TOPIC = "X-PLANNER-TRAVEL", "X-PLANNER-LEAD", "X-PLANNER-TOPIC"


# --------------------------------------------------------------------------------------------
# What a preview finds


@dataclass(slots=True)
class Skip:
    """An event that was not imported, and why (``line`` is the BEGIN:VEVENT line, 1-based)."""

    uid: str
    line: int
    title: str
    reason: str  # the reason's kind: "cancelled", "declined", "broken", "duplicate", "ignored"
    detail: str  # a sentence a person reads

    def describe(self) -> str:
        what = f"line {self.line}"
        if self.uid:
            what += f", UID {self.uid}"
        if self.title:
            what += f" ({self.title})"
        return f"{what}: {self.detail}"


@dataclass(slots=True)
class Change:
    """An imported meeting the calendar changed. ``meeting`` is what will be saved."""

    old: Meeting
    meeting: Meeting
    changed: list[str]  # fields taken from the calendar
    kept: list[str]  # fields the calendar changed but you had changed first: yours are kept


@dataclass(slots=True)
class ImportPlan:
    path: Path
    calendar: str  # the calendar's name (X-WR-CALNAME, else the file name)
    window_start: date
    window_end: date  # exclusive
    remove_missing: bool
    new: list[Meeting] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[Meeting] = field(default_factory=list)  # future meetings no longer in the file
    outside_window: int = 0  # single events before or after the window (not imported)
    new_clients: list[Client] = field(default_factory=list)
    clients: dict[str, str] = field(default_factory=dict)  # client id -> name, for showing
    events: int = 0  # VEVENTs in the file

    @property
    def removed(self) -> list[Meeting]:
        """The meetings commit() deletes."""
        return self.missing if self.remove_missing else []

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated or self.removed)

    def skipped_by_reason(self) -> dict[str, list[Skip]]:
        grouped: dict[str, list[Skip]] = {}
        for skip in self.skipped:
            grouped.setdefault(skip.reason, []).append(skip)
        return grouped

    def summary(self) -> str:
        """"12 new, 3 updated, 40 unchanged, 2 skipped" (+ missing / removed)."""
        parts = [f"{len(self.new)} new", f"{len(self.updated)} updated", f"{self.unchanged} unchanged",
                 f"{len(self.skipped)} skipped"]
        if self.missing:
            parts.append(f"{len(self.missing)} {'removed' if self.remove_missing else 'no longer in the file'}")
        return ", ".join(parts)


@dataclass(slots=True)
class ImportResult:
    created: int
    updated: int
    removed: int
    clients_created: int


# --------------------------------------------------------------------------------------------
# Reading the file


def read_calendar_text(path: str | Path) -> str:
    """The file's text, or a PlannerError saying why it cannot be a calendar to import."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PlannerError(f"no such file: {path}") from None
    except OSError as exc:
        raise PlannerError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise PlannerError(f"{path} is a folder; give the .ics file inside it")
    if size > MAX_BYTES:
        raise PlannerError(
            f"{path} is {size / 1024 / 1024:.1f} MB; planner imports calendars up to "
            f"{MAX_BYTES // 1024 // 1024} MB. Export a shorter date range from your calendar and import that"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlannerError(f"cannot read {path}: {exc.strerror or exc}") from None
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise PlannerError(f"{path} is not an iCalendar file (its text cannot be read)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old Outlook versions write Windows-1252; every byte decodes, so check it still looks right.
        text = raw.decode("cp1252", errors="replace")
    return text


def _not_calendar(path: Path) -> PlannerError:
    return PlannerError(f"{path} is not an iCalendar file (expected BEGIN:VCALENDAR on line 1)")


@dataclass(slots=True)
class _RawEvent:
    line: int  # BEGIN:VEVENT
    lines: list[tuple[int, str]]  # (line number, unfolded content line) of the event's own properties
    raw: list[str]  # every unfolded line, BEGIN..END, sub-components included (for icalendar)
    broken: str = ""  # a structural problem found while scanning


@dataclass(slots=True)
class _Scanned:
    header: dict[str, str]
    timezones: dict[str, list[str]]  # TZID -> raw VTIMEZONE lines
    events: list[_RawEvent]
    others: dict[str, int]  # other top-level components -> count
    stray: int  # non-empty lines outside any calendar


_NAME = re.compile(r"[A-Za-z0-9-]+")


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """Unfolded content lines with the physical line number each starts on."""
    current: list[str] = []
    start = 0
    number = 0
    for number, physical in enumerate(text.split("\n"), 1):
        if physical.endswith("\r"):
            physical = physical[:-1]
        if physical[:1] in (" ", "\t") and current:
            current.append(physical[1:])
            continue
        if current:
            yield start, "".join(current)
        current = [physical]
        start = number
    if current:
        yield start, "".join(current)


def scan(text: str, path: Path) -> _Scanned:
    """Split the text into calendar header, time zones and events, keeping line numbers.

    PlannerError if it is not a calendar at all, or if it is truncated (no END:VCALENDAR)."""
    lines = _logical_lines(text)
    first = ""
    for _number, line in lines:
        if line.strip():
            first = line.strip()
            break
    if first.upper() != "BEGIN:VCALENDAR":
        raise _not_calendar(path)

    header: dict[str, str] = {}
    timezones: dict[str, list[str]] = {}
    events: list[_RawEvent] = []
    others: dict[str, int] = {}
    stray = 0
    stack: list[str] = ["VCALENDAR"]
    closed = False
    event: _RawEvent | None = None
    event_base = 0  # len(stack) inside the event itself
    tz_lines: list[str] | None = None
    tz_base = 0
    last_number = 0

    for number, line in lines:
        last_number = number
        upper = line[:16].upper()
        if not stack:
            # Outside a calendar: another calendar may follow (some exports concatenate them).
            if upper.startswith("BEGIN:VCALENDAR"):
                stack.append("VCALENDAR")
                closed = False
            elif line.strip():
                stray += 1
            continue
        if upper.startswith("BEGIN:"):
            name = line[6:].strip().upper()
            if event is not None and name in ("VEVENT", "VCALENDAR"):
                event.broken = f"the event has no END:VEVENT before line {number}"
                events.append(event)
                event = None
                del stack[event_base - 1 :]
            if event is not None:
                stack.append(name)
                event.raw.append(line)
                continue
            if tz_lines is not None:
                stack.append(name)
                tz_lines.append(line)
                continue
            stack.append(name)
            if name == "VEVENT":
                event = _RawEvent(number, [], [line])
                event_base = len(stack)
            elif name == "VTIMEZONE":
                tz_lines = [line]
                tz_base = len(stack)
            elif len(stack) == 2:
                others[name] = others.get(name, 0) + 1
            continue
        if upper.startswith("END:"):
            name = line[4:].strip().upper()
            if event is not None:
                event.raw.append(line)
                if name == stack[-1]:
                    stack.pop()
                    if len(stack) < event_base:
                        events.append(event)
                        event = None
                elif name == "VCALENDAR":
                    event.broken = f"the event has no END:VEVENT before line {number}"
                    events.append(event)
                    event = None
                    stack.clear()
                    closed = True
                else:
                    event.broken = f"line {number} ends a {name} that was never begun"
                continue
            if tz_lines is not None:
                tz_lines.append(line)
                if name == stack[-1]:
                    stack.pop()
                elif name == "VCALENDAR":
                    stack.clear()
                    closed = True
                if len(stack) < tz_base:
                    tzid = ""
                    for tz_line in tz_lines:
                        if tz_line[:5].upper() in ("TZID:", "TZID;"):
                            tzid = tz_line.split(":", 1)[1].strip()
                            break
                    if tzid:
                        timezones.setdefault(tzid, tz_lines)
                    tz_lines = None
                continue
            if name == stack[-1]:
                stack.pop()
                if not stack:
                    closed = True
            elif name == "VCALENDAR":
                stack.clear()
                closed = True
            continue
        if event is not None:
            event.raw.append(line)
            if len(stack) == event_base:
                event.lines.append((number, line))
            continue
        if tz_lines is not None:
            tz_lines.append(line)
            continue
        if len(stack) == 1 and line.strip():
            match = _NAME.match(line)
            if match and ":" in line:
                header.setdefault(match.group(0).upper(), line.split(":", 1)[1].strip())

    if event is not None:
        raise PlannerError(
            f"{path} looks truncated: it ends inside the event that begins on line {event.line} "
            "(no END:VEVENT, no END:VCALENDAR). Export or download the calendar again"
        )
    if not closed or stack:
        raise PlannerError(
            f"{path} looks truncated: no END:VCALENDAR after line {last_number}. "
            "Export or download the calendar again"
        )
    return _Scanned(header, timezones, events, others, stray)


# --------------------------------------------------------------------------------------------
# Content lines and values


class _Bad(Exception):
    """A broken value in one event: the event is skipped with this message."""


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=VALUE;...:VALUE -> (NAME, {PARAM: value}, value). Quotes are honoured."""
    colon = line.find(":")
    if colon < 0:
        raise _Bad(f"{line[:40]!r} is not an iCalendar content line (no ':')")
    head = line[:colon]
    if '"' not in head:
        if ";" not in head:
            return head.upper(), {}, line[colon + 1 :]
        name, *rest = head.split(";")
        params: dict[str, str] = {}
        for item in rest:
            key, eq, value = item.partition("=")
            if not eq:
                raise _Bad(f"parameter {item!r} of {name} has no value")
            params[key.strip().upper()] = value
        return name.upper(), params, line[colon + 1 :]
    # Quoted parameter values may hold ':' ';' ','.
    i = 0
    n = len(line)
    while i < n and line[i] not in ";:":
        i += 1
    name = line[:i].upper()
    params = {}
    while i < n and line[i] == ";":
        i += 1
        eq = line.find("=", i)
        if eq < 0:
            raise _Bad(f"a parameter of {name} has no value")
        key = line[i:eq].strip().upper()
        i = eq + 1
        parts: list[str] = []
        while i < n and line[i] not in ";:":
            if line[i] == '"':
                close = line.find('"', i + 1)
                if close < 0:
                    raise _Bad(f"parameter {key} of {name} has an unclosed quote")
                parts.append(line[i + 1 : close])
                i = close + 1
            else:
                j = i
                while j < n and line[j] not in ';:"':
                    j += 1
                parts.append(line[i:j])
                i = j
        params[key] = "".join(parts)
    if i >= n or line[i] != ":":
        raise _Bad(f"{name} has no value")
    return name, params, line[i + 1 :]


_UNESCAPE = re.compile(r"\\(.)", re.S)


def _text(value: str) -> str:
    if "\\" not in value:
        return value
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)\Z")
_DATETIME = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(Z?)\Z")


class _Zones:
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
                self.notes.append(f"time zone {tzid!r} was read as {name}")
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
class _When:
    value: datetime | date
    floating: bool = False
    unknown_tz: str = ""


def _when(params: dict[str, str], value: str, zones: _Zones, floating_tz, prop: str, user_tz=None) -> _When:
    """Decode a DATE or DATE-TIME value. Floating times get ``floating_tz``, unknown zones ``user_tz``."""
    value = value.strip()
    kind = params.get("VALUE", "").upper()
    m = _DATE.match(value)
    if m and kind in ("", "DATE"):
        try:
            return _When(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            raise _Bad(f"{prop} {value!r} is not a date") from None
    m = _DATETIME.match(value)
    if not m or kind == "DATE":
        raise _Bad(f"{prop} {value!r} is not a date or a date and time")
    try:
        naive = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), min(int(m[6]), 59))
    except ValueError:
        raise _Bad(f"{prop} {value!r} is not a date and time") from None
    if m[7]:
        return _When(naive.replace(tzinfo=timezone.utc))
    tzid = params.get("TZID")
    if tzid:
        tz = zones.get(tzid)
        if tz is None:
            return _When(naive.replace(tzinfo=user_tz or floating_tz), unknown_tz=tzid)
        return _When(naive.replace(tzinfo=tz))
    return _When(naive.replace(tzinfo=floating_tz), floating=True)


def _recurrence_key(value: datetime | date) -> str:
    """RECURRENCE-ID as stored in Source: 20261201T130000Z (an instant), 20261201T140000
    (floating) or 20261201 (a date). The same occurrence always gives the same text."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


# --------------------------------------------------------------------------------------------
# Clients and locations


_VIDEO = re.compile(
    r"teams\.microsoft\.com|teams\.live\.com|\bzoom\.us\b|zoomgov\.com|meet\.google\.com|"
    r"webex\.com|whereby\.com|gotomeeting\.com|gotomeet\.me|"
    r"microsoft teams\b|\bzoom meeting\b|google meet\b|\bwebex\b",
    re.I,
)
_STREET = (
    r"street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|place|pl|square|sq|"
    r"court|ct|terrace|parkway|pkwy|highway|hwy|row|quay|wharf|crescent|close|hill|park"
)
_STREET_COMPOUND = (
    r"gade|gaden|vej|vejen|allé|alle|stræde|strædet|plads|pladsen|torv|torvet|boulevard|vænge|"
    r"have|bakke|straße|strasse|str\.|weg|gasse|platz|ring|damm|straat|gracht|laan|gatan|gata|"
    r"vägen|veien|gate|väg|katu|tie|utca"
)
_ADDRESS = re.compile(
    rf"\b\d+[a-z]?\s+(?:[\w'.-]+\s+){{0,4}}(?:{_STREET})\b\.?"  # 221B Baker Street
    rf"|\w(?:{_STREET_COMPOUND})\s+\d+"  # Vesterbrogade 1, Hauptstraße 5
    rf"|\b(?:{_STREET_COMPOUND})\s+\d+"  # Ny Vestergade ... (word on its own)
    r"|\b(?:rue|via|calle|avenida|avenue|viale|piazza|plaza|carrer)\s+[^,\d]+,?\s*\d+"  # Via Roma 1
    r"|\b\d+,?\s+(?:rue|avenue|boulevard|place|allée|chemin|quai)\b"  # 12 rue de Rivoli
    r"|,\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+\w"  # ..., 1620 København V / D-10115 Berlin
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"  # UK postcode
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",  # US state + ZIP
    re.I,
)
_PHONE = re.compile(r"^\s*(?:tel:|phone\b|telefon\b|call\b|opkald\b|\+?\d[\d ()./-]{6,}\s*$)", re.I)


def location_kind(location: str, description: str = "", conference: str = "") -> Location | None:
    """Where an event takes place, from its LOCATION and DESCRIPTION text; None: nothing said."""
    if location:
        if _VIDEO.search(location):
            return Location.VIDEO
        if _ADDRESS.search(location):
            return Location.CLIENT_SITE
        if _PHONE.search(location):
            return Location.PHONE
    if conference or (description and _VIDEO.search(description)):
        return Location.VIDEO
    return None


class _ClientMatcher:
    def __init__(self, clients: Sequence[Client]):
        self.by_domain: dict[str, Client] = {}
        named: list[Client] = []
        for client in clients:
            for domain in client.domains:
                domain = domain.strip().lower().lstrip("@")
                if domain:
                    self.by_domain.setdefault(domain, client)
            if client.name.strip() and client.name.strip().lower() != UNASSIGNED.lower():
                named.append(client)
        named.sort(key=lambda c: len(c.name), reverse=True)
        self.by_name = {c.name.strip().lower(): c for c in reversed(named)}
        self.name_re = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(c.name.strip()) for c in named) + r")(?!\w)", re.I
            )
            if named
            else None
        )

    def match(self, emails: Iterable[str], title: str) -> Client | None:
        if self.by_domain:
            for email in emails:
                domain = email.rpartition("@")[2].lower()
                while domain:
                    client = self.by_domain.get(domain)
                    if client is not None:
                        return client
                    _, dot, domain = domain.partition(".")
                    if not dot or "." not in domain:
                        break
        if self.name_re is not None and title:
            found = self.name_re.search(title)
            if found:
                return self.by_name.get(found.group(0).lower())
        return None


def _email(params: dict[str, str], value: str) -> str:
    value = value.strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    if "@" not in value:
        value = params.get("EMAIL", value)
    return value.strip().lower()


# --------------------------------------------------------------------------------------------
# Fingerprints (Meeting.imported)


def _value_text(name: str, value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


_DIGEST_CHARS = 8


def _digest(name: str, value: Any) -> str:
    data = _value_text(name, value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_DIGEST_CHARS // 2).hexdigest()


def fingerprint(values: dict[str, Any]) -> dict[str, str]:
    return {name: _digest(name, values[name]) for name in TRACKED}


def read_imported(meeting: Meeting) -> tuple[str, dict[str, str]]:
    """(calendar, field -> digest) of what the last import wrote; ("", {}) if unknown.

    Meeting.imported is "1;<a digest of each TRACKED field, in order>;<calendar name>": short,
    because a 5,000-meeting database carries one for each meeting."""
    version, _, rest = meeting.imported.partition(";")
    digests, _, calendar = rest.partition(";")
    if version != "1" or len(digests) != _DIGEST_CHARS * len(TRACKED):
        return "", {}
    return calendar, {
        name: digests[i * _DIGEST_CHARS : (i + 1) * _DIGEST_CHARS] for i, name in enumerate(TRACKED)
    }


def _imported_text(calendar: str, hashes: dict[str, str]) -> str:
    return "1;" + "".join(hashes[name] for name in TRACKED) + ";" + calendar


def user_changed(meeting: Meeting) -> list[str]:
    """The fields of an imported meeting the user has changed since the last import."""
    _cal, hashes = read_imported(meeting)
    if not hashes:
        return []
    return [name for name in TRACKED if name in hashes and _digest(name, getattr(meeting, name)) != hashes[name]]


# --------------------------------------------------------------------------------------------
# Events -> imported values


@dataclass(slots=True)
class _Item:
    """One occurrence as the calendar has it, before it meets the store."""

    key: Source
    line: int
    values: dict[str, Any]  # the TRACKED fields
    extra: dict[str, Any]  # travel_minutes / lead / topic from our own export
    skip: tuple[str, str] | None = None  # (reason, detail): cancelled / declined
    client_name: str = ""  # X-PLANNER-CLIENT


class _Context:
    def __init__(self, settings: Settings, scanned: _Scanned, clients: Sequence[Client], me: Sequence[str],
                 window: tuple[datetime, datetime]):
        self.tz = zone(settings.timezone)
        self.zones = _Zones(scanned.timezones)
        self.matcher = _ClientMatcher(clients)
        self.me = {m.strip().lower() for m in me if m.strip()}
        calname = scanned.header.get("X-WR-CALNAME", "")
        if "@" in calname and " " not in calname.strip():
            self.me.add(_text(calname).strip().lower())
        self.my_name = settings.name.strip().lower()
        self.window = window
        self.floating = 0
        self.unknown: dict[str, int] = {}
        self.x_wr_tz = None
        wr = scanned.header.get("X-WR-TIMEZONE", "").strip()
        if wr:
            try:
                self.x_wr_tz = ZoneInfo(wr)
            except (ZoneInfoNotFoundError, ValueError):
                self.x_wr_tz = self.zones.get(wr)
                if self.x_wr_tz is None:
                    self.unknown[wr] = self.unknown.get(wr, 0)
        self.client_by_name: dict[str, Client] = {c.name.strip().lower(): c for c in clients}
        # Floating times: Google's X-WR-TIMEZONE when the file has one, else the user's zone.
        self.floating_tz = self.x_wr_tz or self.tz


_CANCELLED_TITLE = re.compile(r"^\s*(?:cancel+ed|aflyst|abgesagt|annulé|annul[eé]e?|geannuleerd)\s*:", re.I)


def _event_values(ctx: _Context, props: dict[str, list[tuple[int, dict[str, str], str]]], uid: str,
                  start: datetime | date, end: datetime | date | None, duration: timedelta | None,
                  ) -> tuple[dict[str, Any], dict[str, Any], tuple[str, str] | None, str]:
    """The meeting values of one occurrence (start/end already decoded)."""
    title = _text(_first(props, "SUMMARY")).strip()
    location_text = _text(_first(props, "LOCATION")).strip()
    description = _text(_first(props, "DESCRIPTION")).strip()
    conference = _first(props, "X-GOOGLE-CONFERENCE") or _first(props, "X-MICROSOFT-SKYPETEAMSMEETINGURL")

    all_day = not isinstance(start, datetime)
    tz = ctx.tz
    if all_day:
        first_day = start
        if end is None:
            last_day = first_day + (duration if duration is not None and duration.days >= 1 else timedelta(days=1))
        else:
            last_day = end if not isinstance(end, datetime) else end.astimezone(tz).date()
        if last_day <= first_day:
            last_day = first_day + timedelta(days=1)
        start_dt = datetime.combine(first_day, time(0), tz)
        end_dt = datetime.combine(last_day, time(0), tz)
    else:
        start_dt = start.astimezone(tz)
        if end is None:
            end_dt = start_dt + (duration or timedelta(0))
        elif isinstance(end, datetime):
            end_dt = end.astimezone(tz)
        else:
            end_dt = datetime.combine(end, time(0), tz)
        if end_dt.astimezone(timezone.utc) < start_dt.astimezone(timezone.utc):
            raise _Bad(f"it ends ({end_dt:%Y-%m-%d %H:%M}) before it starts ({start_dt:%Y-%m-%d %H:%M})")

    extra: dict[str, Any] = {}
    own_status = _first(props, X_STATUS).strip().lower()
    status = Status.PLANNED
    skip: tuple[str, str] | None = None
    if own_status:
        try:
            status = Status(own_status)
        except ValueError:
            raise _Bad(f"{X_STATUS} {own_status!r} is not a status") from None
    else:
        ical_status = _first(props, "STATUS").strip().upper()
        if ical_status == "CANCELLED" or _CANCELLED_TITLE.match(title):
            skip = ("cancelled", "cancelled in the calendar")
        elif ctx.me or ctx.my_name:
            for _line, params, value in props.get("ATTENDEE", ()):
                if params.get("PARTSTAT", "").upper() != "DECLINED":
                    continue
                email = _email(params, value)
                name = params.get("CN", "").strip().lower()
                if email in ctx.me or (ctx.my_name and name == ctx.my_name):
                    skip = ("declined", "you declined the invitation")
                    break

    own_location = _first(props, X_LOCATION).strip().lower()
    if own_location:
        try:
            location = Location(own_location)
        except ValueError:
            raise _Bad(f"{X_LOCATION} {own_location!r} is not a location") from None
    else:
        location = location_kind(location_text, description, conference) or Location.OUR_OFFICE
    travel = _first(props, X_TRAVEL).strip()
    if travel:
        if not travel.isdigit():
            raise _Bad(f"{X_TRAVEL} {travel!r} is not a number of minutes")
        extra["travel_minutes"] = int(travel)
    lead = _text(_first(props, X_LEAD)).strip()
    if lead:
        extra["lead"] = lead
    topic = _first(props, X_TOPIC).strip().lower()
    if topic:
        try:
            extra["topic"] = Topic(topic)
        except ValueError:
            raise _Bad(f"{X_TOPIC} {topic!r} is not a topic") from None

    notes = _clean_description(description)
    if location_text and location is Location.CLIENT_SITE and not own_location and location_text not in notes:
        notes = f"{location_text}\n\n{notes}" if notes else location_text
    if len(notes) > NOTES_LIMIT:
        notes = notes[: NOTES_LIMIT - 1].rstrip() + "…"

    values = {
        "title": title or "(no title)",
        "start": start_dt,
        "end": end_dt,
        "all_day": all_day,
        "location": location,
        "client_id": "",
        "status": status,
        "notes": notes,
    }
    return values, extra, skip, _text(_first(props, X_CLIENT)).strip()


# Where the join-a-call boilerplate that Google, Teams, Zoom and Webex append to invitations begins.
_BOILERPLATE = re.compile(
    r"^(?:_{10,}|-::~[:~]+|.*(?:join with google meet|microsoft teams[- ](?:meeting|møde)|join zoom meeting|"
    r"click here to join the meeting|join on your computer|join from the meeting link|webex meeting))",
    re.I | re.M,
)


def _clean_description(text: str) -> str:
    """The invitation's own words, without the video-call boilerplate after them."""
    found = _BOILERPLATE.search(text)
    if found is not None:
        text = text[: found.start()]
    return text.strip()


def _first(props: dict[str, list[tuple[int, dict[str, str], str]]], name: str) -> str:
    found = props.get(name)
    return found[0][2] if found else ""


_WANTED = frozenset(
    {"UID", "DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "ORGANIZER",
     "ATTENDEE", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "SEQUENCE", "X-GOOGLE-CONFERENCE",
     "X-MICROSOFT-SKYPETEAMSMEETINGURL", X_STATUS, X_LOCATION, X_CLIENT, X_TRAVEL, X_LEAD, X_TOPIC}
)


def _props(event: _RawEvent) -> dict[str, list[tuple[int, dict[str, str], str]]]:
    props: dict[str, list[tuple[int, dict[str, str], str]]] = {}
    for number, line in event.lines:
        match = _NAME.match(line)
        if match is None:
            if not line.strip():
                continue
            raise _Bad(f"line {number} is not an iCalendar content line")
        name = match.group(0).upper()
        if name not in _WANTED:
            if match.end() >= len(line) or line[match.end()] not in ";:":
                raise _Bad(f"line {number} is not an iCalendar content line")
            continue
        try:
            pname, params, value = _split(line)
        except _Bad as exc:
            raise _Bad(f"line {number}: {exc}") from None
        props.setdefault(pname, []).append((number, params, value))
    return props


def _emails(props) -> list[str]:
    found = []
    for name in ("ORGANIZER", "ATTENDEE"):
        for _line, params, value in props.get(name, ()):
            email = _email(params, value)
            if "@" in email:
                found.append(email)
    return found


def _duration(value: str) -> timedelta:
    from icalendar.prop import vDuration

    try:
        return vDuration.from_ical(value.strip())
    except Exception:  # noqa: BLE001 - icalendar raises ValueError and friends
        raise _Bad(f"DURATION {value.strip()!r} is not a duration") from None


def _single(ctx: _Context, event: _RawEvent, props, uid: str) -> _Item | None:
    """A non-recurring event (or a lone moved occurrence) -> an item; None if outside the window."""
    starts = props.get("DTSTART")
    if not starts:
        raise _Bad("it has no DTSTART")
    start = _note(ctx, _when(starts[0][1], starts[0][2], ctx.zones, ctx.floating_tz, "DTSTART", ctx.tz))
    end = None
    duration = None
    if "DTEND" in props:
        end = _note(ctx, _when(props["DTEND"][0][1], props["DTEND"][0][2], ctx.zones, ctx.floating_tz, "DTEND", ctx.tz))
    elif "DURATION" in props:
        duration = _duration(props["DURATION"][0][2])
    recurrence = None
    if "RECURRENCE-ID" in props:
        rid = props["RECURRENCE-ID"][0]
        when = _when(rid[1], rid[2], ctx.zones, ctx.floating_tz, "RECURRENCE-ID", ctx.tz)
        value = when.value
        if when.floating and isinstance(value, datetime):
            value = value.replace(tzinfo=None)  # the same text the series path gives a floating id
        recurrence = _recurrence_key(value)
    values, extra, skip, client_name = _event_values(ctx, props, uid, start, end, duration)
    item = _Item(Source(uid, recurrence), event.line, values, extra, skip, client_name)
    item.extra["_emails"] = _emails(props)
    return item


def _note(ctx: _Context, when: _When) -> datetime | date:
    if when.floating:
        ctx.floating += 1
    elif when.unknown_tz:
        ctx.unknown[when.unknown_tz] = ctx.unknown.get(when.unknown_tz, 0) + 1
    return when.value


def _in_window(ctx: _Context, values: dict[str, Any]) -> bool:
    lo, hi = ctx.window
    if values["end"] > values["start"]:
        return values["end"] > lo and values["start"] < hi
    return lo <= values["start"] < hi


# --------------------------------------------------------------------------------------------
# Series: icalendar + recurring-ical-events


def _expand_series(ctx: _Context, scanned: _Scanned, series: dict[str, list[_RawEvent]],
                   skipped: list[Skip]) -> list[_Item]:
    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//planner//import//EN"]
    if scanned.header.get("X-WR-TIMEZONE"):
        head.append("X-WR-TIMEZONE:" + scanned.header["X-WR-TIMEZONE"])
    body: list[str] = list(head)
    for lines in scanned.timezones.values():
        body.extend(lines)
    for events in series.values():
        for event in events:
            body.extend(event.raw)
    body.append("END:VCALENDAR")
    items: list[_Item] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendar = icalendar.Calendar.from_ical("\r\n".join(body) + "\r\n")
            calendar = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # noqa: BLE001 - fall back to one series at a time
        calendar = None
        first_error = str(exc)
    by_uid: dict[str, list[Any]] = {}
    if calendar is not None:
        for component in calendar.walk("VEVENT"):
            by_uid.setdefault(str(component.get("UID", "")), []).append(component)
    lo, hi = ctx.window
    for uid, events in series.items():
        master = next((e for e in events if any(n.upper().startswith(("RRULE", "RDATE")) for _, n in e.lines)), events[0])
        title = ""
        for _n, line in master.lines:
            if line[:8].upper() == "SUMMARY:":
                title = _text(line[8:]).strip()
        components = by_uid.get(uid)
        if calendar is None:
            skipped.append(Skip(uid, master.line, title, "broken", f"the calendar could not be read: {first_error}"))
            continue
        if not components:
            skipped.append(Skip(uid, master.line, title, "broken", "a repeating event needs a UID it can be read by"))
            continue
        unknown_tz = ""
        for _n, line in master.lines:
            if line[:8].upper() == "DTSTART;":
                try:
                    _name, params, _value = _split(line)
                except _Bad:
                    break
                if params.get("TZID") and ctx.zones.get(params["TZID"]) is None:
                    unknown_tz = params["TZID"]
                break
        try:
            bad = [e for e in components or () if e.errors and any(
                (name or "").upper() in ("DTSTART", "DTEND", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION", None)
                for name, _msg in e.errors)]
            if bad:
                name, msg = bad[0].errors[0]
                raise _Bad(f"{name or 'a line'}: {msg}")
            one = icalendar.Calendar()
            for component in components or ():
                one.add_component(component)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                occurrences = recurring_ical_events.of(one).between(lo, hi)
            for occurrence in occurrences:
                items.append(_occurrence_item(ctx, uid, master, occurrence, unknown_tz))
        except _Bad as exc:
            skipped.append(Skip(uid, master.line, title, "broken", str(exc)))
        except Exception as exc:  # noqa: BLE001 - a series recurring-ical-events cannot expand
            skipped.append(Skip(uid, master.line, title, "broken", f"its repeat rule cannot be expanded: {exc}"))
    return items


def _occurrence_item(ctx: _Context, uid: str, master: _RawEvent, occurrence, unknown_tz: str) -> _Item:
    def decoded(name: str):
        prop = occurrence.get(name)
        if prop is None:
            return None
        value = prop.dt
        if isinstance(value, datetime) and value.tzinfo is None:
            if unknown_tz:
                ctx.unknown[unknown_tz] = ctx.unknown.get(unknown_tz, 0) + 1
            else:
                ctx.floating += 1
            value = value.replace(tzinfo=ctx.tz if unknown_tz else ctx.floating_tz)
        return value

    start = decoded("DTSTART")
    if start is None:
        raise _Bad("it has no DTSTART")
    end = decoded("DTEND")
    duration = None
    if end is None and occurrence.get("DURATION") is not None:
        duration = occurrence["DURATION"].dt
    rid = occurrence.get("RECURRENCE-ID")
    recurrence = _recurrence_key(rid.dt) if rid is not None else _recurrence_key(start)
    props: dict[str, list[tuple[int, dict[str, str], str]]] = {}
    for name in ("SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "X-GOOGLE-CONFERENCE",
                 "X-MICROSOFT-SKYPETEAMSMEETINGURL", X_STATUS, X_LOCATION, X_CLIENT, X_TRAVEL, X_LEAD, X_TOPIC):
        value = occurrence.get(name)
        if value is not None:
            # Values are already unescaped: escape the backslashes so _text() leaves them alone.
            props[name] = [(0, {}, str(value).replace("\\", "\\\\"))]
    for name in ("ORGANIZER", "ATTENDEE"):
        value = occurrence.get(name)
        if value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            params = {k.upper(): str(v) for k, v in getattr(one, "params", {}).items()}
            props.setdefault(name, []).append((0, params, str(one)))
    values, extra, skip, client_name = _event_values(ctx, props, uid, start, end, duration)
    item = _Item(Source(uid, recurrence), master.line, values, extra, skip, client_name)
    item.extra["_emails"] = _emails(props)
    return item


# --------------------------------------------------------------------------------------------
# Preview and commit


def preview(
    path: str | Path,
    store: Store,
    settings: Settings | None = None,
    *,
    today: date | None = None,
    weeks_back: int = DEFAULT_WEEKS_BACK,
    weeks_ahead: int = DEFAULT_WEEKS_AHEAD,
    remove_missing: bool = False,
    me: Sequence[str] = (),
) -> ImportPlan:
    """Read ``path`` and work out what importing it would change. Writes nothing.

    ``me``: your email addresses, to recognise invitations you declined (a Google export's
    calendar name, when it is an email address, is taken as yours too).
    Raises PlannerError when the file cannot be imported at all."""
    path = Path(path).expanduser()
    settings = settings if settings is not None else store.settings()
    for name, weeks in (("weeks back", weeks_back), ("weeks ahead", weeks_ahead)):
        if not 0 <= weeks <= MAX_WEEKS:
            raise PlannerError(f"{name} must be between 0 and {MAX_WEEKS}, not {weeks}")
    tz = zone(settings.timezone)
    if today is None:
        today = datetime.now(tz).date()
    text = read_calendar_text(path)
    scanned = scan(text, path)
    return plan_from_scan(scanned, path, store, settings, today=today, weeks_back=weeks_back,
                          weeks_ahead=weeks_ahead, remove_missing=remove_missing, me=me)


def plan_from_scan(scanned: _Scanned, path: Path, store: Store, settings: Settings, *, today: date,
                   weeks_back: int, weeks_ahead: int, remove_missing: bool, me: Sequence[str]) -> ImportPlan:
    tz = zone(settings.timezone)
    window_start = today - timedelta(weeks=weeks_back)
    window_end = today + timedelta(weeks=weeks_ahead)
    window = (datetime.combine(window_start, time(0), tz), datetime.combine(window_end, time(0), tz))
    calendar = _text(scanned.header.get("X-WR-CALNAME", "")).strip() or path.stem
    plan = ImportPlan(path, calendar, window_start, window_end, remove_missing)
    clients = store.clients()
    ctx = _Context(settings, scanned, clients, me, window)
    plan.events = len(scanned.events)

    # 1. Events by UID; series (RRULE/RDATE) go to recurring-ical-events.
    singles: list[tuple[_RawEvent, dict, str]] = []
    series: dict[str, list[_RawEvent]] = {}
    recurring_uids: set[str] = set()
    parsed: list[tuple[_RawEvent, dict, str]] = []
    nameless = 0
    for event in scanned.events:
        uid = ""
        title = ""
        try:
            if event.broken:
                raise _Bad(event.broken)
            props = _props(event)
            uid = _text(_first(props, "UID")).strip()
            title = _text(_first(props, "SUMMARY")).strip()
            if not uid:
                nameless += 1
                seed = "|".join((_first(props, "DTSTART"), title, str(event.line)))
                uid = "no-uid-" + hashlib.blake2b(seed.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
            if "RRULE" in props or "RDATE" in props:
                recurring_uids.add(uid)
            parsed.append((event, props, uid))
        except _Bad as exc:
            plan.skipped.append(Skip(uid or _peek_uid(event), event.line, title, "broken", str(exc)))
    for event, props, uid in parsed:
        if uid in recurring_uids:
            series.setdefault(uid, []).append(event)
        else:
            singles.append((event, props, uid))
    if nameless:
        plan.warnings.append(f"{nameless} event(s) have no UID: re-importing them may not recognise them")

    items: list[_Item] = []
    for event, props, uid in singles:
        try:
            item = _single(ctx, event, props, uid)
        except _Bad as exc:
            plan.skipped.append(Skip(uid, event.line, _text(_first(props, "SUMMARY")).strip(), "broken", str(exc)))
            continue
        item.extra["_seq"] = _int(_first(props, "SEQUENCE"))
        items.append(item)
    if series:
        items.extend(_expand_series(ctx, scanned, series, plan.skipped))

    # 2. Against the store.
    existing: dict[str, Meeting] = {}
    for meeting in store.meetings():
        if meeting.source is not None:
            existing[meeting.source.key] = meeting
    matcher = ctx.matcher
    unassigned = next((c for c in clients if c.name.strip().lower() == UNASSIGNED.lower()), None)
    created_by_name: dict[str, Client] = {}
    seen: dict[str, int] = {}
    plan.clients = {c.id: c.name for c in clients}

    def client_for(item: _Item) -> str:
        nonlocal unassigned
        if item.client_name:
            known = ctx.client_by_name.get(item.client_name.lower()) or created_by_name.get(item.client_name.lower())
            if known is None:
                known = Client(name=item.client_name)
                created_by_name[item.client_name.lower()] = known
                plan.new_clients.append(known)
                plan.clients[known.id] = known.name
            return known.id
        found = matcher.match(item.extra.get("_emails", ()), item.values["title"])
        if found is not None:
            return found.id
        if unassigned is None:
            unassigned = Client(name=UNASSIGNED, notes="Meetings imported from a calendar that matched no client.")
            plan.new_clients.append(unassigned)
            plan.clients[unassigned.id] = unassigned.name
        return unassigned.id

    for item in items:
        key = item.key.key
        if key in seen:
            plan.skipped.append(Skip(item.key.uid, item.line, item.values["title"], "duplicate",
                                     f"the same event (UID and RECURRENCE-ID) as the one on line {seen[key]}"))
            continue
        seen[key] = item.line
        old = existing.get(key)
        if item.skip is not None:
            if old is None or old.status is Status.CANCELLED:
                plan.skipped.append(Skip(item.key.uid, item.line, item.values["title"], *item.skip))
                continue
            item.values["status"] = Status.CANCELLED
        if old is None and not _in_window(ctx, item.values):
            plan.outside_window += 1
            continue
        item.values["client_id"] = client_for(item)
        hashes = fingerprint(item.values)
        extra = {k: v for k, v in item.extra.items() if not k.startswith("_")}
        if old is None:
            meeting = Meeting(source=item.key, imported=_imported_text(plan.calendar, hashes), **item.values, **extra)
            plan.new.append(meeting)
            continue
        _old_cal, old_hashes = read_imported(old)
        if old_hashes == hashes and _old_cal == plan.calendar and not extra:
            plan.unchanged += 1
            continue
        changes: dict[str, Any] = {}
        changed: list[str] = []
        kept: list[str] = []
        for name in TRACKED:
            new_value = item.values[name]
            current = getattr(old, name)
            if old_hashes:
                if hashes[name] == old_hashes.get(name):
                    continue  # the calendar did not change it
                if _digest(name, current) != old_hashes.get(name):
                    if _digest(name, current) != hashes[name]:
                        kept.append(name)  # you changed it: yours wins
                    continue
            else:
                # No record of the last import: the calendar wins, except status and client once set.
                if _digest(name, current) == hashes[name]:
                    continue
                if name == "status" and current is not Status.PLANNED:
                    kept.append(name)
                    continue
                if name == "client_id" and unassigned is not None and current != unassigned.id:
                    kept.append(name)
                    continue
            changes[name] = new_value
            changed.append(name)
        for name, value in extra.items():
            if getattr(old, name) != value:
                changes[name] = value
                changed.append(name)
        meeting = old.with_changes(**changes, imported=_imported_text(plan.calendar, hashes))
        if meeting.end < meeting.start:
            # The calendar moved the start past an end you had changed: take the calendar's times.
            meeting = meeting.with_changes(start=item.values["start"], end=item.values["end"])
            kept = [k for k in kept if k not in ("start", "end")]
        # With nothing changed or kept, only the record of the import changed (say a new
        # calendar name): it is saved quietly.
        plan.updated.append(Change(old, meeting, changed, kept))

    # 3. Future meetings of this calendar that the file no longer has.
    first_future = datetime.combine(today, time(0), tz)
    for key, meeting in existing.items():
        if key in seen:
            continue
        if not (first_future <= meeting.start < window[1]):
            continue
        cal, _hashes = read_imported(meeting)
        if cal == plan.calendar:
            plan.missing.append(meeting)
    plan.missing.sort(key=lambda m: m.start)
    plan.new.sort(key=lambda m: m.start)
    plan.updated.sort(key=lambda c: c.meeting.start)
    plan.skipped.sort(key=lambda s: s.line)

    # 4. Warnings.
    if ctx.floating:
        if ctx.x_wr_tz is not None:
            read_as = f"{getattr(ctx.x_wr_tz, 'key', ctx.x_wr_tz)}, the calendar's time zone (X-WR-TIMEZONE)"
        else:
            read_as = f"{settings.timezone}, your time zone"
        plan.warnings.append(f"{ctx.floating} time(s) have no time zone (floating): read as {read_as}")
    for tzid, count in sorted(ctx.unknown.items()):
        plan.warnings.append(
            f"unknown time zone {tzid!r}"
            + (f" in {count} time(s): read as {settings.timezone}, your time zone; check those meetings" if count else
               " (X-WR-TIMEZONE) ignored")
        )
    plan.warnings.extend(ctx.zones.notes)
    ignored = {k: v for k, v in scanned.others.items() if k not in ("VTIMEZONE",)}
    if ignored:
        what = ", ".join(f"{count} {name}" for name, count in sorted(ignored.items()))
        plan.warnings.append(f"not events, so not imported: {what}")
    if scanned.stray:
        plan.warnings.append(f"{scanned.stray} line(s) outside the calendar were ignored")
    return plan


def _peek_uid(event: _RawEvent) -> str:
    for _n, line in event.lines:
        if line[:4].upper() == "UID:":
            return _text(line[4:]).strip()
    return ""


def _int(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        return 0


def commit(plan: ImportPlan, store: Store) -> ImportResult:
    """Apply a preview in one atomic write: everything or, on any error, nothing."""
    removed = plan.removed
    meetings = plan.new + [change.meeting for change in plan.updated]
    with store.batch():
        for client in plan.new_clients:
            store.save_client(client)
        store.save_meetings(meetings)  # one table update, not one per meeting
        for meeting in removed:
            store.delete_meeting(meeting.id)
    return ImportResult(len(plan.new), len([c for c in plan.updated if c.changed or c.kept]), len(removed),
                        len(plan.new_clients))
