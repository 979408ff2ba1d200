"""`planner add`: a meeting typed on the command line, with the rules the meeting form uses
(planner.application.meetings)."""

from __future__ import annotations

from planner.cli.output import say
from planner.domain.models import ME, Location, Topic
from planner.i18n import _


def add_arguments(p, name: str) -> None:
    from planner.cli.parser import minutes

    p.add_argument("--client", required=True, metavar="NAME", help=_("a known client, or a new one (tier regular)"))
    p.add_argument("--title", required=True)
    p.add_argument("--start", required=True, help=_('e.g. "2026-12-01 14:00", "1/12 9:30", "mon 14:00"'))
    end = p.add_mutually_exclusive_group(required=True)
    end.add_argument("--end", help=_('e.g. "15:00" (the start day) or a full date and time'))
    end.add_argument("--duration", type=minutes, metavar="MIN", help=_('length: minutes ("45") or "1h30"'))
    p.add_argument("--location", choices=[x.value for x in Location], default=Location.OUR_OFFICE.value)
    p.add_argument("--travel", default="", metavar="MIN", help=_("travel each way (client-site only)"))
    p.add_argument("--lead", default=ME, metavar="NAME", help=_('"me" or the colleague who leads'))
    p.add_argument("--topic", choices=[x.value for x in Topic], default=Topic.ROUTINE.value)
    p.add_argument("--notes", default="")


def run(ctx) -> int:
    from planner.application.meetings import MeetingInput, Where, add_meeting
    from planner.cli.agenda import short_id
    from planner.domain.timeutil import week_start, zone
    from planner.formats import clock, date_time

    args, today = ctx.args, ctx.clock.today
    data = MeetingInput(
        args.client, args.title, args.start, args.end or "",
        minutes=args.duration, location=Location(args.location), travel=str(args.travel),
        lead=args.lead, topic=Topic(args.topic), notes=args.notes,
    )
    check = add_meeting(ctx.store, data, where=Where(today, week_start(today)))
    meeting = check.meeting
    if check.new_client is not None:
        say(_("New client {client!r} created with tier regular (change it with the app's C screen).").format(
            client=check.new_client.name))
    tz = zone(ctx.store.settings().timezone)
    client = check.new_client or ctx.store.client(meeting.client_id)
    say(_("Added {id}: {when}-{end} {client}: {title}").format(
        id=short_id(meeting.id), when=date_time(meeting.start, tz),
        end=clock(meeting.end, tz), client=client.name, title=meeting.title))
    return 0
