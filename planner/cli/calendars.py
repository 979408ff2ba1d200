"""`planner calendars [list | add NAME URL | remove NAME | test NAME]` and `planner sync [NAME]`.

A thin face over planner.application.calendars: arguments in, sentences out. A sync of thousands
of events shows a progress line on standard error when that is a terminal, and nothing when it is
not (a script, a pipe, cron).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from planner.domain.errors import PlannerError
from planner.domain.text import printable
from planner.i18n import _, ngettext
from planner.words.sync import conflict_sentence, describe, kind_words, password_words, progress_line

if TYPE_CHECKING:
    from planner.services.store import Store


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    if name == "sync":
        add_sync_arguments(p)
    else:
        add_calendars_arguments(p)


def run(ctx) -> int:
    if ctx.args.command == "sync":
        return run_sync(ctx.store, ctx.args, now=ctx.clock.now)
    return run_calendars(ctx.store, ctx.args)


def add_calendars_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="calendars_command", metavar="ACTION")
    sub.add_parser("list", help=_("list your calendars and how their sync stands (the default)"))
    add = sub.add_parser("add", help=_("add a CalDAV calendar or an .ics subscription"))
    add.add_argument("name", metavar="NAME", help=_("what planner calls it, e.g. work"))
    add.add_argument("url", metavar="URL", help=_("a CalDAV calendar, server or account address, or an "
                                                  "https:// or webcal:// .ics address"))
    add.add_argument("--user", default="", metavar="U", help=_("your user name on the server"))
    add.add_argument("--password-command", default="", metavar="CMD",
                     help=_("a command that prints the password, e.g. \"pass show work/caldav\" (else it is "
                            "asked for and kept in the system keyring)"))
    add.add_argument("--calendar", metavar="NAME", help=_("which of the server's calendars (when it has several)"))
    add.add_argument("--read-only", action="store_true", dest="calendar_read_only",
                     help=_("only read it: changes made in planner stay in planner"))
    remove = sub.add_parser("remove", help=_("forget a calendar (its meetings stay)"))
    remove.add_argument("name", metavar="NAME")
    test = sub.add_parser("test", help=_("check that a calendar answers"))
    test.add_argument("name", metavar="NAME")


def add_sync_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help=_("one calendar (default: every calendar)"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    settle = p.add_mutually_exclusive_group()
    settle.add_argument("--keep-mine", metavar="MEETING", help=_("settle a conflict: send your version"))
    settle.add_argument("--take-theirs", metavar="MEETING", help=_("settle a conflict: take the server's version"))


def read_only(args: argparse.Namespace) -> bool:
    """Whether the command only reads the data file."""
    if args.command == "calendars":
        return args.calendars_command in (None, "list")
    return bool(args.command == "sync" and args.dry_run)


def run_calendars(store: Store, args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    from planner.application import calendars

    out = out or sys.stdout
    action = args.calendars_command
    if action == "add":
        password = None
        if args.user and not args.password_command:
            password = _ask_password(args.user)
        calendar = calendars.add_calendar(store, args.name, args.url, user=args.user,
                                          password_command=args.password_command, password=password,
                                          pick=args.calendar, read_only=args.calendar_read_only)
        kind = kind_words(calendar, long=True)
        print(_("Added calendar {name}: {url}, {kind}. Sync it with `planner sync {name}`.").format(
            name=printable(calendar.name), url=printable(calendar.collection), kind=kind), file=out)
        if calendar.default:
            print(_("Meetings you add in planner go to {name}.").format(name=printable(calendar.name)), file=out)
        return 0
    if action == "remove":
        calendar = calendars.remove_calendar(store, args.name)
        print(_("Removed calendar {name}; its meetings stay in planner.").format(name=printable(calendar.name)),
              file=out)
        return 0
    if action == "test":
        print(printable(calendars.test_connection(store, args.name)), file=out)
        return 0
    return _list(store, out)


def _ask_password(user: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(_("Password for {user}: ").format(user=user))
    line = sys.stdin.readline() if sys.stdin is not None else ""
    password = line.rstrip("\r\n")
    if not password:
        raise PlannerError(_("no password given for {user}: type it when asked, pipe it in, or give "
                             "--password-command").format(user=user))
    return password


def _list(store: Store, out: TextIO) -> int:
    from planner.application import calendars

    found = calendars.list_calendars(store)
    if not found:
        print(_("No calendars yet. Add one with `planner calendars add NAME URL`."), file=out)
        return 0
    for status in found:
        calendar = status.calendar
        kind = kind_words(calendar)
        when = status.last_sync.replace("T", " ")[:16] + " UTC" if status.last_sync else _("never")
        print(_("{name}  {kind}  {url}  last sync: {when}").format(
            name=printable(calendar.name), kind=kind, url=printable(calendar.collection), when=when), file=out)
        if calendar.user:
            how = password_words(calendar, printable)
            print("  " + _("user {user}, {how}").format(user=printable(calendar.user), how=how), file=out)
        if calendar.default:
            print("  " + _("meetings you add in planner go here"), file=out)
        if status.last_error:
            print("  " + _("trouble: {error}").format(error=printable(status.last_error)), file=out)
        if status.conflicts:
            print("  " + ngettext("{n} conflict waits for you", "{n} conflicts wait for you",
                                  len(status.conflicts)).format(n=len(status.conflicts)), file=out)
    return 0


def run_sync(store: Store, args: argparse.Namespace, *, now: datetime | None = None, out: TextIO | None = None) -> int:
    from planner.application import calendars
    from planner.domain.timeutil import zone

    out = out or sys.stdout
    now = now or datetime.now(zone(store.settings().timezone))
    today = now.date()
    if args.keep_mine or args.take_theirs:
        keep = bool(args.keep_mine)
        conflict = calendars.resolve_conflict(store, args.keep_mine or args.take_theirs, keep_mine=keep, today=today)
        message = (_("Kept your version of {title!r}: it goes to the server at the next sync.") if keep
                   else _("Took the server's version of {title!r}."))
        print(message.format(title=printable(conflict.title)), file=out)
        return 0
    from planner.cli.output import ProgressLine

    with ProgressLine(sys.stderr) as line:
        progress = (lambda name, phase, done, total: line.show(progress_line(name, phase, done, total))
                    ) if line.shown else None
        outcome = calendars.sync(store, args.name, today=today, now=now, dry_run=args.dry_run, progress=progress)
    for report in outcome.reports:
        for line in describe(report):
            print(printable(line), file=out)
    _conflicts(store, out)
    if outcome.errors:
        out.flush()
        from planner.cli.output import error

        for name, problem in outcome.errors:
            error(f"{name}: {problem}")
        return 1
    return 0


def _conflicts(store: Store, out: TextIO) -> None:
    from planner.application import calendars

    pending = [(s.calendar, c) for s in calendars.list_calendars(store) for c in s.conflicts]
    for calendar, conflict in pending:
        print(printable(conflict_sentence(calendar.name, conflict)), file=out)
    if pending:
        print(_("settle each with `planner sync --keep-mine TITLE` (send yours) or `planner sync --take-theirs "
                "TITLE` (take the server's)"), file=out)
