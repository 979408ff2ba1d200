"""Add or edit a meeting. Every field says what it understood or what is wrong, next to it;
the form cannot be saved while a field is wrong; escape cancels without saving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from planner.domain.dates import describe, parse_when
from planner.domain.errors import PlannerError
from planner.domain.load import format_minutes, zone
from planner.domain.models import ME, Client, Location, Meeting, Status, Tier, Topic
from planner.ui.text import LOCATION_WORDS, short_date
from planner.ui.widgets.form import FieldRow, FormActions, duration_text, parse_duration


@dataclass(slots=True)
class MeetingFormResult:
    meeting: Meeting
    new_client: Client | None  # a client the form created from a new name


class MeetingForm(FormActions, ModalScreen[MeetingFormResult | None]):
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
                        [(LOCATION_WORDS[loc], loc) for loc in Location],
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

    def validate(self, *, show_all: bool = False) -> MeetingFormResult | None:
        """Check every field; put each one's message next to it. The result when all are right."""
        app = self.app
        settings = app.settings
        tz = zone(settings.timezone)
        errors: dict[str, str] = {}
        notes: dict[str, str] = {}

        # Client: a known one, or a new name that creates the client.
        client_name = self._value("client")
        client = None
        new_client = None
        if not client_name:
            errors["client"] = "Type the client's name (a new name creates the client)."
        else:
            client = next((c for c in app.clients if c.name.casefold() == client_name.casefold()), None)
            if client is None:
                new_client = Client(name=client_name, tier=Tier.REGULAR)
                notes["client"] = f"New client: “{client_name}” will be created (tier regular)."
                known = next(
                    (c.name for c in app.clients if c.name.casefold().startswith(client_name.casefold())), None
                )
                if known:
                    notes["client"] += f" Or press → for “{known}”."
            else:
                share = f", {client.share:g} % of business" if client.share is not None else ""
                notes["client"] = f"{client.name}: {client.tier.value} client{share}"

        title = self._value("title")
        if not title:
            errors["title"] = "Type a title, e.g. “Weekly status”."

        # Start and end.
        start: datetime | None = None
        start_text = self._value("start")
        if not start_text:
            errors["start"] = f"Type when it starts: 14:00 (on {short_date(self.day)}), tue 9:30, 2026-12-01 14:00."
        else:
            try:
                start = parse_when(
                    start_text,
                    tz=tz,
                    day_first=settings.day_first,
                    week_start=self.week_start,
                    selected_day=self.day,
                )
            except PlannerError as exc:
                errors["start"] = str(exc)
            else:
                notes["start"] = f"understood as {describe(start)}"

        end: datetime | None = None
        end_text = self._value("end")
        if not end_text:
            errors["end"] = "Type an end time (15:30) or a duration (45m, 1h30)."
        elif start is not None:
            minutes = parse_duration(end_text)
            if minutes is not None:
                from datetime import timedelta, timezone

                end = (start.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(tz)
            else:
                try:
                    end = parse_when(
                        end_text,
                        tz=tz,
                        day_first=settings.day_first,
                        week_start=self.week_start,
                        selected_day=start.astimezone(tz).date(),
                    )
                except PlannerError as exc:
                    errors["end"] = f"{exc} (or type a duration: 45m, 1h30)"
            if end is not None:
                length = int((end - start).total_seconds() // 60)
                if length <= 0:
                    errors["end"] = f"Ends at {describe(end)}, not after it starts ({describe(start)})."
                    end = None
                else:
                    notes["end"] = f"ends {describe(end)} ({format_minutes(length)})"

        location = self.query_one("#location", Select).value
        travel = 0
        travel_text = self._value("travel")
        if travel_text:
            if not travel_text.isdigit():
                errors["travel"] = "Type whole minutes each way, e.g. 30 (or leave it empty)."
            else:
                travel = int(travel_text)
                if travel > 24 * 60:
                    errors["travel"] = "That is more than a day of travel: type minutes each way, e.g. 30."
                elif travel and location is not Location.CLIENT_SITE:
                    notes["travel"] = "Travel counts only for client-site meetings."
                elif travel:
                    notes["travel"] = f"{format_minutes(travel)} each way, {format_minutes(2 * travel)} in all"

        lead = self._value("lead") or ME

        for name in ("client", "title", "start", "end", "travel"):
            row = self._row(name)
            if name in errors and (show_all or name in self.touched):
                row.message(errors[name], error=True)
            else:
                row.message(notes.get(name, ""))
        self.query_one("#save", Button).disabled = bool(errors)
        if errors:
            self._first_error = next(n for n in ("client", "title", "start", "end", "travel") if n in errors)
            return None

        client_id = client.id if client else new_client.id
        fields = dict(
            client_id=client_id,
            title=title,
            start=start,
            end=end,
            location=location,
            travel_minutes=travel,
            lead=lead,
            topic=self.query_one("#topic", Select).value,
            status=self.query_one("#status", Select).value,
            notes=self.query_one("#notes", TextArea).text.strip(),
        )
        if self.meeting is not None:
            meeting = self.meeting.with_changes(**fields)
        else:
            meeting = Meeting(**fields)
        return MeetingFormResult(meeting=meeting, new_client=new_client)

    # --- actions ----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves a complete form; on an incomplete one it moves to the next field."""
        event.stop()
        if self.validate() is None:
            self.focus_next()
        else:
            self.action_save()

    def checked(self) -> MeetingFormResult | None:
        return self.validate(show_all=True)
