"""Drafts: the messages a change needs, rendered from the templates and written to files.

The interface (the command line and the app call these; all words a client reads come from the
templates and :mod:`planner.services.message_words`, in the message language):

- ``compose(meeting, client, strategy, *, settings, language=None, now=None, colleague=None,
  new_minutes=None, by=None, new_start=None, slots=(), summary="", reason=None, talking_points=(),
  questions=(), recent=(), dropped=(), kept=(), count=0) -> list[Draft]``: the message for one
  meeting (unsaved Drafts, ``path`` empty): one for the client, plus the colleague's briefing for
  ``delegate``. ``now`` (aware; default the clock) decides whether the message apologises for
  short notice (the meeting starts within 48 h). The template is chosen from the strategy and the
  facts (:func:`template_name`): a call by ``by`` (``CallKind.PHONE`` / ``VIDEO``), shorter too
  when ``new_minutes`` is given; ``reschedule-to`` when ``new_start`` (the chosen slot's start)
  is given; ``cancel-sick`` for ``reason=Reason.SICK``; ``delegate`` when you lead (the colleague
  takes it in your place), ``delegate-without-me`` when the colleague already leads. ``recent``:
  the meetings around this one (any; the last ones with this client before it go into the
  briefing). ``dropped`` / ``kept``: less often, the occurrences skipped and kept. See
  :class:`~planner.services.message_values.Details` for each keyword.
- ``compose_plan(client, items, *, settings, language=None, now=None, recent=())``: several
  changes to one client's meetings (a day plan) as ONE message, plus a briefing per delegated
  meeting. ``items``: (meeting, strategy, details), details a ``Details`` or a mapping of
  compose's keywords. A plan of one change is that change's own message.
- ``check_ready(draft)``: :class:`UnfilledSummary` while an email's update is still the line to
  fill in (export and the .eml refuse it then; ``field`` is "summary": the CLI names
  ``--summary``, the app its field).
- ``export(draft, folder, *, client_name, meeting_day, to="", name=None)`` writes the ``.md``
  (``YYYY-MM-DD-<client>-<strategy>.md``, ``-delegate-briefing`` for the briefing, ``name``
  instead of the strategy, e.g. ``"day-plan"``): atomically (temp file, fsync, then a hard link,
  which never replaces an existing file) and never overwriting (``-2``, ``-3`` ...).
  :func:`save_drafts` exports a list and records each in the store.
- The email form (``.eml`` with text, HTML and the calendar update), the plain text for the
  clipboard and the ``mailto:`` link are in :mod:`planner.services.mail`.

The ``.md`` file is what a person copies: ``Subject:`` (and ``To:``) lines in plain text, a blank
line, then the Markdown body. Previews render the body with :func:`markdown_parser`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Client, Draft, Language, Meeting, Reason, Settings, Strategy
from planner.i18n import _
from planner.services import message_values as mv
from planner.services.files import write_new
from planner.services.markdown_text import MARKDOWN_PRESET, markdown_parser, md_block, md_list, plain_text
from planner.services.message_values import Details
from planner.services.message_words import format_date, format_duration, format_time, join_list, words
from planner.services.message_words import first_name as first_name_of
from planner.services.templates import load_template, render

__all__ = [
    "MARKDOWN_PRESET", "Details", "KIND_BRIEFING", "KIND_CLIENT", "PLAN_NAME", "UnfilledSummary",
    "check_ready", "compose", "compose_plan", "default_questions", "default_talking_points",
    "draft_stem", "drafts_folder", "export", "file_text", "first_name", "markdown_parser",
    "recipient", "resolve_details", "save_drafts", "slugify", "template_name",
]

KIND_CLIENT = "client"
KIND_BRIEFING = "briefing"
PLAN_NAME = "day-plan"  # the file-name part and template of a day plan's message


class UnfilledSummary(PlannerError):
    """An email draft whose update is still the line to fill in."""

    field = "summary"


def drafts_folder(settings: Settings) -> Path:
    """settings.drafts_dir when set, else the default drafts folder."""
    if settings.drafts_dir.strip():
        return Path(settings.drafts_dir.strip()).expanduser()
    from planner.resources import default_drafts_dir

    return default_drafts_dir()


def first_name(client: Client) -> str:
    """Who a greeting names: the contact's first name, titles skipped ("Dr. Åsa O'Brien-Løvgren"
    -> "Åsa"); "" when there is no contact (the greeting is then "Hi," / "Hej,")."""
    return first_name_of(client.contact)


def default_talking_points(meeting: Meeting, language: Language | str) -> list[str]:
    """The briefing's talking points when the person types none: the meeting's notes, one point a
    line (the agenda as planned when there are none)."""
    return mv.talking_points(meeting, (), Language(language))


def default_questions(meeting: Meeting, language: Language | str, sender: str = "") -> list[str]:
    """Questions a client is likely to ask the colleague (``sender``: your name)."""
    return mv.default_questions(meeting, Language(language), first_name_of(sender) or sender.strip())


# --- composing ------------------------------------------------------------------------------------


def resolve_details(meeting: Meeting, strategy: Strategy | str, details: Details) -> Details:
    """The details with their defaults filled in and checked (the message and the calendar update
    both use these): the colleague of a delegate, the length of a shorter meeting or call, the
    call kind. PlannerError for what cannot be said."""
    from planner.domain.advice import proposed_minutes

    strategy = Strategy(strategy)
    changes: dict = {"by": CallKind(details.by or CallKind.PHONE)}
    if details.reason is not None:
        changes["reason"] = Reason(details.reason)
    colleague = " ".join((details.colleague or "").split())
    if strategy is Strategy.DELEGATE:
        colleague = colleague or ("" if meeting.led_by_me else " ".join(meeting.lead.split()))
        if not colleague:
            raise PlannerError(
                _("delegating needs the colleague who goes instead: you lead this meeting, so name them "
                  "(--colleague NAME in the command line)")
            )
    changes["colleague"] = colleague or None
    length = details.new_minutes
    if strategy is Strategy.SHORTER:
        length = length if length is not None else proposed_minutes(meeting.minutes)
        if length is None or not 0 < length < meeting.minutes:
            asked = "" if length is None else _(" (asked for {n} min)").format(n=length)
            raise PlannerError(
                _("a shorter meeting must last less than the current {n} min{asked}").format(n=meeting.minutes, asked=asked)
            )
    elif strategy is Strategy.PHONE and length is not None:
        if not 0 < length <= meeting.minutes:
            raise PlannerError(
                _("a shorter call must last less than the current {n} min (asked for {asked} min)").format(
                    n=meeting.minutes, asked=length)
            )
        length = None if length == meeting.minutes else length
    elif strategy is not Strategy.RESCHEDULE:
        length = None
    changes["new_minutes"] = length
    if details.new_start is not None and details.new_start.tzinfo is None:
        raise PlannerError(_("the new time must carry its time zone"))
    if strategy is Strategy.LESS_OFTEN and not details.dropped:
        raise PlannerError(_("meeting less often needs the occurrences to skip: there are none"))
    return Details(**{**details.as_mapping(), **changes})


def template_name(meeting: Meeting, strategy: Strategy | str, details: Details) -> str:
    """Which template words this change (see templates.TEMPLATE_NAMES)."""
    strategy = Strategy(strategy)
    if strategy is Strategy.PHONE:
        call = "video" if CallKind(details.by) is CallKind.VIDEO else "phone"
        return f"{call}-shorter" if details.new_minutes else call
    if strategy is Strategy.DELEGATE:
        return "delegate" if meeting.led_by_me else "delegate-without-me"
    if strategy is Strategy.RESCHEDULE and details.new_start is not None:
        return "reschedule-to"
    if strategy is Strategy.CANCEL and details.reason is Reason.SICK:
        return "cancel-sick"
    return strategy.value


# What kind of sentence about the invitation each strategy's message carries (message_words).
_CALENDAR_KIND = {
    Strategy.PHONE: "change", Strategy.SHORTER: "change", Strategy.CANCEL: "cancel",
    Strategy.EMAIL: "replace", Strategy.LESS_OFTEN: "series",
}


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
    reason: Reason | str | None = None,
    by: CallKind | str | None = None,
    new_start: datetime | None = None,
    recent: Sequence[Meeting] = (),
    dropped: Sequence[Meeting] = (),
    kept: Sequence[Meeting] = (),
) -> list[Draft]:
    """The rendered message(s) for a strategy, as unsaved Drafts (see the module docstring).

    language: default the client's. count: meetings with the client in the last 6 weeks (for a
    user's template that asks for ``$count``). Raises PlannerError for keep (no message), a
    delegate with no colleague, a length that is not shorter, and template problems.
    """
    strategy = Strategy(strategy)
    if strategy is Strategy.KEEP:
        raise PlannerError(_("keeping the meeting needs no message: there is nothing to draft"))
    lang = Language(language) if language else Language(client.language)
    tz = _zone(settings)
    now = _aware(now, tz)
    details = resolve_details(meeting, strategy, Details(
        colleague=colleague, new_minutes=new_minutes, by=by or CallKind.PHONE, new_start=new_start,
        slots=tuple(slots), summary=summary, reason=Reason(reason) if reason else None,
        talking_points=tuple(talking_points), questions=tuple(questions), dropped=tuple(dropped),
        kept=tuple(kept),
    ))
    values = mv.base_values(meeting, client, settings, lang, tz, now)
    values.update(_strategy_values(meeting, client, strategy, details, settings, lang, recent))
    values["count"] = str(count)
    names = [(template_name(meeting, strategy, details), KIND_CLIENT)]
    if strategy is Strategy.DELEGATE:
        names.append(("delegate-briefing", KIND_BRIEFING))
    return [_draft(meeting, strategy, lang, name, kind, values, now) for name, kind in names]


def _aware(now: datetime | None, tz) -> datetime:
    if now is None:
        return datetime.now(tz)
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    return now


def _zone(settings: Settings):
    from planner.domain.timeutil import zone

    return zone(settings.timezone)


def _draft(meeting: Meeting, strategy: Strategy, lang: Language, name: str, kind: str, values: Mapping,
           now: datetime) -> Draft:
    rendered = render(load_template(name, lang), values)
    return Draft(
        meeting_id=meeting.id, strategy=strategy, language=lang, subject=rendered.subject,
        body=rendered.body, created=now, kind=kind,
    )


def _strategy_values(
    meeting: Meeting, client: Client, strategy: Strategy, details: Details, settings: Settings,
    lang: Language, recent: Sequence[Meeting],
) -> dict[str, str]:
    """The values that depend on the change (see templates.PLACEHOLDERS)."""
    tz = _zone(settings)
    values: dict[str, str] = {}
    if details.new_minutes:
        values["new_duration"] = format_duration(details.new_minutes, lang)
        values["new_end_time"] = format_time(mv.after(meeting.start, details.new_minutes).astimezone(tz), lang)
    if strategy in (Strategy.RESCHEDULE, Strategy.CANCEL):
        values["slots"] = md_list(mv.slot_lines(details.slots, lang, tz))
        values["new_times"] = mv.new_times(details.slots, lang, tz)
    kind = _CALENDAR_KIND.get(strategy)
    if details.new_start is not None and strategy is Strategy.RESCHEDULE:
        moved = details.new_start.astimezone(tz)
        values["new_date"] = format_date(moved.date(), lang)
        values["new_time"] = format_time(moved, lang)
        kind = "change"
    values["calendar_note"] = mv.calendar_note(kind, [meeting], settings, words(lang))
    if strategy is Strategy.EMAIL:
        text = details.summary.strip() or meeting.notes.strip()
        values["summary"] = md_block(text) if text else mv.summary_placeholder(meeting.title, lang)
    elif strategy is Strategy.DELEGATE:
        colleague = details.colleague or ""
        sender_first = first_name_of(settings.name) or settings.name.strip()
        values.update(
            colleague=colleague,
            colleague_first_name=first_name_of(colleague) or colleague,
            talking_points=md_list(mv.talking_points(meeting, details.talking_points, lang)),
            background=mv.background(client, lang),
            history=mv.history(meeting, recent, lang, tz),
            questions=md_list(details.questions or mv.default_questions(meeting, lang, sender_first)),
        )
    elif strategy is Strategy.LESS_OFTEN:
        values.update(_series_values(meeting, details, lang, tz))
    return values


def _series_values(meeting: Meeting, details: Details, lang: Language, tz) -> dict[str, str]:
    def when(m: Meeting) -> datetime:
        return m.start.astimezone(tz)

    dropped = sorted(details.dropped, key=when)
    kept = sorted(details.kept, key=when)
    last = max([*dropped, *kept], key=when)
    return {
        "dropped": md_list(format_date(when(m).date(), lang) for m in dropped),
        "kept": md_list(format_date(when(m).date(), lang) for m in kept),
        "period_end": format_date(when(last).date(), lang),
    }


def compose_plan(
    client: Client,
    items: Sequence[tuple[Meeting, Strategy | str, Details | Mapping]],
    *,
    settings: Settings,
    language: Language | str | None = None,
    now: datetime | None = None,
    recent: Sequence[Meeting] = (),
) -> list[Draft]:
    """Several changes to one client's meetings as ONE message (see the module docstring): the
    client's message first, then a briefing for each delegated meeting. Items whose strategy is
    keep are left out; PlannerError when nothing is left."""
    lang = Language(language) if language else Language(client.language)
    tz = _zone(settings)
    now = _aware(now, tz)
    changes = []
    for meeting, strategy, details in items:
        strategy = Strategy(strategy)
        if strategy is Strategy.KEEP:
            continue
        given = details if isinstance(details, Details) else Details(**dict(details))
        changes.append((meeting, strategy, resolve_details(meeting, strategy, given)))
    if not changes:
        raise PlannerError(_("the plan changes none of {client}'s meetings: there is nothing to write").format(
            client=client.name))
    changes.sort(key=lambda c: c[0].start.astimezone(tz))
    if len(changes) == 1:
        meeting, strategy, details = changes[0]
        return compose(meeting, client, strategy, settings=settings, language=lang, now=now, recent=recent,
                       **details.as_mapping())
    first = changes[0][0]
    days = sorted({m.start.astimezone(tz).date() for m, _s, _d in changes})
    values = mv.base_values(first, client, settings, lang, tz, now)
    values["meeting_date"] = join_list([format_date(d, lang) for d in days], lang)
    values["short_notice"] = words(lang).short_notice if mv.short_notice([m for m, _s, _d in changes], now) else ""
    values["changes"] = md_list(
        mv.plan_line(m, s, d, lang, tz, several_days=len(days) > 1) for m, s, d in changes
    )
    with_update = [(m, s) for m, s, d in changes if _sends_update(s, d)]
    if len(with_update) == 1:  # one invitation changes: say it as that change's own message would
        (meeting, strategy), = with_update
        kind = "change" if strategy is Strategy.RESCHEDULE else _CALENDAR_KIND[strategy]
        values["calendar_note"] = mv.calendar_note(kind, [meeting], settings, words(lang))
    else:
        values["calendar_note"] = mv.calendar_note("plan", [m for m, _s in with_update], settings, words(lang))
    drafts = [_draft(first, changes[0][1], lang, PLAN_NAME, KIND_CLIENT, values, now)]
    for meeting, strategy, details in changes:
        if strategy is Strategy.DELEGATE:
            note_and_briefing = compose(meeting, client, strategy, settings=settings, language=lang, now=now,
                                        recent=recent, **details.as_mapping())
            drafts.append(note_and_briefing[1])
    return drafts


def _sends_update(strategy: Strategy, details: Details) -> bool:
    if strategy is Strategy.RESCHEDULE:
        return details.new_start is not None
    return strategy in _CALENDAR_KIND


# --- ready to send? -------------------------------------------------------------------------------


def _placeholder_pattern(lang: Language) -> re.Pattern:
    before, _sep, after = plain_text(words(lang).no_summary).strip().partition("{title}")
    return re.compile(re.escape(before) + r".+?" + re.escape(after))


def check_ready(draft: Draft) -> None:
    """UnfilledSummary when an email's update is still the line to fill in ("Write the update on
    ... here."), also in a body the person edited around it."""
    if Strategy(draft.strategy) is not Strategy.EMAIL or draft.kind != KIND_CLIENT:
        return
    if _placeholder_pattern(Language(draft.language)).search(plain_text(draft.body)):
        raise UnfilledSummary(
            _("the email still has the line where the update goes: write what the email covers "
              "before it is exported")
        )


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


def draft_stem(
    meeting_day: date, client_name: str, strategy: Strategy | str, kind: str = KIND_CLIENT, *, name: str | None = None
) -> str:
    """ "2026-12-01-vip-aeroe-co-phone" ("-delegate-briefing" for the colleague's briefing;
    ``name`` in place of the strategy, e.g. "day-plan")."""
    part = slugify(name, fallback="draft") if name else Strategy(strategy).value
    part += "-briefing" if kind == KIND_BRIEFING else ""
    return f"{meeting_day:%Y-%m-%d}-{slugify(client_name)}-{part}"


def file_text(draft: Draft, *, to: str = "") -> str:
    """What goes in the .md file: Subject (and To) lines in plain text, as they go into a mail
    program, a blank line, then the Markdown body."""
    w = words(draft.language)
    head = f"{w.subject_label}: {' '.join(draft.subject.split())}"
    if to.strip():
        head += f"  \n{w.to_label}: {' '.join(to.split())}"
    return f"{head}\n\n{draft.body.rstrip()}\n"


def recipient(client: Client, draft: Draft) -> str:
    """Who a draft goes to, for the To line: the client's contact and email, or the colleague."""
    if draft.kind == KIND_BRIEFING:
        return ""
    if client.email and client.contact:
        return f"{client.contact}, {client.email}"
    return client.email or client.contact


def write_draft_file(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` as ``stem+suffix`` (or -2, -3 ...) into ``folder`` (created if missing),
    atomically and never overwriting; PlannerError naming the folder when it cannot be done."""
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlannerError(
            _("cannot create the drafts folder {folder}: {reason}; pick another with --out").format(
                folder=folder, reason=exc.strerror or exc)
        ) from None
    try:
        return write_new(folder, stem, suffix, data)
    except OSError as exc:
        raise PlannerError(
            _("cannot write the draft into {folder}: {reason}; pick another folder with --out").format(
                folder=folder, reason=exc.strerror or exc)
        ) from None


def export(
    draft: Draft, folder: Path, *, client_name: str, meeting_day: date, to: str = "", name: str | None = None
) -> Path:
    """Write the draft as .md into ``folder`` and return the new file's path; also sets
    ``draft.path``. Never overwrites: an existing name gets -2, -3 ... The file appears whole or
    not at all (temp file in the same folder, fsync, then a hard link to the free name).
    UnfilledSummary for an email whose update is not written yet."""
    check_ready(draft)
    stem = draft_stem(meeting_day, client_name, draft.strategy, draft.kind, name=name)
    path = write_draft_file(folder, stem, ".md", file_text(draft, to=to).encode("utf-8"))
    draft.path = str(path)
    return path


def save_drafts(
    store,
    drafts: Sequence[Draft],
    *,
    meeting: Meeting,
    client: Client,
    folder: Path | None = None,
    write=None,
) -> list[Path]:
    """Export each draft (into ``folder``, default the settings' drafts folder) and record it in
    the store with its path. Returns the paths in order. Nothing is written when one is not ready
    (check_ready). ``write(draft, folder, day)`` writes one file and returns its path: by default
    the Markdown file (:func:`export`); planner.services.mail.eml_writer gives the email draft."""
    settings = store.settings()
    target = Path(folder) if folder is not None else drafts_folder(settings)
    day = meeting.start.astimezone(_zone(settings)).date()
    for draft in drafts:
        check_ready(draft)
    if write is None:
        def write(draft: Draft, folder: Path, day: date) -> Path:
            return export(draft, folder, client_name=client.name, meeting_day=day, to=recipient(client, draft))
    paths = []
    with store.batch():  # one write of the data file for both drafts of a delegate
        for draft in drafts:
            paths.append(write(draft, target, day))
            store.save_draft(draft)
    return paths
