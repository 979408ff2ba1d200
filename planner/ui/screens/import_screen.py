"""Import a calendar (i on the week): an .ics file from Google, Outlook, Apple or Nextcloud.

Step 1, the file: its path (planner/ui/widgets/path_input.py: ``~`` works, Tab completes, the
folder's .ics files are listed under the field) and the options: remove meetings the file no longer has
(off unless ticked), how many weeks back and ahead to read. Enter previews: ics.preview
reads the file in a worker thread and writes nothing. The dialog then shows the calendar, the
counts, what was skipped and why (with UID and line), the warnings, new clients and the meetings
no longer in the file. A file that cannot be imported says why under the path, in words.

Step 2, import: the Import button (focused after a preview, so enter works) or ctrl+s commits the
preview in one atomic write; the week re-reads itself and a notice says what came in. Escape
cancels and writes nothing. A read-only planner (another copy has the data file) previews but
says why it cannot import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static
from textual.worker import Worker, WorkerState

from planner.domain.errors import PlannerError
from planner.domain.timeutil import zone
from planner.formats import day_month_year, join
from planner.i18n import _, ngettext
from planner.ui.actions import bindings, key_name
from planner.ui.widgets.key_bar import KeyBar
from planner.ui.widgets.path_input import PathInput, PathSuggester, folder_files, split_path, typed_folder
from planner.ui.text import short_date, time_range

if TYPE_CHECKING:
    from planner.domain.models import Meeting
    from planner.services.ics import ImportPlan, ImportResult

SHOWN = 12  # meetings listed per group in the preview (the rest are counted)
SHOWN_SKIPS = 20  # skipped events listed per reason
LISTED_FILES = 4  # .ics files named under the path field
DEFAULT_BACK, DEFAULT_AHEAD = 8, 52  # the same defaults as services.ics (not imported: it is heavy)


def default_path() -> str:
    """"~/Downloads/" when that folder exists, else empty."""
    return "~/Downloads/" if Path("~/Downloads").expanduser().is_dir() else ""


# --- what the preview shows --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """What a preview was made from; a change to any of it makes the preview stale."""

    path: str
    remove_missing: bool
    weeks_back: int
    weeks_ahead: int


@dataclass(slots=True)
class Imported:
    """What the dialog returns after an import."""

    calendar: str
    result: ImportResult

    def notice(self) -> str:
        r = self.result
        text = _("Imported {created} new, {updated} updated from {calendar}").format(
            created=r.created, updated=r.updated, calendar=self.calendar)
        if r.removed:
            text += "; " + _("removed {n} no longer in the file").format(n=r.removed)
        if r.clients_created:
            text += "; " + ngettext("{n} new client", "{n} new clients", r.clients_created).format(n=r.clients_created)
        return text + "."


def _read_plan(request: Request, store, settings, today: date) -> ImportPlan | PlannerError:
    """Runs in a worker thread: the plan, or the reason there is none (never an exception)."""
    from planner.services.ics import preview

    try:
        return preview(
            request.path, store, settings, today=today, weeks_back=request.weeks_back,
            weeks_ahead=request.weeks_ahead, remove_missing=request.remove_missing,
        )
    except PlannerError as exc:
        return exc
    except RecursionError:
        return PlannerError(_("{path} is nested too deeply to be a calendar export").format(path=request.path))
    except Exception as exc:  # a file no calendar would write: say so in words, never a traceback
        return PlannerError(_("{path} could not be read as a calendar ({kind}: {error})").format(
            path=request.path, kind=type(exc).__name__, error=exc))


def nothing_to_import(plan: ImportPlan) -> str | None:
    """Why this plan imports nothing at all (None when something would come in or is up to date)."""
    if plan.new or plan.updated or plan.unchanged or plan.removed:
        return None
    from planner.services.ics.records import skipped_count

    if plan.events == 0:
        return _("{file} holds no events to import.").format(file=plan.path.name)
    if plan.outside_window and not plan.skipped:
        return ngettext(
            "The {n} event does not fall between {start} and {end}: raise weeks back or ahead and preview again.",
            "None of the {n} events fall between {start} and {end}: raise weeks back or ahead and preview again.",
            plan.outside_window).format(n=plan.outside_window, start=day_month_year(plan.window_start),
                                        end=day_month_year(plan.window_end))
    reasons = join([skipped_count(reason, len(s), described=True) for reason, s in plan.skipped_by_reason().items()])
    return _("Nothing can be imported from {file}: {reasons} (see below).").format(file=plan.path.name, reasons=reasons)


def _more(n: int) -> str:
    return _("… and {n} more").format(n=n)


def _sentence(text: str) -> str:
    """An error or warning (written lower-case for the command line) as a sentence on the screen,
    unless it starts with a file name or path, which keeps its own letters ("w.ics holds ...")."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first or any(mark in first for mark in "./\\~"):
        return text
    return text[:1].upper() + text[1:]


def plan_content(plan: ImportPlan, tz, *, read_only_reason: str = "") -> Content:
    """The preview in words: calendar and counts, skipped, warnings, clients, missing, then the lists.

    Every name, title and path is plain text (``[VIP] Ærø & Co`` shows as typed)."""
    from planner.services.ics.clients import UNASSIGNED
    from planner.services.ics.records import field_words, skipped_count

    parts: list = [(_("Calendar") + " ", "$text-muted"), (plan.calendar, "bold"), "\n", (plan.summary(), "bold")]
    window = "\n" + _("Looks at {start} to {end}").format(start=day_month_year(plan.window_start),
                                                           end=day_month_year(plan.window_end))
    if plan.outside_window:
        window += "; " + ngettext("{n} event outside that not imported", "{n} events outside that not imported",
                                  plan.outside_window).format(n=plan.outside_window)
    parts += [(window, "$text-muted"), "\n"]
    if read_only_reason:
        parts += ["\n", (read_only_reason, "bold $error"), "\n"]

    def head(text: str, style: str = "bold $primary") -> None:
        parts.extend(["\n", (text, style), "\n"])

    if plan.skipped:
        head(_("Skipped ({n})").format(n=len(plan.skipped)), "bold $warning")
        for reason, skips in plan.skipped_by_reason().items():
            parts += [("  " + skipped_count(reason, len(skips), described=True), "bold"), "\n"]
            for skip in skips[:SHOWN_SKIPS]:
                parts += [f"    {skip.describe()}", "\n"]
            if len(skips) > SHOWN_SKIPS:
                parts += [("    " + _more(len(skips) - SHOWN_SKIPS), "$text-muted"), "\n"]
    if plan.warnings:
        head(_("Warnings ({n})").format(n=len(plan.warnings)), "bold $warning")
        for warning in plan.warnings:
            parts += [f"  {_sentence(warning)}", "\n"]
    if plan.new_clients:
        head(_("New clients ({n})").format(n=len(plan.new_clients)))
        for client in plan.new_clients:
            parts += [f"  {client.name}"]
            if client.name == UNASSIGNED:
                parts += [("  " + _("(meetings no client matched: reassign them with e on the week)"), "$text-muted")]
            parts += ["\n"]
    if plan.missing:
        if plan.remove_missing:
            text = _("No longer in the file ({n}): will be removed")
        else:
            text = _("No longer in the file ({n}): kept; tick “Remove meetings no longer in the file” to remove them")
        head(text.format(n=len(plan.missing)), "bold $warning")
        _meetings(parts, plan.missing, plan, tz)
    if plan.new:
        head(_("New ({n})").format(n=len(plan.new)))
        _meetings(parts, plan.new, plan, tz)
    changed = [c for c in plan.updated if c.changed or c.kept]
    if changed:
        head(_("Updated ({n})").format(n=len(changed)))
        for change in changed[:SHOWN]:
            _meeting_line(parts, change.meeting, plan, tz)
            if change.changed:
                parts += [("      " + _("from the calendar: {fields}").format(fields=field_words(change.changed)),
                           "$text-muted"), "\n"]
            if change.kept:
                parts += [("      " + _("your changes kept: {fields}").format(fields=field_words(change.kept)),
                           "$text-muted"), "\n"]
        if len(changed) > SHOWN:
            parts += [("  " + _more(len(changed) - SHOWN), "$text-muted"), "\n"]
    while parts and parts[-1] == "\n":
        parts.pop()
    return Content.assemble(*parts)


def _meeting_line(parts: list, meeting: Meeting, plan: ImportPlan, tz) -> None:
    local = meeting.start.astimezone(tz)
    day = f"{short_date(local.date())} {local.year}"
    hours = time_range(meeting, tz)
    client = plan.clients.get(meeting.client_id, "")
    parts += [f"  {day:<15} {hours:<11}  ", (meeting.title, "bold")]
    if client:
        parts += [("  " + client, "$text-muted")]
    parts += ["\n"]


def _meetings(parts: list, meetings: list[Meeting], plan: ImportPlan, tz) -> None:
    for meeting in meetings[:SHOWN]:
        _meeting_line(parts, meeting, plan, tz)
    if len(meetings) > SHOWN:
        parts += [("  " + _more(len(meetings) - SHOWN), "$text-muted"), "\n"]


# --- the dialog ----------------------------------------------------------------------------------


class ImportScreen(ModalScreen[Imported | None]):
    """Returns what was imported, or None when cancelled (nothing was written)."""

    CSS_PATH = Path(__file__).with_name("import_screen.tcss")  # read when the dialog first opens

    BINDINGS = bindings("import")

    def __init__(self, path: str | None = None) -> None:
        super().__init__(classes="dialog-screen import-screen")
        self.start_path = default_path() if path is None else path
        self.plan: ImportPlan | None = None
        self.request: Request | None = None  # what self.plan was made from
        self.busy = False
        self._pending: Request | None = None  # what the running preview reads
        self._listed_folder: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import"):
            yield Static(_("Import a calendar (.ics)"), classes="dialog-title")
            with Horizontal(id="import-path-row"):
                yield Label(_("File"), classes="import-label")
                yield PathInput(
                    self.start_path,
                    placeholder="~/Downloads/calendar.ics",
                    suggester=PathSuggester(),
                    id="import-path",
                    compact=True,
                )
                yield Button(_("Preview") + " " + key_name("enter", short=True), id="import-preview-button", compact=True)
            yield Static("", id="import-path-message", markup=False)
            with Horizontal(id="import-options"):
                yield Checkbox(_("Remove meetings no longer in the file"), False, id="import-remove", compact=True)
                with Horizontal(id="import-weeks"):
                    yield Label(_("Weeks back"), classes="import-label")
                    yield Input(str(DEFAULT_BACK), id="import-back", type="integer", max_length=3, compact=True)
                    yield Label(_("ahead"), classes="import-label")
                    yield Input(str(DEFAULT_AHEAD), id="import-ahead", type="integer", max_length=3, compact=True)
            with VerticalScroll(id="import-preview"):
                yield Static(self._intro(), id="import-body", markup=False)
            with Horizontal(id="import-buttons"):
                yield Static("", id="import-status", markup=False)
                yield Button(_("Import") + " " + key_name("ctrl+s", short=True), id="import-button", variant="primary",
                             compact=True, disabled=True)
                yield Button(_("Cancel") + " " + key_name("escape", short=True), id="import-cancel", compact=True)
            yield KeyBar()

    def on_mount(self) -> None:
        path = self.query_one("#import-path", PathInput)
        path.focus()
        path.cursor_position = len(path.value)
        self._list_folder(path.value)

    def _intro(self) -> str:
        text = _(
            "Export your calendar as an .ics file (Google: Settings › Import & export; Outlook: "
            "Save calendar), type its path above and press enter to see what would change. "
            "Nothing is written until you press Import."
        )
        if self.app.store.read_only:
            text += "\n\n" + self._read_only_reason()
        return text

    def _read_only_reason(self) -> str:
        why = self.app.read_only_reason  # another planner has the file ("" when opened --read-only)
        if why:
            return _("This planner is read-only, so it cannot import: {why}. Import there, or close that planner and "
                     "start this one again.").format(why=why)
        return _("This planner was opened read-only, so it cannot import: start it without --read-only to import.")

    # --- step 1: the path and the options ----------------------------------------------------

    def _request(self) -> Request:
        """The typed path and options; PlannerError saying what to type."""
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            raise PlannerError(_("Type the path of an .ics file, e.g. ~/Downloads/calendar.ics"))
        weeks = []
        for selector, name, default in (("#import-back", _("Weeks back"), DEFAULT_BACK),
                                        ("#import-ahead", _("Weeks ahead"), DEFAULT_AHEAD)):
            text = self.query_one(selector, Input).value.strip()
            try:
                weeks.append(int(text) if text else default)
            except ValueError:
                raise PlannerError(_("{name}: type a whole number of weeks, like {default}").format(
                    name=name, default=default)) from None
        remove = self.query_one("#import-remove", Checkbox).value
        return Request(path, remove, weeks[0], weeks[1])

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#import-path-message", Static)
        message.update(_sentence(text))
        message.set_class(error, "-error")

    def _list_folder(self, value: str) -> None:
        """Name the .ics files of the typed folder under the path (once per folder)."""
        typed, _rest = split_path(value)
        if typed == self._listed_folder:
            return
        self._listed_folder = typed
        if not value:
            self._message(_("Type the file's path (~ is your home folder); Tab completes folders and .ics files"))
            return
        where, files = folder_files(value)
        if files:
            names = ", ".join(files[:LISTED_FILES])
            if len(files) > LISTED_FILES:
                names = _("{names} and {n} more").format(names=names, n=len(files) - LISTED_FILES)
            self._message(_(".ics files in {folder}: {names} (Tab completes)").format(folder=where, names=names))
        elif typed and not typed_folder(typed).is_dir():
            self._message(_("There is no folder {folder}").format(folder=typed))
        else:
            self._message(_("No .ics files in {folder}").format(folder=where))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "import-path":
            message = self.query_one("#import-path-message", Static)
            if message.has_class("-error"):
                self._listed_folder = None  # the error is answered by typing: show the folder again
            self._list_folder(event.value)
        self._check_stale()

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        self._check_stale()

    def _check_stale(self) -> None:
        if self.plan is None:
            return
        try:
            same = self._request() == self.request
        except PlannerError:
            same = False
        self._set_import_ready(same)
        self.query_one("#import-status", Static).update(
            "" if same else _("Changed since the preview: press enter to preview again.")
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    @on(Button.Pressed, "#import-preview-button")
    def _preview_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_preview()

    def action_preview(self) -> None:
        if self.busy:
            return
        try:
            request = self._request()
        except PlannerError as exc:
            self._message(str(exc), error=True)
            return
        self.busy = True
        self.plan = self.request = None
        self._set_import_ready(False)
        self.query_one("#import-status", Static).update(_("Reading the calendar…"))
        self.query_one("#import-preview").loading = True
        app = self.app
        store, settings, today = app.store, app.settings, app.today  # read here, not in the thread
        self._pending = request
        self.run_worker(
            lambda: _read_plan(request, store, settings, today),
            name="import-preview",
            group="import",
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "import-preview" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        self.busy = False
        self.query_one("#import-preview").loading = False
        outcome = event.worker.result if event.state == WorkerState.SUCCESS else PlannerError(
            _("the calendar could not be read: {error}").format(error=event.worker.error)
        )
        if isinstance(outcome, PlannerError):
            self._failed(str(outcome))
        else:
            self._show(outcome, self._pending)

    def _failed(self, text: str) -> None:
        self._message(text, error=True)
        self.query_one("#import-status", Static).update(_("Nothing was imported."))
        self.query_one("#import-body", Static).update(self._intro())
        self.query_one("#import-path", Input).focus()

    def _show(self, plan: ImportPlan, request: Request) -> None:
        self.plan, self.request = plan, request
        read_only = self.app.store.read_only
        body = self.query_one("#import-body", Static)
        body.update(plan_content(plan, zone(self.app.settings.timezone),
                                 read_only_reason=self._read_only_reason() if read_only else ""))
        self.query_one("#import-preview", VerticalScroll).scroll_home(animate=False)
        problem = nothing_to_import(plan)
        status = self.query_one("#import-status", Static)
        if problem:
            self._message(problem, error=True)
            status.update(_("Nothing to import."))
        else:
            self._message(_("Previewed {file}: nothing is written until you press Import.").format(file=plan.path.name))
            if not plan.has_changes and not plan.new_clients:
                status.update(_("Up to date: this calendar holds nothing new."))
            elif read_only:
                status.update(_("Read-only: cannot import."))
            else:
                status.update(_("Import writes all of it at once, or nothing."))
        ready = self._set_import_ready(True)
        if ready:
            self.query_one("#import-button", Button).focus()

    def _importable(self) -> bool:
        plan = self.plan
        return (
            plan is not None
            and not self.busy
            and (plan.has_changes or bool(plan.new_clients))
            and nothing_to_import(plan) is None
            and not self.app.store.read_only
        )

    def _set_import_ready(self, fresh: bool) -> bool:
        ready = fresh and self._importable()
        self.query_one("#import-button", Button).disabled = not ready
        self.refresh_bindings()
        return ready

    # --- step 2: import ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import":
            return not self.query_one("#import-button", Button).disabled
        return True

    @on(Button.Pressed, "#import-button")
    def _import_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_import()

    @on(Button.Pressed, "#import-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_import(self) -> None:
        from planner.services.ics import commit

        plan = self.plan
        if plan is None or self.busy or self.query_one("#import-button", Button).disabled:
            return
        if self.app.store.read_only:
            self._message(self._read_only_reason(), error=True)
            return
        try:
            result = commit(plan, self.app.store)
        except PlannerError as exc:
            self.app.reload()
            self._message(_("Nothing was imported: {error}").format(error=exc), error=True)
            self._set_import_ready(False)
            return
        self.dismiss(Imported(plan.calendar, result))

    def action_cancel(self) -> None:
        if self.busy:
            # The read runs on; its result is dropped. Nothing has been written.
            self.workers.cancel_group(self, "import")
        self.dismiss(None)


# --- how the week view opens it (the key is bound in app.py) ---------------------------------------


def open_import(app) -> None:
    """Open the dialog over the week; after an import the week re-reads itself where it was."""
    week = app.screen

    def done(imported: Imported | None) -> None:
        if imported is None:
            return
        app.reload()
        week.refresh_week()
        week.refresh_bindings()
        app.notify(imported.notice(), title=_("Import"), markup=False, timeout=8)

    app.push_screen(ImportScreen(), done)
