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
    from planner.ui.app import PlannerApp

    return PlannerApp(store, today=today, notice=notice)


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


def meeting_by_title(store, title: str):
    return next(m for m in store.meetings() if m.title == title and m.start.month == 12)


async def select(pilot, title: str) -> None:
    """Select a meeting of the demo week (the week view's own selection; its keys are tested there)."""
    screen = week(pilot.app)
    meeting = meeting_by_title(pilot.app.store, title)
    screen.show_week(TODAY, meeting_id=meeting.id)
    await pilot.pause()
    assert screen.selected_meeting.title == title


async def choose_reason(pilot, reason: str) -> None:
    from textual.widgets import RadioSet

    order = ["workload", "conflict", "repetitive", "sick", "dislike"]
    radio = pilot.app.screen.query_one("#reason", RadioSet)
    radio.focus()
    await pilot.pause()
    for _ in range(order.index(reason)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert radio.pressed_button.id == f"reason-{reason}"


async def pick(pilot, strategy: str) -> None:
    """On step 4: move the highlight to a strategy and press enter."""
    from textual.widgets import OptionList

    options = pilot.app.screen.query_one("#suggestions", OptionList)
    options.focus()
    for _ in range(options.option_count):
        if options.get_option_at_index(options.highlighted).id == strategy:
            break
        await pilot.press("down")
    assert options.get_option_at_index(options.highlighted).id == strategy
    await pilot.press("enter")
    await pilot.pause()
