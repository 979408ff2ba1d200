"""Series (RRULE/RDATE, with their EXDATEs and moved occurrences): icalendar + recurring-ical-events.

Every occurrence in the import window is its own meeting, keyed UID + RECURRENCE-ID; Google's
X-WR-TIMEZONE is honoured. A repeat rule is a small text that can ask for millions of meetings, so
the expansion is bounded:

- Each series is read on its own: the series are parsed together (fast), and when icalendar cannot
  read them together, one by one, so one bad series never takes the others with it. A TZID neither
  icalendar nor the file knows (a 300-character one included) is read as the user's zone with a
  warning, as for single events.
- A rule that would never move on (INTERVAL=0), a start or an end outside the years 1900-2199, more
  than MAX_RDATES extra dates: the series is skipped with its line and the reason.
- A rule that can repeat more than once a day (SECONDLY, MINUTELY, HOURLY, or several BYHOUR /
  BYMINUTE / BYSECOND values) is expanded inside the window only: its start is moved forward along
  its own rhythm to just before the window (the occurrences are the same), and it is expanded a
  stretch at a time, stopping as soon as it has more than the limit.
- At most ``Settings.series_limit`` occurrences (1,000 unless set) of one series are imported: the
  first ones in the window, with a warning when there were more.
- The whole import spends at most SERIES_SECONDS on series; series left after that are skipped with
  the reason. (A rule whose days can never come, such as the 30th of February, makes the library
  look for one until the year 9999: a few seconds for a daily rule.)
"""

from __future__ import annotations

import time as _time
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from planner.domain.limits import FIRST_YEAR, LAST_YEAR, year_in_range
from planner.domain.models import Source
from planner.domain.text import clean_line
from planner.i18n import _, ngettext
from planner.services.ics.events import Bad, Context, Item, emails, event_values, recurrence_key
from planner.services.ics.records import Skip
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

MAX_RDATES = 10_000
SERIES_SECONDS = 20.0
DENSE_COUNT = 100_000  # a rule repeating more than daily with more occurrences than this: too many

_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400}
_MONTHS = {"MONTHLY": 1, "YEARLY": 12}
_SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")
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
        master = next((e for e in events if any(n.upper().startswith(("RRULE", "RDATE")) for _, n in e.lines)),
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
            _check_component(component)
        unknown_tz = _unknown_zone(self.ctx, master)
        one = icalendar.Calendar()
        per_day = 0
        first = self.ctx.window[1]
        for component in components:
            per_day = max(per_day, _bound_rules(component, self.ctx.window))
            if _rules(component):
                first = min(first, _start_key(component))
            one.add_component(component)
        limit = self.ctx.series_limit
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            query = recurring_ical_events.of(one)
            if per_day:
                occurrences, more = _stretches(query, self.ctx.window, limit, per_day, first)
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


def _check_component(component) -> None:
    """Bad if the event's own start, end or rule is something planner cannot compute with."""
    start = component.get("DTSTART")
    if start is None:
        return  # recurring-ical-events says what is missing
    start = start.dt
    for name, value in (("DTSTART", start), ("DTEND", getattr(component.get("DTEND"), "dt", start))):
        if not year_in_range(value):
            raise Bad(_("{prop} {value} is outside the years {first}-{last} planner works with").format(
                prop=name, value=value, first=FIRST_YEAR, last=LAST_YEAR))
    duration = component.get("DURATION")
    if duration is not None:
        try:
            past = (start + duration.dt).year > LAST_YEAR
        except (OverflowError, TypeError, ValueError):
            past = True
        if past:
            raise Bad(_("its length runs past the year {last}").format(last=LAST_YEAR))
    rdates = component.get("RDATE", [])
    count = sum(len(r.dts) for r in (rdates if isinstance(rdates, list) else [rdates]))
    if count > MAX_RDATES:
        raise Bad(_("it lists {count} extra dates (RDATE); planner reads at most {limit}").format(
            count=f"{count:,}", limit=f"{MAX_RDATES:,}"))
    for rule in _rules(component):
        interval = rule.get("INTERVAL", [1])[0]
        if not isinstance(interval, int) or interval < 1:
            raise Bad(_("its repeat rule has INTERVAL={value}: it would never move on").format(value=interval))


def _rules(component) -> list:
    rules = component.get("RRULE")
    if rules is None:
        return []
    return rules if isinstance(rules, list) else [rules]


def _per_day(rule) -> int:
    """At most how many occurrences a rule can have in one day."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    interval = rule.get("INTERVAL", [1])[0]
    times = len(rule.get("BYHOUR", ())) or 1
    times *= len(rule.get("BYMINUTE", ())) or 1
    times *= len(rule.get("BYSECOND", ())) or 1
    if freq in _SUB_DAILY:
        times *= max(1, 86400 // (_SECONDS[freq] * interval))
    return min(times, 86400)


def _bound_rules(component, window: tuple[datetime, datetime]) -> int:
    """Make a rule that can repeat more than daily start just before the window. Returns at most
    how many times a day the event repeats when that is more than once (0: at most daily)."""
    rules = _rules(component)
    dense = [rule for rule in rules if _per_day(rule) > 1 or str(rule.get("FREQ", [""])[0]).upper() in _SUB_DAILY]
    if not dense:
        return 0
    per_day = max(_per_day(rule) for rule in dense)
    start = component["DTSTART"].dt
    if not isinstance(start, datetime):
        raise Bad(_("its repeat rule repeats more than once a day but it has no time of day"))
    rule = dense[0]
    freq = str(rule.get("FREQ", [""])[0]).upper()
    if "COUNT" in rule and rule["COUNT"][0] <= DENSE_COUNT:
        return per_day  # bounded by its count
    if len(rules) > 1:
        if start < window[0] - timedelta(days=2):
            raise Bad(_("it has several repeat rules, one repeating more than once a day, and starts before "
                        "the window; planner cannot expand that"))
        return per_day
    if "COUNT" in rule:
        count = rule["COUNT"][0]
        if freq not in _SUB_DAILY or any(key.startswith("BY") for key in rule):
            raise Bad(_("its repeat rule asks for {count} occurrences; planner expands at most {limit}").format(
                count=f"{count:,}", limit=f"{DENSE_COUNT:,}"))
        # Every occurrence is a step of the rhythm from the start: the last is known.
        step = timedelta(seconds=_SECONDS[freq] * rule.get("INTERVAL", [1])[0])
        try:
            until = start + step * (count - 1)
        except OverflowError:
            until = None
        del rule["COUNT"]
        if until is not None and until.year <= LAST_YEAR:
            rule["UNTIL"] = [until]
    _move_start(component, rule, freq, window[0])
    return per_day


def _move_start(component, rule, freq: str, lo: datetime) -> None:
    """Move DTSTART forward by whole steps of the rule, to the last one that ends before ``lo``."""
    start = component["DTSTART"].dt
    end_prop = component.get("DTEND")
    length = (end_prop.dt - start) if end_prop is not None else timedelta(0)
    duration = component.get("DURATION")
    if duration is not None:
        length = duration.dt
    interval = rule.get("INTERVAL", [1])[0]
    target = lo.astimezone(start.tzinfo).replace(tzinfo=None) - max(length, timedelta(0)) - timedelta(days=2)
    naive = start.replace(tzinfo=None)
    if naive >= target:
        return
    moved = None
    if freq in _SECONDS:
        step = timedelta(seconds=_SECONDS[freq] * interval)
        moved = naive + step * ((target - naive) // step)
    else:
        months = _MONTHS[freq] * interval
        steps = ((target.year - naive.year) * 12 + target.month - naive.month) // months
        for back in range(steps, max(steps - 48, 0), -1):
            year, month = divmod(naive.month - 1 + back * months, 12)
            try:
                moved = naive.replace(year=naive.year + year, month=month + 1)
            except ValueError:
                continue  # that month has no such day (31st, 29 February): one step earlier
            if moved <= target:
                break
            moved = None
    if moved is None or moved <= naive:
        return
    new_start = moved.replace(tzinfo=start.tzinfo)
    component.pop("DTSTART")
    component.add("DTSTART", new_start)
    if end_prop is not None:
        component.pop("DTEND")
        component.add("DTEND", new_start + length)


def _start_key(occurrence) -> datetime:
    value = occurrence["DTSTART"].dt
    if not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time()).astimezone()
    return value if value.tzinfo is not None else value.astimezone()


def _occurrence_id(occurrence) -> str:
    rid = occurrence.get("RECURRENCE-ID")
    return recurrence_key(rid.dt if rid is not None else occurrence["DTSTART"].dt)


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

