"""Opening the week view from the command line: on the data file, or on a throwaway demo."""

from __future__ import annotations

from pathlib import Path

from planner.domain.errors import PlannerError
from planner.i18n import _


def needs_terminal() -> None:
    """The week view draws on a terminal: without one (`planner </dev/null`, a cron job) say so
    rather than wait for keys that never come."""
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PlannerError(_("the week view needs a terminal (standard input and output are not one); "
                             "`planner agenda` prints the week as text"))


def open_app(path: Path, args, open_week) -> int:
    from planner.cli import clock_for
    from planner.services.store import Store, StoreLocked

    notice, why = None, ""
    try:
        store = Store.open(path, read_only=args.read_only)
    except StoreLocked as exc:
        # A second copy may look but not write: say so on screen, never corrupt the file.
        store = Store.open(path, read_only=True)
        notice, why = _("Read-only: {reason}").format(reason=exc), exc.why
    if args.read_only and notice is None:
        notice = _("Read-only: changes cannot be saved.")
    if store.warnings:
        notice = " ".join(filter(None, (notice, *store.warnings)))
    with store:
        return open_week(store, clock=clock_for(args, store.settings()), notice=notice, read_only_reason=why) or 0


def open_demo(args, open_week) -> int:
    """The week view on a demo calendar in a temporary folder; drafts exported from it go there
    too, so nothing of the demo is left behind."""
    import tempfile

    from planner.cli import clock_for
    from planner.services.demo import demo_monday, fill_demo
    from planner.services.store import Store

    with tempfile.TemporaryDirectory(prefix="planner-demo-") as folder:
        with Store.open(Path(folder) / "demo.json") as store:
            store.save_settings(store.settings().with_changes(drafts_dir=str(Path(folder) / "drafts")))
            clock = clock_for(args, store.settings())
            fill_demo(store, clock.today)
            return open_week(
                store, clock=clock, start=demo_monday(clock.today),
                notice=_("Demo calendar: your changes and exported drafts are thrown away when you quit."),
            ) or 0
