"""The sync's parts that need no server: passwords, and how a change is written into an event."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest

from planner.domain.errors import PlannerError
from planner.domain.models import Meeting, Source, Status
from planner.services.sync.credentials import run_password_command
from planner.services.sync.edit import edit_event
from planner.services.sync.remote import normalise_url
from support import at

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)

SERIES = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:w\r\n"
    "DTSTAMP:20261101T000000Z\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Weekly\r\nSEQUENCE:2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:i\r\n"
    "DTSTAMP:20261101T000000Z\r\nDTSTART:20261203T090000Z\r\nDURATION:PT1H\r\nSUMMARY:Review\r\n"
    "ORGANIZER:mailto:ann@nordlys.dk\r\nATTENDEE;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:me@example.com\r\n"
    "ATTENDEE:mailto:ann@nordlys.dk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def occurrence(key: str, **changes) -> Meeting:
    base = Meeting(client_id="c", title="Weekly", start=at(8, "10:00"), end=at(8, "11:00"), source=Source("w", key))
    return base.with_changes(**changes)


def test_a_password_command_gives_its_first_line():
    assert run_password_command(f"{sys.executable} -c \"print('s3cret'); print('other')\"") == "s3cret"


@pytest.mark.parametrize("command, says", [
    ("no-such-program-here", "was not found"),
    (f"{sys.executable} -c \"import sys; sys.exit(3)\"", "failed (exit 3)"),
    (f"{sys.executable} -c \"pass\"", "printed no password"),
    ('pass show "unclosed', "cannot be read"),
])
def test_a_password_command_that_fails_says_why(command, says):
    with pytest.raises(PlannerError, match=says.replace("(", r"\(").replace(")", r"\)")):
        run_password_command(command)


def test_addresses():
    assert normalise_url(" webcal://calendar.example.com/x.ics ") == "https://calendar.example.com/x.ics"
    with pytest.raises(PlannerError, match="not a calendar address"):
        normalise_url("calendar.example.com")


def test_one_occurrence_moved_becomes_an_override_and_the_series_stays():
    moved = occurrence("20261208T090000Z", start=at(8, "12:00"), end=at(8, "12:30"))
    text = edit_event(SERIES, [(moved, ["start", "end"])], [], me=set(), client_names={}, now=NOW).text
    assert text.count("BEGIN:VEVENT") == 2 and "RRULE:FREQ=WEEKLY;COUNT=4" in text
    assert "RECURRENCE-ID:20261208T090000Z" in text
    assert "DTSTART;TZID=Europe/Copenhagen:20261208T120000" in text and "SEQUENCE:3" in text


def test_an_occurrence_deleted_in_planner_becomes_an_exdate():
    text = edit_event(SERIES, [], ["20261215T090000Z"], me=set(), client_names={}, now=NOW).text
    assert "EXDATE:20261215T090000Z" in text and "SEQUENCE:3" in text


def test_a_cancelled_occurrence_only_you_attend_is_taken_off():
    cancelled = occurrence("20261208T090000Z", status=Status.CANCELLED)
    edited = edit_event(SERIES, [(cancelled, ["status"])], [], me={"me@example.com"}, client_names={}, now=NOW)
    assert "EXDATE:20261208T090000Z" in edited.text and edited.removed == ["20261208T090000Z"]


def test_cancelling_a_meeting_with_others_marks_it_cancelled():
    meeting = Meeting(client_id="c", title="Review", start=at(3, "10:00"), end=at(3, "11:00"),
                      status=Status.CANCELLED, source=Source("i"))
    text = edit_event(INVITE, [(meeting, ["status"])], [], me={"me@example.com"}, client_names={}, now=NOW).text
    assert "STATUS:CANCELLED" in text and "UID:i" in text and "SEQUENCE:1" in text


def test_delegating_declines_your_invitation_and_names_the_colleague():
    meeting = Meeting(client_id="c", title="Review", start=at(3, "10:00"), end=at(3, "10:30"),
                      status=Status.DELEGATED, lead="Jonas", source=Source("i"))
    text = edit_event(INVITE, [(meeting, ["status", "end"])], [], me={"me@example.com"}, client_names={},
                      now=NOW).text
    unfolded = text.replace("\r\n ", "")
    assert "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com" in unfolded
    assert "COMMENT:Delegated to Jonas" in text and "DURATION" not in text
    assert "DTEND;TZID=Europe/Copenhagen:20261203T103000" in text
    assert "ATTENDEE:mailto:ann@nordlys.dk" in unfolded  # the others are untouched
