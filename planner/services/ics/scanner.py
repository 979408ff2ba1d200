"""The fast line scanner: calendar text -> header, time zones and raw events, with line numbers.

Single events (the bulk of any real calendar) are read from here: icalendar's full parser costs
about a quarter of a millisecond per event, which is most of the budget for a 5,000-event file. This
is the only reader of single events; series go to icalendar (``series.py``). The tests check it
against icalendar's parser on every calendar icalendar and recurring-ical-events ship.

Line ends may be CRLF (as RFC 5545 says), LF or a lone CR (some old Mac exports). Lines are
unfolded (a line starting with a space or a tab continues the one before).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.i18n import _

# Our own export carries these, so that export -> import gives back the same meetings.
X_STATUS, X_LOCATION, X_CLIENT = "X-PLANNER-STATUS", "X-PLANNER-LOCATION", "X-PLANNER-CLIENT"
X_TRAVEL, X_LEAD, X_TOPIC = "X-PLANNER-TRAVEL", "X-PLANNER-LEAD", "X-PLANNER-TOPIC"


class Bad(Exception):
    """A broken value in one event: the event is skipped with this message."""


@dataclass(slots=True)
class RawEvent:
    line: int  # BEGIN:VEVENT
    lines: list[tuple[int, str]]  # (line number, unfolded content line) of the event's own properties
    raw: list[str]  # every unfolded line, BEGIN..END, sub-components included (for icalendar)
    broken: str = ""  # a structural problem found while scanning


@dataclass(slots=True)
class Scanned:
    header: dict[str, str]
    timezones: dict[str, list[str]]  # TZID -> raw VTIMEZONE lines
    events: list[RawEvent]
    others: dict[str, int]  # other top-level components -> count
    stray: int  # non-empty lines outside any calendar


NAME = re.compile(r"[A-Za-z0-9-]+")


def logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """Unfolded content lines with the physical line number each starts on."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    current: list[str] = []
    start = 0
    number = 0
    for number, physical in enumerate(text.split("\n"), 1):
        if physical[:1] in (" ", "\t") and current:
            current.append(physical[1:])
            continue
        if current:
            yield start, "".join(current)
        current = [physical]
        start = number
    if current:
        yield start, "".join(current)


def _not_calendar(path: Path) -> PlannerError:
    return PlannerError(_("{path} is not an iCalendar file (expected BEGIN:VCALENDAR on line 1)").format(path=path))


class _Scanner:
    """One pass over the lines; ``stack`` holds the open components, VCALENDAR first."""

    def __init__(self) -> None:
        self.header: dict[str, str] = {}
        self.timezones: dict[str, list[str]] = {}
        self.events: list[RawEvent] = []
        self.others: dict[str, int] = {}
        self.stray = 0
        self.stack: list[str] = ["VCALENDAR"]
        self.closed = False
        self.event: RawEvent | None = None
        self.event_base = 0  # len(stack) inside the event itself
        self.tz_lines: list[str] | None = None
        self.tz_base = 0

    def line(self, number: int, line: str) -> None:
        upper = line[:16].upper()
        if not self.stack:
            # Outside a calendar: another calendar may follow (some exports concatenate them).
            if upper.startswith("BEGIN:VCALENDAR"):
                self.stack.append("VCALENDAR")
                self.closed = False
            elif line.strip():
                self.stray += 1
        elif upper.startswith("BEGIN:"):
            self.begin(number, line, line[6:].strip().upper())
        elif upper.startswith("END:"):
            name = line[4:].strip().upper()
            if self.event is not None:
                self.end_in_event(number, line, name)
            elif self.tz_lines is not None:
                self.end_in_timezone(line, name)
            else:
                self.end(name)
        elif self.event is not None:
            self.event.raw.append(line)
            if len(self.stack) == self.event_base:
                self.event.lines.append((number, line))
        elif self.tz_lines is not None:
            self.tz_lines.append(line)
        elif len(self.stack) == 1 and line.strip():
            match = NAME.match(line)
            if match and ":" in line:
                self.header.setdefault(match.group(0).upper(), line.split(":", 1)[1].strip())

    def begin(self, number: int, line: str, name: str) -> None:
        event = self.event
        if event is not None and name in ("VEVENT", "VCALENDAR"):
            event.broken = _("the event has no END:VEVENT before line {line}").format(line=number)
            self.events.append(event)
            self.event = event = None
            del self.stack[self.event_base - 1 :]
        self.stack.append(name)
        if event is not None:
            event.raw.append(line)
        elif self.tz_lines is not None:
            self.tz_lines.append(line)
        elif name == "VEVENT":
            self.event = RawEvent(number, [], [line])
            self.event_base = len(self.stack)
        elif name == "VTIMEZONE":
            self.tz_lines = [line]
            self.tz_base = len(self.stack)
        elif len(self.stack) == 2:
            self.others[name] = self.others.get(name, 0) + 1

    def end_in_event(self, number: int, line: str, name: str) -> None:
        event = self.event
        assert event is not None
        event.raw.append(line)
        if name == self.stack[-1]:
            self.stack.pop()
            if len(self.stack) < self.event_base:
                self.events.append(event)
                self.event = None
        elif name == "VCALENDAR":
            event.broken = _("the event has no END:VEVENT before line {line}").format(line=number)
            self.events.append(event)
            self.event = None
            self.stack.clear()
            self.closed = True
        else:
            event.broken = _("line {line} ends a {name} that was never begun").format(line=number, name=name)

    def end_in_timezone(self, line: str, name: str) -> None:
        tz_lines = self.tz_lines
        assert tz_lines is not None
        tz_lines.append(line)
        if name == self.stack[-1]:
            self.stack.pop()
        elif name == "VCALENDAR":
            self.stack.clear()
            self.closed = True
        if len(self.stack) < self.tz_base:
            tzid = ""
            for tz_line in tz_lines:
                if tz_line[:5].upper() in ("TZID:", "TZID;"):
                    tzid = tz_line.split(":", 1)[1].strip()
                    break
            if tzid:
                self.timezones.setdefault(tzid, tz_lines)
            self.tz_lines = None

    def end(self, name: str) -> None:
        if name == self.stack[-1]:
            self.stack.pop()
            if not self.stack:
                self.closed = True
        elif name == "VCALENDAR":
            self.stack.clear()
            self.closed = True


def scan(text: str, path: str | Path) -> Scanned:
    """Split the text into calendar header, time zones and events, keeping line numbers.

    PlannerError if it is not a calendar at all, or if it is truncated (no END:VCALENDAR)."""
    lines = iter(logical_lines(text))
    first = ""
    for _number, line in lines:
        if line.strip():
            first = line.strip()
            break
    if first.upper() != "BEGIN:VCALENDAR":
        raise _not_calendar(Path(path))
    scanner = _Scanner()
    last_number = 0
    for number, line in lines:
        last_number = number
        event = scanner.event
        head = line[:6].upper()
        if event is not None and head != "BEGIN:" and head[:4] != "END:":
            # The common line, a property of an event: kept here, not in a method, for speed.
            event.raw.append(line)
            if len(scanner.stack) == scanner.event_base:
                event.lines.append((number, line))
            continue
        scanner.line(number, line)
    if scanner.event is not None:
        raise PlannerError(
            _("{path} looks truncated: it ends inside the event that begins on line {line} (no END:VEVENT, "
              "no END:VCALENDAR). Export or download the calendar again").format(path=path, line=scanner.event.line)
        )
    if not scanner.closed or scanner.stack:
        raise PlannerError(
            _("{path} looks truncated: no END:VCALENDAR after line {line}. Export or download the calendar "
              "again").format(path=path, line=last_number)
        )
    return Scanned(scanner.header, scanner.timezones, scanner.events, scanner.others, scanner.stray)


# --------------------------------------------------------------------------------------------
# Content lines


Props = dict[str, list[tuple[int, dict[str, str], str]]]


def _split_quoted(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM="VALUE";...:VALUE where quoted parameter values may hold ':' ';' ','."""
    i = 0
    n = len(line)
    while i < n and line[i] not in ";:":
        i += 1
    name = line[:i].upper()
    params: dict[str, str] = {}
    while i < n and line[i] == ";":
        i += 1
        eq = line.find("=", i)
        if eq < 0:
            raise Bad(_("a parameter of {name} has no value").format(name=name))
        key = line[i:eq].strip().upper()
        i = eq + 1
        parts: list[str] = []
        while i < n and line[i] not in ";:":
            if line[i] == '"':
                close = line.find('"', i + 1)
                if close < 0:
                    raise Bad(_("parameter {key} of {name} has an unclosed quote").format(key=key, name=name))
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
        raise Bad(_("{name} has no value").format(name=name))
    return name, params, line[i + 1 :]


def split_line(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=VALUE;...:VALUE -> (NAME, {PARAM: value}, value). Quotes are honoured."""
    colon = line.find(":")
    if colon < 0:
        raise Bad(_("{text!r} is not an iCalendar content line (no ':')").format(text=line[:40]))
    head = line[:colon]
    if '"' in head:
        return _split_quoted(line)
    if ";" not in head:
        return head.upper(), {}, line[colon + 1 :]
    name, *rest = head.split(";")
    params: dict[str, str] = {}
    for item in rest:
        key, eq, value = item.partition("=")
        if not eq:
            raise Bad(_("parameter {item!r} of {name} has no value").format(item=item, name=name))
        params[key.strip().upper()] = value
    return name.upper(), params, line[colon + 1 :]


_UNESCAPE = re.compile(r"\\(.)", re.S)


def unescape(value: str) -> str:
    """A TEXT value as written (``\\n`` a line break, ``\\,`` a comma ...)."""
    if "\\" not in value:
        return value
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def first(props: Props, name: str) -> str:
    found = props.get(name)
    return found[0][2] if found else ""


WANTED = frozenset(
    {"UID", "DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "ORGANIZER",
     "ATTENDEE", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "SEQUENCE", "X-GOOGLE-CONFERENCE",
     "X-MICROSOFT-SKYPETEAMSMEETINGURL", X_STATUS, X_LOCATION, X_CLIENT, X_TRAVEL, X_LEAD, X_TOPIC}
)


def properties(event: RawEvent) -> Props:
    """The event's own properties that the import reads, by name."""
    props: Props = {}
    for number, line in event.lines:
        match = NAME.match(line)
        if match is None:
            if not line.strip():
                continue
            raise Bad(_("line {line} is not an iCalendar content line").format(line=number))
        name = match.group(0).upper()
        if name not in WANTED:
            if match.end() >= len(line) or line[match.end()] not in ";:":
                raise Bad(_("line {line} is not an iCalendar content line").format(line=number))
            continue
        try:
            pname, params, value = split_line(line)
        except Bad as exc:
            raise Bad(_("line {line}: {problem}").format(line=number, problem=exc)) from None
        props.setdefault(pname, []).append((number, params, value))
    return props


def peek_uid(event: RawEvent) -> str:
    """The UID of an event that could not be read, if it has a plain one."""
    for _n, line in event.lines:
        if line[:4].upper() == "UID:":
            return unescape(line[4:]).strip()
    return ""
