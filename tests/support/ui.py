"""Helpers for the Pilot tests in tests/ui: open the demo, read what the screen shows, type.

Not collected (no ``test_`` prefix); imported as ``support.ui``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from time import monotonic

from rich.cells import cell_len

from support import CPH, TODAY, at  # noqa: F401 - re-exported for the UI tests

WIDE = (120, 36)


def open_demo(path: Path):
    from planner.services.demo import fill_demo
    from planner.services.store import Store

    store = Store.open(path)
    fill_demo(store, TODAY)
    return store


def make_app(store, today: date = TODAY, notice: str | None = None):
    """The app on ``store``, keeping every notification it shows (read them with ``notices``)."""
    return _recording_app()(store, today=today, notice=notice)


@cache
def _recording_app():
    from planner.ui.app import PlannerApp

    class RecordingApp(PlannerApp):
        """PlannerApp that remembers the text of each notification, however short its timeout."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.shown_notices: list[str] = []

        def notify(self, message, *, title="", severity="information", timeout=None, markup=True) -> None:
            self.shown_notices.append(str(message))
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    return RecordingApp


def notices(app) -> list[str]:
    """The text of every notification shown so far (an app made by ``make_app``), oldest first."""
    return list(app.shown_notices)


# --- what the screen shows ------------------------------------------------------------------------
# Read from the app's screenshot (App.export_screenshot, an SVG of what the terminal shows): each
# <text> element is a run of characters at a cell position, each crispEdges <rect> a run of
# cells on a background colour.

_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                   r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>')
_RECT = re.compile(r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
                   r'height="[\d.]+" shape-rendering="crispEdges"/>')
_LINE = re.compile(r'<clipPath id="[\w-]+-line-0">\s*<rect x="0" y="[\d.]+" width="([\d.]+)" height="([\d.]+)"/>')


@dataclass(slots=True)
class Cells:
    """The screen as rows of cells: the character in each (a wide character's second cell is
    "") and its background colour ("#rrggbb")."""

    chars: list[list[str]]
    backgrounds: list[list[str]]

    def line(self, y: int, start: int = 0, end: int | None = None) -> str:
        return "".join(self.chars[y][start:end])


def screen_cells(app) -> Cells:
    """What the terminal shows now: the top screen over those under it, notifications included."""
    width, height = app.size
    svg = app.export_screenshot()
    line = _LINE.search(svg)
    cell_width, line_height = float(line[1]) / width, float(line[2]) - 0.25
    chars = [[" "] * width for _ in range(height)]
    backgrounds = [[""] * width for _ in range(height)]
    for fill, x, y, w in _RECT.findall(svg):
        row, col = int(float(y) // line_height), round(float(x) / cell_width)
        for i in range(col, min(width, col + round(float(w) / cell_width))):
            backgrounds[row][i] = fill.lower()
    for x, row, text in _TEXT.findall(svg):
        col, row = round(float(x) / cell_width), int(row)
        for char in html.unescape(text).replace("\xa0", " "):
            if col >= width:
                break
            chars[row][col] = char
            for extra in range(1, cell_len(char)):
                if col + extra < width:
                    chars[row][col + extra] = ""
            col += max(1, cell_len(char))
    return Cells(chars, backgrounds)


def screen_text(app) -> str:
    """What the terminal shows, as plain lines."""
    cells = screen_cells(app)
    return "\n".join(cells.line(y) for y in range(len(cells.chars)))


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
    region = week(app).query_one(f"#day-{index}").region
    cells = screen_cells(app)
    return "\n".join(cells.line(y, region.x, region.right).rstrip() for y in range(region.y, region.bottom))


def selected_card_lines(app) -> list[str]:
    """The lines of the week drawn in the selected card's colours (from the stylesheet)."""
    from planner.ui.widgets.day_column import DayColumn

    screen = week(app)
    column = next(c for c in screen.query(DayColumn) if c.has_class("-current"))
    # The stylesheet's selected-card background, over the column's own.
    part = screen.query_one("#days").get_component_styles("day-column--card", "day-column--card-selected")
    wanted = (column.visual_style.background + part.background).hex.lower()
    cells = screen_cells(app)
    lines = []
    for chars, backgrounds in zip(cells.chars, cells.backgrounds):
        text = "".join(c for c, b in zip(chars, backgrounds) if b == wanted)
        if text.strip():
            lines.append(text.strip(" ▌"))  # without the left edge
    return lines


async def click_text(pilot, text: str) -> None:
    """Click where ``text`` shows on the screen, as a user would."""
    cells = screen_cells(pilot.app)
    for y in range(len(cells.chars)):
        line = cells.line(y)
        x = line.find(text)
        if x >= 0:
            await pilot.click(offset=(cell_len(line[:x]) + 1, y))
            return
    raise AssertionError(f"{text!r} is not on the screen")


async def until(pilot, condition, what: str = "", *, timeout: float = 60.0) -> None:
    """Let the app run until ``condition()`` holds (a busy machine may need a while: several
    suites and two CPU hogs at once once took over 20 s); fail after ``timeout`` seconds saying
    ``what`` was awaited."""
    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            awaited = what or getattr(condition, "__name__", repr(condition))
            raise AssertionError(f"still not true after {timeout:g} s: {awaited}")
        await pilot.pause(0.01)


async def run_command(pilot, typed: str, title: str) -> None:
    """Run a command from the palette as a user does: ctrl+p, type, wait until ``title`` is the
    highlighted command, enter."""
    from textual.command import CommandList, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
    await pilot.press(*[c if c != " " else "space" for c in typed])
    commands = app.screen.query_one(CommandList)

    def offered() -> bool:
        index = commands.highlighted
        return index is not None and str(commands.get_option_at_index(index).prompt).startswith(title)

    await until(pilot, offered, f"{title!r} in the palette")
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette to close")
    await pilot.pause()


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
