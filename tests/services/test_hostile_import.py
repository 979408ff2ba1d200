"""Hostile calendars (issue 13): a file that is not a file, a rule that asks for millions of
meetings, one impossible event among good ones, text that would write to the terminal. Each is
imported in small time and memory, or refused with a line that says why; never a traceback."""

from __future__ import annotations

import os
import socket
import threading
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from planner.domain.errors import PlannerError
from planner.domain.models import Meeting
from planner.domain.text import clean_block, clean_line
from planner.services.ics import commit, preview, preview_text, read_calendar_text
from support import CPH, FIXTURES, TODAY

HOSTILE = FIXTURES / "hostile"
UTC = timezone.utc


def _calendar(*events: list[str]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n"


def _bounded(run, seconds: float = 60.0, megabytes: float = 64.0):
    """``run()`` within a time and a memory bound (the unbounded versions took minutes and gigabytes)."""
    from support.bounds import bounded

    return bounded(run, seconds=seconds, megabytes=megabytes)


def _read_in_thread(path: Path, seconds: float = 10.0):
    """read_calendar_text in a thread: a FIFO must not block, so the thread ends in time."""
    outcome: list = []

    def read() -> None:
        try:
            outcome.append(read_calendar_text(path))
        except PlannerError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"reading {path} blocked"
    return outcome[0]


# -- what is read -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda d: (d / "zero.ics").symlink_to("/dev/zero") or d / "zero.ics", "a character device"),
        (lambda d: Path("/dev/urandom"), "a character device"),
        (lambda d: os.mkfifo(d / "fifo.ics") or d / "fifo.ics", "a FIFO (named pipe)"),
        (lambda d: (os.mkfifo(d / "f"), (d / "link.ics").symlink_to(d / "f"))[1] or d / "link.ics",
         "a FIFO (named pipe)"),
    ],
    ids=["link to /dev/zero", "/dev/urandom", "FIFO", "link to a FIFO"],
)
def test_devices_and_fifos_are_refused_by_what_they_are_without_reading(tmp_path, make, kind):
    path = make(tmp_path)
    if not os.path.exists(path):
        pytest.skip(f"{path} does not exist here")
    found = _bounded(lambda: _read_in_thread(path), seconds=10, megabytes=4)
    assert isinstance(found, PlannerError)
    assert f"is {kind}, not a calendar file; planner imports regular .ics files only" in str(found)
    if path.is_symlink():
        assert "(a link to " in str(found)


def test_a_socket_and_a_folder_are_refused(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "cal.ics"))
        with pytest.raises(PlannerError, match="is a socket, not a calendar file"):
            read_calendar_text(tmp_path / "cal.ics")
    finally:
        server.close()
    with pytest.raises(PlannerError, match="is a folder; give the .ics file inside it"):
        read_calendar_text(tmp_path)


def test_at_most_the_limit_plus_one_byte_is_read_whatever_stat_says(tmp_path, monkeypatch):
    """A file can grow after ``stat``: the reader stops one byte past the limit all the same."""
    from planner.services import files

    path = tmp_path / "growing.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X" * 5000)
    real_fstat, real_read = os.fstat, os.read
    read = []

    class Small:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 10  # stat says 10 bytes

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(files.FileTooBig):
        files.read_regular(path, 1000)
    assert sum(read) == 1001


def test_a_file_over_20_mb_says_how_big_it_is(tmp_path):
    big = tmp_path / "huge.ics"
    with open(big, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(PlannerError, match=r"is 21\.0 MB; planner imports calendars up to 20 MB"):
        read_calendar_text(big)


def test_utf8_is_decoded_strictly_with_a_per_line_fallback_and_a_warning(store):
    plan = preview(HOSTILE / "mixed_encoding.ics", store, today=TODAY)
    titles = sorted(m.title for m in plan.new)
    assert titles == ["Møde på Ærø", "Statusmøde"]  # each line read right, the UTF-8 ones too
    assert "Købmagergade 1" in next(m for m in plan.new if m.title == "Statusmøde").notes
    assert any("1 line is not UTF-8 text (line 15): read as Windows-1252" in w for w in plan.warnings)


def test_cr_only_line_endings_are_read(store):
    plan = preview(HOSTILE / "cr_only.ics", store, today=TODAY)
    assert [m.title for m in plan.new] == ["Good one"]


# -- bounded expansion --------------------------------------------------------------------------------


def test_interval_0_is_skipped_with_its_reason(store):
    plan = _bounded(lambda: preview(HOSTILE / "daily_interval_zero.ics", store, today=TODAY), megabytes=16)
    assert [m.title for m in plan.new] == ["Good one"]
    [skip] = plan.skipped
    assert (skip.uid, skip.line, skip.reason) == ("zero@hostile", 4, "broken")
    assert "INTERVAL=0" in skip.detail


@pytest.mark.parametrize("name", ["secondly.ics", "minutely.ics", "hourly.ics", "yearly_bylists.ics"])
def test_rules_that_repeat_within_a_day_stop_at_the_series_limit_inside_the_window(store, name):
    plan = _bounded(lambda: preview(HOSTILE / name, store, today=TODAY))
    repeated = [m for m in plan.new if m.source.uid != "good@hostile"]
    assert len(repeated) == 1000
    window_start = datetime.combine(plan.window_start, datetime.min.time(), CPH)
    assert all(m.end > window_start for m in repeated)  # expanded inside the window only
    assert len({m.source.key for m in repeated}) == 1000
    assert any("repeats more than 1,000 times in the window: the first 1,000 were imported" in w
               for w in plan.warnings)


def test_the_series_limit_is_a_setting(store):
    store.save_settings(store.settings().with_changes(series_limit=5))
    plan = preview(HOSTILE / "minutely.ics", store, today=TODAY)
    starts = [m.start for m in plan.new]
    assert len(starts) == 5
    # The first five minutes of the window, though the rule started in 2020.
    lo = datetime.combine(plan.window_start, datetime.min.time(), CPH)
    assert starts[0] >= lo - timedelta(minutes=1) and starts[-1] - starts[0] == timedelta(minutes=4)
    assert any("the first 5 were imported" in w for w in plan.warnings)
    with pytest.raises(PlannerError, match="'series_limit' is 0; it must be between 1 and 100000"):
        store.save_settings(store.settings().with_changes(series_limit=0))


_ALL_HOURS = ",".join(str(h) for h in range(24))
_ALL_MINUTES = ",".join(str(m) for m in range(60))


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=HOURLY;INTERVAL=5", "20200101T083000"),  # from long before the window
        ("FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,10;BYDAY=MO,WE", "20190301T090000"),
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1,2;BYHOUR=9,10,11;BYMINUTE=0,30", "20261001T090000"),
        ("FREQ=MONTHLY;BYDAY=TU;BYHOUR=8,12,16;BYMINUTE=0,15,30,45", "20250115T080000"),
        ("FREQ=WEEKLY;BYDAY=FR;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=0,20,40", "20240105T000000"),
        # Many times a day in a yearly / monthly rule: rewritten as the same daily rule.
        (f"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1,2;BYHOUR={_ALL_HOURS};BYMINUTE={_ALL_MINUTES}", "20261001T000000"),
        (f"FREQ=YEARLY;BYHOUR={_ALL_HOURS};BYMINUTE={_ALL_MINUTES}", "20251201T000000"),
        (f"FREQ=MONTHLY;BYMONTHDAY=8;BYHOUR=9,10;BYMINUTE={_ALL_MINUTES};BYSECOND={_ALL_MINUTES}",
         "20261101T090000"),
        ("FREQ=HOURLY;COUNT=300000", "20261120T000000"),
        ("FREQ=DAILY;BYHOUR=9,15;UNTIL=20261215T000000Z", "20261101T090000"),
    ],
    ids=["hourly-from-2020", "minutely-by-hour-and-day", "yearly-few-times", "monthly-by-day", "weekly-every-20-min",
         "yearly-every-minute", "yearly-implicit-day", "monthly-every-second", "hourly-huge-count", "daily-until"],
)
def test_rules_that_repeat_within_a_day_give_what_recurring_ical_events_gives(store, rule, start):
    """Moving the start along the rule and expanding a stretch at a time change nothing: the
    occurrences in the window are those of recurring-ical-events on the whole rule."""
    import icalendar
    import recurring_ical_events

    text = _calendar(["UID:dense@test", f"DTSTART;TZID=Europe/Copenhagen:{start}", "DURATION:PT10M",
                      f"RRULE:{rule}", "SUMMARY:Dense"])
    store.save_settings(store.settings().with_changes(series_limit=100_000))
    plan = preview_text(text, "dense.ics", store, today=TODAY, weeks_back=1, weeks_ahead=2)
    lo = datetime.combine(plan.window_start, datetime.min.time(), CPH)
    hi = datetime.combine(plan.window_end, datetime.min.time(), CPH)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(lo, hi)
    want = sorted(e["DTSTART"].dt.astimezone(UTC) for e in expected)
    got = sorted(m.start.astimezone(UTC) for m in plan.new)
    assert got == want
    assert got, "the case should have occurrences in the window"


def test_one_import_creates_at_most_its_limit_and_the_dry_run_says_so(cli, db_path, monkeypatch):
    from planner.services.ics import merge

    monkeypatch.setattr(merge, "IMPORT_LIMIT", 10)
    result = cli("import", str(FIXTURES / "ics" / "google_week.ics"), "--dry-run")
    assert result.code == 0, result.err
    assert "google_week.ics: 10 new" in result.out
    assert "over the limit" in result.out
    assert "one import creates at most 10 meetings" in result.out
    result = cli("import", str(FIXTURES / "ics" / "google_week.ics"))
    assert result.code == 0 and "imported: 10 new" in result.out
    # Nothing is reported missing when the file was not read to its end.
    result = cli("import", str(FIXTURES / "ics" / "google_week.ics"), "--dry-run", "--remove-missing")
    assert "removed" not in result.out.split("\n")[0]


def test_series_left_when_the_time_for_repeating_events_is_spent_are_skipped_with_the_reason(store, monkeypatch):
    from planner.services.ics import series

    monkeypatch.setattr(series, "SERIES_SECONDS", -1.0)  # spent before the first one
    plan = preview(HOSTILE / "long_tzid.ics", store, today=TODAY)
    assert plan.new == []
    assert [(s.uid, s.reason) for s in plan.skipped] == [("longtz@hostile", "limit"), ("weekly@hostile", "limit")]
    assert "the import spent its -1 seconds for repeating events" in plan.skipped[0].detail


# -- one bad event, never the whole file ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "uid", "detail"),
    [
        ("huge_duration.ics", "dur@hostile", "its length runs past the year 2199"),
        ("huge_duration_series.ics", "durs@hostile", "its length runs past the year 2199"),
        ("far_future.ics", "far@hostile", "DTSTART '99991231T230000Z' is outside the years 1900-2199"),
        ("far_future_series.ics", "fars@hostile", "is outside the years 1900-2199"),
        ("out_of_range_dates.ics", "old@hostile", "DTSTART '18991231T090000Z' is outside the years 1900-2199"),
        ("out_of_range_dates.ics", "late@hostile", "DTSTART '22000101' is outside the years 1900-2199"),
    ],
)
def test_one_impossible_event_is_skipped_with_its_line_and_reason(store, name, uid, detail):
    plan = preview(HOSTILE / name, store, today=TODAY)
    assert [m.title for m in plan.new] == ["Good one"]
    skip = next(s for s in plan.skipped if s.uid == uid)
    assert skip.line >= 4 and detail in skip.detail
    commit(plan, store)
    assert [m.title for m in store.meetings()] == ["Good one"]


def test_a_series_with_a_300_character_tzid_is_read_on_its_own(store):
    plan = preview(HOSTILE / "long_tzid.ics", store, today=TODAY)
    titles = sorted(m.title for m in plan.new)
    assert titles == ["Long zone weekly"] * 3 + ["Valid weekly"] * 3
    long_zone = sorted(m.start for m in plan.new if m.title == "Long zone weekly")
    assert long_zone[0] == datetime(2026, 12, 1, 9, 0, tzinfo=CPH)  # read in your zone, as a single event is
    assert any("unknown time zone 'XXXX" in w and "read as Europe/Copenhagen" in w for w in plan.warnings)


# -- text -----------------------------------------------------------------------------------------------


def test_imported_text_is_cleaned_where_it_enters(store):
    plan = preview(HOSTILE / "control_characters.ics", store, today=TODAY)
    [meeting] = plan.new
    for one_line in (meeting.title, meeting.lead, meeting.organizer, *[c.name for c in plan.new_clients]):
        assert one_line == clean_line(one_line) and "\x1b" not in one_line and "\n" not in one_line
    assert meeting.title == "[2J]0;evil-titleBoard meeting now"
    assert meeting.lead == "Ann Bo"
    assert [c.name for c in plan.new_clients] == ["Evil Co[41m"]
    assert meeting.notes == clean_block(meeting.notes) and "\x1b" not in meeting.notes and "\x07" not in meeting.notes
    assert meeting.notes.startswith("line one\nline two")


def test_an_export_of_a_line_break_in_a_title_lead_or_client_works(store):
    """An old data file may hold a newline or a CR in a client's name or a lead: the export
    writes clean lines, and importing it gives back the cleaned values."""
    from planner.domain.models import Client
    from planner.services.ics_export import to_ics

    client = Client(name="Evil\nCo")
    meeting = Meeting(client_id=client.id, title="Board\r\nmeeting\rnow", lead="Ann\nBo", notes="a\rb",
                      start=datetime(2026, 12, 1, 9, tzinfo=CPH), end=datetime(2026, 12, 1, 10, tzinfo=CPH))
    text = to_ics([meeting], store.settings(), client_names={client.id: client.name}, now=datetime.now(UTC))
    assert "\r" not in text.replace("\r\n", "")  # no bare CR
    assert all(line.startswith((" ", "\t")) or ":" in line or not line for line in text.split("\r\n"))
    plan = preview_text(text, "export.ics", store, today=TODAY)
    [back] = plan.new
    assert (back.title, back.lead, back.notes) == ("Board meeting now", "Ann Bo", "a\nb")
    assert [c.name for c in plan.new_clients] == ["Evil Co"]
