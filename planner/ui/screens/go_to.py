"""Go to a date: typed as everywhere else ("2026-12-01", "1/12", "mon", "tomorrow", "+3")."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from planner.domain.dates import parse_day
from planner.domain.errors import PlannerError
from planner.i18n import _
from planner.ui.actions import bindings
from planner.ui.text import long_date


class GoToScreen(ModalScreen[date | None]):
    BINDINGS = bindings("go-to")

    def __init__(self, week_start: date) -> None:
        super().__init__(classes="dialog-screen")
        self.week_start = week_start

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog go-to"):
            yield Static(_("Go to a date"), classes="dialog-title")
            yield Label(_("Date (2026-12-01, 1/12, mon, tomorrow, +3)"))
            yield Input(id="date", placeholder=_("today"))
            yield Static("", id="date-msg", classes="field-msg", markup=False)

    def _parse(self, text: str) -> date:
        app = self.app
        return parse_day(
            text.strip() or "today",
            day_first=app.settings.day_first,
            today=app.today,
            week_start=self.week_start,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        msg = self.query_one("#date-msg", Static)
        if not event.value.strip():
            msg.update("")
            msg.set_class(False, "-error")
            return
        try:
            day = self._parse(event.value)
        except PlannerError as exc:
            msg.update(str(exc))
            msg.set_class(True, "-error")
        else:
            msg.update(_("understood as {date}").format(date=long_date(day)))
            msg.set_class(False, "-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = self._parse(event.value)
        except PlannerError as exc:
            msg = self.query_one("#date-msg", Static)
            msg.update(str(exc))
            msg.set_class(True, "-error")
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
