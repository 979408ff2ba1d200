"""`r` in the week view: a sync in a worker, the result told, the header saying when it synced."""

from __future__ import annotations

from planner.application import calendars as app_calendars
from planner.services.store import Store
from support.ui import make_app, notices

EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:k1\r\n"
         "DTSTAMP:20261101T000000Z\r\nDTSTART:20261203T090000Z\r\nDTEND:20261203T100000Z\r\n"
         "SUMMARY:Kickoff from the server\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


async def _until(pilot, condition, tries: int = 400) -> bool:
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


async def test_r_syncs_in_the_background_and_the_header_says_so(radicale, tmp_path):
    url = radicale.new_calendar()
    radicale.put(url, "k1", EVENT)
    with Store.open(tmp_path / "p.json") as store:
        app_calendars.add_calendar(store, "work", url, user="alice", password_command="echo wonderland")
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            header = app.screen.query_one("WeekHeader")
            assert "not synced yet" in header.badge
            await pilot.press("r")
            assert await _until(pilot, lambda: any("Kickoff from the server" == m.title for m in store.meetings())
                                and "synced" in header.badge and "not" not in header.badge)
            assert await _until(pilot, lambda: any("work: took 1 new" in n for n in notices(app)))


async def test_r_without_calendars_says_how_to_add_one(tmp_path):
    with Store.open(tmp_path / "p.json") as store:
        app = make_app(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            assert await _until(pilot, lambda: any("planner calendars add" in n for n in notices(app)))
