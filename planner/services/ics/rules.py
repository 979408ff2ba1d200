"""What a repeat rule may ask for, and how it is kept within bounds before it is expanded.

A rule is a few bytes that can ask for millions of occurrences, or for a day that never comes
(the library then looks for it until the year 9999). So, before recurring-ical-events sees it:

- ``check_component``: a start, an end or a length outside the years 1900-2199, an end before the
  start, more than MAX_RDATES extra dates, INTERVAL=0, a frequency that does not exist, a BY part
  out of its range or where iCalendar does not allow it: Bad, and the series is skipped with the reason.
- ``drop_rules_without_days``: a rule whose days cannot come in the window (the 30th of February,
  BYSETPOS past the size of its set) is taken off; the event's own start still counts.
- ``bound_rules``: a rule that can repeat more than once a day has its start moved forward along
  its own rhythm to just before the window (the occurrences are the same), a huge COUNT turned into
  the UNTIL it means, and a yearly, monthly or weekly rule with many times a day rewritten as the
  daily rule with the same occurrences (the library would go through every time of every day of
  its first year). It returns at most how many times a day the event repeats.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from planner.domain.limits import FIRST_YEAR, LAST_YEAR, year_in_range
from planner.i18n import _
from planner.services.ics.scanner import Bad

MAX_RDATES = 10_000
DENSE_COUNT = 100_000  # a rule repeating more than daily with more occurrences than this: too many

_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400}
_MONTHS = {"MONTHLY": 1, "YEARLY": 12}
_SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")
_PERIOD_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BY_RANGES = {"BYSECOND": (0, 60), "BYMINUTE": (0, 59), "BYHOUR": (0, 23), "BYMONTHDAY": (-31, 31),
              "BYYEARDAY": (-366, 366), "BYWEEKNO": (-53, 53), "BYMONTH": (1, 12), "BYSETPOS": (-366, 366)}
PERIOD_BUDGET = 200_000  # times of day x days the library may go through in one period of a rule


def check_component(component) -> None:
    """Bad if the event's own start, end or rule is something planner cannot compute with."""
    start = component.get("DTSTART")
    if start is None:
        return  # recurring-ical-events says what is missing
    start = start.dt
    for name, value in (("DTSTART", start), ("DTEND", getattr(component.get("DTEND"), "dt", start))):
        if not year_in_range(value):
            raise Bad(_("{prop} {value} is outside the years {first}-{last} planner works with").format(
                prop=name, value=value, first=FIRST_YEAR, last=LAST_YEAR))
    end = getattr(component.get("DTEND"), "dt", start)
    if isinstance(end, datetime) != isinstance(start, datetime):
        raise Bad(_("its DTSTART and DTEND are not both dates or both dates and times"))
    try:
        backwards = end < start
    except TypeError:  # a floating time and one with a zone: the zones decide
        backwards = False
    if backwards:
        raise Bad(_("it ends ({end}) before it starts ({start})").format(end=end, start=start))
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
    for rule in rules_of(component):
        interval = rule.get("INTERVAL", [1])[0]
        if not isinstance(interval, int) or interval < 1:
            raise Bad(_("its repeat rule has INTERVAL={value}: it would never move on").format(value=interval))
        _check_rule(rule)


def _check_rule(rule) -> None:
    """Bad for a rule part iCalendar does not allow (RFC 5545 3.3.10): the library would take some
    of them and look for a day that never comes."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    if freq not in (*_SECONDS, *_MONTHS):
        raise Bad(_("its repeat rule has no frequency planner knows (FREQ={freq})").format(freq=freq[:20]))
    for part, allowed in (("BYWEEKNO", ("YEARLY",)), ("BYYEARDAY", ("YEARLY", *_SUB_DAILY))):
        if part in rule and freq not in allowed:
            raise Bad(_("its repeat rule has {part} in a {freq} rule, which iCalendar does not allow").format(
                part=part, freq=freq))
    for part, (low, high) in _BY_RANGES.items():
        for value in rule.get(part, ()):
            if not isinstance(value, int) or not low <= value <= high or (low < 0 and value == 0):
                raise Bad(_("its repeat rule has {part}={value}, which iCalendar does not allow").format(
                    part=part, value=str(value)[:20]))


def drop_rules_without_days(component, window: tuple[datetime, datetime]) -> None:
    """Take off a rule whose days can never come in the window (the 30th of February, a 5th
    position in a day of one time): the library would look for one until the year 9999. The
    event's own start still counts, as it always does."""
    rules = rules_of(component)
    start = component["DTSTART"].dt
    # Occurrences that start before the window and last into it count too.
    window = (window[0] - length_of(component) - timedelta(days=2), window[1])
    kept = [rule for rule in rules if _may_happen(rule, start, window)]
    if len(kept) == len(rules):
        return
    component.pop("RRULE")
    for rule in kept:
        component.add("RRULE", rule)


def _may_happen(rule, start, window: tuple[datetime, datetime]) -> bool:
    freq = str(rule.get("FREQ", [""])[0]).upper()
    positions = [abs(p) for p in rule.get("BYSETPOS", ()) if isinstance(p, int)]
    if positions and min(positions) > _set_size(rule, freq):
        return False  # no period of the rule has that many occurrences to pick from
    lo, hi = (edge.astimezone(start.tzinfo) if isinstance(start, datetime) and start.tzinfo else edge
              for edge in window)
    if freq in ("DAILY", "WEEKLY", *_SUB_DAILY):
        return _some_day(rule, lo.date(), hi.date())
    months = set(rule.get("BYMONTH", ()))
    if not months:
        return True  # every month has every day 1-28 and every week day: some day comes soon
    monthdays = list(rule.get("BYMONTHDAY", ()))
    if not monthdays and freq in ("YEARLY", "MONTHLY") and not any(
            key in rule for key in ("BYWEEKNO", "BYYEARDAY", "BYDAY", "BYEASTER")):
        monthdays = [start.day]  # the library takes the start's day
    if not monthdays or "BYYEARDAY" in rule or "BYWEEKNO" in rule:
        return True
    weekdays = {str(day)[-2:].upper() for day in rule.get("BYDAY", ())}
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        if month in months:
            length = calendar.monthrange(year, month)[1]
            for monthday in monthdays:
                day = monthday if monthday > 0 else length + 1 + monthday
                if 1 <= day <= length and (not weekdays or _WEEKDAYS[date(year, month, day).weekday()] in weekdays):
                    return True
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return False


def rules_of(component) -> list:
    rules = component.get("RRULE")
    if rules is None:
        return []
    return rules if isinstance(rules, list) else [rules]


def _per_day(rule) -> int:
    """At most how many occurrences a rule can have in one day: the steps of its rhythm in a day
    (times the finer parts it expands by), and never more than the distinct times of day its
    BYHOUR, BYMINUTE and BYSECOND allow."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    hours, minutes, seconds = (len(rule.get(part, ())) for part in ("BYHOUR", "BYMINUTE", "BYSECOND"))
    if freq not in _SUB_DAILY:
        return (hours or 1) * (minutes or 1) * (seconds or 1)
    steps = max(1, 86400 // (_SECONDS[freq] * rule.get("INTERVAL", [1])[0]))
    if freq == "HOURLY":
        steps *= (minutes or 1) * (seconds or 1)
        distinct = (hours or 24) * (minutes or 1) * (seconds or 1)
    elif freq == "MINUTELY":
        steps *= seconds or 1
        distinct = (hours or 24) * (minutes or 60) * (seconds or 1)
    else:
        distinct = (hours or 24) * (minutes or 60) * (seconds or 60)
    return max(1, min(steps, distinct, 86400))


def _times_a_day(rule) -> int:
    return (len(rule.get("BYHOUR", ())) or 1) * (len(rule.get("BYMINUTE", ())) or 1) * (len(rule.get("BYSECOND", ())) or 1)


def _daily_if_costly(rule, start: datetime) -> None:
    """A YEARLY, MONTHLY or WEEKLY rule with many times a day makes the library go through every
    time of every day of its first period, before the start included (a year of seconds is 31
    million): rewrite it as the DAILY rule with the same occurrences, or Bad when it cannot be."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    days = _PERIOD_DAYS.get(freq)
    if days is None or days * _times_a_day(rule) <= PERIOD_BUDGET:
        return
    byday = [str(day) for day in rule.get("BYDAY", ())]
    ordinals = freq in ("YEARLY", "MONTHLY") and any(day[:1] in "+-0123456789" for day in byday)
    if rule.get("INTERVAL", [1])[0] != 1 or "BYSETPOS" in rule or ordinals:
        raise Bad(_("its repeat rule asks for up to {count} times in each {period}; planner cannot expand "
                    "that").format(count=f"{days * _times_a_day(rule):,}", period=freq.lower()))
    # The days the library takes from the start when the rule names none (as dateutil does).
    if not any(key in rule for key in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER")):
        if freq == "YEARLY":
            rule.setdefault("BYMONTH", [start.month])
            rule["BYMONTHDAY"] = [start.day]
        elif freq == "MONTHLY":
            rule["BYMONTHDAY"] = [start.day]
        else:
            rule["BYDAY"] = [_WEEKDAYS[start.weekday()]]
    rule["FREQ"] = ["DAILY"]


def bound_rules(component, window: tuple[datetime, datetime]) -> int:
    """Make a rule that can repeat more than daily start just before the window. Returns at most
    how many times a day the event repeats when that is more than once (0: at most daily)."""
    rules = rules_of(component)
    dense = [rule for rule in rules if _per_day(rule) > 1 or str(rule.get("FREQ", [""])[0]).upper() in _SUB_DAILY]
    if not dense:
        return 0
    start = component["DTSTART"].dt
    if not isinstance(start, datetime):
        raise Bad(_("its repeat rule repeats more than once a day but it has no time of day"))
    for rule in dense:
        _daily_if_costly(rule, start)
    per_day = max(_per_day(rule) for rule in dense)
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


def _set_size(rule, freq: str) -> int:
    """At most how many occurrences one period of the rule (a day, a week ...) has: what BYSETPOS
    picks from."""
    weekdays = {str(day)[-2:].upper() for day in rule.get("BYDAY", ())}
    monthdays = set(rule.get("BYMONTHDAY", ()))
    if freq in ("DAILY", *_SUB_DAILY):
        days = 1
    elif freq == "WEEKLY":
        days = len(weekdays) if weekdays else (7 if monthdays or "BYYEARDAY" in rule else 1)
    elif freq == "MONTHLY":
        days = min(31, len(monthdays) if monthdays else (5 * len(weekdays) if weekdays else 31))
    else:
        days = 366
    return days * _times_a_day(rule)


def _some_day(rule, first: date, last: date) -> bool:
    """Whether a day from ``first`` to ``last`` passes a daily or weekly rule's day filters (its
    BYMONTH, BYMONTHDAY, BYYEARDAY and week days; in such a rule a week day's number is ignored)."""
    months = set(rule.get("BYMONTH", ()))
    monthdays = set(rule.get("BYMONTHDAY", ()))
    yeardays = set(rule.get("BYYEARDAY", ()))
    weekdays = {_WEEKDAYS.index(str(day)[-2:].upper()) for day in rule.get("BYDAY", ())
                if str(day)[-2:].upper() in _WEEKDAYS}
    if "BYEASTER" in rule or not (months or monthdays or yeardays or weekdays):
        return True
    day = first
    while day <= last:
        if ((not months or day.month in months) and (not weekdays or day.weekday() in weekdays)
                and (not monthdays or day.day in monthdays
                     or day.day - calendar.monthrange(day.year, day.month)[1] - 1 in monthdays)
                and (not yeardays or _yearday(day) in yeardays
                     or _yearday(day) - (366 if calendar.isleap(day.year) else 365) - 1 in yeardays)):
            return True
        day += timedelta(days=1)
    return False


def _yearday(day: date) -> int:
    return day.timetuple().tm_yday


def length_of(component) -> timedelta:
    """How long the event lasts (0 when that cannot be said)."""
    start = component["DTSTART"].dt
    end = component.get("DTEND")
    duration = component.get("DURATION")
    try:
        length = duration.dt if duration is not None else (end.dt - start if end is not None else timedelta(0))
    except TypeError:  # a date and a date-time
        return timedelta(0)
    return length if isinstance(length, timedelta) and length > timedelta(0) else timedelta(0)


def _move_start(component, rule, freq: str, lo: datetime) -> None:
    """Move DTSTART forward by whole steps of the rule, to the last one that ends before ``lo``."""
    start = component["DTSTART"].dt
    end_prop = component.get("DTEND")
    length = length_of(component)
    interval = rule.get("INTERVAL", [1])[0]
    target = lo.astimezone(start.tzinfo).replace(tzinfo=None) - length - timedelta(days=2)
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
