"""The argument parser: global options, and each command's arguments from its own module.

Only the command in use is set up (building every command costs each start-up milliseconds);
without one (``planner --help``, a mistyped command) every command is there, so the help and the
"invalid choice" message list them all.
"""

from __future__ import annotations

import argparse
import importlib
import os
from datetime import date, datetime

from planner import __version__
from planner.i18n import N_, _

PROG = "planner"

# Every command: its help line and the module (in planner/cli) that adds its arguments
# (``add_arguments(parser)``) and runs it (``run(context)``).
COMMANDS = {
    "demo": (N_("fill the data file with the demo calendar"), "demo"),
    "agenda": (N_("print a week with each day's load"), "agenda"),
    "add": (N_("add a meeting"), "meetings"),
    "clients": (N_("list or add clients"), "clients"),
    "import": (N_("import meetings from an .ics calendar file"), "calendar_files"),
    "export-ics": (N_("write a week's meetings as an .ics file"), "calendar_files"),
    "advise": (N_("suggest the gentlest way out of a meeting"), "advice"),
    "draft": (N_("write the message to the client as a Markdown file"), "advice"),
    "apply": (N_("carry out a strategy: change the meeting in the calendar"), "changes"),
    "settings": (N_("show or change your settings (name, email, signature, work hours, limits ...)"), "settings"),
    "lighten": (N_("plan the least-cost way to lighten an overloaded day or week"), "changes"),
    "calendars": (N_("list, add or remove your real calendars (CalDAV, .ics)"), "calendars"),
    "sync": (N_("sync with your calendars: take their changes, send yours"), "calendars"),
}
OPTIONS_WITH_VALUES = ("--db", "--today", "--now")


def _epilog() -> str:
    return _(
        "examples:\n"
        "  planner --demo                          try the week view on a throwaway demo calendar\n"
        "  planner                                 open this week\n"
        "  planner agenda --week 2026-W49          print a week (text, markdown or json)\n"
        '  planner add --client "Nordlys" --title "Status" --start "1/12 14:00" --duration 45\n'
        "  planner import ~/Downloads/work.ics --dry-run\n"
        "  planner advise 3f2a --reason workload   what to do about a meeting\n"
        "  planner draft 3f2a --strategy phone     write the message to the client\n"
        "\n"
        "data: --db PATH, else $PLANNER_DB, else planner.json in your data folder\n"
        "      (~/.local/share/planner on Linux; the README's \"Where your data lives\" lists the rest).\n"
    )


# --- argument types: a wrong value is a usage error (exit 2) that says what to type ------------


def iso_date(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-12-01").format(text=text)) from None
    if not 1900 <= value.year <= 2199:
        raise argparse.ArgumentTypeError(
            _("{text} is outside the years planner works with (1900 to 2199)").format(text=text))
    return value


def moment(text: str) -> datetime:
    """``--now "2026-12-01 09:30"``: a local date and time (naive; put in the user's zone later)."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('{text!r} is not a date and time; use "YYYY-MM-DD HH:MM", e.g. "2026-12-01 09:30"').format(text=text)
        ) from None
    if not 1900 <= value.year <= 2199:
        raise argparse.ArgumentTypeError(
            _("{text} is outside the years planner works with (1900 to 2199)").format(text=text))
    return value


def minutes(text: str) -> int:
    from planner.domain.amounts import parse_minutes
    from planner.domain.errors import PlannerError

    try:
        return parse_minutes(text, what=_("minutes"))
    except PlannerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def percent(text: str) -> float:
    from planner.domain.amounts import parse_share
    from planner.domain.errors import PlannerError

    try:
        value = parse_share(text)
    except PlannerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError(_("give a percentage, e.g. 25"))
    return value


class Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, sized with os.get_terminal_size: argparse asks shutil, whose import
    (with lzma and bz2) costs every start-up more than a millisecond, and argparse makes a
    formatter for each argument even when no help is shown."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = 80
        super().__init__(prog, width=max(columns - 2, 40))


class Parser(argparse.ArgumentParser):
    """argparse's parser, with a usage error made safe for a terminal: what a person typed is
    quoted back in it, control characters included."""

    def error(self, message: str):
        import sys

        from planner.domain.text import printable

        self.print_usage(sys.stderr)
        self.exit(2, _("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": printable(message)})


def command_in(argv: list[str]) -> str | None:
    """The command named in ``argv``, if it is a known one (the first word that is not an option
    or an option's value)."""
    words = iter(argv)
    for word in words:
        if word in OPTIONS_WITH_VALUES:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def command_module(name: str):
    return importlib.import_module(f"planner.cli.{COMMANDS[name][1]}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description=_("A week planner for people whose weeks are full of client meetings. "
                      "Without a command it opens the week view."),
        epilog=_epilog(),
        formatter_class=Formatter,
    )
    parser.add_argument("--db", metavar="PATH", help=_("the data file (default: $PLANNER_DB, else your data folder)"))
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help=_("pretend today is this date (its start)"))
    when.add_argument("--now", metavar='"YYYY-MM-DD HH:MM"', type=moment, help=_("pretend it is this moment"))
    parser.add_argument("--demo", action="store_true", help=_("open the week view on a throwaway demo calendar"))
    parser.add_argument(
        "--read-only", action="store_true", help=_("open the data file without writing to it (no lock taken)")
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help=_("show program's version number and exit"))  # argparse 3.11 leaves it untranslated
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _module) in COMMANDS.items():
        if command is None or command == name:
            p = sub.add_parser(name, help=_(help_text), formatter_class=Formatter)
            command_module(name).add_arguments(p, name)
    return parser
