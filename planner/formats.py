"""Dates, times, durations, numbers and lists as a person reads them, in one place.

Every function takes an optional ``lang`` ("en" or "da"); without it the interface language
(:func:`planner.i18n.language`) is used. Messages to a client pass the client's language.

    short_date(d)        Mon 7 Dec                man 7. dec
    day_and_month(d)     Monday, 7 December       mandag den 7. december
    long_date(d)         Monday, 7 December 2026  mandag den 7. december 2026
    clock(t)             09:05                    09.05
    time_span(a, b)      09:00-10:30              09.00-10.30
    duration(m)          2 h 30 min               2 t 30 min
    compact(m)           2h30                     2t30   (narrow places: the day column's head)
    number(x), percent   12.5, 12.5%              12,5, 12,5 %
    join([a, b, c])      a, b and c               a, b og c
    week_name(d)         2026-W49                 Uge 49   (in the interface language)

The names, patterns, signs and units are Babel's (CLDR), compiled into
planner/locale/<lang>/formats.json by ``python -m planner.locale.build``, so that no command pays
for importing Babel. Like planner/i18n.py this is a leaf: every layer may use it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from planner.i18n import LOCALE_DIR, language, pgettext


@lru_cache(maxsize=4)
def data(lang: str) -> dict:
    """The compiled formats of a language (English for one planner does not speak)."""
    code = lang if lang in ("en", "da") else "en"
    return json.loads((LOCALE_DIR / code / "formats.json").read_text(encoding="utf-8"))


def _d(lang: str | None) -> dict:
    return data(str(getattr(lang, "value", lang) or language()))


def _fields(day: date, d: dict) -> dict:
    return {
        "EEEE": d["weekdays"][day.weekday()], "EEE": d["weekdays_short"][day.weekday()],
        "E": d["weekdays_short"][day.weekday()], "d": str(day.day), "dd": f"{day.day:02d}",
        "MMMM": d["months"][day.month - 1], "MMM": d["months_short"][day.month - 1], "y": str(day.year),
        "yyyy": str(day.year), "M": str(day.month), "MM": f"{day.month:02d}",
    }


def weekday(day: date, *, lang: str | None = None, short: bool = False) -> str:
    """``Monday`` / ``mandag``; short: ``Mon`` / ``man``."""
    return _d(lang)["weekdays_short" if short else "weekdays"][day.weekday()]


def month(day: date, *, lang: str | None = None, short: bool = False) -> str:
    return _d(lang)["months_short" if short else "months"][day.month - 1]


def short_date(day: date, *, lang: str | None = None) -> str:
    """``Mon 7 Dec`` / ``man 7. dec``."""
    d = _d(lang)
    return d["short_date"] % _fields(day, d)


def day_and_month(day: date, *, lang: str | None = None) -> str:
    """``Monday, 7 December`` / ``mandag den 7. december``."""
    d = _d(lang)
    return d["day_and_month"] % _fields(day, d)


def long_date(day: date, *, lang: str | None = None) -> str:
    """``Monday, 7 December 2026`` / ``mandag den 7. december 2026``."""
    d = _d(lang)
    return d["long_date"] % _fields(day, d)


def day_month_year(day: date, *, lang: str | None = None) -> str:
    """``7 Dec 2026`` / ``7. dec 2026``: the short date's day and month, with the year."""
    return f"{short_date(day, lang=lang).split(' ', 1)[1]} {day.year}"


def clock(moment: datetime, tz: ZoneInfo | None = None, *, lang: str | None = None, prose: bool = False) -> str:
    """``09:05`` / ``09.05``, in ``tz`` if given; ``prose``: the hour as a sentence writes it,
    without its leading zero (``kl. 9.05``, ``at 9:05``)."""
    if tz is not None:
        moment = moment.astimezone(tz)
    hour = str(moment.hour) if prose else f"{moment.hour:02d}"
    fields = {"HH": hour, "H": str(moment.hour), "mm": f"{moment.minute:02d}"}
    return _d(lang)["time"] % fields


def time_span(start: datetime, end: datetime, tz: ZoneInfo | None = None, *, lang: str | None = None) -> str:
    """``09:00-10:30`` / ``09.00-10.30``."""
    return f"{clock(start, tz, lang=lang)}-{clock(end, tz, lang=lang)}"


def date_time(moment: datetime, tz: ZoneInfo | None = None, *, lang: str | None = None) -> str:
    """``Mon 7 Dec, 14:00`` / ``man 7. dec 14.00``."""
    if tz is not None:
        moment = moment.astimezone(tz)
    d = _d(lang)
    return d["date_time"] % {"date": short_date(moment.date(), lang=lang), "time": clock(moment, lang=lang)}


def duration(minutes: int, *, lang: str | None = None) -> str:
    """140 -> ``2 h 20 min`` / ``2 t 20 min``; 120 -> ``2 h``; 40 -> ``40 min``; 0 -> ``0 min``."""
    d = _d(lang)
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    parts = []
    if hours:
        parts.append(d["hours"].format(number(hours, lang=lang)))  # 1,000 h and more grouped
    if rest or not hours:
        parts.append(d["minutes"].format(rest))
    return sign + " ".join(parts)


def compact(minutes: int, *, lang: str | None = None) -> str:
    """For narrow places: 340 -> ``5h40``, 300 -> ``5h``, 45 -> ``45m`` (``5t40``, ``5t`` in Danish)."""
    hour = _d(lang)["hours"].replace("{0}", "").strip()
    hours, rest = divmod(max(0, int(minutes)), 60)
    if hours and rest:
        return f"{hours}{hour}{rest:02d}"
    if hours:
        return f"{hours}{hour}"
    return f"{rest}m"


def number(value: float, *, lang: str | None = None, digits: int = 1) -> str:
    """``12.5`` / ``12,5``; whole numbers without decimals; thousands grouped (1,234 / 1.234);
    at most ``digits`` decimals."""
    d = _d(lang)
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\0").replace(".", d["decimal"]).replace("\0", d["group"])


def percent(value: float, *, lang: str | None = None) -> str:
    """``12.5%`` / ``12,5 %``."""
    return f"{number(value, lang=lang)}{_d(lang)['percent']}"


def join(items: list[str] | tuple[str, ...], *, lang: str | None = None) -> str:
    """``Acme, Nordlys and Bolig`` / ``Acme, Nordlys og Bolig`` (the locale's list patterns)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    patterns = _d(lang)["list"]
    if len(items) == 2:
        return patterns["2"].format(*items)
    text = patterns["end"].format(items[-2], items[-1])
    for item in reversed(items[1:-2]):
        text = patterns["middle"].format(item, text)
    return patterns["start"].format(items[0], text)


def week_name(day: date) -> str:
    """The week of ``day`` as a heading names it, in the interface language: ``2026-W49`` (ISO)
    in English, ``Uge 49`` as Danes write it."""
    year, week, _weekday = day.isocalendar()
    return pgettext("week header", "{year}-W{week}").format(year=year, week=f"{week:02d}", number=week)
