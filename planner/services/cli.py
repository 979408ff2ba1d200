"""The command line (DESIGN.md §7).

Exit status: 0 done; 1 a user error, told in one line on stderr (``planner: error: ...``); 2 wrong
usage (argparse). Only opening the week view imports Textual, so every other command starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from collections.abc import Callable
from typing import Any

from planner import __version__
from planner.domain.errors import PlannerError

# Shows the week view: open_week(store, today=date, notice=str | None). The UI's run_app.
OpenWeek = Callable[..., Any]

PROG = "planner"

EPILOG = """\
examples:
  planner --demo                          try the week view on a throwaway demo calendar
  planner                                 open this week
  planner agenda --week 2026-W49          print a week (text, markdown or json)
  planner add --client "Nordlys" --title "Status" --start "1/12 14:00" --duration 45
  planner import ~/Downloads/work.ics --dry-run
  planner advise 3f2a --reason workload   what to do about a meeting
  planner draft 3f2a --strategy phone     write the message to the client

data: --db PATH, else $PLANNER_DB, else planner.json in your data folder
      (~/.local/share/planner on Linux; the README's "Where your data lives" lists the rest).
"""


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-12-01") from None


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes, e.g. 45") from None
    if value < 0 or value > 24 * 60 * 14:
        raise argparse.ArgumentTypeError(f"{value} minutes is out of range (0 to 20160)")
    return value


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%").replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage, e.g. 25") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{value:g} % is not between 0 and 100")
    return value


def _args_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="add the demo even if the file already holds meetings")


def _args_agenda(p: argparse.ArgumentParser) -> None:
    when = p.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W49")
    when.add_argument("--date", metavar="YYYY-MM-DD", type=_iso_date, help="the week holding this date")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")


def _args_add(p: argparse.ArgumentParser) -> None:
    from planner.domain.models import Location, Topic

    p.add_argument("--client", required=True, metavar="NAME", help="a known client, or a new one (tier regular)")
    p.add_argument("--title", required=True)
    p.add_argument("--start", required=True, help='e.g. "2026-12-01 14:00", "1/12 9:30", "mon 14:00"')
    end = p.add_mutually_exclusive_group(required=True)
    end.add_argument("--end", help='e.g. "15:00" (the start day) or a full date and time')
    end.add_argument("--duration", type=_minutes, metavar="MIN", help="length in minutes")
    p.add_argument("--location", choices=[x.value for x in Location], default=Location.OUR_OFFICE.value)
    p.add_argument("--travel", type=_minutes, default=0, metavar="MIN", help="travel each way (client-site only)")
    p.add_argument("--lead", default="me", metavar="NAME", help='"me" or the colleague who leads')
    p.add_argument("--topic", choices=[x.value for x in Topic], default=Topic.ROUTINE.value)
    p.add_argument("--notes", default="")


def _args_clients(p: argparse.ArgumentParser) -> None:
    from planner.domain.models import Language, Tier

    csub = p.add_subparsers(dest="clients_command", metavar="ACTION")
    csub.add_parser("list", help="list clients (the default)", formatter_class=_Formatter)
    ca = csub.add_parser("add", help="add a client", formatter_class=_Formatter)
    ca.add_argument("name")
    ca.add_argument("--tier", choices=[x.value for x in Tier], default=Tier.REGULAR.value)
    ca.add_argument("--share", type=_percent, metavar="PCT", help="share of your business in percent")
    ca.add_argument("--contact", default="", metavar="NAME")
    ca.add_argument("--email", default="", metavar="E")
    ca.add_argument("--domain", action="append", default=[], metavar="D", help="email domain (repeatable)")
    ca.add_argument("--lang", choices=[x.value for x in Language], default=Language.EN.value)
    ca.add_argument("--flexible", action="store_true", help="the client is happy with email or a call")
    ca.add_argument("--notes", default="")


def _args_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.ics")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.add_argument(
        "--remove-missing", action="store_true", help="remove future meetings no longer in the file"
    )
    p.add_argument("--weeks-back", type=int, default=8, metavar="N", help="expand repeats from N weeks ago (8)")
    p.add_argument("--weeks-ahead", type=int, default=52, metavar="N", help="... to N weeks ahead (52)")
    p.add_argument(
        "--me", action="append", default=[], metavar="EMAIL",
        help="your email address (repeatable), to skip invitations you declined",
    )


def _args_export_ics(p: argparse.ArgumentParser) -> None:
    p.add_argument("--week", metavar="YYYY-Www", help="an ISO week (default this week)")
    p.add_argument("--out", metavar="FILE", help="where to write (default: standard output)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _args_advise(p: argparse.ArgumentParser) -> None:
    from planner.domain.models import Reason, Topic

    p.add_argument("meeting", metavar="MEETING", help="meeting id or a unique prefix of it")
    p.add_argument("--reason", required=True, choices=[x.value for x in Reason])
    p.add_argument("--topic", choices=[x.value for x in Topic], help="default: the meeting's topic")
    p.add_argument("--format", choices=["text", "json"], default="text")


def _args_draft(p: argparse.ArgumentParser) -> None:
    from planner.domain.models import Language, Reason, Strategy

    p.add_argument("meeting", metavar="MEETING", help="meeting id or a unique prefix of it")
    p.add_argument("--strategy", required=True, choices=[x.value for x in Strategy if x is not Strategy.KEEP])
    p.add_argument("--reason", choices=[x.value for x in Reason], default=Reason.WORKLOAD.value)
    p.add_argument("--lang", choices=[x.value for x in Language], help="default: the client's language")
    p.add_argument("--out", metavar="DIR", help="folder to write to (default: your drafts folder)")
    p.add_argument("--colleague", metavar="NAME", help="who goes instead (delegate; default: the meeting's lead)")
    p.add_argument("--minutes", type=_minutes, metavar="MIN", help="new length (shorter)")
    p.add_argument("--summary", default="", help="what the email covers (email)")


# Every command: its help line and what adds its arguments.
COMMANDS = {
    "demo": ("fill the data file with the demo calendar", _args_demo),
    "agenda": ("print a week with each day's load", _args_agenda),
    "add": ("add a meeting", _args_add),
    "clients": ("list or add clients", _args_clients),
    "import": ("import meetings from an .ics calendar file", _args_import),
    "export-ics": ("write a week's meetings as an .ics file", _args_export_ics),
    "advise": ("suggest the gentlest way out of a meeting", _args_advise),
    "draft": ("write the message to the client as a Markdown file", _args_draft),
}
_OPTIONS_WITH_VALUES = ("--db", "--today")


def _command_in(argv: list[str]) -> str | None:
    """The command named in ``argv``, if it is a known one (the first word that is not an option
    or an option's value)."""
    words = iter(argv)
    for word in words:
        if word in _OPTIONS_WITH_VALUES:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, sized with os.get_terminal_size: argparse asks shutil, whose import
    (with lzma and bz2) costs every start-up more than a millisecond, and argparse makes a
    formatter for each argument even when no help is shown."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = 80
        super().__init__(prog, width=max(columns - 2, 40))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. Given the command in use, only that command is set up: building all eight
    costs every start-up a few milliseconds. Without one (``planner --help``, a mistyped command)
    every command is there, so the help and the "invalid choice" message list them all."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A week planner for people whose weeks are full of client meetings. "
        "Without a command it opens the week view.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--db", metavar="PATH", help="the data file (default: $PLANNER_DB, else your data folder)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", type=_iso_date, help="pretend today is this date")
    parser.add_argument("--demo", action="store_true", help="open the week view on a throwaway demo calendar")
    parser.add_argument(
        "--read-only", action="store_true", help="open the data file without writing to it (no lock taken)"
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments) in COMMANDS.items():
        if command is None or command == name:
            add_arguments(sub.add_parser(name, help=help_text, formatter_class=_Formatter))
    return parser


def main(argv: list[str] | None = None, *, open_week: OpenWeek | None = None) -> int:
    """Run the command line. ``open_week(store, today=..., notice=...)`` shows the week view; it
    is passed in (by ``planner.__main__``) because services never import the UI."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    try:
        return _dispatch(parser, args, open_week)
    except PlannerError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `planner agenda | head`: the reader went away; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log it, never a traceback
        log = _write_crash_log()
        where = f"; details are in {log}" if log else ""
        _error(f"something unexpected went wrong ({type(exc).__name__}: {exc}){where}")
        return 1


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _write_crash_log() -> Path | None:
    import traceback
    from datetime import datetime

    from planner.resources import state_dir

    try:
        folder = state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text(f"planner {__version__}\n{traceback.format_exc()}", encoding="utf-8")
        return path
    except OSError:
        return None


def _today(args: argparse.Namespace, store) -> date:
    """--today, else today where the user lives (the settings' time zone, not the machine's)."""
    if args.today:
        return args.today
    from datetime import datetime

    from planner.domain.load import zone

    return datetime.now(zone(store.settings().timezone)).date()


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace, open_week: OpenWeek | None) -> int:
    from planner.services.store import Store, resolve_db_path

    if args.demo or args.command is None:
        if args.demo and args.command:
            parser.error("--demo opens the week view; to fill a file with the demo, use `planner --db PATH demo`")
        if open_week is None:
            raise PlannerError("the week view opens from the `planner` command itself")
        if args.demo:
            return _open_demo(args, open_week)
        return _open_app(resolve_db_path(args.db), args, open_week)

    path = resolve_db_path(args.db)

    read_only = args.read_only or args.command in ("agenda", "advise", "export-ics") or (
        args.command == "clients" and args.clients_command in (None, "list")
    ) or (args.command == "import" and args.dry_run)
    if args.command in ("agenda", "advise", "export-ics") and not path.exists():
        # Most likely a mistyped --db: say so rather than show an empty week.
        raise PlannerError(f"{path} does not exist yet: add a meeting, run `planner demo`, or pass --db PATH")
    if args.command == "import" and not Path(args.file).expanduser().is_file():
        # Say what is wrong with the .ics before the data file is opened (or created).
        from planner.services.ics_import import read_calendar_text

        read_calendar_text(args.file)
    with Store.open(path, read_only=read_only) as store:
        return _run_command(args, store, _today(args, store))


def _run_command(args: argparse.Namespace, store, today: date) -> int:
    command = args.command
    if command == "demo":
        return _cmd_demo(store, today, force=args.force)
    if command == "agenda":
        return _cmd_agenda(store, args, today)
    if command == "add":
        return _cmd_add(store, args, today)
    if command == "clients":
        if args.clients_command == "add":
            return _cmd_clients_add(store, args)
        return _cmd_clients_list(store)
    if command == "import":
        from planner.services.ics_cmd import run_import

        return run_import(store, args, today=today)
    if command == "export-ics":
        from planner.services.ics_cmd import run_export_ics

        return run_export_ics(store, args, today=today)
    if command == "advise":
        from planner.services.advise_cmd import run_advise

        return run_advise(store, args, today=today)
    if command == "draft":
        from planner.services.advise_cmd import run_draft

        return run_draft(store, args, today=today)
    raise PlannerError(f"unknown command {command!r}")  # argparse rejects these first


# --- the week view -------------------------------------------------------------------------------


def _open_app(path: Path, args: argparse.Namespace, open_week: OpenWeek) -> int:
    from planner.services.store import Store, StoreLocked

    notice = None
    try:
        store = Store.open(path, read_only=args.read_only)
    except StoreLocked as exc:
        # A second copy may look but not write: say so on screen, never corrupt the file.
        store = Store.open(path, read_only=True)
        notice = f"Read-only: {exc}"
    if args.read_only and notice is None:
        notice = "Read-only: changes cannot be saved."
    with store:
        return open_week(store, today=_today(args, store), notice=notice) or 0


def _open_demo(args: argparse.Namespace, open_week: OpenWeek) -> int:
    """The week view on a demo calendar in a temporary folder; drafts exported from it go there
    too, so nothing of the demo is left behind."""
    import tempfile

    from planner.services.demo import fill_demo
    from planner.services.store import Store

    with tempfile.TemporaryDirectory(prefix="planner-demo-") as folder:
        with Store.open(Path(folder) / "demo.json") as store:
            store.save_settings(store.settings().with_changes(drafts_dir=str(Path(folder) / "drafts")))
            today = _today(args, store)
            fill_demo(store, today)
            return open_week(
                store, today=today,
                notice="Demo calendar: your changes and exported drafts are thrown away when you quit.",
            ) or 0


# --- commands ------------------------------------------------------------------------------------


def _cmd_demo(store, today: date, *, force: bool) -> int:
    from planner.services.demo import fill_demo

    if store.meetings() and not force:
        raise PlannerError(
            f"{store.path} already holds meetings; use --force to add the demo anyway, or --db NEW_FILE"
        )
    clients, meetings = fill_demo(store, today)
    print(f"Added the demo calendar to {store.path}: {clients} clients, {meetings} meetings around {today:%Y-%m-%d}.")
    return 0


def _cmd_agenda(store, args: argparse.Namespace, today: date) -> int:
    from planner.domain.load import parse_iso_week
    from planner.services.agenda import render_agenda

    day = parse_iso_week(args.week) if args.week else (args.date or today)
    sys.stdout.write(render_agenda(store, day, args.format, today=today))
    return 0


def _cmd_add(store, args: argparse.Namespace, today: date) -> int:
    from datetime import timedelta

    from planner.domain.dates import describe, parse_when
    from planner.domain.load import week_start, zone
    from planner.domain.models import Client, Location, Meeting, Topic
    from planner.services.agenda import short_id

    settings = store.settings()
    tz = zone(settings.timezone)
    start = parse_when(
        args.start, tz=tz, day_first=settings.day_first, week_start=week_start(today), selected_day=today
    )
    if args.duration is not None:
        if args.duration == 0:
            raise PlannerError("--duration must be at least 1 minute")
        end = (start + timedelta(minutes=args.duration)).astimezone(tz)
    else:
        end = parse_when(
            args.end, tz=tz, day_first=settings.day_first, week_start=week_start(start.date()),
            selected_day=start.date(),
        )
    if end <= start:
        raise PlannerError(f"the meeting must end after it starts: understood {describe(start)} to {describe(end)}")
    location = Location(args.location)
    if args.travel and location is not Location.CLIENT_SITE:
        raise PlannerError("--travel is only for meetings at the client's site; add --location client-site")
    title = args.title.strip()
    name = args.client.strip()
    if not title:
        raise PlannerError("--title must not be empty")
    if not name:
        raise PlannerError("--client must not be empty")

    messages = []
    with store.batch():
        client = store.client_by_name(name)
        if client is None:
            client = Client(name=name)
            store.save_client(client)
            messages.append(f"New client {name!r} created with tier regular (change it with the app's C screen).")
        meeting = Meeting(
            client_id=client.id, title=title, start=start, end=end, location=location,
            travel_minutes=args.travel, lead=args.lead.strip() or "me", topic=Topic(args.topic),
            notes=args.notes,
        )
        store.save_meeting(meeting)
    for line in messages:
        print(line)
    print(f"Added {short_id(meeting.id)}: {describe(start)}-{end:%H:%M} {client.name}: {title}")
    return 0


def _cmd_clients_list(store) -> int:
    from planner.services.agenda import clients_table

    sys.stdout.write(clients_table(store.clients()))
    return 0


def _cmd_clients_add(store, args: argparse.Namespace) -> int:
    from planner.domain.models import Client, Language, Tier

    name = args.name.strip()
    if not name:
        raise PlannerError("a client needs a name")
    domains = tuple(d.strip().lower().lstrip("@") for d in args.domain if d.strip())
    if not domains and "@" in args.email:
        domains = (args.email.rsplit("@", 1)[1].lower(),)
    client = Client(
        name=name, tier=Tier(args.tier), share=args.share, contact=args.contact.strip(),
        email=args.email.strip(), domains=domains, language=Language(args.lang),
        flexible=args.flexible, notes=args.notes,
    )
    store.save_client(client)
    print(f"Added client {name} ({client.tier.value}).")
    return 0
