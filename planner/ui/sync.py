"""Syncing in the app: `r` on the week, `r` on the Calendars screen, and every ``sync_minutes``.

The app holds one :class:`CalendarSync` (``app.calendar_sync``). A sync runs in the background
(planner/ui/background.py), so the week stays usable; only one runs at a time: a timer tick
while one is under way is skipped, and `r` says one is under way. The timer runs while there is
a calendar, the data file is writable and ``sync_minutes`` is not 0; a sync started by hand
starts the wait for the next one again.

What a sync did is told in a notice: after `r` always, after a timer tick only when it brought
something. Trouble (a server down, a password refused) shows in the week's header and is told
once, not at every tick, and once more when syncing works again. Screens learn about a sync
through two signals: ``progress_signal`` (a :class:`SyncProgress`, for the progress bar) and
``done_signal`` (True when meetings may have changed: the week reads itself again).

Times come from the app's clock (``app.clock``), read when the sync starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.signal import Signal
from textual.timer import Timer

from planner.domain.errors import PlannerError
from planner.i18n import _
from planner.ui.background import call_on_ui, in_background


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where the sync is, as the progress bar shows it."""

    running: bool
    text: str = ""
    done: int = 0
    total: int = 0  # 0: not known yet (the bar then shows that it is busy)


IDLE = SyncProgress(False)


def _brought_something(report) -> bool:
    return bool(report.pulled_new or report.pulled_updated or report.pulled_removed or report.pushed_changed
                or report.pushed_new or report.pushed_deleted or report.conflicts)


class CalendarSync:
    """The app's syncing: one at a time, by hand or on a timer."""

    def __init__(self, app, *, every: float | None = None) -> None:
        self.app = app
        self.every = every  # seconds between automatic syncs; None: the sync_minutes setting
        self.running = False
        self.progress = IDLE
        self.progress_signal: Signal[SyncProgress] = Signal(app, "sync-progress")
        self.done_signal: Signal[bool] = Signal(app, "sync-done")
        self.timer: Timer | None = None
        self.told = ""  # the trouble last told (told once, not at every tick)
        self.finished = 0  # syncs finished since the app started

    # --- the timer --------------------------------------------------------------------------

    def interval(self) -> float | None:
        """Seconds between automatic syncs now; None when they are off."""
        app = self.app
        # The store's own look (not list_calendars): the app's start imports nothing of the sync.
        if app.store.read_only or not app.store.sync_docs("calendars"):
            return None
        if self.every is not None:
            return self.every
        minutes = app.settings.sync_minutes
        return minutes * 60 if minutes > 0 else None

    def schedule(self) -> None:
        """Start (or stop, or re-time) the timer for the calendars and settings as they are now:
        at start, after the settings change and after a calendar is added or removed."""
        seconds = self.interval()
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if seconds:
            self.timer = self.app.set_interval(seconds, self.tick, name="calendar-sync")

    def tick(self) -> None:
        """The timer's turn: a sync, unless one is under way."""
        if not self.running:
            self.start(manual=False)

    # --- a sync -----------------------------------------------------------------------------

    def start(self, *, manual: bool) -> bool:
        """Sync every calendar in the background; False (and, when ``manual``, a notice saying
        why) when it cannot start now."""
        from planner.application.calendars import sync

        app = self.app
        if manual and app.refuse_read_only(_("the sync")):
            return False
        if app.store.read_only:
            return False
        if not app.store.sync_docs("calendars"):
            if manual:
                app.notify(_("No calendar to sync yet: add one under Settings › Calendars, or with `planner "
                             "calendars add NAME URL`."), markup=False)
            return False
        if self.running:
            if manual:
                app.notify(_("A sync is under way already."), markup=False, timeout=3)
            return False
        self.running = True
        if self.timer is not None:
            self.timer.reset()  # the next automatic sync comes a whole interval after this one
        self._show(SyncProgress(True, _("Syncing your calendars…")))
        store, today, now = app.store, app.clock.today, app.clock.now  # read here, on the UI thread
        in_background(app, lambda: sync(store, today=today, now=now, progress=self._progress),
                      partial(self._finished, manual), group="sync")
        return True

    def _progress(self, name: str, phase: str, done: int, total: int) -> None:
        """From the sync's thread (never inside a store batch): show how far it is."""
        from planner.words.sync import progress_line

        call_on_ui(self.app, self._show, SyncProgress(True, progress_line(name, phase, done, total), done, total))

    def _show(self, progress: SyncProgress) -> None:
        self.progress = progress
        self.progress_signal.publish(progress)

    def _finished(self, manual: bool, outcome, error: PlannerError | None) -> None:
        from planner.domain.text import clean_block
        from planner.words.sync import describe

        app = self.app
        self.running = False
        self.finished += 1
        self._show(IDLE)
        app.reload()
        reports = outcome.reports if outcome is not None else []
        problems = [str(error)] if error is not None else [
            _("{calendar}: {problem}").format(calendar=name, problem=problem) for name, problem in outcome.errors]
        changed = any(_brought_something(report) for report in reports)
        lines = [line for report in reports if manual or _brought_something(report) for line in describe(report)]
        if lines:
            app.notify("\n".join(lines), title=_("Sync"), markup=False, timeout=6)
        trouble = clean_block("\n".join(problems))  # a server's words: no control characters
        if trouble and (manual or trouble != self.told):
            app.notify(_("{trouble}\nNothing was lost: your changes wait for the next sync.").format(trouble=trouble),
                       title=_("Sync trouble"), severity="error", markup=False, timeout=12)
        elif not trouble and self.told and not manual:
            app.notify(_("Your calendars sync again."), title=_("Sync"), markup=False, timeout=6)
        self.told = trouble
        self.done_signal.publish(changed)
