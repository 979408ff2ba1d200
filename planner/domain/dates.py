"""Typed dates: what people write in the "start" box and in "go to date".

What is understood (case does not matter; English and Danish words):

- ISO: ``2026-12-01 14:00``, ``2026-12-01T14:00``, with an offset ``2026-10-25 02:30+01:00`` or ``Z``.
- Numbers: ``1/12 9:30`` (or ``1.12``; with a year ``1/12/2026``, ``1/12/26``) read day first or month
  first as ``day_first`` says; never guessed the other way round.
- Month names: ``1 dec 14:00``, ``dec 1 14:00``, ``1. december 2026 14.00``, ``tue 1 dec``.
- Week days: ``mon 14:00`` is the Monday of the shown week (``week_start``), whatever today is.
- Relative: ``today``, ``tomorrow``, ``yesterday``, ``i dag``, ``i morgen``, ``i går``,
  ``overmorgen``, ``+3`` (days), ``-1``, ``+2w`` (weeks). Relative to ``today`` (``parse_when``: to
  its ``today`` argument, else to the selected day).
- Times: ``14:00``, ``9:30``, ``14.00``, ``2pm``, ``2:30 pm``; a bare hour (``tomorrow 10``) only after
  a day. A time alone (``14:00``) is on the selected day.
- A date without a year is put in the year that brings it nearest to the selected day (``parse_when``)
  or today (``parse_day``): in December, ``5/1`` is next January.

Anything else, anything ambiguous (``10`` alone, ``1.12`` alone: 1 Dec or 01:12?), a local time the
clocks skip or repeat on a DST night, a date outside the years 1900-2199 (``planner.domain.limits``):
PlannerError saying what was understood and what to type.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from functools import cache

from dateutil.parser import isoparse

from planner.domain.errors import PlannerError
from planner import formats
from planner.formats import date_time, day_month_year, short_date
from planner.domain.limits import FIRST_YEAR, LAST_YEAR
from planner.domain.models import Fields
from planner.i18n import LANGUAGES, _

_RELATIVE = {
    "today": 0, "tomorrow": 1, "yesterday": -1,
    "idag": 0, "imorgen": 1, "igår": -1, "overmorgen": 2, "iovermorgen": 2,
}
_FILLER = {"at", "kl", "kl.", "klokken", "@", "on"}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_FULL = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[t ](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(z|[+-]\d{2}(?::?\d{2})?)?"
)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\.?")
_SHIFT = re.compile(r"([+-])(\d{1,4})\s*([dw]?)")
_CLOCK = re.compile(r"(\d{1,2})(?:([:.])(\d{2}))?\s*(am|pm)?")


def describe(dt: datetime) -> str:
    """``Tue 1 Dec 14:00``, in the datetime's own time zone, for "understood as"."""
    return date_time(dt)


def _describe_day(day: date) -> str:
    return f"{short_date(day)} {day.year}"


# --- context ----------------------------------------------------------------------------------


class _Context(Fields):
    day_first: bool
    today: date  # relative words count from here
    week_start: date  # weekday names fall in this week
    anchor: date  # a date without a year goes to the year nearest this
    example: str  # what to suggest typing


def _normalise(text: str) -> str:
    s = " ".join((text or "").replace(",", " ").lower().split())
    # Danish relative words written in two words.
    s = re.sub(r"\bi (dag|morgen|går|overmorgen)\b", r"i\1", s)
    return s


# --- days -------------------------------------------------------------------------------------


@cache
def _names(kind: str) -> tuple[tuple[str, int], ...]:
    """Every full month or weekday name (``kind`` "months" or "weekdays") of every language
    planner speaks, lower case, with its number: Babel's CLDR names from formats.json."""
    start = 1 if kind == "months" else 0
    return tuple(
        (name.lower(), start + i)
        for code in LANGUAGES
        for names in (formats.data(code)[kind], formats.data(code)[f"{kind}_short"])
        for i, name in enumerate(names)
    )


def _named(word: str, kind: str) -> int | None:
    """The month or weekday a word names: a name or the start of one, at least three letters
    ("dec", "sept", "december", "marts"; "tues", "thurs", "man", "søn"), with or without a dot."""
    word = word.rstrip(".")
    if len(word) < 3 or not word.isalpha():
        return None
    found = {number for name, number in _names(kind) if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _month_of(word: str) -> int | None:
    return _named(word, "months")


def weekday_of(word: str) -> int | None:
    """The weekday (0 Monday) a word names in any language planner speaks: "mon", "tues",
    "thursday", "man", "søndag"; None when it names none or several."""
    return _named(word.lower(), "weekdays")


def _day_number(word: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|\.)?", word)
    return int(match[1]) if match else None


def _check_month(raw: str, month: int, ctx: _Context) -> None:
    if not 1 <= month <= 12:
        raise PlannerError(_('"{text}" is not a date: month {month} does not exist; type e.g. {example}').format(
            text=raw, month=month, example=ctx.example))


def _outside(raw: str) -> PlannerError:
    return PlannerError(_('"{text}" is outside the years {first}-{last} planner works with; type a date in them').format(
        text=raw, first=FIRST_YEAR, last=LAST_YEAR))


def _in_range(raw: str, day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _outside(raw)
    return day


def _moved(raw: str, day: date, days: int) -> date:
    """``day`` moved by ``days``, within the years planner works with."""
    try:
        return _in_range(raw, day + timedelta(days=days))
    except OverflowError:
        raise _outside(raw) from None


def _build(raw: str, year: int | None, month: int, day: int, ctx: _Context, hint: str = "") -> date:
    """The date, in the given year or else the one nearest the anchor; errors say what is wrong."""
    _check_month(raw, month, ctx)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise _outside(raw)
    if day < 1:
        raise PlannerError(_('"{text}" is not a date: day {day} does not exist; type e.g. {example}').format(
            text=raw, day=day, example=ctx.example))
    # Without a year: the nearest of the anchor's year and the ones either side.
    years = [year] if year is not None else [ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1]
    candidates = []
    for y in years:
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            pass
    if not candidates and year is None and month == 2 and day == 29:
        leap = next(y for y in range(ctx.anchor.year, ctx.anchor.year + 8) if _is_leap(y))
        raise PlannerError(_(
            '"{text}" is not a date: February has no day 29 in {year1}, {year2} or {year3}; add the year, '
            "e.g. {example}").format(text=raw, year1=ctx.anchor.year - 1, year2=ctx.anchor.year,
                                     year3=ctx.anchor.year + 1, example=_with_year(raw, leap)))
    if not candidates:
        named = _month_name(month)
        where = f"{named} {year}" if year is not None else named
        raise PlannerError(_('"{text}" is not a date: {month} has no day {day}{hint}; type e.g. {example}').format(
            text=raw, month=where, day=day, hint=hint, example=ctx.example))
    return _in_range(raw, min(candidates, key=lambda d: (abs((d - ctx.anchor).days), -d.toordinal())))


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _with_year(raw: str, year: int) -> str:
    sep = "." if "." in raw else "/"
    return f"{raw.rstrip('.')}{sep}{year}" if re.fullmatch(r"[\d/.]+", raw) else f"{raw} {year}"


def _numeric_day(raw: str, match: re.Match, ctx: _Context) -> date:
    a, b = int(match[1]), int(match[2])
    day, month = (a, b) if ctx.day_first else (b, a)
    year = match[3]
    if year is not None:
        year = int(year) + (2000 if len(year) == 2 else 0)
    hint = ""
    swapped_day, swapped_month = month, day
    if (not 1 <= month <= 12 or day > 31) and 1 <= swapped_month <= 12 and 1 <= swapped_day <= 31:
        if ctx.day_first:
            hint = " " + _("(dates are read day first, as set in settings: did you mean {other}?)")
        else:
            hint = " " + _("(dates are read month first, as set in settings: did you mean {other}?)")
        hint = hint.format(other=f"{b}/{a}")
    if not 1 <= month <= 12:
        raise PlannerError(_('"{text}" is not a date: month {month} does not exist{hint}; type e.g. {example}').format(
            text=raw, month=month, hint=hint, example=ctx.example))
    return _build(raw, year, month, day, ctx, hint)


def _named_day(raw: str, words: list[str], ctx: _Context) -> date | None:
    """ "1 dec", "dec 1", "1. december 2026", "tue 1 dec" (the weekday must then be right)."""
    weekday = None
    if len(words) >= 3 and weekday_of(words[0]) is not None:
        weekday, words = weekday_of(words[0]), words[1:]
    year = None
    if len(words) == 3 and re.fullmatch(r"\d{4}", words[2]):
        year, words = int(words[2]), words[:2]
    if len(words) != 2:
        return None
    first, second = words
    if (month := _month_of(second)) is not None and (day := _day_number(first)) is not None:
        pass
    elif (month := _month_of(first)) is not None and (day := _day_number(second)) is not None:
        pass
    else:
        return None
    found = _build(raw, year, month, day, ctx)
    if weekday is not None and found.weekday() != weekday:
        raise PlannerError(_('"{text}" does not add up: {date} is a {weekday}; leave out the week day or fix the '
                             "date").format(text=raw, date=day_month_year(found), weekday=formats.weekday(found)))
    return found


def _month_name(number: int) -> str:
    return formats.month(date(2000, number, 1))


def _day(raw: str, ctx: _Context) -> date | None:
    """A day expression, or None when the text is not one. Raises for a date that cannot exist."""
    text = raw.strip()
    if not text:
        return None
    if text in _RELATIVE:
        return _moved(text, ctx.today, _RELATIVE[text])
    if (weekday := weekday_of(text)) is not None:
        return _moved(text, ctx.week_start, weekday)
    if match := _SHIFT.fullmatch(text):
        n = int(match[2]) * (7 if match[3] == "w" else 1)
        return _moved(text, ctx.today, n if match[1] == "+" else -n)
    if match := _ISO_DATE.fullmatch(text):
        return _build(text, int(match[1]), int(match[2]), int(match[3]), ctx)
    if match := _NUMERIC.fullmatch(text):
        return _numeric_day(text, match, ctx)
    return _named_day(text, text.split(), ctx)


# --- times ------------------------------------------------------------------------------------


def _clock(raw: str, *, bare_hour: bool) -> time | None:
    """A time of day, or None when the text is not one. Raises for an hour or minute that can't be."""
    match = _CLOCK.fullmatch(raw)
    if not match:
        return None
    hour, sep, minute, half = int(match[1]), match[2], match[3], match[4]
    if sep is None and half is None and not bare_hour:
        return None
    minute = int(minute) if minute is not None else 0
    if half is not None:
        if not 1 <= hour <= 12:
            raise PlannerError(_('"{text}" is not a time: there is no {hour} {half}; type e.g. 2pm or 14:00').format(
                text=raw, hour=hour, half=half))
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23:
        raise PlannerError(_('"{text}" is not a time: hour {hour} does not exist; type e.g. 14:00').format(
            text=raw, hour=hour))
    if minute > 59:
        raise PlannerError(_('"{text}" is not a time: minute {minute} does not exist; type e.g. 14:00').format(
            text=raw, minute=minute))
    return time(hour, minute)


def _split_time(words: list[str]) -> tuple[list[str], str]:
    """Split off the last word(s) that may be a time ("2 pm" is two words)."""
    if len(words) >= 2 and words[-1] in ("am", "pm"):
        return words[:-2], words[-2] + words[-1]
    return words[:-1], words[-1]


# --- DST --------------------------------------------------------------------------------------


def _localise(day: date, clock: time, tz: ZoneInfo, raw: str) -> datetime:
    """The aware datetime; PlannerError when the clocks skip or repeat that local time."""
    first = datetime.combine(day, clock, tzinfo=tz)
    second = first.replace(fold=1)
    u_first, u_second = first.astimezone(timezone.utc), second.astimezone(timezone.utc)
    if u_first == u_second:
        return first
    when = f"{day_month_year(day)} {clock:%H:%M}"
    name = getattr(tz, "key", str(tz))
    before, after = first.utcoffset(), second.utcoffset()
    if u_first > u_second:  # a gap: the local time never happens
        jump = _transition(u_second, u_first, tz)
        jump_from = (jump + before).strftime("%H:%M")
        jump_to = jump.astimezone(tz).strftime("%H:%M")
        raise PlannerError(_(
            '"{text}" does not exist: in {zone} the clocks jump from {jump_from} to {jump_to} on {date}, so there '
            "is no {when}; type e.g. {jump_to}").format(
            text=raw, zone=name, jump_from=jump_from, jump_to=jump_to, date=day_month_year(day), when=when))
    jump = _transition(u_first, u_second, tz)
    back_from = (jump + before).strftime("%H:%M")
    back_to = jump.astimezone(tz).strftime("%H:%M")
    raise PlannerError(_(
        '"{text}" is ambiguous: in {zone} the clocks go back from {back_from} to {back_to} on {date}, so {when} '
        "happens twice; type it with its UTC offset: {first} for the first, {second} for the second").format(
        text=raw, zone=name, back_from=back_from, back_to=back_to, date=day_month_year(day), when=when,
        first=f"{day.isoformat()} {clock:%H:%M}{_offset(before)}",
        second=f"{day.isoformat()} {clock:%H:%M}{_offset(after)}"))


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _transition(lo: datetime, hi: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant in [lo, hi] where tz's offset changes (to the minute), naive UTC + tz-free."""
    lo_offset = lo.astimezone(tz).utcoffset()
    while hi - lo > timedelta(minutes=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            break
        if mid.astimezone(tz).utcoffset() == lo_offset:
            lo = mid
        else:
            hi = mid
    return hi


# --- public -----------------------------------------------------------------------------------


def _example(day_first: bool, with_time: bool) -> str:
    base = "1/12" if day_first else "12/1"
    return f"{base} 14:00" if with_time else base


def parse_when(
    text: str,
    *,
    tz: ZoneInfo,
    day_first: bool,
    week_start: date,
    selected_day: date,
    today: date | None = None,
) -> datetime:
    """A typed date and time, as an aware datetime in ``tz`` (see the module doc for the forms)."""
    ctx = _Context(
        day_first=day_first,
        today=today or selected_day,
        week_start=week_start,
        anchor=selected_day,
        example=_example(day_first, True),
    )
    s = _normalise(text)
    if not s:
        raise _nothing_given(ctx)
    if match := _ISO_FULL.fullmatch(s):
        return _iso_when(text, s, match, ctx, tz)

    words = [w for w in s.split() if w not in _FILLER]
    said_clock = len(words) < len(s.split())  # "kl. 14", "at 10": a bare number is an hour
    if not words:
        raise _nothing_given(ctx)

    head, tail = _split_time(words)
    day_text = " ".join(head)
    if not head:
        # One word: a time on the selected day, or a day without a time, or a bare number.
        as_day = _safe_day(tail, ctx)
        as_time = _safe_clock(tail)
        if as_time is not None and as_day is not None and not tail.endswith(("am", "pm")):
            raise PlannerError(_(
                '"{text}" is ambiguous: the date {date} or the time {time}? type {time} for the time, or a date '
                "and a time such as {example}").format(
                text=tail, date=_describe_day(as_day), time=f"{as_time:%H:%M}", example=ctx.example))
        if as_time is None and said_clock and re.fullmatch(r"\d{1,2}", tail):
            as_time = _clock(tail, bare_hour=True)
        if as_time is not None:
            return _localise(selected_day, as_time, tz, text.strip())
        if re.fullmatch(r"\d{1,2}", tail):
            raise PlannerError(_(
                '"{text}" is ambiguous: type {time} for the time on {date}, or a date and a time such as '
                "{example}").format(text=tail, time=f"{int(tail):02d}:00", date=_describe_day(selected_day),
                                    example=ctx.example))
        day = _day(tail, ctx)
        if day is not None:
            raise _no_time(text, day, ctx)
        _clock(tail, bare_hour=False)  # raises for "25:00"-like input
        raise _not_understood(text, ctx)

    clock = _clock(tail, bare_hour=True)
    if clock is None:
        day = _day(" ".join(words), ctx)
        if day is not None:
            raise _no_time(text, day, ctx)
        raise _not_understood(text, ctx)
    day = _day(day_text, ctx)
    if day is None:
        whole = _safe_day(" ".join(words), ctx)
        if whole is not None:
            raise _no_time(text, whole, ctx)
        raise PlannerError(_(
            '"{text}" is not a day I understand (the time {time} is fine); type e.g. {example}, mon {time}, '
            "tomorrow {time} or 2026-12-01 {time}").format(text=day_text, time=f"{clock:%H:%M}", example=ctx.example))
    if not re.search(r"[:.]|am|pm", tail):
        # A bare number after the day: "tomorrow 10" is 10:00, but "dec 10" is a date, not 10:00.
        whole = _safe_day(" ".join(words), ctx)
        if whole is not None:
            raise _no_time(text, whole, ctx)
    return _localise(day, clock, tz, text.strip())


def _iso_when(text: str, s: str, match: re.Match, ctx: _Context, tz: ZoneInfo) -> datetime:
    """``2026-12-01 14:00``, with seconds and an offset (``+01:00``, ``Z``) if given."""
    day = _build(s, int(match[1]), int(match[2]), int(match[3]), ctx)
    clock = _clock(f"{match[4]}:{match[5]}", bare_hour=False)
    if not match[7]:
        return _localise(day, clock.replace(second=int(match[6] or 0)), tz, text.strip())
    try:
        parsed = isoparse(f"{day.isoformat()}T{clock:%H:%M}:{match[6] or '00'}{match[7].upper()}")
    except ValueError:
        raise PlannerError(_('"{text}" has an offset I cannot read: write it like +01:00 or Z').format(
            text=text.strip())) from None
    try:
        return parsed.astimezone(tz)
    except OverflowError:
        raise _outside(text.strip()) from None


def _safe_day(text: str, ctx: _Context) -> date | None:
    try:
        return _day(text, ctx)
    except PlannerError:
        return None


def _safe_clock(text: str) -> time | None:
    try:
        return _clock(text, bare_hour=False)
    except PlannerError:
        return None


def _no_time(text: str, day: date, ctx: _Context) -> PlannerError:
    return PlannerError(_('"{text}" has no time (understood as {date}); add one, e.g. {text} 14:00').format(
        text=text.strip(), date=_describe_day(day)))


def _not_understood(text: str, ctx: _Context) -> PlannerError:
    return PlannerError(_(
        '"{text}" is not a date and time I understand; type e.g. {example}, mon 9:30, tomorrow 10, 14:00 or '
        "2026-12-01 14:00").format(text=text.strip(), example=ctx.example))


def _nothing_given(ctx: _Context) -> PlannerError:
    return PlannerError(_("no date or time given; type e.g. {example}, mon 9:30 or 14:00").format(example=ctx.example))


def parse_day(text: str, *, day_first: bool, today: date, week_start: date | None = None) -> date:
    """A typed day for "go to date": 2026-12-01, 1/12, 1 dec, mon (of the shown week, else of this
    week), today, tomorrow, +3, -1, +2w, or an ISO week such as 2026-W49 (its Monday)."""
    from planner.domain.timeutil import parse_iso_week
    from planner.domain.timeutil import week_start as monday_of

    ctx = _Context(
        day_first=day_first,
        today=today,
        week_start=week_start or monday_of(today),
        anchor=today,
        example=_example(day_first, False),
    )
    s = _normalise(text)
    if not s:
        raise PlannerError(_("no date given; type e.g. {example}, 2026-12-01, mon or tomorrow").format(
            example=ctx.example))
    if re.fullmatch(r"\d{4}-?w\d{1,2}", s):
        return parse_iso_week(text.strip())
    day = _day(s, ctx)
    if day is not None:
        return day
    words = s.split()
    if len(words) >= 2:
        head, tail = _split_time(words)
        if _safe_clock(tail) is not None and _safe_day(" ".join(head), ctx) is not None:
            raise PlannerError(_('"{text}" has a time; for a day leave it out, e.g. {day}').format(
                text=text.strip(), day=" ".join(head)))
    raise PlannerError(_('"{text}" is not a date I understand; type e.g. {example}, 2026-12-01, 1 dec, mon, '
                         "tomorrow or +3").format(text=text.strip(), example=ctx.example))
