"""`planner calendars ...` and `planner sync` as a person types them, against a real Radicale."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import keyring
import pytest
from keyring.backends import fail

EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
         "DTSTAMP:20261101T000000Z\r\nDTSTART:20261203T090000Z\r\nDTEND:{end}\r\nSUMMARY:{title}\r\n"
         "END:VEVENT\r\nEND:VCALENDAR\r\n")


def event(uid: str, title: str, end: str = "20261203T100000Z") -> str:
    return EVENT.format(uid=uid, title=title, end=end)


@pytest.fixture
def work(radicale):
    url = radicale.new_calendar()
    radicale.put(url, "a1", event("a1", "Kickoff Nordlys"))
    return url


def test_add_list_sync_and_remove(cli, work):
    added = cli("calendars", "add", "work", work, "--user", "alice", "--password-command", "echo wonderland")
    assert added.code == 0, added.err
    assert "Added calendar work" in added.out and "two-way" in added.out
    synced = cli("sync")
    assert synced.code == 0, synced.err
    assert "work: took 1 new, 0 updated and 0 removed meetings from the server" in synced.out
    assert synced.err == ""  # no progress line when standard error is not a terminal
    assert "Kickoff Nordlys" in cli("agenda").out
    assert cli("sync", "work").out.strip() == "work: up to date"
    listed = cli("calendars")
    assert "work  two-way" in listed.out and "password from: echo wonderland" in listed.out
    assert "last sync: never" not in listed.out
    assert cli("calendars", "test", "work").out.startswith("work: connected to Work")
    removed = cli("calendars", "remove", "work")
    assert removed.code == 0 and "its meetings stay" in removed.out
    assert "Kickoff Nordlys" in cli("agenda").out


def test_a_server_url_with_several_calendars_asks_which(cli, radicale, work):
    radicale.new_calendar(name="Home")
    result = cli("calendars", "add", "x", radicale.url(), "--user", "alice", "--password-command", "echo wonderland")
    assert result.code == 1 and "pick one with --calendar NAME" in result.err and "Home" in result.err


def test_a_conflict_is_named_with_how_to_settle_it(cli, radicale, work, db_path):
    cli("calendars", "add", "work", work, "--user", "alice", "--password-command", "echo wonderland")
    cli("sync")
    from planner.services.store import Store

    with Store.open(db_path) as store:
        meeting = store.meetings()[0]
        store.save_meeting(meeting.with_changes(title="Kickoff (short)"))
    radicale.put(work, "a1", event("a1", "Kickoff 2027"))
    result = cli("sync")
    assert result.code == 0
    assert "conflict in work: 'Kickoff (short)' was changed here and on the server (title)" in result.out
    assert "planner sync --keep-mine TITLE" in result.out
    settled = cli("sync", "--take-theirs", "Kickoff (short)")
    assert settled.code == 0 and "Took the server's version" in settled.out
    assert "Kickoff 2027" in cli("agenda").out


def test_dry_run_changes_nothing(cli, work, db_path):
    cli("calendars", "add", "work", work, "--user", "alice", "--password-command", "echo wonderland")
    before = db_path.read_bytes()
    result = cli("sync", "--dry-run")
    assert result.code == 0 and "would take 1 new" in result.out
    assert db_path.read_bytes() == before


def test_errors_are_one_line(cli, radicale, work, tmp_path):
    wrong = cli("calendars", "add", "work", work, "--user", "alice", "--password-command", "echo nope")
    assert wrong.code == 1 and wrong.err.startswith("planner: error: 127.0.0.1:")
    assert "refused the user name or password" in wrong.err and "Traceback" not in wrong.err
    missing = cli("calendars", "add", "work", radicale.url() + "nothing-here/", "--user", "alice",
                  "--password-command", "echo wonderland")
    assert missing.code == 1 and "(404)" in missing.err
    assert cli("sync").err == "planner: error: no calendar is set up yet; add one with `planner calendars add NAME URL`\n"
    bad_url = cli("calendars", "add", "work", "ftp://example.com/x")
    assert bad_url.code == 1 and "is not a calendar address" in bad_url.err
    empty = cli("calendars", "add", "work", "  ")
    assert empty.err == "planner: error: give the calendar's address: an https:// (or webcal://) URL\n"


def test_the_password_goes_to_the_keyring(cli, work, memory_keyring, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("wonderland\n"))
    result = cli("calendars", "add", "work", work, "--user", "alice")
    assert result.code == 0, result.err
    assert list(memory_keyring.kept.values()) == ["wonderland"]
    assert "password in the system keyring" in cli("calendars").out
    assert cli("sync").code == 0
    cli("calendars", "remove", "work")
    assert memory_keyring.kept == {}


def test_no_keyring_says_to_use_a_password_command(cli, work, monkeypatch):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr(sys, "stdin", io.StringIO("wonderland\n"))
        result = cli("calendars", "add", "work", work, "--user", "alice")
    finally:
        keyring.set_keyring(before)
    assert result.code == 1
    assert "no system keyring" in result.err and "--password-command" in result.err


def test_a_progress_line_on_a_terminal_only(db_path, work, tmp_path):
    env = dict(os.environ, PLANNER_DB=str(db_path))
    base = [sys.executable, "-m", "planner", "--today", "2026-12-02"]
    subprocess.run(base + ["calendars", "add", "work", work, "--user", "alice", "--password-command",
                           "echo wonderland"], env=env, check=True, capture_output=True, timeout=60)
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(base + ["sync"], env=env, stdout=subprocess.PIPE, stderr=terminal, timeout=60)
        os.close(terminal)
        terminal = -1
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
        if terminal >= 0:
            os.close(terminal)
    assert done.returncode == 0
    assert b"work: fetching 1 of 1 events" in shown
    assert b"took 1 new" in done.stdout


def test_a_server_that_is_down_is_one_error_line_and_exit_1(cli, work, db_path):
    import socket

    from planner.services.store import Store
    from planner.services.sync import state

    cli("calendars", "add", "work", work, "--user", "alice", "--password-command", "echo wonderland")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Store.open(db_path) as store:
        calendar = state.calendar_named(store, "work")
        calendar.collection = f"http://127.0.0.1:{port}/alice/work/"
        state.save_calendar(store, calendar)
    result = cli("sync")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith(f"planner: error: work: cannot reach 127.0.0.1:{port}")
    assert result.err.count("\n") == 1
    assert "trouble: cannot reach" in cli("calendars").out
