"""Add, edit and delete clients: the rules the command line and the client form share.

- a name is required and unique (case ignored); text is cleaned of control characters;
- the share of business is a percentage from 0 to 100, or empty (not known);
- an email address has an @ and no spaces; with no domains given, the address's domain is one (so
  calendar invitations from it are matched to the client);
- domains are lower case, without a leading @.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain.amounts import parse_share
from planner.domain.errors import PlannerError
from planner.domain.models import Client, Language, Tier
from planner.domain.text import clean_block, clean_line
from planner.i18n import _

FIELDS = ("name", "share", "email")


class ClientInput:
    """What a person typed for a client. ``share`` may be text (a form) or a number (the CLI)."""

    __slots__ = ("name", "tier", "share", "contact", "email", "domains", "language", "flexible", "notes")

    def __init__(
        self,
        name: str,
        *,
        tier: Tier = Tier.REGULAR,
        share: str | float | None = None,
        contact: str = "",
        email: str = "",
        domains: Sequence[str] | str = (),
        language: Language = Language.EN,
        flexible: bool = False,
        notes: str = "",
    ) -> None:
        self.name, self.tier, self.share, self.contact, self.email = name, Tier(tier), share, contact, email
        self.domains, self.language, self.flexible, self.notes = domains, Language(language), flexible, notes


def _domains(value: Sequence[str] | str, email: str) -> tuple[str, ...]:
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    domains = tuple(clean_line(d).lower().lstrip("@") for d in items if clean_line(d))
    if not domains and "@" in email:
        domains = (email.rsplit("@", 1)[1].lower(),)
    return domains


def check_client(
    data: ClientInput, *, clients: Sequence[Client], existing: Client | None = None
) -> tuple[Client | None, dict[str, str]]:
    """The client ``data`` makes (``existing`` keeps its id), or None and the errors by field."""
    errors: dict[str, str] = {}
    name = clean_line(data.name)
    if not name:
        errors["name"] = _("Type the client's name.")
    else:
        clash = next((c for c in clients if c.name.casefold() == name.casefold()
                      and (existing is None or c.id != existing.id)), None)
        if clash:
            errors["name"] = _("There is already a client called “{client}”.").format(client=clash.name)
    share = None
    try:
        share = data.share if isinstance(data.share, (int, float)) else parse_share(data.share or "")
        if share is not None:
            parse_share(str(share))  # the same range check for a number given directly
    except PlannerError as exc:
        errors["share"] = str(exc)
    email = clean_line(data.email)
    if email and ("@" not in email or " " in email):
        errors["email"] = _("That does not look like an email address (name@example.com).")
    if errors:
        return None, {f: errors[f] for f in FIELDS if f in errors}
    fields = dict(
        name=name, tier=data.tier, share=share, contact=clean_line(data.contact), email=email,
        domains=_domains(data.domains, email), language=data.language, flexible=bool(data.flexible),
        notes=clean_block(data.notes),
    )
    return (existing.with_changes(**fields) if existing is not None else Client(**fields)), {}


def save_client(store, data: ClientInput, existing: Client | None = None) -> Client:
    """Check and save; PlannerError with the first problem."""
    client, errors = check_client(data, clients=store.clients(), existing=existing)
    if errors:
        from planner.application.meetings import FieldErrors

        raise FieldErrors(errors)
    with store.batch():
        store.save_client(client)
    return client


def add_client(store, data: ClientInput) -> Client:
    return save_client(store, data)


def delete_client(store, client_id: str, *, meetings: str = "refuse"):
    """Delete a client; its meetings are refused (the default), deleted, or moved to the client
    with the id ``meetings``. Returns the undo record (the client and its meetings as they were)."""
    from planner.application.undo import UndoRecord

    from planner.application.undo import remember

    client = store.client(client_id)
    own = [m for m in store.meetings() if m.client_id == client_id]
    record = UndoRecord(_("the client “{client}”").format(client=client.name), meetings=own, clients=[client])
    with store.batch():
        store.delete_client(client_id, meetings=meetings)
        remember(store, record)
    return record
