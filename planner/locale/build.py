"""Build the interface's languages with Babel: ``python -m planner.locale.build``.

1. Extract every marked string from planner/ (``_``, ``N_``, ``ngettext``, ``pgettext``, ``NP_``) into
   ``planner/locale/planner.pot``; update each ``<lang>/LC_MESSAGES/planner.po`` from it (new strings
   come in untranslated, changed ones fuzzy); compile each ``.po`` to its ``.mo``.
2. Write each language's ``formats.json``: the day and month names, the date and time patterns,
   the decimal sign, the percent sign's place, the list patterns and the duration units, from
   Babel's CLDR data (:func:`compile_formats`), so that planner formats dates without importing
   Babel at run time (it costs a command start-up some 25 ms).

The tests check that the catalogues are complete and compiled and that formats.json is what Babel
gives now.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
LANGUAGES = {"en": "en_GB", "da": "da"}  # planner's code -> the CLDR locale its formats come from
UNITS = {"en": "en", "da": "da"}  # ... and its duration units ("2 h 30 min": en_GB would say "mins")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}


def _strip_dot(text: str) -> str:
    """Abbreviations without their dot ("man." -> "man", "dec." -> "dec"): short enough for a
    column, and the day's own dot ("7.") stays where a pattern puts it."""
    return text[:-1] if text.endswith(".") else text


def _pattern(pattern: str) -> str:
    from babel.dates import parse_pattern

    return parse_pattern(pattern).format


def _without_year(pattern: str) -> str:
    """A full date pattern without its year ("EEEE 'den' d. MMMM y" -> "EEEE 'den' d. MMMM")."""
    for cut in (", y", " y", "y"):
        if pattern.endswith(cut):
            return pattern[: -len(cut)]
    return pattern


def compile_formats(code: str) -> dict:
    """What planner.formats needs of one language, from Babel's CLDR data."""
    from babel import Locale
    from babel.dates import get_date_format, get_day_names, get_month_names, get_time_format
    from babel.units import format_unit

    locale = Locale.parse(LANGUAGES[code])
    full = get_date_format("full", locale=locale).pattern
    short = locale.datetime_skeletons["MMMEd"].pattern.replace(",", "")
    units = Locale.parse(UNITS[code])
    hours = format_unit(7, "duration-hour", "narrow", locale=units).replace("7", "{0}", 1)
    if "{0} " not in hours:
        hours = hours.replace("{0}", "{0} ")
    minutes = _strip_dot(format_unit(7, "duration-minute", "short", locale=units)).replace("7", "{0}", 1)
    lists = locale.list_patterns["standard"]
    percent = locale.percent_formats[None].pattern
    return {
        "locale": str(locale),
        "weekdays": [get_day_names("wide", locale=locale)[i] for i in range(7)],
        "weekdays_short": [_strip_dot(get_day_names("abbreviated", locale=locale)[i]) for i in range(7)],
        "months": [get_month_names("wide", locale=locale)[i] for i in range(1, 13)],
        "months_short": [_strip_dot(get_month_names("abbreviated", locale=locale)[i]) for i in range(1, 13)],
        "long_date": _pattern(full),
        "day_and_month": _pattern(_without_year(full)),
        "short_date": _pattern(short),
        "time": _pattern(get_time_format("short", locale=locale).pattern),
        "date_time": locale.datetime_formats["medium"].replace("{1}", "%(date)s").replace("{0}", "%(time)s")
        .replace("'", ""),
        "decimal": locale.number_symbols["latn"]["decimal"],
        "group": locale.number_symbols["latn"]["group"],
        "percent": percent[percent.index("0") + 1:].replace("0", "").replace("#", ""),
        "list": {key: lists[key] for key in ("start", "middle", "end", "2")},
        "hours": hours,
        "minutes": minutes,
        "sample": _sample(locale),
    }


def _sample(locale) -> str:
    from babel.dates import format_date

    return format_date(date(2026, 12, 7), "full", locale=locale)


def formats_path(code: str) -> Path:
    return HERE / code / "formats.json"


def write_formats() -> None:
    for code in LANGUAGES:
        path = formats_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(compile_formats(code), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def sources() -> list[str]:
    """What the catalogue is extracted from: planner's code, and argparse's (its own words, "usage:",
    "error:", "show this help message and exit", are read from planner's catalogue once a language
    is active; see planner.i18n.activate)."""
    import argparse

    return [str(PACKAGE), argparse.__file__]


def catalogues() -> None:
    """pybabel extract, update and compile, as one step."""
    from babel.messages.frontend import CommandLineInterface

    pot = HERE / "planner.pot"
    keywords = ["-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2", "-k", "NP_:1c,2"]
    run = CommandLineInterface().run
    run(["pybabel", "-q", "extract", "--no-location", "--sort-output", *keywords, "--project", "planner",
         "--copyright-holder", "the planner authors", "-o", str(pot), *sources()])
    for code in LANGUAGES:
        if code == "en":
            continue
        po = HERE / code / "LC_MESSAGES" / "planner.po"
        if po.exists():
            run(["pybabel", "-q", "update", "--no-fuzzy-matching", "--ignore-obsolete", "-D", "planner", "-i", str(pot), "-d", str(HERE), "-l", code])
        else:
            run(["pybabel", "-q", "init", "-D", "planner", "-i", str(pot), "-d", str(HERE), "-l", code])
        run(["pybabel", "-q", "compile", "-D", "planner", "-d", str(HERE), "-l", code])


def main(argv: list[str]) -> int:
    if "--formats-only" not in argv:
        catalogues()
    write_formats()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
