"""Reading and changing the settings: one set of checks for the settings screen and for
``planner settings set KEY VALUE``.

Every setting is typed as text and read by :func:`parse_setting`; :func:`check_settings` reads a
set of them against the current settings and returns the new settings, or the errors by field
(plus notes saying what was understood). The numbers have ranges (:data:`LIMITS`): a limit of a
million days or a negative gap is refused with a line saying what fits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from planner.domain.amounts import parse_clock, parse_minutes
from planner.domain.errors import PlannerError
from planner.domain.models import Settings
from planner.domain.text import clean_block, clean_line
from planner.domain.timeutil import zone
from planner.formats import duration, weekday
from planner.i18n import LANGUAGES, N_, _

MINUTE_FIELDS = ("busy_minutes", "overload_minutes", "week_overload_minutes", "b2b_gap_minutes",
                 "focus_block_minutes", "email_minutes", "sync_minutes")
COUNT_FIELDS = ("busy_count", "overload_count", "b2b_chain", "slot_window_days")
TEXT_FIELDS = ("name", "email", "theme", "drafts_dir")
# The advice's cost model (planner/domain/advice/judge.py): what it weighs, each from 0 to 10.
WEIGHT_FIELDS = ("advice_hour_value", "advice_problem_value", "advice_key_weight", "advice_change_penalty")

# field -> (lowest, highest): what a person can set (minutes for the minute fields).
LIMITS: dict[str, tuple[int, int]] = {
    "busy_minutes": (1, 24 * 60),
    "overload_minutes": (1, 24 * 60),
    "week_overload_minutes": (1, 7 * 24 * 60),
    "b2b_gap_minutes": (0, 4 * 60),
    "focus_block_minutes": (1, 24 * 60),
    "email_minutes": (0, 8 * 60),
    "busy_count": (1, 100),
    "overload_count": (1, 100),
    "b2b_chain": (2, 100),
    "slot_window_days": (1, 60),
    "sync_minutes": (0, 24 * 60),  # 0: the app syncs only when asked (r)
}

# What each setting is called (the settings screen's labels and `planner settings show`).
LABELS = {
    "name": N_("Name"), "signature": N_("Signature"), "email": N_("Email"), "language": N_("Language"),
    "timezone": N_("Time zone"), "work_days": N_("Work days"), "work_start": N_("Work starts"),
    "work_end": N_("Work ends"), "show_weekends": N_("Weekends"), "busy_minutes": N_("Busy above"),
    "overload_minutes": N_("Overloaded above"), "week_overload_minutes": N_("Week limit"),
    "b2b_gap_minutes": N_("Back-to-back gap"), "focus_block_minutes": N_("Focus block"),
    "email_minutes": N_("Email costs"), "busy_count": N_("Busy above (meetings)"),
    "overload_count": N_("Overloaded above (meetings)"), "b2b_chain": N_("Back-to-back chain"),
    "slot_window_days": N_("Reschedule window"), "day_first": N_("Date order"), "theme": N_("Theme"),
    "drafts_dir": N_("Drafts folder"), "sync_minutes": N_("Sync every"),
    "advice_hour_value": N_("Advice: an hour freed is worth"),
    "advice_problem_value": N_("Advice: a day's problem cleared is worth"),
    "advice_key_weight": N_("Advice: a key client weighs"),
    "advice_change_penalty": N_("Advice: each recent change to a client's meetings adds"),
}
SETTABLE = tuple(LABELS)

_YES = {"yes", "y", "true", "1", "on", "ja", "j"}
_NO = {"no", "n", "false", "0", "off", "nej"}


def label(field: str) -> str:
    return _(LABELS.get(field, field))


def _flag(text: str, what: str) -> bool:
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise PlannerError(_('{what}: "{text}" is not yes or no').format(what=what, text=text.strip()))


def _work_days(text: str, what: str) -> tuple[int, ...]:
    from planner.domain.dates import weekday_of

    days: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        word = part.strip().lower()
        if not word:
            continue
        if word.isdigit() and 0 <= int(word) <= 6:
            days.add(int(word))
        elif (day := weekday_of(word)) is not None:
            days.add(day)
        else:
            raise PlannerError(_('{what}: "{text}" is not a day; type e.g. mon,tue,wed,thu,fri').format(
                what=what, text=part.strip()))
    return tuple(sorted(days))


def _ranged(field: str, value: int) -> int:
    low, high = LIMITS[field]
    if not low <= value <= high:
        if field in MINUTE_FIELDS:
            span = _("{low} to {high}").format(low=duration(low), high=duration(high))
        else:
            span = _("{low} to {high}").format(low=low, high=high)
        raise PlannerError(_("{what}: {value} is out of range; it can be {span}").format(
            what=label(field), value=duration(value) if field in MINUTE_FIELDS else value, span=span))
    return value


def parse_setting(field: str, text: str):
    """The value of one setting typed as text; PlannerError saying what to type."""
    what = label(field)
    if field in MINUTE_FIELDS:
        return _ranged(field, parse_minutes(text, what=what))
    if field in COUNT_FIELDS:
        if not text.strip().isdigit():
            raise PlannerError(_("{what}: type a whole number").format(what=what))
        return _ranged(field, int(text.strip()))
    if field in ("work_start", "work_end"):
        return parse_clock(text, what=what)
    if field in WEIGHT_FIELDS:
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            raise PlannerError(_("{what}: type a number, e.g. 1.5").format(what=what)) from None
        if not 0 <= value <= 10:  # also refuses nan and inf
            raise PlannerError(_("{what}: {value} is out of range; it can be 0 to 10").format(what=what, value=text.strip()))
        return value
    if field == "timezone":
        zone(text.strip())
        return text.strip()
    if field == "language":
        word = text.strip().lower()
        if word in ("", "auto"):
            return ""
        if word in LANGUAGES:
            return word
        raise PlannerError(_("{what}: use auto (from the locale), en or da").format(what=what))
    if field == "work_days":
        return _work_days(text, what)
    if field in ("show_weekends", "day_first"):
        if field == "day_first" and text.strip().lower() in ("day", "month"):
            return text.strip().lower() == "day"
        return _flag(text, what)
    if field == "signature":
        return clean_block(text)
    if field == "email":
        email = clean_line(text)
        if email and ("@" not in email or " " in email):
            raise PlannerError(_("That does not look like an email address (name@example.com)."))
        return email
    if field in TEXT_FIELDS:
        return clean_line(text)
    raise PlannerError(_("there is no setting {name!r}; the settings are {names}").format(
        name=field, names=", ".join(SETTABLE)))


def setting_text(settings: Settings, field: str) -> str:
    """A setting as text that :func:`parse_setting` reads back."""
    value = getattr(settings, field)
    if field in MINUTE_FIELDS:
        from planner.domain.amounts import minutes_text

        return minutes_text(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if field == "work_days":
        return ",".join(weekday(date(2024, 1, 1 + d), short=True, lang="en").lower() for d in value)
    if isinstance(value, bool):
        if field == "day_first":
            return "day" if value else "month"
        return "yes" if value else "no"
    if field == "language":
        return value or "auto"
    return str(value)


def sync_note(minutes: int) -> str:
    """What the ``sync_minutes`` setting means, in words."""
    if not minutes:
        return _("off: the app syncs only when you ask it to")
    return _("the app syncs your calendars every {duration}").format(duration=duration(minutes))


def check_settings(current: Settings, typed: Mapping[str, str]) -> tuple[Settings | None, dict[str, str], dict[str, str]]:
    """The settings with ``typed`` applied, or None; the errors and the notes by field."""
    errors: dict[str, str] = {}
    notes: dict[str, str] = {}
    changes: dict[str, object] = {}
    for field, text in typed.items():
        try:
            changes[field] = parse_setting(field, text)
        except PlannerError as exc:
            errors[field] = str(exc)
            continue
        if field == "sync_minutes":
            notes[field] = sync_note(changes[field])
        elif field in MINUTE_FIELDS:
            notes[field] = duration(changes[field])
    merged = {name: changes.get(name, getattr(current, name)) for name in Settings.FIELDS}
    if "work_start" not in errors and "work_end" not in errors and merged["work_end"] <= merged["work_start"]:
        errors["work_end"] = _("Work must end after it starts (e.g. 09:00 to 17:00).")
    if not merged["work_days"]:
        notes["work_days"] = _("No work days: every day is shown, none has focus time.")
    for busy, over in (("busy_minutes", "overload_minutes"), ("busy_count", "overload_count")):
        if busy not in errors and over not in errors and merged[over] < merged[busy]:
            errors[over] = _("Overloaded must not be below busy.")
    if errors:
        return None, errors, notes
    return current.with_changes(**changes), {}, notes


def set_setting(store, field: str, text: str) -> Settings:
    """``planner settings set KEY VALUE``: check and save one setting."""
    if field not in SETTABLE:
        raise PlannerError(_("there is no setting {name!r}; the settings are {names}").format(
            name=field, names=", ".join(SETTABLE)))
    new, errors, _notes = check_settings(store.settings(), {field: text})
    if errors:
        raise PlannerError(next(iter(errors.values())))
    with store.batch():
        store.save_settings(new)
    return new
