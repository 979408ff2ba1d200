"""Add a calendar (a on the Calendars screen): name, address, user, and the password typed once
(kept in the system keyring, never in the data file) or a password command; read-only if you
only want to read it. When the address is a server or an account with several calendars, the
form lists them and you pick one.

Adding asks the server (planner.application.calendars.add_calendar), so it runs in the
background: the form says it is checking, and what went wrong shows next to the field it is
about. Closing the form meanwhile is fine: if the server then answers yes, the calendar is added
and a notice says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, Static

from planner.application.calendars import AddError
from planner.domain.errors import PlannerError
from planner.domain.text import clean_block, clean_line
from planner.i18n import _, ngettext, pgettext
from planner.ui.actions import bindings
from planner.ui.background import in_background
from planner.ui.widgets.form import FieldRow, FormActions
from planner.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from planner.services.sync.state import CalendarConfig

FIELDS = ("name", "url", "user", "password_from", "password", "password_command", "read_only", "calendar")


class CalendarForm(FormActions, ModalScreen):
    """Returns the CalendarConfig added, or None."""

    DEFAULT_CSS = """
    CalendarForm {
        #calendar-form-status {
            height: auto;
            color: $text-muted;
        }
        #calendar-form-status.-error {
            color: $error;
        }
    }
    """

    BINDINGS = bindings("calendar-form")

    def __init__(self, on_late_add: Callable[[CalendarConfig], None] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        # Told of a calendar the server accepted after the form was closed (the Calendars list
        # shows it then).
        self.on_late_add = on_late_add
        self.adding = False
        self.typed = False  # say what is missing only once typing began

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form calendar-form"):
            yield Static(_("Add a calendar"), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield FieldRow(_("Name"), Input(placeholder=_("what planner calls it, e.g. work"), id="name",
                                                compact=True), name="name")
                yield FieldRow(_("Address"), Input(placeholder="https://cloud.example.com/remote.php/dav", id="url",
                                                   compact=True), name="url")
                yield FieldRow(_("User"), Input(placeholder=_("empty for a secret .ics address"), id="user",
                                                compact=True), name="user")
                yield FieldRow(_("Password"), Select(
                    [(_("typed here, kept in the system keyring"), "keyring"),
                     (_("printed by a command (pass, secret-tool …)"), "command")],
                    value="keyring", allow_blank=False, id="password_from", compact=True), name="password_from")
                yield FieldRow("", Input(password=True, placeholder=_("the password (or app password)"), id="password",
                                         compact=True), name="password")
                yield FieldRow("", Input(placeholder="pass show work/caldav", id="password_command", compact=True),
                               name="password_command")
                yield FieldRow(_("Read-only"), Checkbox(_("only read it: changes you make stay in planner"),
                                                        id="read_only", compact=True), name="read_only")
                yield FieldRow(_("Calendar"), Select([], prompt=_("which of the server's calendars"), id="calendar",
                                                     compact=True), name="calendar")
            yield Static(_("planner asks the server before it adds the calendar."), id="calendar-form-status",
                         markup=False)
            yield from self.buttons(save=pgettext("calendar", "Add"))
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#field-calendar").display = False
        self._password_rows()
        self.query_one("#name", Input).focus()
        self.validate()

    # --- checking what is typed -------------------------------------------------------------

    def _password_rows(self) -> None:
        command = self.query_one("#password_from", Select).value == "command"
        self.query_one("#field-password").display = not command
        self.query_one("#field-password_command").display = command

    def on_input_changed(self, event: Input.Changed) -> None:
        self.typed = True
        if event.input.id == "url" and self.query_one("#field-calendar").display:
            self._forget_choices()  # another address: its calendars are not known yet
        self.validate()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "password_from":
            self._password_rows()
        self.validate()

    def _forget_choices(self) -> None:
        self.query_one("#calendar", Select).set_options([])
        self.query_one("#field-calendar").display = False

    def validate(self, *, show: bool = False) -> dict | None:
        """What is wrong, next to each field (the rules of planner.application.calendars); the
        values to add the calendar with when all is right."""
        from planner.application.calendars import new_calendar_errors

        values = {
            "name": self._value("name"), "url": self._value("url"), "user": self._value("user"),
            "read_only": self.query_one("#read_only", Checkbox).value,
            "password_command": "", "password": None, "pick": None,
        }
        errors = new_calendar_errors(self.app.store, values["name"], values["url"])
        if self.query_one("#password_from", Select).value == "command":
            values["password_command"] = self._value("password_command")
            if values["user"] and not values["password_command"]:
                errors["password_command"] = _("Type the command that prints the password.")
        else:
            values["password"] = self.query_one("#password", Input).value or None
            if values["user"] and not values["password"]:
                errors["password"] = _("Type the password, or choose a command that prints it.")
        if self.query_one("#field-calendar").display:
            pick = self.query_one("#calendar", Select).value
            if pick is Select.NULL:
                errors["calendar"] = _("Pick one of the server's calendars.")
            else:
                values["pick"] = pick
        show = show or self.typed
        for field in FIELDS:
            text = errors.get(field, "") if show else ""
            row = self.query_one(f"#field-{field}", FieldRow)
            if text or row.has_class("-invalid"):
                row.message(text, error=bool(text))
        self.query_one("#save", Button).disabled = self.adding or (bool(errors) and show)
        if errors:
            self._first_error = next(f for f in FIELDS if f in errors)
            return None
        return values

    def checked(self) -> dict | None:
        return self.validate(show=True)

    def action_save(self) -> None:
        if self.adding:
            self.notify(_("Still waiting for the server's answer."), markup=False, timeout=3)
            return
        super().action_save()

    # --- adding -----------------------------------------------------------------------------

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#calendar-form-status", Static)
        status.update(clean_block(text))
        status.set_class(error, "-error")

    def saved(self, values: dict) -> None:
        from planner.application.calendars import add_calendar

        if self.app.refuse_read_only(_("the calendar")):
            return
        self.adding = True
        self.query_one("#save", Button).disabled = True
        self._status(_("Asking {url}… (you can keep typing, or close the form)").format(url=values["url"]))
        store = self.app.store
        in_background(self.app, lambda: add_calendar(store, **values), self._answered, group="calendar-add")

    def _answered(self, calendar, error: PlannerError | None) -> None:
        """The server's answer, on the UI thread: this form may have closed meanwhile."""
        self.adding = False
        if self not in self.app.screen_stack:
            if calendar is not None:
                self._added_after_closing(calendar)
            return
        if error is None:
            self.dismiss(calendar)
            return
        self.query_one("#save", Button).disabled = False
        if not isinstance(error, AddError):
            self._status(str(error), error=True)
            return
        self._status(_("Not added."), error=True)
        if error.field == "calendar" and error.choices:
            select = self.query_one("#calendar", Select)
            select.set_options([(Text(clean_line(name)), url) for name, url in error.choices])
            self.query_one("#field-calendar").display = True
            text = ngettext("This address has {n} calendar: pick it, then Add.",
                            "This address has {n} calendars: pick one, then Add.", len(error.choices)).format(
                n=len(error.choices))
            self.query_one("#field-calendar", FieldRow).message(text)
            select.focus()
            return
        row = self.query_one(f"#field-{error.field}", FieldRow)
        row.message(clean_block(str(error)), error=True)
        self.query_one(f"#{error.field}").focus()

    def _added_after_closing(self, calendar) -> None:
        app = self.app
        app.notify(_("Added calendar “{name}”: the server answered after the form was closed. Remove it on the "
                     "Calendars screen if you did not mean to add it.").format(name=calendar.name),
                   markup=False, timeout=10)
        app.calendar_sync.schedule()
        if self.on_late_add is not None:
            self.on_late_add(calendar)
