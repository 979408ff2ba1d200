"""The week view: one column per day, meeting cards, a detail panel, and the footer of keys.

Its keys are the "week" actions of planner/ui/actions.py (the README's keys table lists them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from planner.domain.load import DayLoad, WeekLoad
from planner.domain.timeutil import week_start, zone
from planner.domain.models import Meeting
from planner.i18n import _, ngettext
from planner.ui.actions import bindings, help_rows
from planner.ui.text import legend, short_date, time_range
from planner.ui.widgets.day_column import DayColumn, WeekDays, restyle
from planner.ui.widgets.detail import DetailPanel, day_details, meeting_details
from planner.ui.widgets.key_bar import KeyBar
from planner.ui.widgets.sync_bar import SyncBar
from planner.ui.widgets.week_header import WeekHeader



# A column narrower than this is unreadable: the view shows one day at a time instead.
MIN_COLUMN_WIDTH = 15


def size_classes(app) -> dict[str, bool]:
    """The app's breakpoint classes for its size (each on or off), as Textual sets them on a
    screen when its first Resize arrives; set before then, they style the first frame."""
    classes: dict[str, bool] = {}
    width, height = app.size
    for size, breakpoints in ((width, app.HORIZONTAL_BREAKPOINTS), (height, app.VERTICAL_BREAKPOINTS)):
        reached = [name for at, name in sorted(breakpoints) if size >= at]
        for _at, name in breakpoints:
            classes[name] = bool(reached) and name == reached[-1]
    return classes


class WeekScreen(Screen[None]):
    """The screen people live in."""

    # Breakpoint classes (the app's): -narrow/-medium/-wide, -short/-low/-tall; -one-day when
    # the columns would be too narrow to read. Small terminals: less air, a smaller detail
    # panel (enter shows everything); one day at a time when even that does not fit.
    DEFAULT_CSS = """
    WeekScreen {
        layout: vertical;
        background: $background;

        #legend {
            height: 1;
            padding: 0 1;
            color: $text-muted;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #detail {
            height: 8;
            margin: 1 0 0 0;
            padding: 0 1;
            background: $panel;
            scrollbar-size-vertical: 1;
        }
        &.-low WeekDays > .day-column--card, &.-short WeekDays > .day-column--card {
            margin: 0;
        }
        &.-low #legend, &.-short #legend, &.-narrow #legend {
            display: none;
        }
        &.-low #detail {
            height: 4;
            margin: 0;
        }
        &.-short #detail {
            display: none;
        }
        &.-medium WeekDays > .day-column--card, &.-narrow WeekDays > .day-column--card,
        &.-medium DayColumn > .day-column--head {
            padding: 0 0 0 1;
        }
        &.-one-day DayColumn {
            display: none;
        }
        &.-one-day DayColumn.-current {
            display: block;
        }
    }
    """

    BINDINGS = bindings("week")

    def __init__(self) -> None:
        super().__init__()
        self.week: WeekLoad | None = None
        self.day: date | None = None  # the selected day
        self.index: int | None = None  # the selected meeting in that day, None on an empty day
        self.shown_days: list[int] = list(range(7))

    @property
    def planner(self):
        """The app (planner.ui.app.PlannerApp: the store, the clock, the settings and clients)."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # The first week is read and laid into the widgets before they mount, and the size
        # classes are set before then too: the first frame is styled once, for its terminal.
        app = self.planner
        today = app.today
        first = app.start or today  # the day it opens on (the demo's week may start next week)
        self.update_classes(size_classes(app), update=False)
        week, names, tz, settings = self._read_week(first)
        self.week = week
        self.shown_days = self._shown_days(week, settings)
        self._fit_columns(app.size.width, update=False)
        self.day = self._nearest_visible(first)
        self.index = 0 if self._load(self.day).meetings else None
        header = WeekHeader(id="week-header")
        header.week, header.settings, header.badge = week, settings, self._badge()
        yield header
        yield Static(legend(), id="legend", markup=False)
        with WeekDays(id="days"):
            for i, load in enumerate(week.days):
                column = DayColumn(i, id=f"day-{i}")
                current = load.date == self.day
                column.prefill(
                    load, settings, today, tz, names,
                    hidden=i not in self.shown_days,
                    selected=self.index if current else None,
                )
                yield column
        yield DetailPanel(id="detail")
        yield SyncBar(id="sync-bar")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self._show_detail()
        self.planner.calendar_sync.done_signal.subscribe(self, self.synced)

    def relabel(self) -> None:
        """Show every word in a new interface language: the legend is set again, the header,
        the columns and the key bar draw their words anew, the detail panel is written again."""
        self.query_one("#legend", Static).update(legend())
        for widget in self.query("*"):
            widget.refresh()
        self._show_detail()

    # --- showing a week ---------------------------------------------------------------------

    def _read_week(self, day: date):
        """The week holding ``day`` from the store (only that week's meetings), analysed."""
        from planner.application.week import load_week

        app = self.planner
        settings = app.settings
        week, names = load_week(app.store, day, settings, app.client_names())
        return week, names, zone(settings.timezone), settings

    @staticmethod
    def _shown_days(week: WeekLoad, settings) -> list[int]:
        """Work days, days holding meetings, and every day if weekends are asked for (or if
        nothing else would show)."""
        shown = [
            i for i, load in enumerate(week.days)
            if load.is_work_day or load.meetings or settings.show_weekends
        ]
        return shown or list(range(7))

    def _badge(self) -> str:
        if self.planner.store.read_only:
            return _("read-only")
        return _sync_badge(self.planner.store)

    def show_week(self, day: date, *, select: date | None = None, meeting_id: str | None = None) -> None:
        """Show the week holding ``day``; select ``select`` (a date) and ``meeting_id`` if given.

        The seven columns stay mounted: each swaps in its new day."""
        app = self.planner
        week, names, tz, settings = self._read_week(day)
        monday = week.start
        self.week = week
        columns = list(self.query(DayColumn))
        with app.batch_update():
            self.query_one(WeekHeader).show(week, settings, self._badge())
            self.shown_days = self._shown_days(week, settings)
            dirty: list[DayColumn] = []
            for column, load in zip(columns, week.days):
                hidden = column.index not in self.shown_days
                if column.has_class("-hidden") != hidden:
                    column.set_class(hidden, "-hidden", update=False)
                    dirty.append(column)
                if column.show(load, settings, app.today, tz, names) and column not in dirty:
                    dirty.append(column)
            restyle(self, dirty)
            self._fit_columns(self.size.width)
            target = select or self.day or monday
            if week_start(target) != monday:
                target = monday + timedelta(days=target.weekday())
            index: int | None = 0
            if meeting_id is not None:
                for load in week.days:
                    ids = [m.id for m in load.meetings]
                    if meeting_id in ids:
                        target, index = load.date, ids.index(meeting_id)
                        break
            self._select(target, index)

    def _nearest_visible(self, day: date) -> date:
        monday = self.week.start
        wanted = (day - monday).days
        best = min(self.shown_days, key=lambda i: (abs(i - wanted), i))
        return monday + timedelta(days=best)

    def _load(self, day: date) -> DayLoad:
        return self.week.days[(day - self.week.start).days]

    def _select(self, day: date, index: int | None) -> None:
        """Select a day (moved to the nearest shown one) and a meeting in it (clamped)."""
        day = self._nearest_visible(day)
        load = self._load(day)
        if not load.meetings:
            index = None
        elif index is None:
            index = 0
        else:
            index = max(0, min(index, len(load.meetings) - 1))
        self.day, self.index = day, index
        dirty = []  # restyle only the columns whose classes changed
        for column in self.query(DayColumn):
            current = column.index == (day - self.week.start).days
            if column.has_class("-current") != current:
                column.set_class(current, "-current", update=False)
                dirty.append(column)
            column.select(index if current else None)
        restyle(self, dirty)
        self._show_detail()

    @property
    def selected_meeting(self) -> Meeting | None:
        if self.week is None or self.day is None or self.index is None:
            return None
        meetings = self._load(self.day).meetings
        return meetings[self.index] if self.index < len(meetings) else None

    def _show_detail(self) -> None:
        app = self.planner
        settings = app.settings
        load = self._load(self.day)
        meeting = self.selected_meeting
        panel = self.query_one("#detail", DetailPanel)
        if meeting is None:
            panel.show(day_details(load, settings))
        else:
            client = app.client_by_id(meeting.client_id)
            panel.show(meeting_details(meeting, client, load, zone(settings.timezone), settings))

    def refresh_week(self, *, meeting_id: str | None = None, day: date | None = None) -> None:
        """Re-read the shown week (after a change), keeping the selection where it makes sense."""
        keep_id = meeting_id
        if keep_id is None and day is None and self.selected_meeting is not None:
            keep_id = self.selected_meeting.id
        target = day or self.day or self.planner.today
        index = self.index
        self.show_week(target, select=target, meeting_id=keep_id)
        if keep_id is None and day is None and index is not None:
            self._select(self.day, index)

    # --- layout -----------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int, *, update: bool = True) -> None:
        one_day = bool(width) and width // max(1, len(self.shown_days)) < MIN_COLUMN_WIDTH
        if self.has_class("-one-day") != one_day:
            self.set_class(one_day, "-one-day", update=update)

    # --- clicks -----------------------------------------------------------------------------

    def on_day_column_clicked(self, message: DayColumn.Clicked) -> None:
        """A click on a card selects its meeting; on the head, the day's first meeting."""
        self._select(self.week.start + timedelta(days=message.column.index), message.card or 0)

    # --- moving -----------------------------------------------------------------------------

    def action_move_day(self, step: int) -> None:
        position = self.shown_days.index((self.day - self.week.start).days)
        new = position + step
        if not 0 <= new < len(self.shown_days):
            return
        current = self.selected_meeting
        day = self.week.start + timedelta(days=self.shown_days[new])
        index: int | None = 0
        meetings = self._load(day).meetings
        if current is not None and meetings:
            # Keep to the same time of day: the meeting starting nearest to the selected one.
            tz = zone(self.planner.settings.timezone)
            at = current.start.astimezone(tz)
            minute = at.hour * 60 + at.minute
            index = min(
                range(len(meetings)),
                key=lambda i: abs(
                    meetings[i].start.astimezone(tz).hour * 60 + meetings[i].start.astimezone(tz).minute - minute
                ),
            )
        self._select(day, index)

    def action_move_meeting(self, step: int) -> None:
        if self.index is None:
            return
        self._select(self.day, self.index + step)

    def action_next_week(self) -> None:
        self.show_week(self.day + timedelta(days=7), select=self.day + timedelta(days=7))

    def action_previous_week(self) -> None:
        self.show_week(self.day - timedelta(days=7), select=self.day - timedelta(days=7))

    def action_today(self) -> None:
        today = self.planner.today
        self.show_week(today, select=today)

    def action_go_to(self) -> None:
        from planner.ui.screens.go_to import GoToScreen

        def chosen(day: date | None) -> None:
            if day is not None:
                self.show_week(day, select=day)

        self.app.push_screen(GoToScreen(self.week.start), chosen)

    # --- meetings ---------------------------------------------------------------------------

    def action_details(self) -> None:
        meeting = self.selected_meeting
        if meeting is None:
            self.notify(_("No meeting selected: this day has none. Press a to add one."), markup=False)
            return
        from planner.ui.screens.details import DetailsScreen

        settings = self.planner.settings
        content = meeting_details(
            meeting,
            self.planner.client_by_id(meeting.client_id),
            self._load(self.day),
            zone(settings.timezone),
            settings,
            with_id=True,
        )
        self.app.push_screen(DetailsScreen(content))

    def action_add(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        meeting = self.selected_meeting
        if meeting is None:
            self.notify(_("No meeting selected to edit. Press a to add one."), markup=False)
            return
        self._open_form(meeting)

    def _open_form(self, meeting: Meeting | None) -> None:
        from planner.ui.screens.meeting_form import MeetingForm

        if self.planner.refuse_read_only(_("the meeting")):
            return

        def done(check) -> None:
            if check is None:
                return
            from planner.application.meetings import save_meeting

            app = self.planner
            if app.write(_("the meeting"), lambda: save_meeting(app.store, check)):
                m = check.meeting
                tz = zone(app.settings.timezone)
                when = f"{short_date(m.start.astimezone(tz).date())} {time_range(m, tz)}"
                if meeting is None:
                    text = _("Added “{title}” on {when}.").format(title=m.title, when=when)
                else:
                    text = _("Saved “{title}” on {when}.").format(title=m.title, when=when)
                if check.new_client is not None:
                    text += " " + _("New client “{client}” created (tier regular).").format(client=check.new_client.name)
                self.notify(text, markup=False)
                self.show_week(m.start.astimezone(tz).date(), meeting_id=m.id)

        self.app.push_screen(MeetingForm(meeting=meeting, day=self.day, week_start=self.week.start), done)

    def action_delete(self) -> None:
        meeting = self.selected_meeting
        if meeting is None:
            self.notify(_("No meeting selected to delete."), markup=False)
            return
        from planner.ui.screens.confirm import ConfirmScreen

        app = self.planner
        tz = zone(app.settings.timezone)
        client = app.client_by_id(meeting.client_id)
        when = f"{short_date(meeting.start.astimezone(tz).date())} {time_range(meeting, tz)}"
        if client:
            question = _("Delete “{title}” with {client} on {when}?").format(
                title=meeting.title, client=client.name, when=when)
        else:
            question = _("Delete “{title}” on {when}?").format(title=meeting.title, when=when)

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            from planner.application.meetings import delete_meeting

            records = []
            if app.write(_("the delete"), lambda: records.append(delete_meeting(app.store, meeting.id))):
                app.last_deleted = records[0]
                self.refresh_bindings()
                self.notify(_("Deleted {what}. Press u to undo.").format(what=records[0].description), markup=False)
                index = self.index  # refresh_week selects the first meeting; keep the place
                self.refresh_week(day=self.day)
                self._select(self.day, index)

        self.app.push_screen(
            ConfirmScreen(question, yes=_("Delete"), no=_("Keep it"), danger=True), answer
        )

    def action_undo(self) -> None:
        app = self.planner
        record = app.last_deleted
        if record is None:
            self.notify(_("Nothing to undo: no delete or change since the planner started."), markup=False)
            return

        def restore() -> None:
            from planner.application.meetings import undo

            undo(app.store, record)

        if app.write(_("the undo"), restore):
            app.last_deleted = None
            self.refresh_bindings()
            self.notify(_("Restored {what}.").format(what=record.description), markup=False)
            first = record.meetings[0] if record.meetings else None
            if first is not None:
                tz = zone(app.settings.timezone)
                self.show_week(first.start.astimezone(tz).date(), meeting_id=first.id)
            else:
                self.refresh_week()

    # --- other screens ----------------------------------------------------------------------

    def action_lighten(self) -> None:
        from planner.ui.screens.lighten import open_lighten

        open_lighten(self.app)

    def action_clients(self) -> None:
        from planner.ui.screens.clients import ClientsScreen

        self.app.push_screen(ClientsScreen(), lambda _result: self.refresh_week())

    def action_settings(self) -> None:
        from planner.ui.screens.settings import SettingsScreen

        if self.planner.refuse_read_only(_("the settings")):
            return
        self.app.push_screen(SettingsScreen(), lambda _result: self.refresh_week())

    def action_wizard(self) -> None:
        from planner.ui.screens.wizard import open_wizard

        open_wizard(self.app)

    def action_drafts(self) -> None:
        from planner.ui.screens.drafts import open_drafts

        open_drafts(self.app)

    def action_import_calendar(self) -> None:
        from planner.ui.screens.import_screen import open_import

        open_import(self.app)

    def action_sync_now(self) -> None:
        """Sync every calendar in the background (planner/ui/sync.py): the week stays usable."""
        self.planner.calendar_sync.start(manual=True)

    def synced(self, changed: bool) -> None:
        """After a sync: the week read again when meetings may have changed (the selected
        meeting stays selected while it exists), else only the header's word on the sync."""
        if changed:
            self.refresh_week()
        else:
            self.query_one(WeekHeader).show(self.week, self.planner.settings, self._badge())

    def action_calendars(self) -> None:
        from planner.ui.screens.calendars import CalendarsScreen

        self.app.push_screen(CalendarsScreen(), lambda _result: self.refresh_week())

    def action_help(self) -> None:
        from planner.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(help_rows("week"), _("Keys of the week view")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo" and self.planner.last_deleted is None:
            return False  # in the footer only once there is something to undo
        return True


def _sync_badge(store) -> str:
    """When the calendars last synced, or their trouble (empty without calendars)."""
    if not store.sync_docs("calendars"):
        return ""  # (without importing the sync: most weeks start without a calendar)
    from planner.application.calendars import list_calendars

    found = list_calendars(store)
    if not found:
        return ""
    if any(status.last_error for status in found):
        return _("sync trouble")
    pending = sum(len(status.conflicts) for status in found)
    if pending:
        return ngettext("{n} sync conflict", "{n} sync conflicts", pending).format(n=pending)
    last = max((status.last_sync for status in found), default="")
    if not last:
        return _("not synced yet")
    from planner.formats import clock

    return _("synced {time}").format(time=clock(datetime.fromisoformat(last), zone(store.settings().timezone)))
