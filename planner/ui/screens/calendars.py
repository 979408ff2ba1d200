"""Calendars (Settings › Calendars, or R on the week): the calendars planner syncs with.

The list: each calendar's name, whether it syncs both ways or is a read-only subscription, its
address, the user and where the password comes from, the last sync or its trouble, and the
conflicts waiting. Under it, the selected calendar in full. Keys (planner/ui/actions.py,
"calendars"): a adds one (planner/ui/screens/calendar_form.py), d removes one (asks first; its
meetings stay), t tests the connection, r syncs now, c settles a conflict (keep mine or take
theirs). Adding, testing and syncing wait on a server, so they run in the background and the
screen stays usable; a sync shows its progress at the foot of the screen.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from planner.domain.errors import PlannerError
from planner.domain.text import clean_block, clean_line
from planner.domain.timeutil import zone
from planner.formats import clock, date_time
from planner.i18n import _, ngettext
from planner.ui.actions import bindings, key_name
from planner.ui.background import in_background
from planner.ui.widgets.key_bar import KeyBar
from planner.ui.widgets.sync_bar import SyncBar
from planner.words.sync import kind_words, password_words


def password_short(calendar) -> str:
    """Where the password comes from, in a word (the list's column)."""
    if calendar.password_command:
        return _("a command")
    return _("the keyring") if calendar.user else "—"


def shortened(text: str, width: int = 44) -> str:
    """``text`` cut in the middle to ``width`` characters (an address keeps its host and its end)."""
    if len(text) <= width:
        return text
    tail = width // 3
    return f"{text[: width - tail - 1]}…{text[-tail:]}"


def when_words(stamp: str, tz, today) -> str:
    """A sync's time as the list shows it: the time today, else the day and the time."""
    moment = datetime.fromisoformat(stamp).astimezone(tz)
    return clock(moment) if moment.date() == today else date_time(moment)


class CalendarsScreen(Screen[None]):
    DEFAULT_CSS = """
    CalendarsScreen {
        #calendars {
            height: auto;
            max-height: 50%;
        }
        #calendar-detail {
            height: 1fr;
            padding: 0 1;
            background: $panel;
        }
        #calendars-status {
            height: auto;
            padding: 0 1;
            color: $text-muted;
        }
        #calendars-status.-error {
            color: $error;
        }
    }
    """

    BINDINGS = bindings("calendars")

    def compose(self) -> ComposeResult:
        yield Static(_("Calendars"), classes="screen-title")
        yield DataTable(id="calendars", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="calendar-detail"):
            yield Static("", id="calendar-detail-text", markup=False)
        yield Static("", id="calendars-status", markup=False)
        yield SyncBar()
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Kind"), _("Address"), _("User"), _("Password"), _("Last sync"),
                          _("Conflicts"))
        self.reload()
        table.focus()
        self.app.calendar_sync.done_signal.subscribe(self, self.synced)

    # --- the list ---------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the calendars again; keep the selected row (or select the calendar ``select``)."""
        from planner.application.calendars import list_calendars

        app = self.app
        self.statuses = list_calendars(app.store)
        tz, today = zone(app.settings.timezone), app.today
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for status in self.statuses:
            calendar = status.calendar
            if status.last_error:
                last = Text(_("trouble"), style=f"bold {app.current_theme.error}")
            elif status.last_sync:
                last = Text(when_words(status.last_sync, tz, today))
            else:
                last = Text(_("never"))
            # What the data file holds is shown cleaned (an old or hand-edited file may hold
            # control characters), and as Text: never read as markup.
            table.add_row(Text(clean_line(calendar.name)), Text(kind_words(calendar)),
                          Text(shortened(clean_line(calendar.collection or calendar.url))),
                          Text(clean_line(calendar.user) or "—"),
                          Text(password_short(calendar)), last,
                          Text(str(len(status.conflicts)) if status.conflicts else "", justify="right"),
                          key=calendar.id)
        if select is not None and select in {s.calendar.id for s in self.statuses}:
            row = table.get_row_index(select)
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        self.show_detail()

    @property
    def selected(self):
        """The CalendarStatus of the highlighted row, or None."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((s for s in self.statuses if s.calendar.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_conflicts()

    def show_detail(self) -> None:
        self.query_one("#calendar-detail-text", Static).update(self._detail())

    def _detail(self) -> Content:
        from planner.words.sync import conflict_sentence

        status = self.selected
        if status is None:
            return Content(_("No calendars yet. Press {key} to add your CalDAV calendar (Nextcloud, iCloud, "
                             "Fastmail …) or an .ics subscription (Google, Outlook).").format(
                key=key_name(_action_key("calendars.add"))))
        calendar = status.calendar
        app = self.app
        kind = _("two-way (CalDAV)") if calendar.writable else _("read-only: changes you make stay in planner")
        parts: list = [(clean_line(calendar.name), "bold"), "  ", kind, "\n", _("Address: {url}").format(
            url=clean_line(calendar.collection or calendar.url)), "\n"]
        if calendar.user:
            parts += [_("User: {user}, {password}").format(user=clean_line(calendar.user),
                                                           password=password_words(calendar, clean_line)), "\n"]
        if calendar.default:
            parts += [_("Meetings you add in planner go here."), "\n"]
        if status.last_error:
            parts += [(_("Trouble at the last sync: {error}").format(error=clean_block(status.last_error)),
                       "bold $error"), "\n"]
        elif status.last_sync:
            when = when_words(status.last_sync, zone(app.settings.timezone), app.today)
            parts += [_("Last synced: {when}").format(when=when), "\n"]
        else:
            parts += [_("Not synced yet: press {key} to sync.").format(key=key_name(_action_key("calendars.sync"))),
                      "\n"]
        if status.conflicts:
            parts += ["\n", (ngettext("{n} conflict waits for you ({key} settles it):",
                                      "{n} conflicts wait for you ({key} settles them):", len(status.conflicts)).format(
                n=len(status.conflicts), key=key_name(_action_key("calendars.conflicts"))), "bold $warning"), "\n"]
            parts += [f"• {clean_line(conflict_sentence(calendar.name, c))}\n" for c in status.conflicts]
        return Content.assemble(*parts)

    def say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#calendars-status", Static)
        status.update(clean_block(text))
        status.set_class(error, "-error")

    def synced(self, changed: bool) -> None:
        self.reload()

    # --- keys -------------------------------------------------------------------------------

    def _busy(self, what: str) -> bool:
        """True (and a notice) while a sync runs: it is writing the calendars' state."""
        if not self.app.calendar_sync.running:
            return False
        self.notify(_("A sync is under way: {what} waits until it is done.").format(what=what), markup=False)
        return True

    def action_add(self) -> None:
        from planner.ui.screens.calendar_form import CalendarForm

        if self.app.refuse_read_only(_("the calendar")):
            return
        self.app.push_screen(CalendarForm(on_late_add=self._added_late), self._added)

    def _added(self, calendar) -> None:
        if calendar is None:
            return
        self.say(_("Added {name}.").format(name=calendar.name))
        self.notify(_("Added calendar “{name}”; syncing it now.").format(name=calendar.name), markup=False)
        self.reload(select=calendar.id)
        sync = self.app.calendar_sync
        sync.schedule()
        sync.start(manual=False)

    def _added_late(self, calendar) -> None:
        """The server said yes after the form was closed: show the calendar, if this list is open."""
        if self.is_attached:
            self.reload(select=calendar.id)

    def action_remove(self) -> None:
        status = self.selected
        if status is None or self.app.refuse_read_only(_("the calendar")) or self._busy(_("removing a calendar")):
            return
        from planner.ui.screens.confirm import ConfirmScreen

        name = status.calendar.name

        def answer(yes: bool | None) -> None:
            if not yes or self._busy(_("removing a calendar")):
                return
            from planner.application.calendars import remove_calendar

            app = self.app
            if app.write(_("the calendar"), lambda: remove_calendar(app.store, name)):
                self.notify(_("Removed calendar “{name}”; its meetings stay in planner.").format(name=name),
                            markup=False)
                self.say("")
                self.reload()
                app.calendar_sync.schedule()

        self.app.push_screen(ConfirmScreen(
            _("Remove the calendar “{name}”? Its meetings stay in planner; planner forgets its address and "
              "password.").format(name=name), yes=_("Remove"), no=_("Keep it"), danger=True), answer)

    def action_test(self) -> None:
        from planner.application.calendars import test_connection

        status = self.selected
        if status is None:
            self.notify(_("No calendar to test: press {key} to add one.").format(
                key=key_name(_action_key("calendars.add"))), markup=False)
            return
        name, store = status.calendar.name, self.app.store
        self.say(_("Testing {name}…").format(name=name))
        in_background(self, lambda: test_connection(store, name), self._tested, group="calendar-test")

    def _tested(self, answer: str | None, error: PlannerError | None) -> None:
        if error is not None:
            self.say(str(error), error=True)
            self.notify(str(error), title=_("Test"), severity="error", markup=False, timeout=10)
        else:
            self.say(answer or "")
            self.notify(answer or "", title=_("Test"), markup=False)

    def action_sync(self) -> None:
        self.app.calendar_sync.start(manual=True)

    def action_conflicts(self) -> None:
        status = self.selected
        if status is None:
            return
        if not status.conflicts:
            self.notify(_("No conflicts wait in {name}.").format(name=status.calendar.name), markup=False)
            return
        if self.app.refuse_read_only(_("the conflict")) or self._busy(_("settling a conflict")):
            return
        self.app.push_screen(ConflictsScreen(status.calendar.name, status.conflicts),
                             lambda _result: self.reload())

    def action_close(self) -> None:
        self.dismiss(None)


def _action_key(action_id: str) -> str:
    from planner.ui.actions import ACTIONS

    return ACTIONS[action_id].key_list[0]


class ConflictsScreen(ModalScreen[None]):
    """The conflicts of one calendar: keep mine (it goes to the server at the next sync) or take
    theirs (the server's version replaces yours), one at a time."""

    DEFAULT_CSS = """
    ConflictsScreen {
        .dialog.conflicts {
            width: 90;
        }
        #conflicts {
            height: auto;
            max-height: 12;
            margin: 1 0 0 0;
        }
    }
    """

    BINDINGS = bindings("conflicts")

    def __init__(self, calendar: str, conflicts: list) -> None:
        super().__init__(classes="dialog-screen")
        self.calendar, self.conflicts = calendar, list(conflicts)

    def compose(self) -> ComposeResult:
        from planner.words.sync import conflict_sentence

        with Vertical(classes="dialog conflicts"):
            yield Static(_("Conflicts in {calendar}").format(calendar=self.calendar), classes="dialog-title",
                         markup=False)
            yield Static(_("Changed both here and on the server. Keep yours (it goes to the server at the next "
                           "sync), or take the server's (yours is replaced)."), markup=False)
            yield OptionList(*[Option(Text(clean_line(conflict_sentence(self.calendar, c))), id=c.id)
                               for c in self.conflicts],
                             id="conflicts")
            with Horizontal(classes="buttons"):
                yield Button(_("Keep mine ({key})").format(key=key_name(_action_key("conflicts.mine"))),
                             id="mine", variant="primary")
                yield Button(_("Take theirs ({key})").format(key=key_name(_action_key("conflicts.theirs"))),
                             id="theirs")
                yield Button(_("Close ({key})").format(key=key_name("escape")), id="close")
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"mine": self.action_mine, "theirs": self.action_theirs}.get(event.button.id, self.action_close)()

    def action_mine(self) -> None:
        self._settle(keep_mine=True)

    def action_theirs(self) -> None:
        self._settle(keep_mine=False)

    def _settle(self, *, keep_mine: bool) -> None:
        from planner.application.calendars import settle_conflict

        options = self.query_one(OptionList)
        if options.highlighted is None or self.app.calendar_sync.running:
            if self.app.calendar_sync.running:
                self.notify(_("A sync is under way: settling a conflict waits until it is done."), markup=False)
            return
        conflict = self.conflicts[options.highlighted]
        app = self.app
        if not app.write(_("the conflict"), lambda: settle_conflict(app.store, conflict.id, keep_mine=keep_mine,
                                                                     today=app.today)):
            return
        if keep_mine:
            text = _("Kept your version of “{title}”: it goes to the server at the next sync.")
        else:
            text = _("Took the server's version of “{title}”.")
        self.notify(text.format(title=conflict.title), markup=False)
        index = options.highlighted
        self.conflicts.pop(index)
        options.remove_option_at_index(index)
        if not self.conflicts:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
