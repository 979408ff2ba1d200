"""Series (RRULE/RDATE, with their EXDATEs and moved occurrences): icalendar + recurring-ical-events.

Every occurrence in the import window is its own meeting, keyed UID + RECURRENCE-ID; Google's
X-WR-TIMEZONE is honoured. A repeat rule is a small text that can ask for millions of meetings, so
the expansion is bounded (what a rule may ask for is in ``rules.py``):

- Each series is read on its own: the series are parsed together (fast), and when icalendar cannot
  read them together, one by one, so one bad series never takes the others with it. A TZID neither
  icalendar nor the file knows (a 300-character one included) is read as the user's zone with a
  warning, as for single events.
- A rule that repeats at most once a day has at most a few thousand occurrences in the widest
  window: it is expanded in one go. One that can repeat more often is expanded lazily: its starts
  from the window on are counted (``Settings.series_limit`` + 1 at most) and only the stretch up
  to the last of them is expanded, so it stops at the limit or at the window's end.
- At most ``Settings.series_limit`` occurrences (1,000 unless set) of one series are imported: the
  first ones in the window, with a warning when there were more.
- The whole import spends at most SERIES_SECONDS on series; series left after that are skipped with
  the reason, so that many rules that each take a second cannot add up to an afternoon.
"""

from __future__ import annotations

import time as _time
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from planner.domain.models import Source
from planner.domain.text import clean_line
from planner.i18n import _, ngettext
from planner.services.ics.events import Bad, Context, Item, emails, event_values, recurrence_key
from planner.services.ics.records import Skip
from planner.services.ics.rules import bound_rules, check_component, drop_rules_without_days, length_of, rules_of
from planner.services.ics.scanner import (
    X_CLIENT,
    X_LEAD,
    X_LOCATION,
    X_STATUS,
    X_TOPIC,
    X_TRAVEL,
    RawEvent,
    Scanned,
    split_line,
    unescape,
)

SERIES_SECONDS = 20.0

_TIMES = ("DTSTART", "DTEND", "EXDATE", "RDATE", "RECURRENCE-ID")
_TEXT = ("SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
         X_STATUS, X_LOCATION, X_CLIENT, X_TRAVEL, X_LEAD, X_TOPIC)


def _quote(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ':;,') else value


def _without_unknown_zones(ctx: Context, lines: list[str]) -> list[str]:
    """The lines with every TZID that nobody can resolve taken off: those times are then floating,
    and read in the user's zone (as a single event's would be)."""
    out = []
    for line in lines:
        if "TZID=" in line[:300].upper() and line[:14].upper().startswith(_TIMES):
            try:
                name, params, value = split_line(line)
            except Bad:
                out.append(line)
                continue
            tzid = params.get("TZID")
            if tzid and ctx.zones.get(tzid) is None:
                del params["TZID"]
                line = name + "".join(f";{k}={_quote(v)}" for k, v in params.items()) + ":" + value
        out.append(line)
    return out


def _calendar(ctx: Context, scanned: Scanned, events: list[list[RawEvent]]):
    import icalendar
    import x_wr_timezone

    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//planner//import//EN"]
    if scanned.header.get("X-WR-TIMEZONE"):
        body.append("X-WR-TIMEZONE:" + scanned.header["X-WR-TIMEZONE"])
    for lines in scanned.timezones.values():
        body.extend(lines)
    for group in events:
        for event in group:
            body.extend(_without_unknown_zones(ctx, event.raw))
    body.append("END:VCALENDAR")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendar = icalendar.Calendar.from_ical("\r\n".join(body) + "\r\n")
        return x_wr_timezone.to_standard(calendar)


def _by_uid(calendar) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for component in calendar.walk("VEVENT"):
        found.setdefault(str(component.get("UID", "")), []).append(component)
    return found


class SeriesReader:
    """Reads the series of one import; ``expand(uid, events)`` yields the items of one series and
    records its skips and warnings in the plan."""

    def __init__(self, ctx: Context, scanned: Scanned, series: dict[str, list[RawEvent]], skipped: list[Skip],
                 warnings_: list[str]):
        self.ctx = ctx
        self.scanned = scanned
        self.skipped = skipped
        self.warnings = warnings_
        self.spent = 0.0
        try:
            self.parsed: dict[str, list[Any]] | None = _by_uid(_calendar(ctx, scanned, list(series.values())))
        except Exception:  # noqa: BLE001 - icalendar cannot read them together: read each on its own
            self.parsed = None

    def _components(self, uid: str, events: list[RawEvent]) -> list[Any]:
        if self.parsed is not None:
            return self.parsed.get(uid, [])
        try:
            return _by_uid(_calendar(self.ctx, self.scanned, [events])).get(uid, [])
        except Exception as exc:  # noqa: BLE001 - icalendar raises many kinds
            raise Bad(_("it cannot be read: {problem}").format(problem=exc)) from None

    def expand(self, uid: str, events: list[RawEvent]) -> Iterator[Item]:
        master = next((e for e in events if any(n.upper().startswith(("RRULE", "RDATE")) for _kind, n in e.lines)),
                      events[0])
        title = ""
        for _n, line in master.lines:
            if line[:8].upper() == "SUMMARY:":
                title = clean_line(unescape(line[8:]))
        if self.spent > SERIES_SECONDS:
            self.skipped.append(Skip(uid, master.line, title, "limit", _(
                "not read: the import spent its {seconds} seconds for repeating events; import a shorter window "
                "or fewer events at a time").format(seconds=int(SERIES_SECONDS))))
            return
        started = _time.monotonic()
        try:
            items = self._expand(uid, master, title, events)
        except Bad as exc:
            self.skipped.append(Skip(uid, master.line, title, "broken", str(exc)))
            items = []
        except Exception as exc:  # noqa: BLE001 - a series recurring-ical-events cannot expand
            self.skipped.append(Skip(uid, master.line, title, "broken", _(
                "its repeat rule cannot be expanded: {problem}").format(problem=exc)))
            items = []
        finally:
            self.spent += _time.monotonic() - started
        yield from items

    def _expand(self, uid: str, master: RawEvent, title: str, events: list[RawEvent]) -> list[Item]:
        import icalendar
        import recurring_ical_events

        components = self._components(uid, events)
        if not components:
            raise Bad(_("a repeating event needs a UID it can be read by"))
        for component in components:
            errors = [(name, msg) for name, msg in component.errors if (name or "").upper() in (
                "DTSTART", "DTEND", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION")]
            if errors:
                name, msg = errors[0]
                raise Bad(f"{name or _('a line')}: {msg}")
            check_component(component)
            drop_rules_without_days(component, self.ctx.window)
        unknown_tz = _unknown_zone(self.ctx, master)
        one = icalendar.Calendar()
        per_day = 0
        first = self.ctx.window[1]
        for component in components:
            per_day = max(per_day, bound_rules(component, self.ctx.window))
            if rules_of(component):
                first = min(first, _start_key(component))
            one.add_component(component)
        limit = self.ctx.series_limit
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            query = recurring_ical_events.of(one)
            if per_day:
                cores = [component for component in components if rules_of(component)]
                occurrences, more = _dense_between(query, cores, self.ctx.window, limit, per_day, first)
            else:
                occurrences = query.between(*self.ctx.window)
                more = len(occurrences) > limit
                if more:
                    occurrences = sorted(occurrences, key=_start_key)[:limit]
        if more:
            self.warnings.append(ngettext(
                "{title} (line {line}) repeats more than {limit} time in the window: the first {limit} were "
                "imported (planner imports at most {limit} occurrence of one repeating event)",
                "{title} (line {line}) repeats more than {limit} times in the window: the first {limit} were "
                "imported (planner imports at most {limit} occurrences of one repeating event)",
                limit).format(title=title or uid, line=master.line, limit=f"{limit:,}"))
        return [_occurrence_item(self.ctx, uid, master, occurrence, unknown_tz) for occurrence in occurrences]


def _unknown_zone(ctx: Context, master: RawEvent) -> str:
    for _n, line in master.lines:
        if line[:8].upper() == "DTSTART;":
            try:
                _name, params, _value = split_line(line)
            except Bad:
                return ""
            if params.get("TZID") and ctx.zones.get(params["TZID"]) is None:
                return params["TZID"]
            return ""
    return ""


def _start_key(occurrence) -> datetime:
    value = occurrence["DTSTART"].dt
    if not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time()).astimezone()
    return value if value.tzinfo is not None else value.astimezone()


def _occurrence_id(occurrence) -> str:
    rid = occurrence.get("RECURRENCE-ID")
    return recurrence_key(rid.dt if rid is not None else occurrence["DTSTART"].dt)


def _dense_between(query, cores: list, window: tuple[datetime, datetime], limit: int, per_day: int,
                   first: datetime) -> tuple[list[Any], bool]:
    """The first ``limit`` occurrences in the window of a series whose rule repeats within a day.

    The rule's own starts from the window on are counted lazily (dateutil, ``limit`` + 1 of them at
    most), and recurring-ical-events is asked for the stretch up to the last one only. If the rule
    cannot be read that way, the window is asked for a stretch at a time instead."""
    lo, hi = window
    try:
        starts = _rule_starts(cores, lo, limit + 1)
    except Exception:  # noqa: BLE001 - a rule dateutil reads only through recurring-ical-events
        return _stretches(query, window, limit, per_day, first)
    stop = min(hi, starts[limit]) if len(starts) > limit else hi
    found = {_occurrence_id(occurrence): occurrence for occurrence in query.between(lo, stop)}
    ordered = sorted(found.values(), key=_start_key)
    return ordered[:limit], len(ordered) > limit or len(starts) > limit


def _rule_starts(cores: list, lo: datetime, count: int) -> list[datetime]:
    """The starts of the first ``count`` occurrences of the series' rule that run into the window
    from ``lo`` on (in the rule's own time zone)."""
    from dateutil.rrule import rruleset, rrulestr

    [core] = cores  # one event holds the rules (else: a stretch at a time)
    start = core["DTSTART"].dt
    rules = rruleset()
    for rule in rules_of(core):
        rules.rrule(rrulestr(rule.to_ical().decode(), dtstart=start))
    length = length_of(core)
    lo = lo.astimezone(start.tzinfo) if start.tzinfo is not None else lo.replace(tzinfo=None)
    starts: list[datetime] = []
    for when in rules.xafter(lo - length, inc=True):
        if when + length > lo or when >= lo:
            starts.append(when)
            if len(starts) == count:
                break
    return starts


def _stretches(query, window: tuple[datetime, datetime], limit: int, per_day: int,
               first: datetime) -> tuple[list[Any], bool]:
    """The first ``limit`` occurrences in the window, asking for a stretch of time at a time that
    can hold at most about ``limit`` of them (the rule repeats at most ``per_day`` times a day from
    ``first``): a rule can never make more than that at once. (occurrences, were there more)"""
    lo, hi = window
    found: dict[str, Any] = {}
    if first > lo:  # before the rule starts only moved occurrences can be: one look
        for occurrence in query.between(lo, min(first, hi)):
            found.setdefault(_occurrence_id(occurrence), occurrence)
        lo = min(first, hi)
    widest = max(timedelta(minutes=1), timedelta(days=limit / per_day))
    span = min(widest, timedelta(minutes=15))
    while lo < hi and len(found) <= limit:
        stop = min(hi, lo + span)
        for occurrence in query.between(lo, stop):
            found.setdefault(_occurrence_id(occurrence), occurrence)
        lo = stop
        span = min(span * 2, widest)
    ordered = sorted(found.values(), key=_start_key)
    return ordered[:limit], len(ordered) > limit


def _occurrence_item(ctx: Context, uid: str, master: RawEvent, occurrence, unknown_tz: str) -> Item:
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
        raise Bad(_("it has no DTSTART"))
    end = decoded("DTEND")
    duration = None
    if end is None and occurrence.get("DURATION") is not None:
        duration = occurrence["DURATION"].dt
    rid = occurrence.get("RECURRENCE-ID")
    recurrence = recurrence_key(rid.dt) if rid is not None else recurrence_key(start)
    props: dict[str, list[tuple[int, dict[str, str], str]]] = {}
    for name in _TEXT:
        value = occurrence.get(name)
        if value is not None:
            # Values are already unescaped: escape the backslashes so unescape() leaves them alone.
            props[name] = [(0, {}, str(value).replace("\\", "\\\\"))]
    for name in ("ORGANIZER", "ATTENDEE"):
        value = occurrence.get(name)
        if value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            params = {k.upper(): str(v) for k, v in getattr(one, "params", {}).items()}
            props.setdefault(name, []).append((0, params, str(one)))
    values, extra, skip, client_name = event_values(ctx, props, start, end, duration)
    return Item(Source(uid, recurrence), master.line, values, extra, skip, client_name, emails(props))

