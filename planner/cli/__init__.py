"""The command line: a thin adapter over the application layer.

Exit status: 0 done; 1 a user error, told in one line on stderr (``planner: error: ...``); 2 wrong
usage (argparse). Only opening the week view imports Textual, so every other command starts fast.
Each command lives in its own module here (``add_arguments`` and ``run``), listed in
:data:`planner.cli.parser.COMMANDS`; only the module of the command in use is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.cli.output import PROG, error, note
from planner.cli.parser import build_parser, command_in, command_module
from planner.domain.errors import PlannerError
from planner.i18n import _, activate, choose, from_environment

# Shows the week view: open_week(store, clock=Clock, notice=str | None, start=date | None,
# read_only_reason=str). The UI's run_app.
OpenWeek = Callable[..., Any]


class Context:
    """What a command works with: the parsed arguments, the open store and the clock."""

    __slots__ = ("args", "store", "clock")

    def __init__(self, args, store, clock) -> None:
        self.args, self.store, self.clock = args, store, clock


def main(argv: list[str] | None = None, *, open_week: OpenWeek | None = None) -> int:
    """Run the command line. ``open_week`` shows the week view; it is passed in (by
    ``planner.__main__``) so that nothing here imports the UI."""
    if argv is None:
        argv = sys.argv[1:]
    # The locale's language first (--help and usage errors follow LANG); the setting's once the
    # data file is open.
    activate(from_environment())
    parser = build_parser(command_in(argv))
    args = parser.parse_args(argv)
    try:
        return _dispatch(parser, args, open_week)
    except PlannerError as exc:
        error(str(exc))
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
        from planner.services.crashlog import write_crash_log

        log = write_crash_log()
        where = _("; details are in {path}").format(path=log) if log else ""
        error(_("something unexpected went wrong ({kind}: {error}){where}").format(
            kind=type(exc).__name__, error=exc, where=where))
        return 1


def clock_for(args, settings):
    """--now, else the start of --today, else the real clock, in the user's zone."""
    from planner.application.clock import Clock
    from planner.domain.timeutil import zone

    if getattr(args, "now", None) is not None:
        moment = args.now
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone(settings.timezone))
        return Clock.at(moment, settings.timezone)
    if getattr(args, "today", None) is not None:
        return Clock.start_of(args.today, settings.timezone)
    return Clock.real(settings.timezone)


def _never(args) -> bool:
    return False


def _dispatch(parser, args, open_week: OpenWeek | None) -> int:
    from planner.services.store import Store, resolve_db_path

    if args.demo or args.command is None:
        if args.demo and args.command:
            parser.error(_("--demo opens the week view; to fill a file with the demo, use `planner --db PATH demo`"))
        if open_week is None:
            raise PlannerError(_("the week view opens from the `planner` command itself"))
        from planner.cli.week import needs_terminal, open_app, open_demo

        needs_terminal()
        if args.demo:
            return open_demo(args, open_week)
        return open_app(resolve_db_path(args.db), args, open_week)

    module = command_module(args.command)
    path = resolve_db_path(args.db)
    read_only = args.read_only or getattr(module, "read_only", _never)(args)
    if getattr(module, "needs_data", _never)(args) and not path.exists():
        # Most likely a mistyped --db: say so rather than show an empty week.
        raise PlannerError(
            _("{path} does not exist yet: add a meeting, run `planner demo`, or pass --db PATH").format(path=path)
        )
    getattr(module, "before_open", _never)(args)
    with Store.open(path, read_only=read_only) as store:
        activate(choose(store.settings().language))
        for warning in store.warnings:
            note(_("{prog}: warning: {warning}").format(prog=PROG, warning=warning))
        context = Context(args, store, clock_for(args, store.settings()))
        return module.run(context)


def data_path(args) -> Path:
    from planner.services.store import resolve_db_path

    return resolve_db_path(args.db)
