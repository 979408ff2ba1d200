"""The settings screen: every change is saved and the week re-computes at once."""

from __future__ import annotations

from datetime import time

from textual.widgets import Checkbox, Input, Select

from support.ui import WIDE, column_text, field_message, make_app, screen_text, week


async def open_settings(pilot):
    await pilot.press("s")
    await pilot.pause()
    assert pilot.app.screen.__class__.__name__ == "SettingsScreen"


async def test_raising_the_overload_line_recolours_tuesday(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert week(app).query_one("#day-1").has_class("-overloaded")
        await open_settings(pilot)
        screen = app.screen
        screen.query_one("#overload_minutes", Input).value = "7h"
        screen.query_one("#overload_count", Input).value = "7"
        await pilot.pause()
        assert field_message(app, "overload_minutes") == "7 h"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is week(app)
        saved = demo.settings()
        assert saved.overload_minutes == 420 and saved.overload_count == 7
        tuesday = week(app).query_one("#day-1")
        assert tuesday.has_class("-busy") and not tuesday.has_class("-overloaded")
        assert "busy" in column_text(app, 1) and "6h30/7h" in column_text(app, 1)
        assert "1 overloaded day" in screen_text(app)  # Wednesday is still double-booked


async def test_wrong_values_are_explained_and_not_saved(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_settings(pilot)
        screen = app.screen
        screen.query_one("#timezone", Input).value = "Mars/Olympus"
        screen.query_one("#work_end", Input).value = "08:00"
        screen.query_one("#busy_count", Input).value = "three"
        await pilot.pause()
        assert "unknown time zone" in field_message(app, "timezone")
        assert field_message(app, "work_end") == "Work must end after it starts (e.g. 09:00 to 17:00)."
        assert "whole number" in field_message(app, "busy_count")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "SettingsScreen"
        assert demo.settings().timezone == "Europe/Copenhagen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
        assert demo.settings().work_end == time(17, 0)


async def test_work_days_weekends_name_and_date_order(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_settings(pilot)
        screen = app.screen
        screen.query_one("#name", Input).value = "Søren Ærø"
        screen.query_one("#wd-4", Checkbox).value = False  # Fridays off
        screen.query_one("#show_weekends", Checkbox).value = True
        screen.query_one("#day_first", Select).value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = demo.settings()
        assert saved.name == "Søren Ærø"
        assert saved.work_days == (0, 1, 2, 3) and saved.show_weekends and not saved.day_first
        for i in range(7):
            assert week(app).query_one(f"#day-{i}").display
        assert "off" in column_text(app, 4)  # Friday still has meetings; now a day off
        assert "Sun 6 Dec" in column_text(app, 6)


async def test_theme_chosen_in_settings_is_applied_and_remembered(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_settings(pilot)
        app.screen.query_one("#theme", Select).value = "planner-light"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.theme == "planner-light"
        assert demo.settings().theme == "planner-light"
