"""The week view as a user meets it: what it shows, every key, mouse, sizes, read-only."""

from __future__ import annotations

from datetime import date

from planner.domain.models import Meeting
from support.ui import (
    TODAY,
    WIDE,
    at,
    column_text,
    detail_text,
    make_app,
    notices,
    open_demo,
    click_text,
    run_command,
    screen_text,
    selected_card_lines,
    selected_title,
    week,
    widget_text,
)


async def test_first_view_shows_the_week_the_overload_and_why(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        # Header: ISO week, range, meeting hours against the limit, focus, overloaded days.
        assert "2026-W49" in text
        assert "Mon 30 Nov – Sun 6 Dec 2026" in text
        assert "meetings 19 h 30 min of 20 h" in text
        assert "focus 13 h" in text
        assert "2 overloaded days" in text
        # Columns: Monday to Friday, weekend hidden (no meetings there), today marked.
        for label in ("Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec", "Thu 3 Dec", "Fri 4 Dec"):
            assert label in text
        assert "Sat 5 Dec" not in text
        assert "● today" in column_text(app, 2)
        # Tuesday is overloaded: a word, not only a colour, and the class that colours it.
        tuesday = column_text(app, 1)
        assert "OVERLOADED" in tuesday and "6h30/5h" in tuesday
        assert week(app).query_one("#day-1").has_class("-overloaded")
        assert week(app).query_one("#day-3").has_class("-busy")
        assert "busy" in column_text(app, 3)
        assert week(app).query_one("#day-0").has_class("-ok")
        # Cards: time range, location mark with travel, flags; user text exactly as typed.
        assert "09:00-09:45 ▷ ⇄" in tuesday
        assert "[VIP] Ærø & Co" in tuesday
        assert "Kampagneplan 2027" in tuesday
        wednesday = column_text(app, 2)
        assert "10:00-11:00 ⌂25m" in wednesday
        assert "14:00-15:00 ▷ ‼" in wednesday
        # The detail panel explains the selected meeting and why its day is flagged.
        assert selected_title(app) == "Byggemøde"
        assert "Client: Bølgen Arkitekter  regular client, 6% of business" in text
        assert "Day: OVERLOADED because" in text
        assert "double-booked 14:30-15:00: Acme Logistics / Nordlys Energi A/S" in detail_text(app)


async def test_arrows_and_hjkl_move_between_days_and_meetings(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert selected_title(app) == "Byggemøde"  # Wed 10:00
        await pilot.press("right")  # Thursday, nearest in time: 09:00
        assert selected_title(app) == "Workshop: ny webshop"
        await pilot.press("down")
        assert selected_title(app) == "Account review Q4"
        await pilot.press("h")  # Wednesday, nearest to 13:00 is 14:00
        assert selected_title(app) == "Quarterly KPIs"
        await pilot.press("k")
        assert selected_title(app) == "Byggemøde"
        await pilot.press("j", "j", "j", "j")  # stops at the last meeting
        assert selected_title(app) == "Afklaring om tilbud"
        await pilot.press("l", "l", "l")  # stops at Friday
        assert week(app).day == date(2026, 12, 4)
        await pilot.press("left", "left", "left", "left", "left")
        assert week(app).day == date(2026, 11, 30)
        await pilot.pause()
        # Kept to the time of day: Friday 14:00 -> Monday 13:00.
        assert detail_text(app).startswith("Månedlig statusopdatering")  # the panel follows
        assert week(app).query_one("#day-0").has_class("-current")
        # Exactly one card is drawn as selected (its colours come from the stylesheet).
        assert selected_card_lines(app) == ["13:00-13:45 ▷", "Københavns Kaffekom…", "Månedlig statusopda…"]


async def test_n_p_change_week_and_t_comes_back_to_today(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        assert "2026-W50" in text and "Mon 7 Dec – Sun 13 Dec 2026" in text
        assert "0 min of 20 h" in text
        assert week(app).day == date(2026, 12, 9)  # same weekday
        await pilot.press("p", "p")
        await pilot.pause()
        text = screen_text(app)
        assert "2026-W48" in text
        assert "Weekly sync" in column_text(app, 0)  # a past meeting with Acme, kept
        await pilot.press("t")
        await pilot.pause()
        assert "2026-W49" in screen_text(app)
        assert week(app).day == TODAY


async def test_g_goes_to_a_typed_date_and_explains_a_typo(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"32/12")
        await pilot.pause()
        assert "32/12" in screen_text(app)
        message = str(app.screen.query_one("#date-msg").content)
        assert message and "understood" not in message
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "GoToScreen"  # still open, nothing moved
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"15/1")
        await pilot.pause()
        assert "understood as Friday, 15 January 2027" in widget_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert week(app).day == date(2027, 1, 15)
        assert "2027-W02" in screen_text(app)


async def test_enter_shows_every_detail_of_the_meeting(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("left", "down")  # Tue 09:50 (nearest 10:00), then 10:35 [VIP] Ærø & Co
        await pilot.press("enter")
        await pilot.pause()
        text = widget_text(app)
        assert "Kampagneplan 2027" in text
        assert "[VIP] Ærø & Co" in text
        assert "key client, 21% of business" in text
        assert "Flags: back-to-back" in text
        assert "6 h 30 min of meetings (limit 5 h)" in text
        assert week(app).selected_meeting.id in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)


async def test_delete_asks_then_u_undoes(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        meeting = week(app).selected_meeting
        assert meeting.title == "Byggemøde"
        await pilot.press("d")
        await pilot.pause()
        assert "Delete “Byggemøde” with Bølgen Arkitekter on Wed 2 Dec 10:00-11:00?" in widget_text(app)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert demo.meeting(meeting.id).title == "Byggemøde"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "u Undo" in screen_text(app).splitlines()[-1]
        assert all(m.id != meeting.id for m in demo.meetings())
        assert "Byggemøde" not in column_text(app, 2)
        assert selected_title(app) == "Quarterly KPIs"
        await pilot.press("u")
        await pilot.pause()
        restored = demo.meeting(meeting.id)
        assert restored.start == meeting.start and restored.client_id == meeting.client_id
        assert "Byggemøde" in column_text(app, 2)
        assert selected_title(app) == "Byggemøde"
        assert app.last_deleted is None


async def test_help_lists_every_key_and_the_footer_shows_them(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for item in ("←↓↑→ Move", "n/p Week", "g Go to", "⏎ Info", "a Add", "e Edit", "d Delete",
                     "C Clients", "s Setup", "? Help", "c Get out", "D Drafts", "^p palette"):
            assert item in footer
        assert footer.rstrip().endswith("^p palette")  # nothing cut off at the right edge
        assert "u Undo" not in footer  # shown once there is a delete to undo
        # What does not fit (today, quit) is left out whole, and is in ? help (below).
        assert "t Today" not in footer and "q Quit" not in footer
        await pilot.press("question_mark")
        await pilot.pause()
        text = widget_text(app)
        for line in ("← h", "→ l", "↑ k", "↓ j", "Previous week", "Next week", "Go to a date",
                     "Undo the last delete", "Command palette", "double-booked", "OVERLOADED",
                     "Today", "Quit"):
            assert line in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)


async def test_the_footer_fits_narrow_terminals_and_keeps_help(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for item in ("? Help", "n/p Week", "a Add", "d Delete", "c Get out"):
            assert item in footer
        assert len(footer.rstrip()) <= 80
        await click_text(pilot, "? Help")  # the footer's keys work with the mouse too
        await pilot.pause()
        assert "Go to a date" in widget_text(app)


async def test_mouse_click_selects_a_meeting_and_a_day(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await click_text(pilot, "Account review Q4")  # Thursday's second card
        await pilot.pause()
        assert selected_title(app) == "Account review Q4"
        assert "Account review Q4" in selected_card_lines(app)
        await click_text(pilot, "14:30-15:15")  # the top line of Wednesday's third card
        await pilot.pause()
        assert week(app).day == date(2026, 12, 2) and selected_title(app) == "Afklaring om tilbud"
        await click_text(pilot, "Mon 30 Nov   ")  # the head of Monday (not the week line): its first meeting
        await pilot.pause()
        assert week(app).day == date(2026, 11, 30) and selected_title(app) == "Weekly status"
        await click_text(pilot, "Fjordhus Bryggeri")  # a card on another day
        await pilot.pause()
        assert week(app).day == date(2026, 12, 3) and selected_title(app) == "Workshop: ny webshop"


async def test_command_palette_runs_actions(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Next week", "Next week")
        assert "2026-W50" in screen_text(app)


async def test_help_from_the_palette_lists_the_wizard_drafts_and_import_keys_too(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Help", "Help")
        text = widget_text(app)
        for line in ("Undo the last delete or change", "Get me out", "Drafts", "Import a calendar"):
            assert line in text


async def test_deleting_a_later_meeting_keeps_the_place_in_the_day(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("j")  # Wed: Byggemøde, Quarterly KPIs, Afklaring om tilbud
        await pilot.pause()
        assert selected_title(app) == "Quarterly KPIs"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert selected_title(app) == "Afklaring om tilbud"  # the next one, not the day's first


async def test_weekend_column_appears_when_it_holds_a_meeting(demo):
    client = demo.clients()[0]
    demo.save_meeting(Meeting(client_id=client.id, title="Lørdagsmøde", start=at(5, "10:00"), end=at(5, "11:00")))
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Sat 5 Dec" in column_text(app, 5) and "Lørdagsmøde" in text
        assert week(app).query_one("#day-5").display and not week(app).query_one("#day-6").display
        assert "☾" in column_text(app, 5)  # outside work hours


async def test_narrow_80x24_still_shows_every_day(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for label in ("Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec", "Thu 3 Dec", "Fri 4 Dec"):
            assert label in text
        assert "OVER  6h30/5h" in text  # the amount whole, the short word (OVERLOADED does not fit)
        assert "2026-W49" in text
        assert not week(app).has_class("-one-day")
        await pilot.press("n", "p", "right", "down", "enter")
        await pilot.pause()
        assert "Account review Q4" in widget_text(app)


async def test_very_small_terminal_shows_one_day_and_never_crashes(demo):
    app = make_app(demo)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert week(app).has_class("-one-day")
        text = screen_text(app)
        assert "Wed 2 Dec" in text and "Tue 1 Dec" not in text
        await pilot.press("left")
        await pilot.pause()
        text = screen_text(app)
        assert "Tue 1 Dec" in text and "Wed 2 Dec" not in text
        for key in ("down", "n", "p", "t", "question_mark", "escape", "enter", "escape", "a", "escape",
                    "s", "escape", "C", "escape", "g", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert app.screen is week(app)
        assert app.return_code is None  # still running, no crash


async def test_resizing_re_lays_the_week_out(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for size in [(80, 24), (40, 12), (20, 6), (200, 60), (60, 15), (120, 36)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert "2026-W49" in screen_text(app) or size[0] < 40
        assert not week(app).has_class("-one-day")
        assert "Fri 4 Dec" in screen_text(app)


async def test_read_only_store_shows_the_notice_and_saves_nothing(tmp_path):
    from planner.services.store import Store

    path = tmp_path / "planner.json"
    open_demo(path).close()
    store = Store.open(path, read_only=True)
    before = len(store.meetings())
    app = make_app(store, notice="read-only: another planner has the file")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "read-only" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(store.meetings()) == before
        assert selected_title(app) == "Byggemøde"
        # Forms that could not be saved are refused before they are filled in.
        for key in ("a", "s"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is week(app)
        assert any(n.startswith("Read-only: the settings cannot be saved") for n in notices(app))
    store.close()


async def test_a_week_change_reuses_the_columns(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        columns = list(week(app).query(".day"))
        await pilot.press("n")
        await pilot.pause()
        assert list(week(app).query(".day")) == columns


async def test_a_title_with_escape_sequences_cannot_reach_the_terminal(tmp_path):
    """Written by an old planner or by hand: cleaned when read, so the grid stays whole."""
    import json

    from planner.services.store import Store
    from support.ui import make_app, until

    path = tmp_path / "p.json"
    store = open_demo(path)
    meeting = next(m for m in store.meetings() if m.title == "Statusmøde")
    store.close()
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw.rsplit(',\n"checksum"', 1)[0] + "}")
    data.pop("meetings_longest_days", None)
    data["meetings"][meeting.id]["title"] = "\x1b[2J\x1b]0;evil-title\x07Status\r\nmøde\x00"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Store.open(path) as dirty:
        app = make_app(dirty)
        async with app.run_test(size=WIDE) as pilot:
            screen = week(app)
            screen.show_week(TODAY, meeting_id=meeting.id)
            await until(pilot, lambda: screen.selected_meeting is not None and screen.selected_meeting.id == meeting.id)
            text = screen_text(app)
            assert "[2J]0;evil-titleStatus møde" in text
            assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
