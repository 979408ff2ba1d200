"""L on the week: the plan for the selected day, drop and swap, the messages, apply and undo."""

from __future__ import annotations

from planner.domain.load import DayStatus
from support.ui import MONDAY, WIDE, make_app, until, week, widget_text


def tuesday(app):
    return week(app).week.days[1]


async def open_lighten_on_tuesday(pilot):
    from planner.ui.screens.lighten import LightenScreen

    screen = week(pilot.app)
    await until(pilot, lambda: screen.week is not None)
    await pilot.press("right")  # Monday -> Tuesday
    await until(pilot, lambda: screen.day == MONDAY.replace(day=1, month=12))
    assert tuesday(pilot.app).status is DayStatus.OVERLOADED
    await pilot.press("L")
    await until(pilot, lambda: isinstance(pilot.app.screen, LightenScreen) and pilot.app.screen.plan is not None)
    return pilot.app.screen


async def test_L_plans_the_overloaded_tuesday_exports_the_messages_and_applies_it(demo, tmp_path):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_lighten_on_tuesday(pilot)
        plan = screen.plan
        assert plan.reached and plan.items
        assert "OVERLOADED" in widget_text(app) and "→" in widget_text(app)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: len(screen.query("MessageEditor")) >= len(plan.items))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(list((tmp_path / "drafts").glob("*.md"))) >= len(plan.items))
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.applied is not None)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is week(app))
        assert tuesday(app).status is not DayStatus.OVERLOADED
        await pilot.press("u")  # one undo takes the whole plan back
        await until(pilot, lambda: tuesday(app).status is DayStatus.OVERLOADED)


async def test_dropping_an_item_re_solves_the_plan(demo):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_lighten_on_tuesday(pilot)
        first = screen.plan.items[0].meeting.id
        await pilot.press("x")
        await until(pilot, lambda: all(item.meeting.id != first for item in screen.plan.items))
        assert screen.fixed[first].value == "keep"
