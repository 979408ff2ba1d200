"""Reading a week: its meetings from the store (only that week's), analysed, with the client names.
The agenda command and the week view both show a week this way."""

from __future__ import annotations

from datetime import date

from planner.domain.load import WeekLoad, analyse_week
from planner.domain.models import Settings
from planner.domain.timeutil import day_bounds, week_start, zone


def client_names(store) -> dict[str, str]:
    return {c.id: c.name for c in store.clients()}


def load_week(store, day: date, settings: Settings | None = None, names: dict[str, str] | None = None) -> tuple[WeekLoad, dict[str, str]]:
    """The ISO week holding ``day``, analysed, and the client names by id."""
    settings = settings or store.settings()
    tz = zone(settings.timezone)
    lo, hi = day_bounds(week_start(day), tz, 7)
    meetings = store.meetings_between(lo, hi)
    names = client_names(store) if names is None else names
    return analyse_week(day, meetings, settings, names), names
