"""Two-way CalDAV sync and .ics subscriptions, against a real Radicale and a real web server.

Each test makes its own calendar on the session's server, so tests never see each other's events.
"Another program" changing the calendar is the test writing to Radicale directly, as a phone or a
colleague's calendar app would.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from planner.application import calendars as app
from planner.domain.errors import PlannerError
from planner.domain.models import Meeting, Status
from planner.services.store import Store
from planner.services.sync import state as sync_state
from support import TODAY, at

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)
PASSWORD = "echo wonderland"


def event(uid: str, start: str, end: str, title: str = "Status", extra: str = "", seq: int = 0) -> str:
    """One event as a calendar app writes it (times in UTC: 20261203T090000Z)."""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nSEQUENCE:{seq}\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
            f"SUMMARY:{title}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n")


def sync(store, name=None, **kw):
    outcome = app.sync(store, name, today=TODAY, now=NOW, **kw)
    assert not outcome.errors, outcome.errors
    return outcome.reports[0]


@pytest.fixture
def work(radicale):
    return radicale.new_calendar()


@pytest.fixture
def laptop(tmp_path, work):
    """A planner data file with the calendar `work` added."""

    def make(name: str = "a", password_command: str = PASSWORD) -> Store:
        store = Store.open(tmp_path / f"{name}.json")
        app.add_calendar(store, "work", work, user="alice", password_command=password_command)
        return store

    opened = []

    def tracked(*args, **kw):
        opened.append(make(*args, **kw))
        return opened[-1]

    yield tracked
    for store in opened:
        store.close()


def only(store, title: str) -> Meeting:
    found = [m for m in store.meetings() if m.title == title]
    assert len(found) == 1, [m.title for m in store.meetings()]
    return found[0]


def test_first_pull_then_nothing_to_fetch(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Kickoff Nordlys"))
    radicale.put(work, "a2", event("a2", "20261204T130000Z", "20261204T143000Z", "Review"))
    store = laptop()
    report = sync(store)
    assert (report.first, report.pulled_new) == (True, 2)
    kickoff = only(store, "Kickoff Nordlys")
    assert kickoff.start == at(3, "10:00") and kickoff.source.uid == "a1"
    again = sync(store)
    assert again.unchanged and again.pulled_new == again.pulled_updated == 0
    assert store.meetings() == [kickoff, only(store, "Review")]


def test_an_expired_sync_token_starts_over_without_duplicates(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Status"))
    store = laptop()
    sync(store)
    calendar = sync_state.calendar_named(store, "work")
    kept = sync_state.load_state(store, calendar.id)
    kept.token = "http://radicale.org/ns/sync/0000000000000000000000000000000000000000"
    sync_state.save_state(store, kept)
    radicale.put(work, "a2", event("a2", "20261204T090000Z", "20261204T100000Z", "New one"))
    report = sync(store)
    assert report.pulled_new == 1 and sorted(m.title for m in store.meetings()) == ["New one", "Status"]


def test_a_change_on_the_server_is_pulled(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Status"))
    radicale.put(work, "a2", event("a2", "20261204T090000Z", "20261204T100000Z", "Other"))
    store = laptop()
    sync(store)
    radicale.put(work, "a1", event("a1", "20261203T110000Z", "20261203T120000Z", "Status (moved)", seq=1))
    report = sync(store)
    assert (report.pulled_new, report.pulled_updated) == (0, 1)
    assert only(store, "Status (moved)").start == at(3, "12:00")


def test_a_planner_change_reaches_the_server_and_a_second_laptop(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T103000Z", "Account review",
                                   extra="LOCATION:Vesterbrogade 1, 1620 København V\r\n"))
    first = laptop("first")
    sync(first)
    meeting = only(first, "Account review")
    first.save_meeting(meeting.with_changes(end=meeting.start + timedelta(minutes=30), status=Status.PHONE))
    report = sync(first)
    assert report.pushed_changed == 1
    text = radicale.get(work, "a1")
    assert "UID:a1" in text and "SEQUENCE:1" in text and "LOCATION:Phone call" in text
    assert "DTEND;TZID=Europe/Copenhagen:20261203T103000" in text
    assert sync(first).unchanged  # its own change is not pulled back as news

    second = laptop("second")
    sync(second)
    seen = only(second, "Account review")
    assert (seen.start, seen.end, seen.status) == (at(3, "10:00"), at(3, "10:30"), Status.PHONE)


def test_both_sides_changed_is_a_conflict_and_nothing_is_overwritten(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget"))
    store = laptop()
    sync(store)
    meeting = only(store, "Budget")
    store.save_meeting(meeting.with_changes(end=at(3, "10:30")))  # shortened here
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T110000Z", "Budget", seq=1))  # longer there
    report = sync(store)
    assert [(c.title, c.reason, c.fields) for c in report.conflicts] == [("Budget", "changed", ["end"])]
    assert "DTEND:20261203T110000Z" in radicale.get(work, "a1")  # the server's version stands
    assert only(store, "Budget").end == at(3, "10:30")  # and yours stays here
    again = sync(store)
    assert again.pushed_changed == 0 and again.pending == 1  # not pushed while pending
    app.resolve_conflict(store, "Budget", keep_mine=False, today=TODAY)
    assert only(store, "Budget").end == at(3, "12:00")
    assert sync(store).pending == 0


def test_keeping_mine_sends_it_at_the_next_sync(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget"))
    store = laptop()
    sync(store)
    store.save_meeting(only(store, "Budget").with_changes(title="Budget (short)"))
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget 2027", seq=1))
    assert sync(store).conflicts
    app.resolve_conflict(store, "Budget (short)", keep_mine=True, today=TODAY)
    assert sync(store).pushed_changed == 1
    assert "SUMMARY:Budget (short)" in radicale.get(work, "a1")


def test_a_server_copy_changed_between_pull_and_push_is_not_overwritten(radicale, work, laptop):
    """The race a 412 guards against: another laptop writes after our pull, before our push."""
    from planner.services.sync.push import outgoing, push
    from planner.services.sync.pull import SyncReport
    from planner.services.sync.remote import CalDAV

    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget"))
    store = laptop()
    sync(store)
    store.save_meeting(only(store, "Budget").with_changes(title="Budget (mine)"))
    calendar = sync_state.calendar_named(store, "work")
    state = sync_state.load_state(store, calendar.id)
    out = outgoing(store, calendar, state, today=TODAY)
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget (theirs)", seq=1))
    report = SyncReport("work", "caldav")
    conn = CalDAV(calendar.collection, "alice", "wonderland")
    push(conn, store, calendar, state, out, report, today=TODAY, now=NOW)
    assert report.pushed_changed == 0 and [c.title for c in report.conflicts] == ["Budget (mine)"]
    assert "SUMMARY:Budget (theirs)" in radicale.get(work, "a1")
    assert only(store, "Budget (mine)").source.uid == "a1"


def test_changes_made_in_planner_while_a_push_is_under_way_are_kept(radicale, work, laptop, monkeypatch):
    """The app syncs in a thread while you work: an edit or a delete made while the requests go
    out is neither overwritten nor undone by what the sync records afterwards."""
    from planner.services.sync.remote import CalDAV

    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget"))
    radicale.put(work, "a2", event("a2", "20261204T090000Z", "20261204T100000Z", "Review"))
    store = laptop()
    sync(store)
    store.save_meeting(only(store, "Budget").with_changes(title="Budget (short)"))
    store.save_meeting(only(store, "Review").with_changes(title="Review (moved)"))
    real_put = CalDAV.put

    def put_while_you_work(conn, href, text, etag):
        answer = real_put(conn, href, text, etag)
        if href == "a1.ics":  # you, in the app, while the first request was out
            store.save_meeting(only(store, "Budget (short)").with_changes(notes="bring the figures"))
            store.delete_meeting(only(store, "Review (moved)").id)
        return answer

    monkeypatch.setattr(CalDAV, "put", put_while_you_work)
    assert sync(store).pushed_changed == 2
    monkeypatch.setattr(CalDAV, "put", real_put)
    assert only(store, "Budget (short)").notes == "bring the figures"
    assert [m.title for m in store.meetings()] == ["Budget (short)"]
    again = sync(store)  # what was done meanwhile goes now
    assert (again.pushed_changed, again.pushed_deleted) == (1, 1)
    assert "bring the figures" in radicale.get(work, "a1") and radicale.get(work, "a2") is None


def test_a_change_made_in_planner_while_a_pull_is_merged_is_kept(radicale, work, laptop, monkeypatch):
    from planner.services.sync import adapter

    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget"))
    store = laptop()
    sync(store)
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Budget 2027", seq=1))
    real_preview = adapter.preview_text
    edits = []

    def preview_while_you_work(*args, **kwargs):
        plan = real_preview(*args, **kwargs)
        if not edits:  # you, in the app, while the sync worked out what the server's change means
            edits.append(store.save_meeting(only(store, "Budget").with_changes(notes="bring the figures")))
        return plan

    monkeypatch.setattr(adapter, "preview_text", preview_while_you_work)
    report = sync(store)
    assert report.pulled_updated == 1 and report.conflicts == []
    kept = only(store, "Budget 2027")
    assert kept.notes == "bring the figures"


def test_deleted_on_the_server_and_deleted_in_planner(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Goes there"))
    radicale.put(work, "a2", event("a2", "20261204T090000Z", "20261204T100000Z", "Goes here"))
    store = laptop()
    sync(store)
    radicale.delete(work, "a1")
    store.delete_meeting(only(store, "Goes here").id)
    report = sync(store)
    assert (report.pulled_removed, report.pushed_deleted) == (1, 1)
    assert store.meetings() == []
    assert radicale.get(work, "a2") is None


def test_deleted_on_the_server_but_changed_here_stays(radicale, work, laptop):
    radicale.put(work, "a1", event("a1", "20261203T090000Z", "20261203T100000Z", "Keep me"))
    store = laptop()
    sync(store)
    store.save_meeting(only(store, "Keep me").with_changes(notes="my notes"))
    radicale.delete(work, "a1")
    report = sync(store)
    assert [(c.reason, c.fields) for c in report.conflicts] == [("deleted-there", ["notes"])]
    assert only(store, "Keep me").notes == "my notes"


SERIES = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261201T090000Z\r\n"
    "DTEND:20261201T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Weekly sync\r\n"
    "ATTENDEE;CN=Me:mailto:me@example.com\r\nATTENDEE;CN=Client:mailto:ann@nordlys.dk\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTAMP:20261101T000000Z\r\nRECURRENCE-ID:20261208T090000Z\r\n"
    "DTSTART:20261208T130000Z\r\nDTEND:20261208T140000Z\r\nSUMMARY:Weekly sync (moved)\r\n"
    "ATTENDEE;CN=Me:mailto:me@example.com\r\nATTENDEE;CN=Client:mailto:ann@nordlys.dk\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_series_with_an_override_both_ways(radicale, work, laptop):
    radicale.put(work, "weekly", SERIES)
    store = laptop()
    store.save_settings(store.settings().with_changes(email="me@example.com"))
    sync(store)
    starts = [m.start for m in store.meetings()]
    assert starts == [at(1, "10:00"), at(8, "14:00"), at(15, "10:00"), at(22, "10:00")]
    third = store.meetings()[2]
    store.save_meeting(third.with_changes(status=Status.DELEGATED, lead="Jonas"))
    fourth = store.meetings()[3]
    store.save_meeting(fourth.with_changes(start=at(22, "11:00"), end=at(22, "11:30")))
    assert sync(store).pushed_changed == 2
    text = radicale.get(work, "weekly")
    assert text.count("BEGIN:VEVENT") == 4 and "RRULE:FREQ=WEEKLY;COUNT=4" in text
    assert "PARTSTAT=DECLINED" in text and "COMMENT:Delegated to Jonas" in text

    second = laptop("second")
    second.save_settings(second.settings().with_changes(email="other@example.com"))
    sync(second)
    seen = second.meetings()
    assert [m.start for m in seen] == [at(1, "10:00"), at(8, "14:00"), at(15, "10:00"), at(22, "11:00")]
    assert seen[2].status is Status.DELEGATED and seen[3].end == at(22, "11:30")


def test_a_cancelled_meeting_only_you_attend_is_removed(radicale, work, laptop):
    radicale.put(work, "solo", event("solo", "20261203T090000Z", "20261203T100000Z", "Focus"))
    store = laptop()
    sync(store)
    store.save_meeting(only(store, "Focus").with_changes(status=Status.CANCELLED))
    assert sync(store).pushed_deleted == 1
    assert radicale.get(work, "solo") is None
    kept = only(store, "Focus")
    assert kept.status is Status.CANCELLED and kept.source is None
    assert sync(store).pushed_new == 0  # a cancelled meeting is not sent back


def test_a_meeting_made_in_planner_goes_to_the_calendar(radicale, work, laptop):
    from planner.domain.models import Client

    first = laptop("first")
    client = Client(name="Nordlys")
    first.save_client(client)
    made = Meeting(client_id=client.id, title="Lunch with Ann", start=at(4, "12:00"), end=at(4, "13:00"))
    first.save_meeting(made)
    assert sync(first).pushed_new == 1
    assert f"UID:{made.id}@planner" in radicale.get(work, f"{made.id}@planner")
    assert sync(first).unchanged
    second = laptop("second")
    sync(second)
    seen = only(second, "Lunch with Ann")
    assert seen.start == at(4, "12:00") and second.client(seen.client_id).name == "Nordlys"


def test_a_server_that_is_down_changes_nothing(tmp_path, radicale, work, laptop):
    store = laptop()
    calendar = sync_state.calendar_named(store, "work")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    calendar.collection = f"http://127.0.0.1:{port}/alice/work/"
    sync_state.save_calendar(store, calendar)
    before = store.path.read_bytes()
    with pytest.raises(PlannerError, match=r"cannot reach 127\.0\.0\.1:\d+"):
        app.sync(store, "work", today=TODAY, now=NOW)
    assert "cannot reach" in app.list_calendars(store)[0].last_error
    outcome = app.sync(store, today=TODAY, now=NOW)  # every calendar: the failure is listed
    assert outcome.errors and outcome.errors[0][0] == "work"
    assert store.meetings() == [] and len(before) > 0


def test_a_quiet_sync_after_trouble_clears_it_and_records_the_time(radicale, work, laptop):
    radicale.put(work, "q1", event("q1", "20261203T090000Z", "20261203T100000Z", "Known"))
    store = laptop()
    sync(store)
    calendar = sync_state.calendar_named(store, "work")
    calendar.password_command = "echo wrong"
    sync_state.save_calendar(store, calendar)
    with pytest.raises(PlannerError, match="refused"):
        app.sync(store, "work", today=TODAY, now=NOW)
    calendar.password_command = PASSWORD
    sync_state.save_calendar(store, calendar)
    later = NOW + timedelta(hours=1)
    outcome = app.sync(store, "work", today=TODAY, now=later)  # nothing changed on either side
    assert not outcome.errors and outcome.reports[0].unchanged
    status = app.list_calendars(store)[0]
    assert status.last_error == "" and datetime.fromisoformat(status.last_sync) == later


def test_a_wrong_password_is_refused_with_a_clear_error(radicale, work, laptop, tmp_path):
    store = Store.open(tmp_path / "x.json")
    try:
        with pytest.raises(PlannerError, match="refused the user name or password"):
            app.add_calendar(store, "work", work, user="alice", password_command="echo wrong")
        assert app.list_calendars(store) == []
    finally:
        store.close()


def test_a_huge_calendar_pulls_and_then_fetches_only_the_change(radicale, work, laptop):
    events = []
    for i in range(1000):
        day = datetime(2026, 12, 1, tzinfo=timezone.utc) + timedelta(days=i % 300, hours=i % 8)
        events.append(event(f"e{i}", f"{day:%Y%m%dT%H%M%SZ}", f"{day + timedelta(minutes=30):%Y%m%dT%H%M%SZ}",
                            f"Meeting {i}").split("BEGIN:VEVENT", 1)[1].rsplit("END:VCALENDAR", 1)[0])
    radicale.upload(work, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                    + "".join("BEGIN:VEVENT" + e for e in events) + "END:VCALENDAR\r\n")
    store = laptop()
    seen = []
    outcome = app.sync(store, today=TODAY, now=NOW, progress=lambda *step: seen.append(step))
    assert outcome.reports[0].pulled_new == 1000 and len(store.meetings()) == 1000
    assert ("work", "fetch", 1000, 1000) in seen
    href = next(i.href for i in sync_state.load_state(store, app.list_calendars(store)[0].calendar.id).items.values()
                if i.uid == "e7")
    radicale.put(work, href.removesuffix(".ics"), event("e7", "20261208T070000Z", "20261208T080000Z", "Changed", seq=1))
    seen.clear()
    report = app.sync(store, today=TODAY, now=NOW, progress=lambda *step: seen.append(step)).reports[0]
    assert (report.pulled_new, report.pulled_updated) == (0, 1)
    assert ("work", "fetch", 1, 1) in seen


def test_an_ics_subscription_is_read_only(ics_server, tmp_path):
    url = ics_server.serve(event("h1", "20261203T090000Z", "20261203T100000Z", "Holiday party"))
    with Store.open(tmp_path / "s.json") as store:
        calendar = app.add_calendar(store, "holidays", url)
        assert calendar.kind == "ics" and not calendar.writable
        assert sync(store).pulled_new == 1
        assert sync(store).unchanged  # 304 Not Modified
        party = only(store, "Holiday party")
        store.save_meeting(party.with_changes(end=at(3, "10:30")))
        report = sync(store)
        assert report.local_only == 1
        path = url.rsplit("/", 1)[1]
        ics_server.files["/" + path] = event("h2", "20261204T090000Z", "20261204T100000Z", "New year")
        report = sync(store)
        assert (report.pulled_new, report.pulled_removed) == (1, 0)  # the changed party stays, yours
        assert {m.title for m in store.meetings()} == {"Holiday party", "New year"}


def test_a_webcal_address_is_a_subscription(ics_server, tmp_path):
    url = ics_server.serve(event("h1", "20261203T090000Z", "20261203T100000Z", "Party"))
    from planner.services.sync.remote import normalise_url

    assert normalise_url("webcal://example.com/x.ics") == "https://example.com/x.ics"
    with Store.open(tmp_path / "s.json") as store:
        plain = url.removesuffix(".ics") + ".ics"
        assert app.add_calendar(store, "p", plain).kind == "ics"


def test_many_changes_are_fetched_in_batches_side_by_side(radicale, work, laptop):
    """A sync that has to fetch more than one batch (here: a lost sync token and 600 ETags that no
    longer match) fetches them all, in parallel requests, with nothing doubled."""
    events = [event(f"b{i}", f"202612{1 + i % 28:02d}T0{i % 9}0000Z", f"202612{1 + i % 28:02d}T0{i % 9}3000Z",
                    f"Batch {i}").split("BEGIN:VEVENT", 1)[1].rsplit("END:VCALENDAR", 1)[0] for i in range(700)]
    radicale.upload(work, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                    + "".join("BEGIN:VEVENT" + e for e in events) + "END:VCALENDAR\r\n")
    store = laptop()
    sync(store)
    calendar = sync_state.calendar_named(store, "work")
    kept = sync_state.load_state(store, calendar.id)
    kept.token = ""
    for item in list(kept.items.values())[:600]:
        item.etag = '"stale"'
    sync_state.save_state(store, kept)
    seen = []
    report = app.sync(store, today=TODAY, now=NOW, progress=lambda *step: seen.append(step)).reports[0]
    assert ("work", "fetch", 600, 600) in seen and ("work", "fetch", 250, 600) in seen
    assert (report.pulled_new, report.pulled_updated, report.pulled_removed) == (0, 0, 0)
    assert len(store.meetings()) == 700
    assert all(i.etag != '"stale"' for i in sync_state.load_state(store, calendar.id).items.values())
