"""`planner clients [list | add NAME ...]`."""

from __future__ import annotations

from planner.cli.output import say, write
from planner.domain.models import Language, Tier
from planner.i18n import _


def add_arguments(p, name: str) -> None:
    from planner.cli.parser import Formatter, percent

    csub = p.add_subparsers(dest="clients_command", metavar="ACTION")
    csub.add_parser("list", help=_("list clients (the default)"), formatter_class=Formatter)
    ca = csub.add_parser("add", help=_("add a client"), formatter_class=Formatter)
    ca.add_argument("name")
    ca.add_argument("--tier", choices=[x.value for x in Tier], default=Tier.REGULAR.value)
    ca.add_argument("--share", type=percent, metavar="PCT", help=_("share of your business in percent"))
    ca.add_argument("--contact", default="", metavar="NAME")
    ca.add_argument("--email", default="", metavar="E")
    ca.add_argument("--domain", action="append", default=[], metavar="D", help=_("email domain (repeatable)"))
    ca.add_argument("--lang", choices=[x.value for x in Language], default=Language.EN.value)
    ca.add_argument("--flexible", action="store_true", help=_("the client is happy with email or a call"))
    ca.add_argument("--notes", default="")


def read_only(args) -> bool:
    return args.clients_command in (None, "list")


def run(ctx) -> int:
    if ctx.args.clients_command == "add":
        return _add(ctx)
    write(clients_table(ctx.store.clients()))
    return 0


def _add(ctx) -> int:
    from planner.application.clients import ClientInput, add_client

    args = ctx.args
    client = add_client(ctx.store, ClientInput(
        name=args.name, tier=Tier(args.tier), share=args.share, contact=args.contact, email=args.email,
        domains=tuple(args.domain), language=Language(args.lang), flexible=args.flexible, notes=args.notes,
    ))
    say(_("Added client {client} ({tier}).").format(client=client.name, tier=client.tier.value))
    return 0


def clients_table(clients) -> str:
    from planner.formats import percent

    if not clients:
        return _("No clients yet. Add one with `planner clients add NAME`.") + "\n"
    rows = [(_("name"), _("tier"), _("share"), _("contact"), _("lang"), _("flexible"))]
    for c in clients:
        share = percent(c.share) if c.share is not None else "-"
        rows.append((c.name, c.tier.value, share, c.contact or "-", c.language.value, _("yes") if c.flexible else _("no")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n" for row in rows)
