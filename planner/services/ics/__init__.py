"""Calendar import: an .ics export from Google, Outlook, Apple or Nextcloud -> meetings.

Two steps, so the app can show what would happen before anything changes:

    plan = preview(path, store, settings, today=today)   # reads the file and the store, writes nothing
    commit(plan, store)                                    # one atomic Store.batch(), or nothing

``preview_text(text, source_name, store, settings, today=...)`` previews calendar text that was
not read from a file (a calendar server's events) through the same merge.

The modules, by what they do:

- ``reader``: the file (regular files only, at most 20 MB, UTF-8 with a per-line fallback);
- ``scanner``: the fast line scanner, the only reader of single events;
- ``events``: one event -> a meeting's values (times, zones, status, cleaned text, organizer);
- ``series``: repeating events, through icalendar and recurring-ical-events, bounded;
- ``rules``: what a repeat rule may ask for, checked and bounded before it is expanded;
- ``clients``: which client and which kind of location;
- ``merge``: the plan against the store (new, updated, kept, missing) and ``commit``;
- ``records``: the plan's records (ImportPlan, Skip, Change, ImportResult).

Limits, so that a calendar file cannot exhaust the machine: a regular file of at most 20 MB;
dates in the years 1900-2199; ``Settings.series_limit`` occurrences of one repeating event (1,000
unless set); IMPORT_LIMIT meetings created by one import; SERIES_SECONDS spent on repeating events.
"""

from planner.services.ics.clients import UNASSIGNED, location_kind
from planner.services.ics.events import recurrence_key
from planner.services.ics.merge import (
    DEFAULT_WEEKS_AHEAD,
    DEFAULT_WEEKS_BACK,
    IMPORT_LIMIT,
    MAX_WEEKS,
    TRACKED,
    commit,
    fingerprint,
    imported_text,
    preview,
    preview_text,
    read_imported,
    user_changed,
)
from planner.services.ics.reader import MAX_BYTES, read_calendar, read_calendar_text
from planner.services.ics.records import Change, ImportPlan, ImportResult, Skip, skipped_count
from planner.services.ics.scanner import X_CLIENT, X_LEAD, X_LOCATION, X_STATUS, X_TOPIC, X_TRAVEL

__all__ = [
    "DEFAULT_WEEKS_AHEAD", "DEFAULT_WEEKS_BACK", "IMPORT_LIMIT", "MAX_BYTES", "MAX_WEEKS", "TRACKED", "UNASSIGNED",
    "X_CLIENT", "X_LEAD", "X_LOCATION", "X_STATUS", "X_TOPIC", "X_TRAVEL",
    "Change", "ImportPlan", "ImportResult", "Skip", "skipped_count",
    "commit", "fingerprint", "imported_text", "location_kind", "preview", "preview_text", "read_calendar", "read_calendar_text",
    "read_imported", "recurrence_key", "user_changed",
]
