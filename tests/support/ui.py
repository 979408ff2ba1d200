"""Helpers for the Pilot tests in tests/ui: open the demo, read what the screen shows, type.

Not collected (no ``test_`` prefix); imported as ``support.ui``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support import CPH, TODAY, at  # noqa: F401 - re-exported for the UI tests

WIDE = (120, 36)


def open_demo(path: Path):
    from planner.services.demo import fill_demo
    from planner.services.store import Store

    store = Store.open(path)
    fill_demo(store, TODAY)
    return store


def make_app(store, today: date = TODAY, notice: str | None = None):
    """The app on ``store``, noting every notification it shows (see :func:`notices`)."""
    from planner.ui.app import PlannerApp

    app = PlannerApp(store, today=today, notice=notice)
    shown: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        shown.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify  # widgets' notify() goes through the app's
    app.shown_notices = shown
    return app


def notices(app) -> list[str]:
    """Every notification the app has shown, oldest first."""
    return list(app.shown_notices)


async def until(pilot, condition, *, timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (a busy machine may need a while); fail after
    ``timeout`` seconds saying so."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout:g} s: {getattr(condition, '__name__', condition)}")
        await pilot.pause(0.01)


def screen_text(app) -> str:
    """What the top screen shows, as plain lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def week(app):
    from planner.ui.screens.week import WeekScreen

    screen = app.screen_stack[0]
    assert isinstance(screen, WeekScreen)
    return screen


def selected_title(app) -> str | None:
    meeting = week(app).selected_meeting
    return meeting.title if meeting else None


def column_text(app, index: int) -> str:
    """What a day column (0 = Monday) shows on screen: its head and the cards in sight."""
    screen = week(app)
    region = screen.query_one(f"#day-{index}").region
    strips = screen._compositor.render_strips()[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text.rstrip() for strip in strips)


def selected_card_lines(app) -> list[str]:
    """The lines of the week drawn in the selected card's colours (from the stylesheet)."""
    from planner.ui.widgets.day_column import DayColumn

    screen = week(app)
    column = next(c for c in screen.query(DayColumn) if c.has_class("-current"))
    # The stylesheet's selected-card background, over the column's own.
    part = screen.query_one("#days").get_component_styles("day-column--card", "day-column--card-selected")
    wanted = (column.visual_style.background + part.background).rich_color
    lines = []
    for strip in screen._compositor.render_strips():
        cells = [seg for seg in strip if seg.style and seg.style.bgcolor == wanted and seg.text.strip()]
        if cells:
            lines.append("".join(seg.text for seg in cells).strip(" ▌"))  # without the left edge
    return lines


async def click_text(pilot, text: str) -> None:
    """Click where ``text`` shows on the screen, as a user would."""
    strips = pilot.app.screen._compositor.render_strips()
    for y, strip in enumerate(strips):
        x = strip.text.find(text)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            return
    raise AssertionError(f"{text!r} is not on the screen")


async def type_into(pilot, selector: str, text: str) -> None:
    """Replace an Input's text the way a user does: focus, clear, type."""
    from textual.widgets import Input

    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*[c if c != " " else "space" for c in text]) if text else None
    await pilot.pause()


def widget_text(app) -> str:
    """Every Static's text and Input's value on the top screen, unwrapped (for dialogs)."""
    from textual.widgets import Input, Static

    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static):
            parts.append(str(widget.content))
        elif isinstance(widget, Input):
            parts.append(widget.value)
    return "\n".join(parts)


def detail_text(app) -> str:
    """The detail panel's text, unwrapped."""
    body = week(app).query_one("#detail .detail-body")
    return str(body.content)


def field_message(app, name: str) -> str:
    from planner.ui.widgets.form import FieldRow

    return app.screen.query_one(f"#field-{name}", FieldRow).message_text


# --- the wizard ---------------------------------------------------------------------------------

MONDAY = date(2026, 11, 30)  # with the clock here the whole demo week is still ahead


def meeting_by_title(store, title: str):
    return next(m for m in store.meetings() if m.title == title and m.start.month == 12)


def step_line(app) -> str:
    return str(app.screen.query_one("#wizard-step").content)


def editors(app):
    from planner.ui.widgets.message_editor import MessageEditor

    return list(app.screen.query(MessageEditor))


async def open_on(pilot, title: str) -> None:
    """Select a meeting of the demo week and press c."""
    screen = week(pilot.app)
    screen.show_week(MONDAY, meeting_id=meeting_by_title(pilot.app.store, title).id)
    await until(pilot, lambda: screen.selected_meeting is not None and screen.selected_meeting.title == title)
    await pilot.press("c")
    await until(pilot, lambda: "Step 1 of 6" in step_line(pilot.app))


async def to_advice(pilot, title: str, reason: str) -> None:
    """Walk steps 1-3 with the answers the calendar and the client give, and the reason."""
    from textual.widgets import RadioSet

    await open_on(pilot, title)
    await pilot.press("ctrl+n")
    await until(pilot, lambda: "Step 2 of 6" in step_line(pilot.app))
    order = ["workload", "conflict", "repetitive", "sick", "dislike"]
    radio = pilot.app.screen.query_one("#reason", RadioSet)
    radio.focus()
    await pilot.press(*["down"] * order.index(reason), "enter")
    await until(pilot, lambda: radio.pressed_button is not None and radio.pressed_button.id == f"reason-{reason}")
    await pilot.press("ctrl+n")
    await until(pilot, lambda: "Step 3 of 6" in step_line(pilot.app))
    await pilot.press("ctrl+n")
    await until(pilot, lambda: "Step 4 of 6" in step_line(pilot.app))


async def pick(pilot, strategy: str) -> None:
    """On the advice: move the highlight to a strategy and press enter."""
    from textual.widgets import OptionList

    found = pilot.app.screen.query_one("#suggestions", OptionList)
    found.focus()
    for _ in range(found.option_count):
        if found.get_option_at_index(found.highlighted).id == strategy:
            break
        await pilot.press("down")
    assert found.get_option_at_index(found.highlighted).id == strategy
    await pilot.press("enter")
    await until(pilot, lambda: "Step 5 of" in step_line(pilot.app))


async def to_message(pilot) -> None:
    await pilot.press("ctrl+n")
    await until(pilot, lambda: "Step 6 of 6" in step_line(pilot.app) and bool(
        editors(pilot.app) or "cannot be written" in widget_text(pilot.app)))
