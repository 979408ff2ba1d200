"""Adding and checking a meeting (planner.application.meetings): the one set of rules the
command line's `add` and the app's meeting form share, tested without either."""

from __future__ import annotations

from datetime import date

import pytest

from planner.application.meetings import MeetingInput, Where, check_meeting
from planner.domain.models import ME, Client, Location, Settings
from planner.i18n import speaking

MONDAY = date(2026, 11, 30)
WHERE = Where(MONDAY, MONDAY)
ACME = Client(name="[VIP] Ærø & Co")


def check(**typed):
    data = MeetingInput(typed.pop("client", ACME.name), typed.pop("title", "Statusmøde"),
                        typed.pop("start", "tue 14:00"), typed.pop("end", "1h"), **typed)
    return check_meeting(data, clients=[ACME], settings=Settings(), where=WHERE)


def test_a_typed_meeting_becomes_one_on_the_day_and_time_typed():
    found = check()
    assert found.ok and found.new_client is None
    meeting = found.meeting
    assert (meeting.start.date(), meeting.start.hour, meeting.minutes) == (date(2026, 12, 1), 14, 60)
    assert meeting.client_id == ACME.id and meeting.lead == ME


@pytest.mark.parametrize(("language", "typed"), [("en", "me"), ("en", "Me"), ("da", "mig"), ("da", "MIG"), ("da", "me")])
def test_you_lead_it_in_either_language(language, typed):
    with speaking(language):
        assert check(lead=typed).meeting.lead == ME


def test_a_colleague_leads_it_by_name():
    assert check(lead="  Jonas ").meeting.lead == "Jonas"


def test_travel_to_a_meeting_not_at_the_client_is_refused_with_the_field_named():
    found = check(location=Location.VIDEO, travel="30m")
    assert not found.ok and "travel" in found.errors and found.meeting is None


def test_a_mistyped_start_is_an_error_on_that_field_only():
    found = check(start="tue 25:99")
    assert set(found.errors) == {"start"} and found.meeting is None


def test_a_new_client_name_creates_the_client():
    found = check(client="Fjordhus Bryggeri")
    assert found.ok and found.new_client is not None and found.new_client.name == "Fjordhus Bryggeri"
    assert found.meeting.client_id == found.new_client.id
