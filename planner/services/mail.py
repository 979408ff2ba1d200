"""A draft as the client gets it: an ``.eml`` email draft, the plain text, a ``mailto:`` link.

The interface (the command line and the app call these):

- ``plain_body(draft)``: the body as a person reads it (no Markdown escapes, no markup; see
  :func:`planner.services.markdown_text.plain_text`, which works on a body the person edited),
  and ``clipboard_text(draft, to=...)`` with the Subject and To lines on top: what copy puts on
  the clipboard.
- ``build_eml(draft, meeting, client, settings, *, plain=None, now=None, details=None,
  changes=None, sequences=None) -> bytes``: an RFC 5322 draft built with Python's ``email``
  package, UTF-8 throughout (8-bit text parts), CRLF lines: ``From`` your name and first address (``Settings.name``,
  ``Settings.email``; left out when no address is set, the mail program then uses its own),
  ``To`` the client's contact and address (nobody for the colleague's briefing), ``Subject``,
  ``Date``, ``Message-ID``, ``X-Unsent: 1`` (Outlook opens it as a draft to send; Thunderbird and
  Apple Mail open it too), and ``multipart/alternative`` with the ``text/plain`` part (``plain``
  when given, e.g. the text the person edited, else :func:`plain_body`) and a ``text/html`` part
  rendered by markdown-it-py with raw HTML off (user text stays text). For a meeting you organise
  it carries the calendar update (:mod:`planner.services.invite`): a ``text/calendar; method=...``
  part inside the alternative and the same as an ``invite.ics`` attachment. ``details`` are the
  ones compose got (a ``drafts.Details`` or a mapping of compose's keywords); for a day plan pass
  ``changes``: the (meeting, strategy, details) given to compose_plan. Several updates (a plan,
  or a series planner does not know as one) are attached one file each and not inlined (a
  calendar part updates one event). UnfilledSummary (drafts.check_ready) for an email whose update
  is not written yet.
- ``export_eml(draft, folder, *, meeting, client, settings, ...) -> Path``: writes it beside the
  .md files, named the same way (``.eml``), atomically and never overwriting; sets ``draft.path``.
- ``draft_mailto(draft, client, *, plain=None)`` / ``mailto_link(to, subject, body)``: a
  ``mailto:`` URL (RFC 6068: To, Subject and the plain text) and whether it fits
  :data:`MAILTO_LIMIT` characters. When it does not (or no mail program opens), the caller
  exports the .eml and says where.
- ``open_in_mail_program(url) -> bool``: hands the link to the desktop (``xdg-open`` on Linux,
  ``open`` on macOS, the shell on Windows, else the web browser module); False when nothing took
  it. Never called by the tests.
- ``sender_warning(settings)``: the sentence to show (once) when your name or address is not set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import quote

from planner.domain.errors import PlannerError
from planner.domain.models import Client, Draft, Meeting, Settings, Strategy
from planner.i18n import _
from planner.services.drafts import (
    KIND_BRIEFING,
    Details,
    check_ready,
    draft_stem,
    resolve_details,
    write_draft_file,
)
from planner.services.invite import Invite, calendar_updates, your_addresses
from planner.services.markdown_text import plain_text, to_html
from planner.services.message_words import words

MAILTO_LIMIT = 2000  # characters: Outlook and Windows cut longer mailto: links


def plain_body(draft: Draft) -> str:
    """The draft's body as a person reads it."""
    return plain_text(draft.body)


def clipboard_text(draft: Draft, *, to: str = "", plain: str | None = None) -> str:
    """What copy puts on the clipboard: Subject (and To) lines, a blank line, the plain body."""
    w = words(draft.language)
    head = f"{w.subject_label}: {' '.join(draft.subject.split())}"
    if to.strip():
        head += f"\n{w.to_label}: {' '.join(to.split())}"
    return f"{head}\n\n{(plain if plain is not None else plain_body(draft)).rstrip()}\n"


def sender_warning(settings: Settings) -> str | None:
    """Why a draft lacks a signature or a From, or None when your name and address are set."""
    if not settings.name.strip() and not your_addresses(settings):
        return _("your name and email address are not set: drafts are not signed and have no From; set them in the settings")
    if not settings.name.strip():
        return _("your name is not set: drafts are not signed; set it in the settings")
    if not your_addresses(settings):
        return _("your email address is not set: email drafts have no From and no calendar update; set it in the settings")
    return None


# --- the .eml -----------------------------------------------------------------------------------


def _address(name: str, address: str, what: str) -> Address:
    """A header address; a domain with æ, ø, å is written in its ASCII (IDNA) form. PlannerError
    for something that is not an address (or a non-ASCII part before the @, which a mail header
    cannot carry)."""
    try:
        local, at, domain = address.strip().rpartition("@")
        if not at or not local or not domain or not local.isascii() or any(c.isspace() for c in address.strip()):
            raise ValueError(address)
        if not domain.isascii():
            domain = domain.encode("idna").decode("ascii")
        return Address(display_name=" ".join(name.split()), username=local, domain=domain)
    except (ValueError, IndexError, TypeError, UnicodeError):
        raise PlannerError(
            _("{what} {address!r} is not an email address: fix it before writing an email draft").format(
                what=what, address=address)
        ) from None


def _changes(
    draft: Draft, meeting: Meeting, details: Details | Mapping | None,
    changes: Sequence[tuple[Meeting, Strategy | str, Details | Mapping]] | None,
) -> list[tuple[Meeting, Strategy, dict]]:
    if changes is None:
        changes = [(meeting, draft.strategy, details or Details())]
    out = []
    for one, strategy, given in changes:
        strategy = Strategy(strategy)
        if strategy in (Strategy.KEEP, Strategy.DELEGATE):  # no calendar update to send
            continue
        given = given if isinstance(given, Details) else Details(**dict(given))
        out.append((one, strategy, resolve_details(one, strategy, given).as_mapping()))
    return out


def invites_for(
    draft: Draft, meeting: Meeting, client: Client, settings: Settings, *, now: datetime,
    details: Details | Mapping | None = None, changes: Sequence | None = None,
    sequences: Mapping[str, int] | None = None,
) -> list[Invite]:
    """The calendar updates the .eml of this draft carries ([] for a briefing)."""
    if draft.kind == KIND_BRIEFING:
        return []
    return calendar_updates(
        _changes(draft, meeting, details, changes), client=client, settings=settings,
        language=draft.language, now=now, sequences=sequences,
    )


def build_eml(
    draft: Draft,
    meeting: Meeting,
    client: Client,
    settings: Settings,
    *,
    plain: str | None = None,
    now: datetime | None = None,
    details: Details | Mapping | None = None,
    changes: Sequence | None = None,
    sequences: Mapping[str, int] | None = None,
) -> bytes:
    """The email draft's bytes (see the module docstring)."""
    import email.policy

    check_ready(draft)
    now = now or datetime.now().astimezone()
    # Header lines up to RFC 5322's 998 characters: Python's folding at 78 puts a space before an
    # encoded word that readers then show doubled ("Q4  review…"). Bodies are then 8-bit UTF-8.
    message = EmailMessage(policy=email.policy.SMTP.clone(max_line_length=998))
    mine = your_addresses(settings)
    if mine:
        message["From"] = _address(settings.name, mine[0], _("your address"))
    if draft.kind != KIND_BRIEFING and client.email.strip():
        message["To"] = _address(client.contact or client.name, client.email, _("the client's address"))
    message["Subject"] = " ".join(draft.subject.split())
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=mine[0].rpartition("@")[2] if mine else "planner.invalid")
    message["X-Unsent"] = "1"
    text = plain if plain is not None else plain_body(draft)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(
        to_html(draft.body, language=str(draft.language), title=draft.subject), subtype="html", charset="utf-8"
    )
    invites = invites_for(draft, meeting, client, settings, now=now, details=details, changes=changes,
                          sequences=sequences)
    if len(invites) == 1:
        message.add_alternative(invites[0].text, subtype="calendar", charset="utf-8",
                                params={"method": invites[0].method})
    for number, invite in enumerate(invites, start=1):
        name = "invite.ics" if len(invites) == 1 else f"invite-{number}.ics"
        message.add_attachment(invite.text.encode("utf-8"), maintype="application", subtype="ics", filename=name)
    return message.as_bytes()


def export_eml(
    draft: Draft,
    folder: Path,
    *,
    meeting: Meeting,
    client: Client,
    settings: Settings,
    meeting_day=None,
    plain: str | None = None,
    now: datetime | None = None,
    details: Details | Mapping | None = None,
    changes: Sequence | None = None,
    sequences: Mapping[str, int] | None = None,
    name: str | None = None,
) -> Path:
    """Write the .eml into ``folder`` (named like the .md: ``2026-12-01-acme-phone.eml``, -2 ...
    when taken) and return its path; also sets ``draft.path``. ``meeting_day``: default the
    meeting's date in your time zone; ``name``: e.g. "day-plan" in place of the strategy."""
    from planner.domain.timeutil import zone

    data = build_eml(draft, meeting, client, settings, plain=plain, now=now, details=details,
                     changes=changes, sequences=sequences)
    day = meeting_day or meeting.start.astimezone(zone(settings.timezone)).date()
    stem = draft_stem(day, client.name, draft.strategy, draft.kind, name=name)
    path = write_draft_file(folder, stem, ".eml", data)
    draft.path = str(path)
    return path


# --- mailto: ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MailtoLink:
    url: str
    fits: bool  # False: longer than MAILTO_LIMIT; export the .eml instead


def mailto_link(to: str, subject: str, body: str, *, limit: int = MAILTO_LIMIT) -> MailtoLink:
    """A ``mailto:`` URL (RFC 6068): the address, then the subject and body percent-encoded as
    UTF-8, line breaks as %0D%0A."""
    address = quote(" ".join(to.split()), safe="@")
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    url = f"mailto:{address}?subject={quote(' '.join(subject.split()), safe='')}&body={quote(text, safe='')}"
    return MailtoLink(url=url, fits=len(url) <= limit)


def draft_mailto(draft: Draft, client: Client, *, plain: str | None = None) -> MailtoLink:
    """The link for a draft: to the client's address (nobody for a briefing), the plain text."""
    to = "" if draft.kind == KIND_BRIEFING else client.email.strip()
    return mailto_link(to, draft.subject, plain if plain is not None else plain_body(draft))


def mail_command(url: str, platform: str | None = None) -> list[str] | None:
    """The command that hands ``url`` to the desktop on ``platform`` (default this one), or None
    where there is none to run (Windows uses its shell instead)."""
    platform = platform or sys.platform
    if platform == "darwin":
        return ["open", url]
    if platform.startswith(("win", "cygwin")):
        return None
    opener = shutil.which("xdg-open")
    return [opener, url] if opener else None


def open_in_mail_program(url: str) -> bool:
    """Open the default mail program on a ``mailto:`` link; False when nothing took it (no
    opener, no mail program set, or it failed)."""
    if not url.startswith("mailto:"):
        raise ValueError("not a mailto: link")
    if sys.platform.startswith("win"):
        try:
            os.startfile(url)  # type: ignore[attr-defined]  # Windows only
        except OSError:
            return False
        return True
    command = mail_command(url)
    if command is None:
        # No desktop opener: not webbrowser either, which may start a text browser in the very
        # terminal planner draws on. The caller saves an .eml instead.
        return False
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=15, check=False)
    except subprocess.TimeoutExpired:
        return True  # still starting the mail program
    except OSError:
        return False
    return done.returncode == 0


def eml_writer(meeting: Meeting, client: Client, settings: Settings, *, details=None, now=None):
    """A writer for drafts.save_drafts that writes email drafts (.eml) instead of Markdown."""

    def write(draft: Draft, folder, day):
        return export_eml(draft, folder, meeting=meeting, client=client, settings=settings, meeting_day=day,
                          details=details, now=now)

    return write
