"""`planner demo [--force]`: fill the data file with the demo calendar."""

from __future__ import annotations

from planner.cli.output import say
from planner.domain.errors import PlannerError
from planner.i18n import _


def add_arguments(p, name: str) -> None:
    p.add_argument("--force", action="store_true", help=_("add the demo even if the file already holds meetings"))


def run(ctx) -> int:
    from planner.services.demo import fill_demo

    store, today = ctx.store, ctx.clock.today
    if store.meetings() and not ctx.args.force:
        raise PlannerError(
            _("{path} already holds meetings; use --force to add the demo anyway, or --db NEW_FILE").format(
                path=store.path)
        )
    clients, meetings = fill_demo(store, today)
    say(_("Added the demo calendar to {path}: {clients} clients, {meetings} meetings around {day}.").format(
        path=store.path, clients=clients, meetings=meetings, day=today.isoformat()))
    return 0
