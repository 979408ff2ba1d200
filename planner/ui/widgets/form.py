"""A labelled form field with its message line: the error, or what was understood."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

_DURATION = re.compile(
    r"""\s*(?:
        (?P<h>\d+)\s*h(?:ours?)?\s*(?:(?P<hm>\d+)\s*(?:m|min|mins|minutes?)?)? |
        (?P<m>\d+)\s*(?:m|min|mins|minutes?)
    )\s*""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_duration(text: str) -> int | None:
    """Minutes in "45m", "45 min", "1h", "1h30", "1 h 30 min", "2 hours"; None if not a duration."""
    match = _DURATION.fullmatch(text or "")
    if not match:
        return None
    if match["m"] is not None:
        return int(match["m"])
    return int(match["h"]) * 60 + int(match["hm"] or 0)


def parse_minutes(text: str, *, what: str) -> int:
    """A whole number of minutes: "180", "3h", "2h30", "45m". ValueError saying how to type it."""
    text = (text or "").strip()
    if text.isdigit():
        return int(text)
    minutes = parse_duration(text)
    if minutes is None:
        raise ValueError(f'{what}: type minutes ("180") or hours ("3h", "2h30")')
    return minutes


def duration_text(minutes: int) -> str:
    """90 -> "1h30m", 60 -> "1h", 45 -> "45m": what parse_duration reads back."""
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h}h{m}m"
    return f"{h}h" if h else f"{m}m"


class FieldRow(Horizontal):
    """Label | control, with a message line under the control."""

    def __init__(self, label: str, control: Widget, *, name: str) -> None:
        super().__init__(classes="field", id=f"field-{name}")
        self.label = label
        self.control = control

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self.control
            yield Static("", classes="field-msg", markup=False)

    def message(self, text: str, *, error: bool = False) -> None:
        msg = self.query_one(".field-msg", Static)
        msg.update(text)
        msg.set_class(bool(text), "-shown")
        msg.set_class(error, "-error")
        self.set_class(error, "-invalid")

    @property
    def message_text(self) -> str:
        return str(self.query_one(".field-msg", Static).content)
