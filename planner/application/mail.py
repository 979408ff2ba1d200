"""A message on its way to the mail program: open it on a ``mailto:`` link, or, when the link
would be too long or no mail program takes it, save it as an email draft (.eml) and say where.
Shared by the wizard and the drafts screen."""

from __future__ import annotations

from pathlib import Path

from planner.application.clock import Clock
from planner.domain.models import Client, Draft, Meeting


def to_mail_program(store, draft: Draft, *, meeting: Meeting | None, client: Client, clock: Clock,
                    details=None) -> tuple[bool, Path | None]:
    """(True, None) when the mail program opened the message; else (False, the .eml written)."""
    from planner.domain.timeutil import zone
    from planner.services.drafts import check_ready, drafts_folder
    from planner.services.mail import draft_mailto, export_eml, open_in_mail_program

    from planner.domain.errors import PlannerError
    from planner.i18n import _

    check_ready(draft)
    link = draft_mailto(draft, client)
    if link.fits and open_in_mail_program(link.url):
        return True, None
    if meeting is None:
        raise PlannerError(_("no mail program took it, and its meeting was deleted, so no email draft can be "
                             "made; export it as a file instead"))
    settings = store.settings()
    day = meeting.start.astimezone(zone(settings.timezone)).date()
    path = export_eml(draft, drafts_folder(settings), meeting=meeting, client=client, settings=settings,
                      meeting_day=day, details=details, now=clock.now)
    return False, path
