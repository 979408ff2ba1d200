"""Settings: name, signature, language, time zone, work days and hours, every load threshold,
date order, theme, how often the app syncs your calendars, and the way to the Calendars screen
(a button, and the key of "settings.calendars"). Saved to the store; the week re-computes as soon as the screen closes."""

from __future__ import annotations

from datetime import date as _date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from planner.domain.amounts import minutes_text as duration_text
from planner.domain.models import Settings
from planner.formats import weekday
from planner.i18n import N_, _
from planner.ui.actions import ACTIONS, bindings, key_name
from planner.ui.widgets.form import FieldRow, FormActions
from planner.ui.widgets.key_bar import KeyBar


# (field, label, hint): the load thresholds and the other counts, all in Settings.
MINUTE_FIELDS = [
    ("busy_minutes", N_("Busy above"), N_("meeting time a day (e.g. 3h)")),
    ("overload_minutes", N_("Overloaded above"), N_("meeting time a day (e.g. 5h)")),
    ("week_overload_minutes", N_("Week limit"), N_("meeting time a week (e.g. 20h)")),
    ("b2b_gap_minutes", N_("Back-to-back gap"), N_("a gap under this is back-to-back (e.g. 10m)")),
    ("focus_block_minutes", N_("Focus block"), N_("the shortest free block that counts as focus (e.g. 2h)")),
    ("email_minutes", N_("Email costs"), N_("time to write an email instead of meeting (e.g. 10m)")),
]
COUNT_FIELDS = [
    ("busy_count", N_("Busy above"), N_("meetings a day")),
    ("overload_count", N_("Overloaded above"), N_("meetings a day")),
    ("b2b_chain", N_("Back-to-back chain"), N_("meetings in a row before it is flagged")),
    ("slot_window_days", N_("Reschedule window"), N_("work days to look ahead for free slots")),
]


def language_choices() -> list[tuple[str, str]]:
    """The interface languages, each named in its own language; "" follows the locale."""
    return [(_("Automatic (from the locale)"), ""), ("English", "en"), ("Dansk", "da")]


class SettingsScreen(FormActions, Screen[bool]):
    DEFAULT_CSS = """
    SettingsScreen {
        .settings-body, .buttons {
            padding: 0 2;
        }
        .section {
            text-style: bold;
            margin: 1 0 1 0;
            color: $primary;
        }
        #work-days {
            height: 1;
        }
        #work-days Checkbox {
            width: auto;
            margin: 0 1 0 0;
        }
    }
    """

    BINDINGS = bindings("settings")
    ENTER_SAVES = False  # complete from the start: Enter would close it

    def compose(self) -> ComposeResult:
        s: Settings = self.app.settings
        themes = sorted(self.app.available_themes)
        yield Static(_("Settings"), classes="screen-title")
        with VerticalScroll(classes="form-body settings-body"):
            yield Static(_("You"), classes="section")
            yield FieldRow(_("Name"), Input(s.name, placeholder=_("signs your messages"), id="name", compact=True),
                           name="name")
            yield FieldRow(_("Signature"), TextArea(s.signature, id="signature", compact=True), name="signature")
            yield FieldRow(
                _("Language"),
                Select(language_choices(), value=s.language or "", allow_blank=False, id="language", compact=True),
                name="language",
            )
            yield Static(_("Your week"), classes="section")
            yield FieldRow(_("Time zone"), Input(s.timezone, placeholder="Europe/Copenhagen", id="timezone",
                                                 compact=True), name="timezone")
            days = Horizontal(
                *[Checkbox(weekday(_date(2024, 1, 1 + i), short=True), i in s.work_days, id=f"wd-{i}", compact=True) for i in range(7)],
                id="work-days",
            )
            yield FieldRow(_("Work days"), days, name="work_days")
            yield FieldRow(_("Work starts"), Input(s.work_start.strftime("%H:%M"), id="work_start", compact=True), name="work_start")
            yield FieldRow(_("Work ends"), Input(s.work_end.strftime("%H:%M"), id="work_end", compact=True), name="work_end")
            yield FieldRow(
                _("Weekends"),
                Checkbox(_("always show Saturday and Sunday"), s.show_weekends, id="show_weekends", compact=True),
                name="show_weekends",
            )
            yield Static(_("Load limits (minutes, or hours like 3h / 2h30)"), classes="section")
            for field, label, hint in MINUTE_FIELDS:
                yield FieldRow(
                    _(label),
                    Input(duration_text(getattr(s, field)), placeholder=_(hint), id=field, compact=True),
                    name=field,
                )
            for field, label, hint in COUNT_FIELDS:
                yield FieldRow(
                    _(label), Input(str(getattr(s, field)), placeholder=_(hint), id=field, compact=True), name=field
                )
            yield Static(_("Looks"), classes="section")
            yield FieldRow(
                _("Date order"),
                Select(
                    [(_("day first: 1/12 is 1 December"), True), (_("month first: 12/1 is 1 December"), False)],
                    value=s.day_first,
                    allow_blank=False,
                    id="day_first",
                    compact=True,
                ),
                name="day_first",
            )
            yield FieldRow(
                _("Theme"),
                Select([(t, t) for t in themes], value=self.app.theme, allow_blank=False, id="theme", compact=True),
                name="theme",
            )
            yield FieldRow(
                _("Drafts folder"),
                Input(s.drafts_dir, placeholder=_("empty: the default drafts folder"), id="drafts_dir", compact=True),
                name="drafts_dir",
            )
            yield Static(_("Your calendars"), classes="section")
            yield FieldRow(
                _("Sync every"),
                Input(duration_text(s.sync_minutes), placeholder=_("e.g. 15m; 0 syncs only when you ask"),
                      id="sync_minutes", compact=True),
                name="sync_minutes",
            )
            yield FieldRow(
                _("Calendars"),
                Button(_("Calendars… ({key})").format(key=key_name(ACTIONS["settings.calendars"].keys)),
                       id="calendars", compact=True),
                name="calendars",
            )
        yield from self.buttons()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.validate()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.validate()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.validate()

    def validate(self) -> Settings | None:
        """Check every field (the rules of planner.application.settings) and say next to it what is
        wrong or what was understood."""
        from planner.application.settings import check_settings

        typed = {field: self._value(field) for field in ("timezone", "work_start", "work_end", "name", "drafts_dir",
                                                         "sync_minutes")}
        typed.update({field: self._value(field) for field, _label, _hint in MINUTE_FIELDS + COUNT_FIELDS})
        typed["work_days"] = ",".join(str(i) for i in range(7) if self.query_one(f"#wd-{i}", Checkbox).value)
        typed["signature"] = self.query_one("#signature", TextArea).text.rstrip()
        typed["language"] = self.query_one("#language", Select).value or "auto"
        typed["show_weekends"] = "yes" if self.query_one("#show_weekends", Checkbox).value else "no"
        typed["day_first"] = "day" if self.query_one("#day_first", Select).value else "month"
        typed["theme"] = self.query_one("#theme", Select).value
        new, errors, notes = check_settings(self.app.settings, typed)
        for row in self.query(FieldRow):
            name = row.id.removeprefix("field-")
            if name in errors:
                row.message(errors[name], error=True)
            else:
                row.message(notes.get(name, ""))
        self.query_one("#save", Button).disabled = bool(errors)
        if errors:
            self._first_error = next(iter(errors))
            return None
        return new

    def checked(self) -> Settings | None:
        return self.validate()

    def saved(self, new: Settings) -> None:
        app = self.app
        if app.write(_("the settings"), lambda: app.store.save_settings(new)):
            if new.theme != app.theme:
                app.theme = new.theme
            app.calendar_sync.schedule()  # every sync_minutes, as now set
            self.dismiss(True)
            # A new language shows on every screen at once, the notice too.
            app.speak(new.language, notice=N_("Settings saved."))

    def cancelled(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "calendars":
            event.stop()
            self.action_calendars()
        else:
            super().on_button_pressed(event)

    def action_calendars(self) -> None:
        """The Calendars screen over the settings (what is typed here stays as it is)."""
        from planner.ui.screens.calendars import CalendarsScreen

        self.app.push_screen(CalendarsScreen())
