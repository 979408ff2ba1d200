"""Settings › Calendars, as a person uses it against a real Radicale: add (password into the
keyring, or a password command; pick one of several calendars), test, sync with its progress,
remove, settle conflicts; and the week's header and the palette leading there."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from textual.widgets import DataTable, Input, OptionList, Select

from planner.application import calendars as app_calendars
from planner.services.store import Store
from support import TODAY
from support.ui import (WIDE, column_text, field_message, make_app, notices, run_command, screen_text, type_into,
                        until, week, widget_text)

EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
         "DTSTAMP:20261101T000000Z\r\nSEQUENCE:{seq}\r\nDTSTART:20261203T090000Z\r\nDTEND:20261203T100000Z\r\n"
         "SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


NOW = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)


def event(uid: str, title: str, seq: int = 0) -> str:
    return EVENT.format(uid=uid, title=title, seq=seq)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "planner.json") as opened:
        yield opened


def on(app, name: str) -> bool:
    return app.screen.__class__.__name__ == name


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def status_text(app) -> str:
    return str(app.screen.query_one("#calendars-status").content)


async def open_calendars(pilot) -> None:
    """From the week: s (settings), then the settings' Calendars key."""
    app = pilot.app
    await pilot.press("s")
    await until(pilot, lambda: on(app, "SettingsScreen"), "the settings")
    assert "^o Calendars" in screen_text(app).splitlines()[-1]
    await pilot.press("ctrl+o")
    await until(pilot, lambda: on(app, "CalendarsScreen"), "the Calendars screen")


async def fill_form(pilot, name: str, url: str, user: str = "alice", password: str = "wonderland") -> None:
    app = pilot.app
    await pilot.press("a")
    await until(pilot, lambda: on(app, "CalendarForm"), "the form")
    await type_into(pilot, "#name", name)
    await type_into(pilot, "#url", url)
    await type_into(pilot, "#user", user)
    await type_into(pilot, "#password", password)


async def test_add_test_and_sync_from_the_settings(radicale, store, memory_keyring):
    url = radicale.new_calendar()
    radicale.put(url, "k1", event("k1", "Kickoff from the server"))
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_calendars(pilot)
        assert "No calendars yet" in screen_text(app)
        await fill_form(pilot, "work", url)
        assert app.screen.query_one("#password", Input).password  # typed, never shown
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on(app, "CalendarsScreen"), "the form to close once the server said yes")
        assert any("Added calendar “work”; syncing it now." in n for n in notices(app))
        assert list(memory_keyring.kept.values()) == ["wonderland"]  # in the keyring, not the data file
        assert "wonderland" not in store.path.read_text(encoding="utf-8")
        await until(pilot, lambda: any(m.title == "Kickoff from the server" for m in store.meetings()), "the sync")
        await until(pilot, lambda: rows(app) and rows(app)[0][5] not in ("never", ""), "the last sync in the list")
        name, kind, address, user, password, _last, conflicts = rows(app)[0]
        assert (name, kind, user, password, conflicts) == ("work", "two-way", "alice", "the keyring", "")
        assert "User: alice, password in the system keyring" in screen_text(app)
        await pilot.press("t")
        await until(pilot, lambda: status_text(app).startswith("work: connected to Work at 127.0.0.1:"), "the test")
        await pilot.press("escape")
        await until(pilot, lambda: on(app, "SettingsScreen"), "back to the settings")
        await pilot.press("escape")
        await until(pilot, lambda: on(app, "WeekScreen"), "back to the week")
        assert "synced 00:00" in week(app).query_one("WeekHeader").badge  # the app's clock: --today's midnight


async def test_a_server_that_answers_after_the_form_closed_still_shows_in_the_list(radicale, store, monkeypatch,
                                                                                   memory_keyring):
    """Escape while the server is asked: the calendar the server then accepts is said in a notice
    and shows in the list, selected, so the person can remove it if they did not mean it."""
    import threading

    url = radicale.new_calendar()
    release = threading.Event()
    real_add = app_calendars.add_calendar

    def slow_add(*args, **kwargs):
        release.wait(60)
        return real_add(*args, **kwargs)

    monkeypatch.setattr(app_calendars, "add_calendar", slow_add)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_calendars(pilot)
        await fill_form(pilot, "late", url)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Asking " in widget_text(app), "the form asking the server")
        await pilot.press("escape")
        await until(pilot, lambda: on(app, "CalendarsScreen"), "the form closed")
        assert rows(app) == []
        release.set()
        await until(pilot, lambda: any("the server answered after the form was closed" in n for n in notices(app)),
                    "the late notice")
        await until(pilot, lambda: rows(app) and rows(app)[0][0] == "late", "the calendar in the list")
        assert "late" in screen_text(app)


async def test_an_address_with_several_calendars_lets_you_pick(radicale, store, memory_keyring):
    wanted = f"Pick {uuid.uuid4().hex[:6]}"
    radicale.new_calendar("bob", name="Home")
    url = radicale.new_calendar("bob", name=wanted)
    radicale.put(url, "p1", event("p1", "Only in the picked one"), user="bob")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_calendars(pilot)
        await fill_form(pilot, "mine", radicale.url("bob"), user="bob", password="builder")
        await pilot.press("ctrl+s")
        select = app.screen.query_one("#calendar", Select)
        await until(pilot, lambda: select.display and select.has_focus and "pick one" in field_message(app, "calendar"))
        await pilot.press("enter")  # the list of the server's calendars, by name
        listed = select.query_one("SelectOverlay", OptionList)
        await until(pilot, lambda: listed.has_focus)
        names = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert wanted in names and "Home" in names
        await pilot.press(*["down"] * (names.index(wanted) - (listed.highlighted or 0)), "enter")
        await until(pilot, lambda: select.value == url, "the picked calendar")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on(app, "CalendarsScreen"), "the calendar added")
        assert [s.calendar.collection for s in app_calendars.list_calendars(store)] == [url]
        await until(pilot, lambda: any(m.title == "Only in the picked one" for m in store.meetings()), "the sync")


async def test_what_goes_wrong_is_said_next_to_its_field(radicale, store, memory_keyring):
    url = radicale.new_calendar()
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_calendars(pilot)
        await fill_form(pilot, "work", "ftp://example.com/cal", password="")
        assert "is not a calendar address" in field_message(app, "url")
        assert "Type the password" in field_message(app, "password")
        await type_into(pilot, "#url", url)
        await type_into(pilot, "#password", "nope")
        assert field_message(app, "url") == field_message(app, "password") == ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "refused the user name or password" in field_message(app, "password"),
                    "the server's refusal next to the password")
        assert on(app, "CalendarForm") and app.screen.query_one("#password", Input).value == "nope"  # nothing lost
        assert app_calendars.list_calendars(store) == [] and memory_keyring.kept == {}
        # A password command instead of the keyring.
        select = app.screen.query_one("#password_from", Select)
        select.focus()
        await pilot.press("enter", "down", "enter")
        await until(pilot, lambda: app.screen.query_one("#password_command", Input).display)
        await type_into(pilot, "#password_command", "echo wonderland")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on(app, "CalendarsScreen"), "the calendar added")
        assert rows(app)[0][4] == "a command" and memory_keyring.kept == {}
        assert "password from: echo wonderland" in screen_text(app)


async def test_remove_asks_first_and_the_meetings_stay(radicale, store):
    url = radicale.new_calendar()
    radicale.put(url, "k1", event("k1", "Stays in planner"))
    app_calendars.add_calendar(store, "work", url, user="alice", password_command="echo wonderland")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("R")  # from the week
        await until(pilot, lambda: on(app, "CalendarsScreen"))
        await pilot.press("r")
        await until(pilot, lambda: any(m.title == "Stays in planner" for m in store.meetings()), "the sync")
        await until(pilot, lambda: not app.calendar_sync.running)
        await pilot.press("d")
        await until(pilot, lambda: on(app, "ConfirmScreen"))
        assert "Its meetings stay in planner" in widget_text(app)
        await pilot.press("n")
        await until(pilot, lambda: on(app, "CalendarsScreen"))
        assert len(rows(app)) == 1
        await pilot.press("d")
        await until(pilot, lambda: on(app, "ConfirmScreen"))
        await pilot.press("y")
        await until(pilot, lambda: on(app, "CalendarsScreen") and rows(app) == [], "the calendar removed")
        assert any("Removed calendar “work”; its meetings stay in planner." in n for n in notices(app))
        assert [m.title for m in store.meetings()] == ["Stays in planner"]
        assert app.calendar_sync.timer is None  # nothing left to sync


async def test_a_conflict_is_settled_with_keep_mine_or_take_theirs(radicale, store):
    url = radicale.new_calendar()
    radicale.put(url, "c1", event("c1", "Budget"))
    radicale.put(url, "c2", event("c2", "Review"))
    app_calendars.add_calendar(store, "work", url, user="alice", password_command="echo wonderland")
    app_calendars.sync(store, today=TODAY, now=NOW)
    for uid, title in (("c1", "Budget"), ("c2", "Review")):
        meeting = next(m for m in store.meetings() if m.title == title)
        store.save_meeting(meeting.with_changes(title=f"{title} (mine)"))
        radicale.put(url, uid, event(uid, f"{title} (theirs)", seq=1))
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("r")  # on the week
        await until(pilot, lambda: "2 sync conflicts" in week(app).query_one("WeekHeader").badge, "the conflicts")
        await run_command(pilot, "calendars", "Calendars")
        await until(pilot, lambda: on(app, "CalendarsScreen"))
        assert rows(app)[0][6] == "2" and "2 conflicts wait for you" in screen_text(app)
        await pilot.press("c")
        await until(pilot, lambda: on(app, "ConflictsScreen"))
        options = app.screen.query_one(OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert "was changed here and on the server (title)" in first
        await pilot.press("m")  # keep mine for the first
        await until(pilot, lambda: options.option_count == 1)
        await pilot.press("t")  # take theirs for the other
        await until(pilot, lambda: on(app, "CalendarsScreen"), "the dialog closed with nothing left")
        assert rows(app)[0][6] == ""
        titles = sorted(m.title for m in store.meetings())
        assert any(t.endswith("(mine)") for t in titles) and any(t.endswith("(theirs)") for t in titles)
        await pilot.press("r")
        await until(pilot, lambda: app.calendar_sync.finished >= 2, "the second sync")
        mine = next(t for t in titles if t.endswith("(mine)"))
        uid = "c1" if mine.startswith("Budget") else "c2"
        assert f"SUMMARY:{mine}" in radicale.get(url, uid)  # kept mine: sent at the next sync


async def test_the_timer_syncs_tells_news_and_trouble_once(radicale, store):
    from planner.services.sync import state as sync_state

    url = radicale.new_calendar()
    radicale.put(url, "t1", event("t1", "Came by itself"))
    app_calendars.add_calendar(store, "work", url, user="alice", password_command="echo wonderland")
    app = make_app(store, sync_every=0.1)  # seconds between the timer's syncs, for the test
    async with app.run_test(size=WIDE) as pilot:
        sync, header = app.calendar_sync, week(app).query_one("WeekHeader")
        await until(pilot, lambda: any(m.title == "Came by itself" for m in store.meetings()), "a sync by the timer")
        await until(pilot, lambda: sync.finished >= 3, "more ticks")
        assert [n for n in notices(app) if n.startswith("work: ")] == [
            "work: took 1 new, 0 updated and 0 removed meetings from the server; sent 0 changed, 0 new and 0 deleted"]
        calendar = sync_state.calendar_named(store, "work")
        calendar.password_command = "echo nope"  # say the password changed on the server
        sync_state.save_calendar(store, calendar)
        before = sync.finished
        await until(pilot, lambda: sync.finished >= before + 4, "ticks in trouble")
        told = [n for n in notices(app) if "refused the user name or password" in n]
        assert len(told) == 1 and "Nothing was lost" in told[0]
        assert header.badge == "sync trouble"
        calendar.password_command = "echo wonderland"
        sync_state.save_calendar(store, calendar)
        await until(pilot, lambda: "Your calendars sync again." in notices(app), "the trouble over")
        await until(pilot, lambda: header.badge.startswith("synced "), "the header to say synced again")


async def test_a_tick_while_a_sync_runs_is_skipped_and_the_bar_shows_progress(radicale, store):
    from textual.widgets import ProgressBar

    url = radicale.new_calendar()
    radicale.put(url, "b1", event("b1", "Slow to come"))
    # A password command that takes a moment: the sync is still running when the test looks.
    app_calendars.add_calendar(store, "work", url, user="alice", password_command="sh -c 'sleep 1; echo wonderland'")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        sync = app.calendar_sync
        seen = []
        sync.progress_signal.subscribe(app, seen.append, immediate=True)
        bar = week(app).query_one("SyncBar")
        assert not bar.display or not bar.has_class("-running")
        await pilot.press("r")
        sync.tick()  # the timer's turn while the sync runs: skipped
        await pilot.press("r")  # and r says one is under way
        await until(pilot, lambda: bar.has_class("-running") and bar.display, "the progress bar")
        assert bar.query_one(ProgressBar).total is None  # busy, the total not known yet
        assert "Syncing your calendars…" in screen_text(app)
        assert "A sync is under way already." in notices(app)
        await until(pilot, lambda: not sync.running, "the sync")
        await until(pilot, lambda: not bar.has_class("-running"), "the bar gone")
        assert sync.finished == 1
        texts = [p.text for p in seen]
        assert "work: fetching the whole calendar (a first sync)" in texts
        assert any(p.running and p.total == 1 and p.done == 1 for p in seen)  # 1 of 1 fetched


async def test_the_week_redraws_after_a_sync_and_keeps_the_selected_meeting(radicale, store):
    from planner.domain.models import Client, Meeting
    from support import at

    url = radicale.new_calendar()
    app_calendars.add_calendar(store, "work", url, user="alice", password_command="echo wonderland")
    client = Client(name="Nordlys")
    store.save_client(client)
    mine = Meeting(client.id, "Planning (mine)", at(2, "14:00"), at(2, "15:00"))
    store.save_meeting(mine)
    radicale.put(url, "early", EVENT.format(uid="early", seq=0, title="Early call").replace(
        "20261203T090000Z", "20261202T070000Z").replace("20261203T100000Z", "20261202T080000Z"))
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        screen = week(app)
        assert screen.selected_meeting.id == mine.id and screen.index == 0
        app.calendar_sync.tick()
        await until(pilot, lambda: app.calendar_sync.finished == 1, "the sync")
        await until(pilot, lambda: "Early call" in column_text(app, 2), "the week read again")
        assert screen.selected_meeting.id == mine.id and screen.index == 1


async def test_sync_every_in_the_settings_sets_the_timer(radicale, store):
    url = radicale.new_calendar()
    app_calendars.add_calendar(store, "work", url, user="alice", password_command="echo wonderland")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        sync = app.calendar_sync
        assert sync.timer is not None and sync.interval() == 15 * 60  # the default
        await pilot.press("s")
        await until(pilot, lambda: on(app, "SettingsScreen"), "the settings")
        assert app.screen.query_one("#sync_minutes", Input).value == "15m"
        await type_into(pilot, "#sync_minutes", "0")
        await until(pilot, lambda: "only when you ask" in field_message(app, "sync_minutes"), "the note")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on(app, "WeekScreen"), "the settings saved")
        assert store.settings().sync_minutes == 0 and sync.timer is None
