"""The command line as a user meets it: output, exit codes, one-line errors, what lands in the file."""

from __future__ import annotations

import io
import json
import re

import pytest

from support import CPH, ICS, TODAY


def reasons(load):
    from planner.words.load import problem

    return [problem(p, CPH) for p in load.problems]


def test_version_and_help(cli):
    from planner import __version__

    result = cli("--version")
    assert result.code == 0 and result.out.strip() == f"planner {__version__}"
    result = cli("--help")
    assert result.code == 0
    for command in ("agenda", "add", "clients", "import", "advise", "draft", "demo"):
        assert command in result.out


def test_demo_then_agenda_text(cli):
    result = cli("demo")
    assert result.code == 0, result.err
    assert "7 clients" in result.out

    result = cli("agenda")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("Week 2026-W49 · Mon 30 Nov – Sun 6 Dec 2026 · Europe/Copenhagen")
    assert "Tue 1 Dec  OVERLOADED" in out
    assert "3 back-to-back 09:00-11:30" in out
    assert "(today)" in out.split("Wed 2 Dec")[1].splitlines()[0]
    # User text shows exactly as typed, brackets and Danish letters included.
    assert "[VIP] Ærø & Co: Kampagneplan 2027" in out
    assert re.search(r"double-booked 14:30-15:00: Acme Logistics / Nordlys Energi A/S", out)


def test_agenda_json_shape(cli):
    cli("demo")
    result = cli("agenda", "--week", "2026-W49", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) == {"week", "start", "end", "timezone", "days", "totals"}
    assert (data["week"], data["start"], data["end"]) == ("2026-W49", "2026-11-30", "2026-12-06")
    assert data["timezone"] == "Europe/Copenhagen"
    assert len(data["days"]) == 7
    day = data["days"][1]
    assert set(day) == {
        "date", "status", "meeting_minutes", "meeting_count", "focus_minutes", "reasons", "problems", "meetings",
    }
    assert day["status"] == "overloaded" and day["meeting_count"] == 6
    meeting = day["meetings"][0]
    assert set(meeting) == {
        "id", "client", "title", "start", "end", "location", "travel_minutes", "lead", "topic", "status", "flags",
    }
    assert meeting["client"] == "Acme Logistics" and "back-to-back" in meeting["flags"]
    assert set(data["totals"]) == {"meeting_minutes", "status", "focus_minutes", "overloaded_days"}
    assert data["totals"]["meeting_minutes"] == sum(d["meeting_minutes"] for d in data["days"])
    assert data["totals"]["overloaded_days"] == sum(d["status"] == "overloaded" for d in data["days"])


def test_agenda_markdown_escapes_user_text(cli):
    cli("demo")
    result = cli("agenda", "--date", "2026-12-01", "--format", "markdown")
    assert result.code == 0, result.err
    assert result.out.startswith("# Week 2026-W49")
    assert r"\[VIP\] Ærø & Co" in result.out
    assert "## Tue 1 Dec: overloaded" in result.out


def test_agenda_on_another_week_is_empty_but_fine(cli):
    cli("demo")
    result = cli("agenda", "--week", "2027-W10")
    assert result.code == 0
    assert result.out.count("no meetings") == 5


def test_add_meeting_creates_client_and_is_stored(cli, db_path):
    result = cli("add", "--client", "Havørn Revision", "--title", "Årsafslutning", "--start", "3/12 10:00",
                 "--duration", "45", "--location", "client-site", "--travel", "20")
    assert result.code == 0, result.err
    assert "New client 'Havørn Revision' created with tier regular" in result.out
    assert "Thu 3 Dec, 10:00-10:45 Havørn Revision: Årsafslutning" in result.out

    from planner.services.store import Store

    with Store.open(db_path, read_only=True) as store:
        (meeting,) = store.meetings()
        assert meeting.title == "Årsafslutning" and meeting.travel_minutes == 20
        assert meeting.start.isoformat() == "2026-12-03T10:00:00+01:00"
        assert store.client(meeting.client_id).name == "Havørn Revision"


def test_add_end_time_means_the_start_day(cli):
    result = cli("add", "--client", "Acme", "--title", "Sync", "--start", "2026-12-04 09:00", "--end", "09:30")
    assert result.code == 0, result.err
    assert "Fri 4 Dec, 09:00-09:30" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "3/12 10:00", "--end", "09:00"], "must end after it starts"),
        (["--start", "3/12 10:00", "--duration", "30", "--travel", "15"], "Travel is only for a meeting at the client's site"),
        (["--start", "31/13 10:00", "--duration", "30"], "31/13"),
        (["--start", "", "--duration", "30"], ""),
        (["--start", "3/12 10:00", "--duration", "0"], "at least 1 minute"),
    ],
)
def test_add_rejects_bad_input_in_one_line(cli, db_path, args, message):
    result = cli("add", "--client", "Acme", "--title", "Sync", *args)
    assert result.code == 1, result
    assert result.err.startswith("planner: error: ")
    assert message in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_usage_errors_exit_2(cli):
    assert cli("add", "--client", "Acme").code == 2
    assert cli("agenda", "--format", "pdf").code == 2
    assert cli("--today", "2026-13-01", "agenda").code == 2
    assert cli("add", "--client", "A", "--title", "T", "--start", "14:00", "--duration", "ten").code == 2


def test_bad_iso_week_is_a_user_error(cli):
    cli("demo")
    result = cli("agenda", "--week", "2026-W60")
    assert result.code == 1
    assert result.err.startswith("planner: error: ") and "2026-W60" in result.err


def test_clients_add_and_list(cli):
    assert cli("clients").out.startswith("No clients yet")
    result = cli("clients", "add", "[VIP] Ærø & Co", "--tier", "key", "--share", "25", "--contact", "Søren",
                 "--email", "soren@aeroeco.dk", "--lang", "da", "--flexible")
    assert result.code == 0, result.err
    listing = cli("clients", "list").out
    assert "[VIP] Ærø & Co" in listing and "key" in listing and "25%" in listing and "yes" in listing
    again = cli("clients", "add", "[vip] ærø & co")
    assert again.code == 1 and "already a client" in again.err
    assert cli("clients", "add", "X", "--share", "140").code == 2


def test_demo_refuses_to_fill_a_used_file(cli):
    assert cli("demo").code == 0
    result = cli("demo")
    assert result.code == 1 and "--force" in result.err


def test_agenda_on_missing_file_says_what_to_do(cli, tmp_path):
    result = cli("agenda", db=tmp_path / "nope.json")
    assert result.code == 1
    assert "does not exist yet" in result.err and "planner demo" in result.err


def test_corrupt_file_is_reported_and_left_alone(cli, db_path):
    db_path.write_text('{"meetings": {"1": {"title": "half', encoding="utf-8")
    before = db_path.read_bytes()
    for args in (["agenda"], ["add", "--client", "A", "--title", "T", "--start", "14:00", "--duration", "5"]):
        result = cli(*args)
        assert result.code == 1
        assert result.err.startswith("planner: error: ") and str(db_path) in result.err
        assert "Traceback" not in result.err
    assert db_path.read_bytes() == before


def test_planner_db_environment_variable(run_planner, tmp_path):
    db = tmp_path / "from-env.json"
    result = run_planner("--today", "2026-12-02", "demo", env={"PLANNER_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()
    result = run_planner("--today", "2026-12-02", "agenda", "--format", "json", env={"PLANNER_DB": str(db)})
    assert json.loads(result.stdout)["week"] == "2026-W49"


def test_unexpected_error_is_logged_not_shown(cli, monkeypatch, tmp_path):
    import planner.cli.agenda as agenda

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    cli("demo")
    monkeypatch.setattr(agenda, "agenda_text", boom)
    result = cli("agenda")
    assert result.code == 1
    assert "planner: error: something unexpected went wrong (RuntimeError: kaboom); details are in" in result.err
    log = result.err.strip().rsplit(" ", 1)[1]
    assert "Traceback" in open(log, encoding="utf-8").read()


def test_locked_file_tells_who_holds_it(cli, db_path):
    from planner.services.store import Store

    cli("demo")
    with Store.open(db_path):
        result = cli("add", "--client", "A", "--title", "T", "--start", "14:00", "--duration", "5")
        assert result.code == 1
        assert "in use by another planner" in result.err
        # Reading still works while another copy holds the file.
        assert cli("agenda").code == 0


def test_today_defaults_to_today_in_the_users_time_zone(cli):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    cli("demo", today=None)
    out = cli("agenda", today=None).out
    today = datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    marked = [line for line in out.splitlines() if line.endswith("(today)")]
    if today.weekday() < 5:  # the demo week shows work days only
        assert len(marked) == 1 and marked[0].startswith(f"{today:%a} {today.day} ")
    else:
        assert marked == []


def test_the_week_view_opens_only_from_the_planner_command(cli, db_path):
    # Services never import the UI: without the UI handed in (planner/__main__.py does that),
    # asking for the week is a clear error, and no file is made.
    for args in (["--demo"], []):
        result = cli(*args)
        assert result.code == 1
        assert result.err == "planner: error: the week view opens from the `planner` command itself\n"
    assert not db_path.exists()


def test_demo_week_has_what_the_issue_asks_for(demo_store):
    from datetime import timedelta

    from planner.domain.load import analyse_week
    from planner.domain.models import Location

    clients = demo_store.clients()
    names = {c.id: c.name for c in clients}
    week = analyse_week(TODAY, demo_store.meetings(), demo_store.settings(), names)
    meetings = [m for d in week.days for m in d.meetings]
    assert 15 <= len(demo_store.meetings()) <= 25
    assert 6 <= len(clients) <= 8 and len({c.tier for c in clients}) == 4
    assert any("[" in c.name for c in clients)
    assert any(set("æøå") & set(c.name.lower()) for c in clients)
    assert any(d.status.value == "overloaded" for d in week.days)
    assert any("double-booked" in f for d in week.days for f in d.flags.values())
    assert any(r.startswith("3 back-to-back") for d in week.days for r in reasons(d))
    assert any(m.location is Location.CLIENT_SITE and m.travel_minutes >= 30 for m in meetings)
    assert any(m.minutes == 90 for m in meetings)
    assert any(not m.led_by_me for m in meetings)
    flexible = {c.id for c in clients if c.flexible}
    assert any(m.client_id in flexible and m.topic.value == "routine" for m in meetings)
    six_weeks_ago = week.start - timedelta(weeks=6)
    per_client: dict[str, int] = {}
    for m in demo_store.meetings():
        if six_weeks_ago <= m.start.date() < week.start:
            per_client[m.client_id] = per_client.get(m.client_id, 0) + 1
    assert max(per_client.values()) == 4


def test_import_of_a_missing_file_creates_no_database(cli, tmp_path):
    db = tmp_path / "fresh" / "planner.json"
    result = cli("import", str(tmp_path / "nope.ics"), db=db)
    assert result.code == 1
    assert result.err == f"planner: error: no such file: {tmp_path / 'nope.ics'}\n"
    assert not db.exists() and not db.parent.exists()


def test_import_dry_run_then_import_then_agenda(cli, db_path):
    from pathlib import Path

    ics = ICS / "google_week.ics"
    dry = cli("import", str(ics), "--dry-run", "--me", "anna@example.com")
    assert dry.code == 0, dry.err
    assert "new" in dry.out
    from planner.services.store import Store

    with Store.open(db_path, read_only=True) as store:
        assert store.meetings() == []  # a dry run changes nothing
    real = cli("import", str(ics))
    assert real.code == 0, real.err
    with Store.open(db_path, read_only=True) as store:
        assert store.meetings()
    again = cli("import", str(ics), "--dry-run")
    assert again.code == 0 and "0 new" in again.out


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x.json", "agenda", "--week", "2026-W49", "--format", "json"],
        ["--today", "2026-12-02", "add", "--client", "A", "--title", "T", "--start", "14:00", "--duration", "30"],
        ["clients", "add", "Ærø", "--tier", "key", "--flexible"],
        ["import", "cal.ics", "--dry-run", "--me", "a@b.dk"],
        ["advise", "3f2a", "--reason", "sick"],
        ["draft", "3f2a", "--strategy", "phone", "--lang", "da"],
        ["--read-only"],
    ],
)
def test_the_parser_built_for_one_command_reads_it_as_the_full_parser_does(argv):
    from planner.cli.parser import build_parser, command_in

    assert build_parser(command_in(argv)).parse_args(argv) == build_parser().parse_args(argv)


def test_export_ics_never_replaces_a_file_unasked_nor_the_data_file(cli, db_path, tmp_path):
    cli("demo")
    before = db_path.read_bytes()
    result = cli("export-ics", "--out", str(db_path))
    assert result.code == 1 and "planner's own data file" in result.err
    assert db_path.read_bytes() == before

    out = tmp_path / "week.ics"
    out.write_text("my own notes", encoding="utf-8")
    result = cli("export-ics", "--out", str(out))
    assert result.code == 1 and "already exists; pass --force" in result.err
    assert out.read_text(encoding="utf-8") == "my own notes"

    result = cli("export-ics", "--out", str(out), "--force")
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_agenda_shows_a_24_hour_event_as_all_day_and_does_not_count_it(cli):
    cli("add", "--client", "Ærø", "--title", "Konference", "--start", "2026-12-01 09:00", "--duration", "1440")
    out = cli("agenda").out
    line = next(line for line in out.splitlines() if "Konference" in line)
    assert line.strip().startswith("all day")
    assert "Tue 1 Dec  OK          0 min, 0 meetings" in out


def test_the_week_view_without_a_terminal_says_so_and_exits(run_planner, tmp_path):
    result = run_planner("--db", str(tmp_path / "p.json"), timeout=30)
    assert result.returncode == 1
    assert result.stderr.startswith("planner: error: the week view needs a terminal")
    assert not (tmp_path / "p.json").exists()


def _big_calendar(path, n: int = 600):
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:big-{i}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261203T{9 + i % 8:02d}0000Z\r\n"
        f"DTEND:20261203T{9 + i % 8:02d}3000Z\r\nSUMMARY:Meeting {i}\r\nEND:VEVENT\r\n" for i in range(n))
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n",
                    encoding="utf-8")
    return path


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_is_drawn_on_a_terminal_and_cleared():
    from planner.cli.output import ProgressLine

    stream = _Terminal()
    with ProgressLine(stream) as line:
        assert line.shown
        line.show("a.ics: reading 6 of 600 events")
        line.show("evil\x1b[31m name")
    assert stream.getvalue() == "\r\x1b[2Ka.ics: reading 6 of 600 events\r\x1b[2Kevil\\x1b[31m name\r\x1b[2K"
    quiet = io.StringIO()  # a pipe or a file: nothing, whatever is shown
    with ProgressLine(quiet) as line:
        line.show("reading")
    assert not line.shown and quiet.getvalue() == ""
    assert ProgressLine(quiet, tty=True).shown and not ProgressLine(stream, tty=False).shown


def test_a_big_import_shows_how_far_it_is_on_a_terminal(db_path, tmp_path):
    from argparse import Namespace

    from planner.cli.calendar_files import run_import
    from planner.services.store import Store

    ics = _big_calendar(tmp_path / "big.ics")
    err, out = _Terminal(), io.StringIO()
    with Store.open(db_path) as store:
        assert run_import(store, Namespace(file=str(ics)), today=TODAY, out=out, err=err) == 0
        assert len(store.meetings()) == 600
    drawn = err.getvalue()
    assert "big.ics: reading 600 of 600 events" in drawn and "saving 600 meetings…" in drawn
    assert drawn.count("reading") <= 102  # about every 1%, not once per event
    assert drawn.endswith("\r\x1b[2K")  # cleared: the report on stdout starts on a clean line
    assert "imported: 600 new" in out.getvalue() and "\x1b" not in out.getvalue()


def test_a_big_import_writes_nothing_to_a_stderr_that_is_not_a_terminal(cli, tmp_path):
    result = cli("import", str(_big_calendar(tmp_path / "big.ics")))
    assert result.code == 0 and "imported: 600 new" in result.out
    assert result.err == ""


def test_a_second_planner_opens_the_week_read_only_and_knows_why(db_path, monkeypatch):
    """The week view of a second copy is read-only, with the lock's reason as data (the import
    dialog words its own advice from it), not only as a sentence in the start notice."""
    from planner.cli import main
    from planner.services.store import Store

    monkeypatch.setattr("planner.cli.week.needs_terminal", lambda: None)  # no terminal under pytest

    opened = {}

    def open_week(store, **kwargs):
        opened.update(kwargs, read_only=store.read_only)
        return 0

    Store.open(db_path).close()
    with Store.open(db_path):
        assert main(["--db", str(db_path)], open_week=open_week) == 0
    assert opened["read_only"] is True
    assert opened["read_only_reason"].startswith(f"{db_path} is in use by another planner")
    assert "--read-only" not in opened["read_only_reason"]  # the reason alone, no advice
    assert opened["notice"].startswith("Read-only: ") and "--read-only" in opened["notice"]
    opened.clear()
    assert main(["--db", str(db_path), "--read-only"], open_week=open_week) == 0
    assert opened["read_only"] is True and opened["read_only_reason"] == ""
