"""Add or edit a meeting. Every field says what it understood or what is wrong, next to it;
the form cannot be saved while a field is wrong; escape cancels without saving."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from planner.domain.models import ME, Location, Meeting, Status, Topic
from planner.domain.timeutil import zone
from planner.ui.text import short_date
from planner.words import common
from planner.domain.amounts import minutes_text as duration_text
from planner.ui.widgets.form import FieldRow, FormActions


class MeetingForm(FormActions, ModalScreen):
    """Returns a checked meeting (planner.application.meetings.MeetingCheck), or None on cancel."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="meeting-form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="meeting-form.cancel"),
    ]

    def __init__(self, *, meeting: Meeting | None, day: date, week_start: date) -> None:
        super().__init__(classes="dialog-screen")
        self.meeting = meeting
        self.day = day
        self.week_start = week_start
        self.touched: set[str] = set()

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        settings = app.settings
        tz = zone(settings.timezone)
        m = self.meeting
        names = [c.name for c in app.clients]
        client = app.client_by_id(m.client_id) if m else None
        if m is not None:
            start_text = m.start.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            end_text = duration_text(m.minutes)
        else:
            start_text, end_text = "", "1h"
        title = "Edit meeting" if m else f"New meeting on {short_date(self.day)}"
        with Vertical(classes="dialog form meeting-form"):
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="form-body"):
                yield FieldRow(
                    "Client",
                    Input(
                        client.name if client else "",
                        placeholder="a client's name (a new name creates the client)",
                        suggester=SuggestFromList(names, case_sensitive=False),
                        id="client",
                        compact=True,
                    ),
                    name="client",
                )
                yield FieldRow(
                    "Title", Input(m.title if m else "", placeholder="what it is about", id="title", compact=True),
                    name="title",
                )
                yield FieldRow(
                    "Start",
                    Input(start_text, placeholder="14:00, tue 9:30, 1/12 14:00, 2026-12-01 14:00", id="start", compact=True),
                    name="start",
                )
                yield FieldRow(
                    "End",
                    Input(end_text, placeholder="an end time (15:30) or a duration (45m, 1h30)", id="end", compact=True),
                    name="end",
                )
                yield FieldRow(
                    "Location",
                    Select(
                        [(common.location(loc), loc) for loc in Location],
                        value=m.location if m else Location.OUR_OFFICE,
                        allow_blank=False,
                        id="location",
                        compact=True,
                    ),
                    name="location",
                )
                yield FieldRow(
                    "Travel",
                    Input(
                        str(m.travel_minutes) if m and m.travel_minutes else "",
                        placeholder="minutes each way (client site)",
                        id="travel",
                        compact=True,
                    ),
                    name="travel",
                )
                yield FieldRow(
                    "Lead", Input(m.lead if m else ME, placeholder="me, or a colleague's name", id="lead", compact=True),
                    name="lead",
                )
                yield FieldRow(
                    "Topic",
                    Select(
                        [(t.value, t) for t in Topic],
                        value=m.topic if m else Topic.ROUTINE,
                        allow_blank=False,
                        id="topic",
                        compact=True,
                    ),
                    name="topic",
                )
                yield FieldRow(
                    "Status",
                    Select(
                        [(s.value, s) for s in Status],
                        value=m.status if m else Status.PLANNED,
                        allow_blank=False,
                        id="status",
                        compact=True,
                    ),
                    name="status",
                )
                yield FieldRow("Notes", TextArea(m.notes if m else "", id="notes", compact=True), name="notes")
            yield from self.buttons()
            yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.meeting is not None:
            self.touched.update({"client", "title", "start", "end", "travel", "lead"})
        self.validate()
        self.query_one("#client" if self.meeting is None else "#title", Input).focus()

    # --- checking ---------------------------------------------------------------------------

    def _row(self, name: str) -> FieldRow:
        return self.query_one(f"#field-{name}", FieldRow)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.touched.add(event.input.id)
        self.validate()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.validate()

    def validate(self, *, show_all: bool = False):
        """Check every field (the rules of planner.application.meetings); put each one's message
        next to it. The check when all are right, else None."""
        from planner.application.meetings import FIELDS, MeetingInput, Where, check_meeting

        app = self.app
        data = MeetingInput(
            self._value("client"), self._value("title"), self._value("start"), self._value("end"),
            location=self.query_one("#location", Select).value, travel=self._value("travel"),
            lead=self._value("lead") or ME, topic=self.query_one("#topic", Select).value,
            status=self.query_one("#status", Select).value, notes=self.query_one("#notes", TextArea).text,
        )
        check = check_meeting(
            data, clients=app.clients, settings=app.settings, where=Where(self.day, self.week_start),
            existing=self.meeting,
        )
        for name in FIELDS:
            if name == "lead":
                continue
            row = self._row(name)
            if name in check.errors and (show_all or name in self.touched):
                row.message(check.errors[name], error=True)
            else:
                row.message(check.notes.get(name, ""))
        self.query_one("#save", Button).disabled = not check.ok
        if not check.ok:
            self._first_error = check.first_error()
            return None
        return check

    # --- actions ----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves a complete form; on an incomplete one it moves to the next field."""
        event.stop()
        if self.validate() is None:
            self.focus_next()
        else:
            self.action_save()

    def checked(self):
        return self.validate(show_all=True)
