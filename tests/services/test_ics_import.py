"""Calendar import as a new user meets it: real exports in, meetings out, re-import that only
changes what changed, clear messages for bad files and a store that is never half-written."""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from support import TODAY
from planner.domain.errors import PlannerError
from planner.domain.models import Client, Location, Status
from planner.services.ics import UNASSIGNED, commit, location_kind, preview

from support import CPH, ICS as FIXTURES
UTC = timezone.utc


def _site_packages() -> Path:
    import icalendar

    return Path(icalendar.__file__).parent.parent


ICALENDAR_CALENDARS = _site_packages() / "icalendar" / "tests" / "calendars"
RIE_CALENDARS = _site_packages() / "recurring_ical_events" / "test" / "calendars"


@pytest.fixture
def clients(store):
    acme = Client(name="Acme", domains=("acme.dk",))
    nordlys = Client(name="Nordlys", domains=("nordlys.no",))
    vip = Client(name="[VIP] Ærø & Co")
    bonjour = Client(name="Bonjour", domains=("bonjour.fr",))
    for client in (acme, nordlys, vip, bonjour):
        store.save_client(client)
    return {c.name: c for c in (acme, nordlys, vip, bonjour)}


def _import(store, path, **options):
    options.setdefault("today", TODAY)
    plan = preview(path, store, store.settings(), **options)
    commit(plan, store)
    return plan


def _by_title(store):
    found: dict[str, list] = {}
    for meeting in store.meetings():
        found.setdefault(meeting.title, []).append(meeting)
    return found


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _client_name(store, meeting):
    return store.client(meeting.client_id).name


# ---------------------------------------------------------------------------------------------
# A Google export


def test_google_export_week(store, clients):
    plan = _import(store, FIXTURES / "google_week.ics")
    meetings = _by_title(store)

    status = meetings["Statusmøde"][0]
    # 13:00Z with X-WR-TIMEZONE Europe/Copenhagen: 14:00 local.
    assert status.start == datetime(2026, 12, 1, 14, 0, tzinfo=CPH)
    assert status.end - status.start == timedelta(hours=1)
    assert _client_name(store, status) == "Acme"  # organizer's domain
    assert status.location is Location.VIDEO  # Meet link in the description
    assert "meet.google.com" not in status.notes
    assert status.source.uid == "acme-status-1@google.com" and status.source.recurrence_id is None

    # The client named in the title, brackets and Danish letters and all.
    vip = meetings["Kvartalsreview – [VIP] Ærø & Co"][0]
    assert _client_name(store, vip) == "[VIP] Ærø & Co"
    # No domain, no name: Unassigned, a client the user can reassign.
    dentist = meetings["Tandlæge"][0]
    assert _client_name(store, dentist) == UNASSIGNED

    # All-day: kept and shown, marked all_day (the load analysis does not count it).
    offsite = meetings["Team offsite"][0]
    assert offsite.all_day and offsite.start == datetime(2026, 12, 3, tzinfo=CPH)
    assert offsite.end == datetime(2026, 12, 4, tzinfo=CPH)

    # The weekly series: expanded in the window, EXDATE honoured, the moved occurrence moved.
    weekly = sorted(meetings["Weekly sync"], key=lambda m: m.start)
    starts = {m.start.astimezone(CPH).date() for m in weekly}
    assert date(2026, 11, 30) in starts and date(2026, 12, 14) in starts
    assert date(2026, 12, 7) not in starts  # EXDATE
    assert date(2026, 11, 16) not in starts  # moved, under its own title
    moved = meetings["Weekly sync (moved)"][0]
    assert moved.start == datetime(2026, 11, 16, 14, 30, tzinfo=CPH)
    assert moved.source.recurrence_id == "20261116T090000Z"
    assert all(m.location is Location.CLIENT_SITE for m in weekly)  # a street address
    assert all(_client_name(store, m) == "Nordlys" for m in weekly)
    # Window: 8 weeks back, 52 ahead. The series started 2 Nov, inside the window.
    assert weekly[0].start.date() == date(2026, 11, 2)
    assert weekly[-1].start.date() < TODAY + timedelta(weeks=52)
    # After the DST change it is still 10:00 local.
    assert all(m.start.astimezone(CPH).hour == 10 for m in weekly)

    # Declined and cancelled: skipped, with reasons a person reads.
    reasons = {s.uid: s for s in plan.skipped}
    assert reasons["declined-1@google.com"].reason == "declined"
    assert "declined" in reasons["declined-1@google.com"].describe()
    assert reasons["cancelled-1@google.com"].reason == "cancelled"
    assert "Produktdemo" not in meetings and "Frokost med Acme" not in meetings


def test_the_organizer_is_recorded_as_the_calendar_gives_it(store, clients):
    """ORGANIZER, ``mailto:`` taken off; an invitation you organise keeps your own address."""
    _import(store, FIXTURES / "google_week.ics", me=("me@example.com",))
    meetings = _by_title(store)
    assert meetings["Statusmøde"][0].organizer == "mette@acme.dk"
    # A series you organise (read through icalendar): your own address, as given.
    assert {m.organizer for m in meetings["Weekly sync"]} == {"me@example.com"}
    assert meetings["Tandlæge"][0].organizer == ""  # no ORGANIZER
    # Re-importing the same file changes nothing: the organizer is compared like the rest.
    again = preview(FIXTURES / "google_week.ics", store, today=TODAY, me=("me@example.com",))
    assert (len(again.new), len(again.updated)) == (0, 0)


def test_preview_text_merges_calendar_text_like_a_file(store, clients):
    """Calendar text that was not read from a file (a server's events) goes through the same merge,
    recorded under the calendar name given."""
    from planner.services.ics import preview_text

    text = _read(FIXTURES / "google_week.ics")
    plan = preview_text(text, "https://dav.example.com/cal/work/", store, today=TODAY, calendar="work (server)")
    from_file = preview(FIXTURES / "google_week.ics", store, today=TODAY)
    assert plan.calendar == "work (server)"
    assert sorted(m.title for m in plan.new) == sorted(m.title for m in from_file.new)
    commit(plan, store)
    again = preview_text(text, "https://dav.example.com/cal/work/", store, today=TODAY, calendar="work (server)")
    assert (len(again.new), len(again.updated), again.unchanged) == (0, 0, len(plan.new))


def test_outlook_export_windows_zones_teams_and_address(store, clients):
    plan = _import(store, FIXTURES / "outlook_week.ics")
    meetings = _by_title(store)
    budget = meetings["Budget review"][0]
    # "Romance Standard Time" is Europe/Paris: 09:00 there is 08:00 UTC in December.
    assert budget.start.astimezone(UTC) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert budget.location is Location.VIDEO
    assert budget.notes == ""  # only Teams' join-the-call boilerplate: not kept as notes
    assert _client_name(store, budget) == "Bonjour"  # pierre@sub.bonjour.fr -> bonjour.fr
    workshop = meetings["Workshop hos Acme"][0]
    # "W. Europe Standard Time" is Europe/Berlin.
    assert workshop.start.astimezone(UTC) == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert workshop.location is Location.CLIENT_SITE
    assert "Strandvejen 100" in workshop.notes  # the address is kept for the user
    assert _client_name(store, workshop) == "Acme"
    assert [s.reason for s in plan.skipped] == ["cancelled"]  # "Canceled: ..." without a STATUS


def test_floating_times_and_unknown_tzid_warn(store):
    plan = _import(store, FIXTURES / "floating_unknown_tz.ics")
    meetings = _by_title(store)
    assert meetings["Floating call"][0].start == datetime(2026, 12, 1, 10, 0, tzinfo=CPH)
    assert meetings["Interplanetary sync"][0].start == datetime(2026, 12, 2, 10, 0, tzinfo=CPH)
    assert meetings["New York call"][0].start.astimezone(UTC) == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    text = "\n".join(plan.warnings)
    assert "floating" in text and "Europe/Copenhagen" in text
    assert "'Mars/Olympus_Mons'" in text  # named, never guessed silently


@pytest.mark.parametrize(
    ("location", "description", "expected"),
    [
        ("https://zoom.us/j/123456", "", Location.VIDEO),
        ("Microsoft Teams-møde", "", Location.VIDEO),
        ("", "Join: https://acme.webex.com/meet/x", Location.VIDEO),
        ("", "https://meet.google.com/abc-defg-hij", Location.VIDEO),
        ("221B Baker Street, London", "", Location.CLIENT_SITE),
        ("Hauptstraße 5, 10115 Berlin", "", Location.CLIENT_SITE),
        ("Ny Østergade 3", "", Location.CLIENT_SITE),
        ("12 rue de Rivoli, Paris", "", Location.CLIENT_SITE),
        ("1 Infinite Loop, Cupertino, CA 95014", "", Location.CLIENT_SITE),
        ("Meeting room 4", "", None),
        ("tel:+4512345678", "", Location.PHONE),
        ("", "", None),
    ],
)
def test_location_kind(location, description, expected):
    assert location_kind(location, description) is expected


# ---------------------------------------------------------------------------------------------
# Re-import


def test_reimport_same_file_changes_nothing(store, clients, db_path):
    first = _import(store, FIXTURES / "google_week.ics")
    count = len(store.meetings())
    before = db_path.read_bytes()
    second = preview(FIXTURES / "google_week.ics", store, today=TODAY)
    assert (len(second.new), len(second.updated), second.unchanged) == (0, 0, len(first.new))
    assert not second.has_changes
    commit(second, store)
    assert len(store.meetings()) == count
    assert db_path.read_bytes() == before


def test_reimport_next_day_updates_changed_and_keeps_user_edits(store, clients, tmp_path):
    source = _read(FIXTURES / "google_week.ics")
    path = tmp_path / "work.ics"
    _write(path, source)
    _import(store, path)
    status = _by_title(store)["Statusmøde"][0]
    dentist = _by_title(store)["Tandlæge"][0]
    # The user changes the status of one meeting and re-assigns another in the app.
    store.save_meeting(status.with_changes(status=Status.PHONE))
    store.save_meeting(dentist.with_changes(client_id=clients["Acme"].id))

    # Next day: the calendar moved the status meeting by an hour and renamed the dentist.
    changed = source.replace("DTSTART:20261201T130000Z", "DTSTART:20261201T140000Z")
    changed = changed.replace("DTEND:20261201T140000Z", "DTEND:20261201T150000Z")
    changed = changed.replace("SUMMARY:Tandlæge", "SUMMARY:Tandlæge (flyttet)")
    _write(path, changed)
    plan = preview(path, store, today=TODAY + timedelta(days=1))
    assert len(plan.new) == 0 and len(plan.updated) == 2
    commit(plan, store)

    status = store.meeting(status.id)
    assert status.start == datetime(2026, 12, 1, 15, 0, tzinfo=CPH)  # the calendar's change
    assert status.status is Status.PHONE  # the user's change survives
    dentist = store.meeting(dentist.id)
    assert dentist.title == "Tandlæge (flyttet)"
    assert _client_name(store, dentist) == "Acme"  # the user's re-assignment survives

    # And once more: nothing is duplicated, nothing changes.
    again = preview(path, store, today=TODAY + timedelta(days=1))
    assert (len(again.new), len(again.updated)) == (0, 0)


def test_cancelled_later_marks_the_meeting_cancelled(store, tmp_path):
    source = _read(FIXTURES / "google_week.ics")
    path = tmp_path / "work.ics"
    _write(path, source)
    _import(store, path)
    _write(path, source.replace("SUMMARY:Tandlæge\r\nSTATUS:CONFIRMED", "SUMMARY:Tandlæge\r\nSTATUS:CANCELLED"))
    plan = _import(store, path)
    assert [c.changed for c in plan.updated] == [["status"]]
    assert _by_title(store)["Tandlæge"][0].status is Status.CANCELLED


def test_removed_future_events_reported_then_removed_only_with_flag(store, tmp_path, capsys):
    source = _read(FIXTURES / "google_week.ics")
    path = tmp_path / "work.ics"
    _write(path, source)
    _import(store, path)
    start = source.index("BEGIN:VEVENT\r\nDTSTART:20261204T080000Z")
    end = source.index("END:VEVENT", start) + len("END:VEVENT\r\n")
    _write(path, source[:start] + source[end:])

    plan = _import(store, path)
    assert [m.title for m in plan.missing] == ["Tandlæge"]
    assert "Tandlæge" in _by_title(store)  # reported, not removed
    plan = _import(store, path, remove_missing=True)
    assert [m.title for m in plan.removed] == ["Tandlæge"]
    assert "Tandlæge" not in _by_title(store)


# ---------------------------------------------------------------------------------------------
# Bad input


def test_broken_events_among_good_ones(store):
    plan = _import(store, FIXTURES / "broken_event.ics")
    assert sorted(m.title for m in store.meetings()) == ["Good one", "Good two"]
    assert next(m for m in store.meetings() if m.title == "Good two").minutes == 45  # DURATION
    bad = {s.uid: s for s in plan.skipped}
    assert set(bad) == {"bad-date@test", "no-start@test", "bad-rule@test"}
    assert bad["bad-date@test"].line == 11 and "20261345T090000Z" in bad["bad-date@test"].detail
    assert bad["no-start@test"].line == 18 and "DTSTART" in bad["no-start@test"].detail
    assert bad["bad-rule@test"].line == 30
    assert "line 11, UID bad-date@test" in bad["bad-date@test"].describe()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.ics", "no such file: "),
        ("not_a_calendar.ics", "is not an iCalendar file (expected BEGIN:VCALENDAR on line 1)"),
        ("truncated.ics", "looks truncated"),
    ],
)
def test_bad_files_leave_the_store_untouched(cli, db_path, name, message):
    cli("clients", "add", "Acme")
    before = db_path.read_bytes()
    result = cli("import", str(FIXTURES / name))
    assert result.code == 1
    assert result.err.startswith("planner: error: ") and message in result.err
    assert "Traceback" not in result.err + result.out
    assert db_path.read_bytes() == before


def test_a_50_mb_file_is_refused_with_a_clear_message(cli, db_path, tmp_path):
    cli("clients", "add", "Acme")
    before = db_path.read_bytes()
    big = tmp_path / "huge.ics"
    with open(big, "wb") as handle:
        handle.write(b"BEGIN:VCALENDAR\r\n")
        handle.truncate(50 * 1024 * 1024)
    result = cli("import", str(big))
    assert result.code == 1
    assert "50.0 MB" in result.err and "up to 20 MB" in result.err
    assert db_path.read_bytes() == before


def test_nothing_importable_exits_1(cli, tmp_path):
    path = tmp_path / "all_bad.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:nonsense\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.code == 1
    assert "nothing imported" in result.err and "1 broken" in result.err
    assert "line 3, UID x" in result.out  # the details, for the user to fix or report


def test_commit_is_all_or_nothing(store, db_path, monkeypatch):
    store.save_client(Client(name="Acme", domains=("acme.dk",)))
    before = db_path.read_bytes()
    plan = preview(FIXTURES / "google_week.ics", store, today=TODAY)
    assert plan.new

    def broken_save(meeting):
        raise OSError("disk full")

    monkeypatch.setattr(store, "save_meeting", broken_save)
    monkeypatch.setattr(store, "save_meetings", lambda meetings: broken_save(None), raising=False)
    with pytest.raises(OSError):
        commit(plan, store)
    assert db_path.read_bytes() == before
    assert store.meetings() == [] and [c.name for c in store.clients()] == ["Acme"]


# ---------------------------------------------------------------------------------------------
# The CLI


def test_cli_dry_run_then_import(cli, db_path):
    cli("clients", "add", "Acme", "--domain", "acme.dk")
    result = cli("import", str(FIXTURES / "google_week.ics"), "--dry-run")
    assert result.code == 0, result.err
    assert "google_week.ics: 60 new, 0 updated, 0 unchanged, 2 skipped" in result.out
    assert "declined-1@google.com (Produktdemo): you declined the invitation" in result.out
    assert "dry run: nothing was changed" in result.out
    assert "Statusmøde" not in db_path.read_text(encoding="utf-8")

    result = cli("import", str(FIXTURES / "google_week.ics"))
    assert result.code == 0, result.err
    assert "imported: 60 new, 0 updated" in result.out
    result = cli("import", str(FIXTURES / "google_week.ics"))
    assert "0 new, 0 updated, 60 unchanged" in result.out
    assert "up to date" in result.out
    result = cli("agenda", "--week", "2026-W49")
    assert result.code == 0 and "Statusmøde" in result.out


def test_cli_window_options(cli):
    result = cli("import", str(FIXTURES / "google_week.ics"), "--dry-run", "--weeks-back", "0",
                 "--weeks-ahead", "2")
    assert result.code == 0, result.err
    assert "window: 2026-12-02 to 2026-12-16" in result.out
    # Weekly sync: 14 Dec only (7 Dec is excluded); offsite, review, dentist; 1 Dec is before it.
    assert "google_week.ics: 4 new" in result.out
    assert "(1 single event outside it not imported)" in result.out
    result = cli("import", str(FIXTURES / "google_week.ics"), "--weeks-ahead", "-1")
    assert result.code == 1 and "weeks ahead must be between 0 and" in result.err


# ---------------------------------------------------------------------------------------------
# Calendars other projects ship in their test suites


def _shipped() -> list[Path]:
    found = sorted(ICALENDAR_CALENDARS.glob("*.ics")) + sorted(RIE_CALENDARS.glob("*.ics"))
    assert len(found) > 100, "the icalendar / recurring-ical-events test calendars are not installed"
    return found


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_shipped_calendars_import_or_fail_clearly(tmp_path, path):
    from planner.services.store import Store

    db = tmp_path / "db.json"
    with Store.open(db) as store:
        before = db.read_bytes()
        try:
            # A wide window: these calendars are from many years.
            plan = preview(path, store, today=date(2015, 1, 1), weeks_back=520, weeks_ahead=520)
        except PlannerError as exc:
            assert str(exc)
            assert db.read_bytes() == before
            return
        commit(plan, store)
        keys = [m.source.key for m in store.meetings()]
        assert len(keys) == len(set(keys))  # nothing duplicated
        assert all(m.start.tzinfo is not None and m.end >= m.start for m in store.meetings())
        again = preview(path, store, today=date(2015, 1, 1), weeks_back=520, weeks_ahead=520)
        assert not again.new and not again.updated  # idempotent


def test_shipped_recurring_calendars_expand_like_recurring_ical_events(store):
    import icalendar
    import recurring_ical_events

    for name in ("each_week_but_one_deleted.ics", "recurring_events_moved.ics", "issue_62_moved_event.ics",
                 "x_wr_timezone_simple_events_issue_59.ics", "daylight_saving_time.ics"):
        path = RIE_CALENDARS / name
        plan = preview(path, store, today=date(2019, 3, 1), weeks_back=520, weeks_ahead=520)
        lo = datetime.combine(plan.window_start, datetime.min.time(), CPH)
        hi = datetime.combine(plan.window_end, datetime.min.time(), CPH)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            expected = recurring_ical_events.of(calendar).between(lo, hi)

        def instant(value):
            if isinstance(value, datetime):
                return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=CPH).astimezone(UTC)
            return datetime.combine(value, datetime.min.time(), CPH).astimezone(UTC)

        want = sorted((instant(e["DTSTART"].dt), str(e.get("SUMMARY", "")).strip()) for e in expected)
        got = sorted((m.start.astimezone(UTC), m.title) for m in plan.new)
        got = [(s, "" if t == "(no title)" else t) for s, t in got]
        assert got == want, name


def test_fast_reader_agrees_with_icalendar_on_single_events(store):
    """Single events are read by our own scanner: check it against icalendar's parser."""
    import icalendar

    compared = 0
    for path in _shipped():
        name = path.name
        try:
            plan = preview(path, store, today=date(2015, 1, 1), weeks_back=520, weeks_ahead=520)
        except PlannerError:
            continue
        ours = {m.source.key: m for m in plan.new}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                calendar = icalendar.Calendar.from_ical(path.read_bytes())
            except ValueError:
                continue  # icalendar refuses the file as a whole; nothing to compare with
        for event in calendar.walk("VEVENT"):
            if "RRULE" in event or "RDATE" in event or "DTSTART" not in event:
                continue
            if not event.get("UID"):
                continue
            key = f"{event['UID']}|"
            if key not in ours:
                continue
            if isinstance(event["DTSTART"], list):
                continue
            start = event["DTSTART"].dt
            if not isinstance(start, datetime) or start.tzinfo is None:
                continue
            meeting = ours[key]
            assert meeting.start.astimezone(UTC) == start.astimezone(UTC), (name, key)
            assert meeting.title in (str(event.get("SUMMARY", "")).strip(), "(no title)"), (name, key)
            compared += 1
    assert compared >= 30


# ---------------------------------------------------------------------------------------------
# Fuzz: a mutated valid file is imported, or refused with a PlannerError; never half-written.


def _fuzz_store(tmp_path_factory):
    from planner.services.store import Store

    folder = tmp_path_factory.mktemp("fuzz")
    return folder, Store.open(folder / "db.json")


def test_fuzz_mutated_calendars(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    valid = (FIXTURES / "google_week.ics").read_bytes() + b""
    valid_outlook = (FIXTURES / "outlook_week.ics").read_bytes()
    folder, store = _fuzz_store(tmp_path_factory)
    store.save_client(Client(name="Acme", domains=("acme.dk",)))
    db = folder / "db.json"

    mutation = st.one_of(
        st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 400)),
        st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=40)),
        st.tuples(st.just("replace"), st.integers(0, 10_000), st.binary(min_size=1, max_size=20)),
        st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(b"")),
        st.tuples(st.just("line"), st.integers(0, 400), st.sampled_from(
            [b"", b"DTSTART:2026", b"END:VEVENT", b"BEGIN:VEVENT", b"RRULE:FREQ=DAILY;COUNT=x",
             b"DTSTART;TZID=Nowhere/Land:20261201T100000", b"EXDATE:garbage", b"RECURRENCE-ID:2026",
             b"DURATION:PXT", b"ATTENDEE;CN=\"unclosed:mailto:x@y", b"END:VCALENDAR", b"\x00\xff\xfe",
             b"STATUS:CANCELLED", b"DTEND;VALUE=DATE:20261201", b"UID:", b" folded continuation"])),
    )

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(base=st.sampled_from([valid, valid_outlook]), mutations=st.lists(mutation, min_size=1, max_size=4))
    def check(base, mutations):
        data = bytearray(base)
        for kind, at, payload in mutations:
            at = at % (len(data) + 1)
            if kind == "delete":
                del data[at : at + len(payload) if isinstance(payload, bytes) else at + payload]
            elif kind == "insert":
                data[at:at] = payload
            elif kind == "replace":
                data[at : at + len(payload)] = payload
            elif kind == "truncate":
                del data[at:]
            else:
                lines = bytes(data).split(b"\r\n")
                lines[at % len(lines)] = payload
                data = bytearray(b"\r\n".join(lines))
        path = folder / "fuzz.ics"
        path.write_bytes(bytes(data))
        before = db.read_bytes()
        count = len(store.meetings())
        try:
            plan = preview(path, store, today=TODAY)
        except PlannerError as exc:
            assert str(exc)
            assert db.read_bytes() == before and len(store.meetings()) == count
            return
        for skip in plan.skipped:
            assert skip.detail and skip.line >= 1
        commit(plan, store)
        keys = [m.source.key for m in store.meetings()]
        assert len(keys) == len(set(keys))
        # Start from a clean store for the next example.
        with store.batch():
            for meeting in store.meetings():
                store.delete_meeting(meeting.id)

    try:
        check()
    finally:
        store.close()


@pytest.mark.parametrize("fixture", ["google_week.ics", "outlook_week.ics"])
def test_looking_meetings_up_one_by_one_plans_what_reading_them_all_plans(store, clients, fixture):
    """A sync's few changes look their meetings up by source (``by_source``) instead of reading
    every meeting: the plan is the same, series overrides and user edits included."""
    from planner.services.ics import preview_text

    source = _read(FIXTURES / fixture)
    commit(preview_text(source, fixture, store, today=TODAY, calendar="work"), store)
    first = store.meetings()[0]
    store.save_meeting(first.with_changes(status=Status.PHONE))  # an edit made in planner
    changed = re.sub(r"(?m)^(SUMMARY[^:\r\n]*:)", r"\1Moved ", source, count=2)

    def plan_of(by_source):
        plan = preview_text(changed, fixture, store, today=TODAY, calendar="work", by_source=by_source)
        return ([(m.title, m.start) for m in plan.new],
                [(c.meeting.id, c.meeting.title, c.meeting.status, c.changed) for c in plan.updated],
                [(s.uid, s.reason) for s in plan.skipped])

    whole = plan_of(False)
    assert whole[1], "the changed titles are updates"
    assert plan_of(True) == whole
