"""Export a week as .ics, with the wizard's changes applied, so the user can carry them back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from support import TODAY
from planner.domain.models import Client, Location, Meeting, Status, Topic
from planner.services.ics_export import export_week, to_ics
from planner.services.ics import commit, preview

from support import CPH, ICS as FIXTURES
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def week_store(store):
    """The Google week imported, then changed the way the wizard changes meetings."""
    acme = Client(name="Acme", domains=("acme.dk",))
    vip = Client(name="[VIP] Ærø & Co")
    store.save_client(acme)
    store.save_client(vip)
    commit(preview(FIXTURES / "google_week.ics", store, today=TODAY), store)
    by_title = {m.title: m for m in store.meetings()}
    # Phone instead, and shortened to 30 minutes.
    status = by_title["Statusmøde"]
    store.save_meeting(status.with_changes(status=Status.PHONE, location=Location.PHONE))
    review = by_title["Kvartalsreview – [VIP] Ærø & Co"]
    store.save_meeting(review.with_changes(status=Status.SHORTENED, end=review.start + timedelta(minutes=30)))
    # Cancelled.
    dentist = by_title["Tandlæge"]
    store.save_meeting(dentist.with_changes(status=Status.CANCELLED))
    # Rescheduled to Friday afternoon.
    weekly = next(m for m in store.meetings() if m.title == "Weekly sync" and m.start.date() == date(2026, 11, 30))
    store.save_meeting(weekly.with_changes(status=Status.RESCHEDULED,
                                           start=datetime(2026, 12, 4, 15, 0, tzinfo=CPH),
                                           end=datetime(2026, 12, 4, 16, 0, tzinfo=CPH),
                                           travel_minutes=25))
    # Typed in by hand, in another zone, delegated to a colleague.
    store.save_meeting(Meeting(client_id=acme.id, title="Call med New York", lead="Sofie",
                               start=datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("America/New_York")),
                               end=datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("America/New_York")),
                               status=Status.DELEGATED, topic=Topic.IMPORTANT, notes="Husk: æ, ø, å"))
    return store


def _parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_export_is_a_valid_calendar_with_the_changes(week_store):
    text, count = export_week(week_store, TODAY, now=NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    calendar = _parse(text)
    assert calendar["VERSION"] == "2.0" and "planner" in str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    assert len(events) == count == 6  # the meetings starting in 2026-W49
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
    # A VTIMEZONE for every zone the events use, and nothing missing.
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} >= {"Europe/Copenhagen", "America/New_York"}
    assert calendar.get_missing_tzids() == set()

    by_title = {str(e["SUMMARY"]): e for e in events}
    assert by_title["Tandlæge"]["STATUS"] == "CANCELLED"
    assert by_title["Statusmøde"]["LOCATION"] == "Phone call"
    assert by_title["Statusmøde"]["UID"] == "acme-status-1@google.com"
    assert by_title["Statusmøde"]["SEQUENCE"] == 1  # changed since imported: newer than the calendar's
    review = by_title["Kvartalsreview – [VIP] Ærø & Co"]
    assert review["DTEND"].dt - review["DTSTART"].dt == timedelta(minutes=30)
    weekly = by_title["Weekly sync"]
    assert weekly["DTSTART"].dt == datetime(2026, 12, 4, 15, 0, tzinfo=CPH)
    assert weekly["UID"] == "nordlys-weekly@google.com"
    assert weekly["RECURRENCE-ID"].dt == datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)  # that occurrence
    offsite = by_title["Team offsite"]
    assert offsite["DTSTART"].dt == date(2026, 12, 3) and offsite["DTEND"].dt == date(2026, 12, 4)
    delegated = by_title["Call med New York"]
    assert delegated["TRANSP"] == "TRANSPARENT" and str(delegated["DTSTART"].params["TZID"]) == "America/New_York"
    assert str(delegated["DESCRIPTION"]) == "Husk: æ, ø, å"


def test_round_trip_into_an_empty_database_gives_the_same_meetings(week_store, tmp_path):
    from planner.services.store import Store

    text, _count = export_week(week_store, TODAY, now=NOW)
    path = tmp_path / "week.ics"
    path.write_bytes(text.encode("utf-8"))

    def shape(store, meetings):
        names = {c.id: c.name for c in store.clients()}
        return sorted(
            (m.title, m.start.astimezone(timezone.utc), m.end.astimezone(timezone.utc), m.all_day, m.status,
             m.location, names[m.client_id], m.notes, m.travel_minutes, m.lead, m.topic)
            for m in meetings
        )

    monday = datetime(2026, 11, 30, tzinfo=CPH)
    exported = [m for m in week_store.meetings_between(monday, monday + timedelta(days=7)) if m.start >= monday]
    with Store.open(tmp_path / "empty.json") as empty:
        plan = preview(path, empty, today=TODAY)
        assert not plan.skipped and not plan.warnings
        commit(plan, empty)
        assert shape(empty, empty.meetings()) == shape(week_store, exported)


def test_cli_export_ics(cli, tmp_path):
    cli("clients", "add", "Acme", "--domain", "acme.dk")
    assert cli("import", str(FIXTURES / "google_week.ics")).code == 0
    out = tmp_path / "w49.ics"
    result = cli("export-ics", "--week", "2026-W49", "--out", str(out))
    assert result.code == 0, result.err
    assert "wrote 5 meetings of 2026-W49" in result.err
    calendar = _parse(out.read_text(encoding="utf-8"))
    assert len(calendar.walk("VEVENT")) == 5
    # Without --out: the calendar on standard output.
    result = cli("export-ics")
    assert result.code == 0 and result.out.startswith("BEGIN:VCALENDAR")
    result = cli("export-ics", "--week", "2026-W60")
    assert result.code == 1 and "is not a week" in result.err
    result = cli("export-ics", "--out", str(tmp_path / "no" / "such" / "folder" / "x.ics"))
    assert result.code == 1 and "cannot write" in result.err


def test_empty_week_is_still_a_valid_calendar(store):
    text = to_ics([], store.settings(), now=NOW)
    calendar = _parse(text)
    assert calendar["VERSION"] == "2.0" and calendar.walk("VEVENT") == []
