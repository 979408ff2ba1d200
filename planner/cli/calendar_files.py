"""`planner import FILE.ics` and `planner export-ics`: the command-line faces of the calendar
import and export services.

Both print what a person needs to see and return the exit status; user errors are PlannerError.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from planner.cli.output import ProgressLine
from planner.domain.errors import PlannerError
from planner.formats import join
from planner.i18n import _, ngettext

if TYPE_CHECKING:
    from planner.domain.models import Meeting
    from planner.services.ics import ImportPlan
    from planner.services.store import Store

def _print(*parts, file=None) -> None:
    from planner.domain.text import printable

    print(*(printable(str(part)) for part in parts), file=file or sys.stdout)


SHOWN = 20  # meetings listed per group in a dry run; skip reasons listed per reason


def add_arguments(p, name: str) -> None:
    if name == "import":
        _args_import(p)
    else:
        _args_export_ics(p)


def _args_import(p) -> None:
    p.add_argument("file", metavar="FILE.ics")
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    p.add_argument(
        "--remove-missing", action="store_true", help=_("remove future meetings no longer in the file")
    )
    p.add_argument("--weeks-back", type=int, default=8, metavar="N", help=_("expand repeats from N weeks ago (8)"))
    p.add_argument("--weeks-ahead", type=int, default=52, metavar="N", help=_("... to N weeks ahead (52)"))
    p.add_argument(
        "--me", action="append", default=[], metavar="EMAIL",
        help=_("your email address (repeatable), to skip invitations you declined"),
    )


def _args_export_ics(p) -> None:
    p.add_argument("--week", metavar="YYYY-Www", help=_("an ISO week (default this week)"))
    p.add_argument("--out", metavar="FILE", help=_("where to write (default: standard output)"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))


def read_only(args) -> bool:
    return args.command == "export-ics" or bool(getattr(args, "dry_run", False))


def needs_data(args) -> bool:
    return args.command == "export-ics"


def before_open(args) -> None:
    if args.command == "import" and not Path(args.file).expanduser().is_file():
        # Say what is wrong with the .ics before the data file is opened (or created).
        from planner.services.ics import read_calendar_text

        read_calendar_text(args.file)


def run(ctx) -> int:
    if ctx.args.command == "import":
        return run_import(ctx.store, ctx.args, today=ctx.clock.today)
    return run_export_ics(ctx.store, ctx.args, today=ctx.clock.today)


def _when(meeting: Meeting, tz: ZoneInfo) -> str:
    """``Tue 1 Dec 2026 14:00``."""
    from planner.formats import clock, short_date

    start = meeting.start.astimezone(tz)
    day = f"{short_date(start.date())} {start.year}"
    return f"{day} ({_('all day')})" if meeting.all_day else f"{day} {clock(start)}"


def _line(meeting: Meeting, plan: ImportPlan, tz: ZoneInfo) -> str:
    client = plan.clients.get(meeting.client_id, "")
    return f"{_when(meeting, tz)}  {meeting.title}" + (f"  ({client})" if client else "")


def _more(n: int) -> str:
    return _("... and {n} more").format(n=n)


def report(plan: ImportPlan, tz: ZoneInfo, *, dry_run: bool, out: TextIO) -> None:
    """The preview in words: counts first, then what was skipped and why, then warnings."""
    from planner.services.ics.clients import UNASSIGNED
    from planner.services.ics.records import field_words, skipped_count

    _print(f"{plan.path.name}: {plan.summary()}", file=out)
    window = _("  window: {start} to {end}").format(start=plan.window_start.isoformat(), end=plan.window_end.isoformat())
    if plan.outside_window:
        window += " " + ngettext("({n} single event outside it not imported)",
                                 "({n} single events outside it not imported)", plan.outside_window).format(
            n=plan.outside_window)
    _print(window, file=out)
    if dry_run:
        groups = ((_("new:"), plan.new), (_("updated:"), [c.meeting for c in plan.updated if c.changed or c.kept]))
        for title, meetings in groups:
            if meetings:
                _print(title, file=out)
                for meeting in meetings[:SHOWN]:
                    _print(f"  {_line(meeting, plan, tz)}", file=out)
                if len(meetings) > SHOWN:
                    _print("  " + _more(len(meetings) - SHOWN), file=out)
    kept = [c for c in plan.updated if c.kept]
    if kept:
        _print(ngettext("your changes kept in {n} meeting:", "your changes kept in {n} meetings:", len(kept)).format(
            n=len(kept)), file=out)
        for change in kept[:SHOWN]:
            _print(f"  {_line(change.meeting, plan, tz)}: {field_words(change.kept)}", file=out)
    if plan.skipped:
        _print(_("skipped:"), file=out)
        for reason, skips in plan.skipped_by_reason().items():
            _print(f"  {skipped_count(reason, len(skips))}", file=out)
            for skip in skips[:SHOWN]:
                _print(f"    {skip.describe()}", file=out)
            if len(skips) > SHOWN:
                _print("    " + _more(len(skips) - SHOWN), file=out)
    _report_missing(plan, tz, out)
    if plan.new_clients:
        names = join([c.name for c in plan.new_clients])
        if any(c.name == UNASSIGNED for c in plan.new_clients):
            line = _("new clients: {names} (reassign their meetings in the app)").format(names=names)
        else:
            line = _("new clients: {names}").format(names=names)
        _print(line, file=out)
    for warning in plan.warnings:
        _print(_("warning: {warning}").format(warning=warning), file=out)


def _report_missing(plan: ImportPlan, tz: ZoneInfo, out: TextIO) -> None:
    if not plan.missing:
        return
    n = len(plan.missing)
    if plan.remove_missing:
        line = ngettext("{n} future meeting removed:", "{n} future meetings removed:", n)
    else:
        line = ngettext("{n} future meeting no longer in the file (kept; --remove-missing removes it):",
                        "{n} future meetings no longer in the file (kept; --remove-missing removes them):", n)
    _print(line.format(n=n), file=out)
    for meeting in plan.missing[:SHOWN]:
        _print(f"  {_line(meeting, plan, tz)}", file=out)
    if n > SHOWN:
        _print("  " + _more(n - SHOWN), file=out)


def _nothing_to_import(plan: ImportPlan) -> PlannerError | None:
    usable = len(plan.new) + len(plan.updated) + plan.unchanged + len(plan.removed)
    if usable:
        return None
    name = plan.path
    if plan.events == 0:
        return PlannerError(_("{file} holds no events to import").format(file=name))
    if plan.outside_window and not plan.skipped:
        return PlannerError(ngettext(
            "the {n} event in {file} does not fall between {start} and {end}; widen the window with "
            "--weeks-back N / --weeks-ahead N",
            "none of the {n} events in {file} fall between {start} and {end}; widen the window with "
            "--weeks-back N / --weeks-ahead N", plan.outside_window).format(
            n=plan.outside_window, file=name, start=plan.window_start, end=plan.window_end))
    from planner.services.ics import skipped_count

    reasons = join([skipped_count(reason, len(s)) for reason, s in plan.skipped_by_reason().items()])
    return PlannerError(_("nothing imported from {file}: {reasons} (details above)").format(file=name, reasons=reasons))


BIG_IMPORT = 500  # events: a file with at least this many shows how far its import is (on a terminal)


def import_progress(line: ProgressLine, name: str) -> Callable[[int, int], None] | None:
    """What the import of the file ``name`` tells ``line`` as it reads the events (a big file
    only); None when the line is not shown (stderr not a terminal)."""
    if not line.shown:
        return None

    def told(done: int, total: int) -> None:
        if total >= BIG_IMPORT:
            line.show(_("{file}: reading {done} of {total} events").format(file=name, done=done, total=total))

    return told


def run_import(store: Store, args, *, today: date, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`planner import FILE.ics [--dry-run] [--remove-missing] [--weeks-back N] [--weeks-ahead N] [--me EMAIL]`.

    On a terminal a big file's import shows how far it is on ``err`` (standard error)."""
    from planner.services.ics import DEFAULT_WEEKS_AHEAD, DEFAULT_WEEKS_BACK, commit, preview

    out = out or sys.stdout
    settings = store.settings()
    weeks_back = getattr(args, "weeks_back", None)
    weeks_ahead = getattr(args, "weeks_ahead", None)
    with ProgressLine(err or sys.stderr) as line:
        plan = preview(
            args.file,
            store,
            settings,
            today=today,
            weeks_back=DEFAULT_WEEKS_BACK if weeks_back is None else weeks_back,
            weeks_ahead=DEFAULT_WEEKS_AHEAD if weeks_ahead is None else weeks_ahead,
            remove_missing=bool(getattr(args, "remove_missing", False)),
            me=tuple(getattr(args, "me", None) or ()),
            progress=import_progress(line, Path(args.file).name),
        )
    dry_run = bool(getattr(args, "dry_run", False))
    tz = ZoneInfo(settings.timezone)
    report(plan, tz, dry_run=dry_run, out=out)
    problem = _nothing_to_import(plan)
    if problem is not None:
        out.flush()
        raise problem
    if dry_run:
        _print(_("dry run: nothing was changed"), file=out)
        return 0
    if not plan.has_changes and not plan.new_clients:
        _print(_("nothing to change: the planner is up to date with this calendar"), file=out)
        return 0
    with ProgressLine(err or sys.stderr) as line:
        if plan.events >= BIG_IMPORT:
            count = len(plan.new) + len(plan.updated)
            line.show(ngettext("saving {n} meeting…", "saving {n} meetings…", count).format(n=count))
        result = commit(plan, store)
    if result.removed:
        line = _("imported: {created} new, {updated} updated, {removed} removed into {file}")
    else:
        line = _("imported: {created} new, {updated} updated into {file}")
    _print(line.format(created=result.created, updated=result.updated, removed=result.removed, file=store.path),
           file=out)
    return 0


def run_export_ics(store: Store, args, *, today: date, out: TextIO | None = None) -> int:
    """`planner export-ics [--week 2026-W49] [--out FILE]` (no --out: standard output)."""
    from planner.domain.timeutil import iso_week, parse_iso_week
    from planner.services.ics_export import export_week, write_ics

    week = getattr(args, "week", None)
    day = parse_iso_week(week) if week else today
    text, count = export_week(store, day, now=datetime.now(timezone.utc))
    path = write_ics(text, getattr(args, "out", None) or "-", force=bool(getattr(args, "force", False)),
                     data_file=store.path, stdout=out or sys.stdout, example=f"{iso_week(day)}.ics")
    if path is None:
        return 0
    _print(ngettext("wrote {n} meeting of {week} to {file}", "wrote {n} meetings of {week} to {file}", count).format(
        n=count, week=iso_week(day), file=path), file=out or sys.stderr)
    return 0
