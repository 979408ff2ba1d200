"""The ranges planner computes with, so that no date or number it accepts can overflow later.

- Dates and times: the years 1900-2199. Python's dates end at 9999, but a meeting in 9999 cannot
  get an end, a week after it or a time zone conversion without overflowing; nobody plans a meeting
  outside these years. Typed dates, imported events and the data file are all held to them.
- Numbers in the data file and the settings have ranges of their own (``planner.services.schema``).
"""

from __future__ import annotations

from datetime import date

from planner.domain.errors import PlannerError
from planner.i18n import _

FIRST_YEAR = 1900
LAST_YEAR = 2199


def year_in_range(value: date) -> bool:
    """Whether a date (or a date and time, in its own zone) falls in FIRST_YEAR..LAST_YEAR."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def out_of_range(what: str, value: object) -> PlannerError:
    """The error for a date outside the years planner works with; ``what`` names the field."""
    return PlannerError(
        _("{what} {value} is outside the years {first}-{last} planner works with").format(
            what=what, value=value, first=FIRST_YEAR, last=LAST_YEAR)
    )


def check_year(value: date, what: str) -> None:
    """PlannerError unless ``value`` is in range (see :func:`out_of_range`)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise out_of_range(what, value)
