"""The one place the sync meets the calendar import: fetched calendar text -> the import's plan.

Pulled events go through exactly the merge ``planner import`` uses (your own edits kept, series
expanded, overrides, cancelled and declined events), so a meeting behaves the same whether it came
from a file or a server. Everything the sync needs from the import is here, so that a change of
the import's API is a change of this module only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from planner.services import ics as _import

if TYPE_CHECKING:
    from planner.domain.models import Meeting, Settings
    from planner.services.ics import ImportPlan, ImportResult
    from planner.services.store import Store

DEFAULT_WEEKS_BACK = _import.DEFAULT_WEEKS_BACK
DEFAULT_WEEKS_AHEAD = _import.DEFAULT_WEEKS_AHEAD
X_STATUS, X_LOCATION, X_CLIENT = _import.X_STATUS, _import.X_LOCATION, _import.X_CLIENT
X_LEAD = _import.X_LEAD


def preview_text(text: str, calendar: str, store: Store, settings: Settings, *, today: date,
                 me: Sequence[str] = (), remove_missing: bool = False, by_source: bool = False) -> ImportPlan:
    """What importing ``text`` (one or more VCALENDARs, concatenated) as the calendar named
    ``calendar`` would change. Writes nothing. Raises PlannerError for text that is no calendar."""
    return _import.preview_text(text, calendar, store, settings, today=today, weeks_back=DEFAULT_WEEKS_BACK,
                                weeks_ahead=DEFAULT_WEEKS_AHEAD, remove_missing=remove_missing, me=me,
                                calendar=calendar, by_source=by_source)


def commit(plan: ImportPlan, store: Store) -> ImportResult:
    return _import.commit(plan, store)


def calendar_of(meeting: Meeting) -> str:
    """The calendar a meeting was last imported or synced from ("" if none)."""
    return _import.read_imported(meeting)[0]


def changed_fields(meeting: Meeting) -> list[str]:
    """The fields of a synced meeting changed in planner since it was last synced."""
    return _import.user_changed(meeting)


def mark_synced(meeting: Meeting, calendar: str) -> Meeting:
    """The meeting recorded as in step with ``calendar`` as it is now (nothing left to push)."""
    values = {name: getattr(meeting, name) for name in _import.TRACKED}
    return meeting.with_changes(imported=_import.imported_text(calendar, _import.fingerprint(values)))


def recurrence_value(key: str, tz=None):
    """A Source.recurrence_id back to a RECURRENCE-ID value (in ``tz`` for an instant)."""
    from planner.services.ics.events import recurrence_value as value_of

    return value_of(key, tz)


def recurrence_key(value) -> str:
    """A RECURRENCE-ID (date or datetime) in the form Source.recurrence_id holds it."""
    return _import.recurrence_key(value)
