"""Dates, times, durations, numbers and lists as a person reads them, in one place.

Every function takes an optional ``lang`` ("en" or "da"); without it the interface language
(:func:`planner.i18n.language`) is used. Messages to a client pass the client's language.

    short_date(d)        Tue 1 Dec            tir 1. dec
    long_date(d)         Tuesday 1 December 2026
    day_and_month(d)     Tuesday 1 December   tirsdag den 1. december
    clock(t)             09:05                9.05
    time_span(a, b)      09:00-10:30          9.00-10.30
    duration(m)          2 h 20 min           2 t 20 min
    compact(m)           2h20                 (narrow places: the day column's head)
    number(x), percent   12.5, 12.5 %         12,5, 12,5 %
    join([a, b, c])      a, b and c           a, b og c

Like the interface words (planner/i18n.py) this is a leaf: every layer may use it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.i18n import language

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
}


def _lang(lang: str | None) -> str:
    code = str(lang or language())
    return code if code in _WEEKDAYS else "en"


def weekday(day: date, *, lang: str | None = None, short: bool = False) -> str:
    """``Tuesday`` / ``tirsdag``; short: ``Tue`` / ``tir``."""
    name = _WEEKDAYS[_lang(lang)][day.weekday()]
    return name[:3] if short else name


def month(day: date, *, lang: str | None = None, short: bool = False) -> str:
    name = _MONTHS[_lang(lang)][day.month - 1]
    return name[:3] if short else name


def short_date(day: date, *, lang: str | None = None) -> str:
    """``Tue 1 Dec`` / ``tir 1. dec``."""
    code = _lang(lang)
    if code == "da":
        return f"{weekday(day, lang=code, short=True)} {day.day}. {month(day, lang=code, short=True)}"
    return f"{weekday(day, lang=code, short=True)} {day.day} {month(day, lang=code, short=True)}"


def day_month_year(day: date, *, lang: str | None = None) -> str:
    """``1 Dec 2026`` / ``1. dec 2026``."""
    code = _lang(lang)
    dot = "." if code == "da" else ""
    return f"{day.day}{dot} {month(day, lang=code, short=True)} {day.year}"


def day_and_month(day: date, *, lang: str | None = None) -> str:
    """``Tuesday 1 December`` / ``tirsdag den 1. december``."""
    code = _lang(lang)
    if code == "da":
        return f"{weekday(day, lang=code)} den {day.day}. {month(day, lang=code)}"
    return f"{weekday(day, lang=code)} {day.day} {month(day, lang=code)}"


def long_date(day: date, *, lang: str | None = None) -> str:
    """``Tuesday 1 December 2026`` / ``tirsdag den 1. december 2026``."""
    return f"{day_and_month(day, lang=lang)} {day.year}"


def clock(moment: datetime, tz: ZoneInfo | None = None, *, lang: str | None = None) -> str:
    """``09:05`` / ``9.05``, in ``tz`` if given."""
    if tz is not None:
        moment = moment.astimezone(tz)
    if _lang(lang) == "da":
        return f"{moment.hour}.{moment.minute:02d}"
    return f"{moment.hour:02d}:{moment.minute:02d}"


def time_span(start: datetime, end: datetime, tz: ZoneInfo | None = None, *, lang: str | None = None) -> str:
    """``09:00-10:30`` / ``9.00-10.30``."""
    return f"{clock(start, tz, lang=lang)}-{clock(end, tz, lang=lang)}"


def date_time(moment: datetime, tz: ZoneInfo | None = None, *, lang: str | None = None) -> str:
    """``Tue 1 Dec 14:00`` / ``tir 1. dec kl. 14.00``."""
    if tz is not None:
        moment = moment.astimezone(tz)
    if _lang(lang) == "da":
        return f"{short_date(moment.date(), lang='da')} kl. {clock(moment, lang='da')}"
    return f"{short_date(moment.date(), lang='en')} {clock(moment, lang='en')}"


def duration(minutes: int, *, lang: str | None = None) -> str:
    """140 -> ``2 h 20 min`` / ``2 t 20 min``; 120 -> ``2 h``; 40 -> ``40 min``; 0 -> ``0 min``."""
    hour = "t" if _lang(lang) == "da" else "h"
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    if hours and rest:
        return f"{sign}{hours} {hour} {rest} min"
    if hours:
        return f"{sign}{hours} {hour}"
    return f"{sign}{rest} min"


def compact(minutes: int, *, lang: str | None = None) -> str:
    """For narrow places: 340 -> ``5h40``, 300 -> ``5h``, 45 -> ``45m`` (``5t40``, ``5t`` in Danish)."""
    hour = "t" if _lang(lang) == "da" else "h"
    hours, rest = divmod(max(0, int(minutes)), 60)
    if hours and rest:
        return f"{hours}{hour}{rest:02d}"
    if hours:
        return f"{hours}{hour}"
    return f"{rest}m"


def number(value: float, *, lang: str | None = None) -> str:
    """``12.5`` / ``12,5``; whole numbers without decimals; thousands grouped (1,234 / 1.234)."""
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if _lang(lang) == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(value: float, *, lang: str | None = None) -> str:
    """``12.5 %`` / ``12,5 %``."""
    return f"{number(value, lang=lang)} %"


def join(items: list[str] | tuple[str, ...], *, lang: str | None = None) -> str:
    """``Acme, Nordlys and Bolig`` / ``Acme, Nordlys og Bolig``."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    word = "og" if _lang(lang) == "da" else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
