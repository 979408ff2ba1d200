"""Add or edit a meeting. Every field says what it understood or what is wrong, next to it;
the form cannot be saved while a field is wrong; escape cancels without saving."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Select, Static, TextArea

from planner.domain.models import ME, Location, Meeting, Status, Topic
from planner.domain.timeutil import zone
from planner.i18n import _
from planner.ui.actions import bindings
from planner.ui.widgets.key_bar import KeyBar
from planner.ui.text import short_date
from planner.words import common
from planner.domain.amounts import minutes_text as duration_text
from planner.ui.widgets.form import FieldRow, FormActions


class MeetingForm(FormActions, ModalScreen):
    """Returns a checked meeting (planner.application.meetings.MeetingCheck), or None on cancel."""

    BINDINGS = bindings("meeting-form")

    def __init__(self, *, meeting: Meeting | None, day: date, week_start: date) -> None:
        super().__init__(classes="dialog-screen")
        self.meeting = meeting
        self.day = day
        self.week_start = week_start
        self.touched: set[str] = set()

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        m = self.meeting
        title = _("Edit meeting") if m else _("New meeting on {day}").format(day=short_date(self.day))
        with Vertical(classes="dialog form meeting-form"):
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="form-body"):
                yield from self._fields()
            yield from self.buttons()
            yield KeyBar()

    def _fields(self) -> ComposeResult:
        app = self.app
        tz = zone(app.settings.timezone)
        m = self.meeting
        client = app.client_by_id(m.client_id) if m else None
        start_text = m.start.astimezone(tz).strftime("%Y-%m-%d %H:%M") if m else ""
        end_text = duration_text(m.minutes if m else 60)  # "1h", "1t" in Danish

        def text(name: str, label: str, value: str, placeholder: str, **extra) -> FieldRow:
            return FieldRow(label, Input(value, placeholder=placeholder, id=name, compact=True, **extra), name=name)

        def choice(name: str, label: str, options, value) -> FieldRow:
            return FieldRow(label, Select(options, value=value, allow_blank=False, id=name, compact=True), name=name)

        yield text("client", _("Client"), client.name if client else "",
                   _("a client's name (a new name creates the client)"),
                   suggester=SuggestFromList([c.name for c in app.clients], case_sensitive=False))
        yield text("title", _("Title"), m.title if m else "", _("what it is about"))
        yield text("start", _("Start"), start_text, _("14:00, tue 9:30, 1/12 14:00, 2026-12-01 14:00"))
        yield text("end", _("End"), end_text, _("an end time (15:30) or a length (45m, 1h30)"))
        yield choice("location", _("Location"), [(common.location(loc), loc) for loc in Location],
                     m.location if m else Location.OUR_OFFICE)
        yield text("travel", _("Travel"), str(m.travel_minutes) if m and m.travel_minutes else "",
                   _("minutes each way (client site)"))
        yield text("lead", _("Lead"), m.lead if m and m.lead != ME else _("me"), _("me, or a colleague's name"))
        yield choice("topic", _("Topic"), [(common.topic(t), t) for t in Topic], m.topic if m else Topic.ROUTINE)
        yield choice("status", _("Status"), [(common.status(st), st) for st in Status], m.status if m else Status.PLANNED)
        yield FieldRow(_("Notes"), TextArea(m.notes if m else "", id="notes", compact=True), name="notes")

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

    def checked(self):
        return self.validate(show_all=True)
