"""A line that shows a running sync: what it is doing and a progress bar (busy while the total
is not known yet). Hidden when no sync runs. It follows ``app.calendar_sync`` (planner/ui/sync.py).

Its label and bar are made when the first sync starts: most weeks open without a calendar, and
the week's first frame need not pay for Textual's ProgressBar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal

if TYPE_CHECKING:
    from planner.ui.sync import SyncProgress


class SyncBar(Horizontal):
    DEFAULT_CSS = """
    SyncBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        display: none;

        &.-running {
            display: block;
        }
        #sync-what {
            width: 1fr;
            color: $text-muted;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #sync-progress {
            width: auto;
        }
    }
    """

    def on_mount(self) -> None:
        sync = self.app.calendar_sync
        sync.progress_signal.subscribe(self, self.show)
        self.show(sync.progress)

    def on_unmount(self) -> None:
        self.app.calendar_sync.progress_signal.unsubscribe(self)

    def show(self, progress: SyncProgress) -> None:
        from textual.widgets import Label, ProgressBar

        self.set_class(progress.running, "-running")
        if not self.children:
            if not progress.running:
                return  # no sync yet: nothing to show
            self.mount(Label("", id="sync-what", markup=False), ProgressBar(show_eta=False, id="sync-progress"))
        self.query_one("#sync-what", Label).update(progress.text)
        bar = self.query_one(ProgressBar)
        if progress.total:
            bar.update(total=progress.total, progress=progress.done)
        else:
            bar.update(total=None, progress=0)
