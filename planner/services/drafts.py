"""Drafts: the messages a strategy needs, rendered from the templates and written to files.

- :func:`compose` fills the templates for one meeting and strategy and returns :class:`Draft`
  objects (not yet saved): one for the client, plus the colleague's briefing for ``delegate``.
- :func:`export` writes one draft as ``YYYY-MM-DD-<client>-<strategy>.md`` (the meeting's local
  date; ``-delegate-briefing`` for the briefing) into a folder: atomically (temp file, fsync, then
  a hard link, which never replaces an existing file) and never overwriting (``-2``, ``-3`` ...).
- :func:`save_drafts` does both for a list of drafts and records each in the store.

The file is what a person sends: a ``Subject:`` line (and ``To:`` when known), a blank line, then
the Markdown body. Previews render it with :data:`MARKDOWN_PRESET` (see :func:`markdown_parser`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.models import Client, Draft, Language, Meeting, Settings, Strategy, Topic
from planner.services.files import write_new
from planner.services.templates import (
    format_date,
    format_duration,
    format_span,
    format_time,
    load_template,
    md_block,
    md_escape,
    md_list,
    render,
)

MARKDOWN_PRESET = "commonmark"  # the markdown-it-py preset previews must use

KIND_CLIENT = "client"
KIND_BRIEFING = "briefing"


def markdown_parser():
    """A markdown-it-py parser with the preset drafts are written for (for previews)."""
    from markdown_it import MarkdownIt

    return MarkdownIt(MARKDOWN_PRESET)


def drafts_folder(settings: Settings) -> Path:
    """settings.drafts_dir when set, else the default drafts folder."""
    if settings.drafts_dir.strip():
        return Path(settings.drafts_dir.strip()).expanduser()
    from planner.resources import default_drafts_dir

    return default_drafts_dir()


# --- composing ------------------------------------------------------------------------------------

_TEXT = {
    Language.EN: {
        "no_slots": "_No free time found in my calendar: add two or three times here._",
        "no_summary": "_Write the update on {title} here._",
        "purpose": "What the meeting is for: {title}",
        "next_steps": "Agree the next steps and who does what, and send me a short note afterwards",
        "why_not_me": "Why am I not there? Say that you have the full picture and that I will follow "
        "up on anything left open",
        "what_next": "What happens next, and when?",
        "who_to_ask": "Who should they contact with follow-up questions?",
        "budget": "What does this mean for the budget and the timeline?",
        "subject": "Subject",
        "to": "To",
    },
    Language.DA: {
        "no_slots": "_Ingen ledig tid fundet i min kalender: skriv to-tre tidspunkter her._",
        "no_summary": "_Skriv opdateringen om {title} her._",
        "purpose": "Formålet med mødet: {title}",
        "next_steps": "Aftal de næste skridt, og hvem der gør hvad, og send mig en kort opsummering bagefter",
        "why_not_me": "Hvorfor er jeg ikke med? Sig, at du har det fulde overblik, og at jeg følger op "
        "på det, der står åbent",
        "what_next": "Hvad sker der nu, og hvornår?",
        "who_to_ask": "Hvem skal de kontakte med opfølgende spørgsmål?",
        "budget": "Hvad betyder det for budget og tidsplan?",
        "subject": "Emne",
        "to": "Til",
    },
}


def default_talking_points(meeting: Meeting, language: Language | str) -> list[str]:
    """The briefing's talking points when none are given: the purpose, the meeting's notes (one
    point a line) and next steps."""
    text = _TEXT[Language(language)]
    notes = [line.strip(" -*•\t") for line in meeting.notes.splitlines() if line.strip(" -*•\t")]
    return [text["purpose"].format(title=meeting.title), *notes, text["next_steps"]]


def default_questions(meeting: Meeting, language: Language | str) -> list[str]:
    """Questions a client is likely to ask the colleague."""
    text = _TEXT[Language(language)]
    questions = [text["why_not_me"], text["what_next"], text["who_to_ask"]]
    if meeting.topic is Topic.IMPORTANT:
        questions.append(text["budget"])
    return questions


def first_name(client: Client) -> str:
    """Who a greeting names: the contact's first name ("Søren Ærbø" -> "Søren"), else the client."""
    contact = client.contact.strip()
    return contact.split()[0] if contact else client.name


def compose(
    meeting: Meeting,
    client: Client,
    strategy: Strategy | str,
    *,
    settings: Settings,
    language: Language | str | None = None,
    colleague: str | None = None,
    new_minutes: int | None = None,
    slots: Sequence = (),
    summary: str = "",
    talking_points: Sequence[str] = (),
    questions: Sequence[str] = (),
    count: int = 0,
    now: datetime | None = None,
) -> list[Draft]:
    """The rendered message(s) for a strategy, as unsaved Drafts (``path`` empty).

    language: default the client's. colleague: delegate (default the meeting's lead when a colleague
    leads). new_minutes: shorter (default advice.proposed_minutes). slots: reschedule/cancel, the
    free times to offer (advice's Suggestion.slots). summary: email, plain text the person wrote
    (default the meeting's notes). talking_points/questions: the delegate briefing (defaults from
    the meeting). count: meetings with the client in the last 6 weeks (advice.recent_count).
    Raises PlannerError for keep (no message), a delegate with no colleague, and template problems.
    """
    from planner.domain.advice import proposed_minutes
    from planner.domain.load import zone

    strategy = Strategy(strategy)
    lang = Language(language) if language else client.language
    text = _TEXT[lang]
    if strategy is Strategy.KEEP:
        raise PlannerError("keeping the meeting needs no message: there is nothing to draft")
    tz = zone(settings.timezone)
    start = meeting.start.astimezone(tz)
    who = (colleague or "").strip() or ("" if meeting.led_by_me else meeting.lead.strip())
    if strategy is Strategy.DELEGATE and not who:
        raise PlannerError(
            "delegating needs the colleague who goes instead: you lead this meeting, so name them "
            "(--colleague NAME in the command line)"
        )
    if strategy is Strategy.SHORTER:
        length = new_minutes if new_minutes is not None else proposed_minutes(meeting.minutes)
        if length is None or not 0 < length < meeting.minutes:
            raise PlannerError(
                f"a shorter meeting must last less than the current {meeting.minutes} min"
                + ("" if length is None else f" (asked for {length} min)")
            )
        new_duration = format_duration(length, lang)
    else:
        new_duration = ""

    slot_lines = [format_span(s.start.astimezone(tz), s.end.astimezone(tz), lang) for s in slots]
    if summary.strip():
        summary_md = md_block(summary)
    elif meeting.notes.strip():
        summary_md = md_block(meeting.notes)
    else:
        summary_md = text["no_summary"].format(title=md_escape(meeting.title))
    values = {
        "contact": client.greeting_name,
        "first_name": first_name(client),
        "client": client.name,
        "meeting_title": meeting.title,
        "meeting_date": format_date(start.date(), lang),
        "meeting_time": format_time(start, lang),
        "duration": format_duration(meeting.minutes, lang),
        "new_duration": new_duration,
        "slots": md_list(slot_lines) if slot_lines else "- " + text["no_slots"],
        "colleague": who,
        "talking_points": md_list(talking_points or default_talking_points(meeting, lang)),
        "questions": md_list(questions or default_questions(meeting, lang)),
        "summary": summary_md,
        "sender": settings.name,
        "signature": settings.signature.strip() or settings.name,
        "count": str(count),
    }
    created = now or datetime.now(tz)
    names = [(strategy.value, KIND_CLIENT)]
    if strategy is Strategy.DELEGATE:
        names.append(("delegate-briefing", KIND_BRIEFING))
    drafts = []
    for name, kind in names:
        rendered = render(load_template(name, lang), values)
        drafts.append(
            Draft(
                meeting_id=meeting.id,
                strategy=strategy,
                language=lang,
                subject=rendered.subject,
                body=rendered.body,
                created=created,
                kind=kind,
            )
        )
    return drafts


# --- writing --------------------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss"})


def slugify(text: str, *, fallback: str = "client", max_length: int = 60) -> str:
    """A safe file-name part: "[VIP] Ærø & Co" -> "vip-aeroe-co" (æ->ae, ø->oe, å->aa, other
    accents dropped, brackets and ampersands gone, anything else non-alphanumeric a hyphen)."""
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\[\](){}&'’\"]+", "", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > max_length:
        text = text[:max_length].rsplit("-", 1)[0] if "-" in text[:max_length] else text[:max_length]
    return text or fallback


def draft_stem(meeting_day: date, client_name: str, strategy: Strategy | str, kind: str = KIND_CLIENT) -> str:
    """ "2026-12-01-vip-aeroe-co-phone" ("-delegate-briefing" for the colleague's briefing)."""
    name = Strategy(strategy).value + ("-briefing" if kind == KIND_BRIEFING else "")
    return f"{meeting_day:%Y-%m-%d}-{slugify(client_name)}-{name}"


def file_text(draft: Draft, *, to: str = "") -> str:
    """What goes in the file: Subject (and To) lines, a blank line, the Markdown body."""
    text = _TEXT[Language(draft.language)]
    head = f"{text['subject']}: {md_escape(draft.subject)}"
    if to.strip():
        head += f"  \n{text['to']}: {md_escape(to)}"
    return f"{head}\n\n{draft.body.rstrip()}\n"


def recipient(client: Client, draft: Draft) -> str:
    """Who a draft goes to, for the To line: the client's contact and email, or the colleague."""
    if draft.kind == KIND_BRIEFING:
        return ""
    if client.email and client.contact:
        return f"{client.contact}, {client.email}"
    return client.email or client.contact


def export(draft: Draft, folder: Path, *, client_name: str, meeting_day: date, to: str = "") -> Path:
    """Write the draft into ``folder`` (created if missing) and return the new file's path; also
    sets ``draft.path``. Never overwrites: an existing name gets -2, -3 ... The file appears whole
    or not at all (temp file in the same folder, fsync, then a hard link to the free name)."""
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlannerError(f"cannot create the drafts folder {folder}: {exc.strerror or exc}; pick another with --out") from None
    stem = draft_stem(meeting_day, client_name, draft.strategy, draft.kind)
    data = file_text(draft, to=to).encode("utf-8")
    try:
        path = write_new(folder, stem, ".md", data)
    except OSError as exc:
        raise PlannerError(f"cannot write the draft into {folder}: {exc.strerror or exc}; pick another folder with --out") from None
    draft.path = str(path)
    return path


def save_drafts(
    store,
    drafts: Sequence[Draft],
    *,
    meeting: Meeting,
    client: Client,
    folder: Path | None = None,
) -> list[Path]:
    """Export each draft (into ``folder``, default the settings' drafts folder) and record it in the
    store with its path. Returns the paths in order."""
    from planner.domain.load import zone

    settings = store.settings()
    target = Path(folder) if folder is not None else drafts_folder(settings)
    day = meeting.start.astimezone(zone(settings.timezone)).date()
    paths = []
    with store.batch():  # one write of the data file for both drafts of a delegate
        for draft in drafts:
            paths.append(export(draft, target, client_name=client.name, meeting_day=day, to=recipient(client, draft)))
            store.save_draft(draft)
    return paths
