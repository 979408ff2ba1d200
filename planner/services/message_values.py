"""The values a message template is filled with, worked out from the meeting, the client and the
details of the change (drafts.compose and drafts.compose_plan call these; the words come from
:mod:`planner.services.message_words`, in the message language).

Markdown values (lists, sections) are built here from escaped parts; everything else is plain
text that templates.render escapes. See templates.PLACEHOLDERS for what each value means.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.domain.models import (
    CallKind,
    Client,
    Language,
    Location,
    Meeting,
    Reason,
    Settings,
    Status,
    Strategy,
    Topic,
)
from planner.domain.slots import Slot
from planner.services.invite import organised_by_me
from planner.services.markdown_text import md_escape, md_list
from planner.services.templates import shorten
from planner.services.message_words import (
    MessageWords,
    first_name,
    format_date,
    format_date_time,
    format_duration,
    format_span,
    format_time,
    greeting,
    join_list,
    words,
)

UTC = timezone.utc
SHORT_NOTICE = timedelta(hours=48)  # a change this close to the meeting says sorry for the notice
RECENT_SHOWN = 3  # the colleague's briefing lists this many of the last meetings with the client
NOTE_LENGTH = 90  # characters of a past meeting's notes shown in the briefing


@dataclass(frozen=True, slots=True)
class Details:
    """What a message says beyond the meeting and the strategy. Every field is optional.

    colleague: delegate, who goes instead (default the meeting's lead when a colleague leads).
    new_minutes: shorter, the new length (default advice.proposed_minutes); phone, a shorter call.
    by: phone, CallKind.PHONE or CallKind.VIDEO.
    new_start: reschedule, the chosen new time (its length stays, or ``new_minutes``).
    slots: reschedule and cancel, the free times to offer.
    summary: email, the update in the person's words (default the meeting's notes).
    reason: why; ``Reason.SICK`` words a cancellation as illness.
    talking_points, questions: the colleague's briefing (typed by the person).
    dropped, kept: less often, the occurrences skipped and the ones kept.
    """

    colleague: str | None = None
    new_minutes: int | None = None
    by: CallKind = CallKind.PHONE
    new_start: datetime | None = None
    slots: Sequence[Slot] = ()
    summary: str = ""
    reason: Reason | None = None
    talking_points: Sequence[str] = ()
    questions: Sequence[str] = ()
    dropped: Sequence[Meeting] = field(default_factory=tuple)
    kept: Sequence[Meeting] = field(default_factory=tuple)

    def as_mapping(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def after(start: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``start``, in start's zone."""
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def short_notice(meetings: Sequence[Meeting], now: datetime) -> bool:
    """True when any of the meetings starts within SHORT_NOTICE of now (or has begun)."""
    return any(m.start.astimezone(UTC) - now.astimezone(UTC) <= SHORT_NOTICE for m in meetings)


def place(meeting: Meeting, w: MessageWords) -> str:
    """Where the meeting was to be held, for "instead of 90 minutes at your office"."""
    if meeting.location is Location.CLIENT_SITE:
        return w.place_client_site
    if meeting.location is Location.OUR_OFFICE:
        return w.place_our_office
    return ""


def calendar_note(kind: str | None, meetings: Sequence[Meeting], settings: Settings, w: MessageWords) -> str:
    """The sentence about the invitation for a kind of change ("change", "cancel", "replace",
    "series", "plan"): the one for an update you send when you organise the meeting(s), the one
    asking the client to change theirs when they do, both when a plan has some of each."""
    if kind is None or not meetings:
        return ""
    yours, theirs = getattr(w, f"calendar_{kind}")
    mine = [organised_by_me(m, settings) for m in meetings]
    parts = ([yours] if any(mine) else []) + ([theirs] if not all(mine) else [])
    return " ".join(p for p in parts if p)


def base_values(
    meeting: Meeting, client: Client, settings: Settings, lang: Language, tz: ZoneInfo, now: datetime
) -> dict[str, str]:
    """The values every message has."""
    w = words(lang)
    start = local(meeting.start, tz)
    contact_first = first_name(client.contact)
    sender_first = first_name(settings.name) or settings.name.strip()
    return {
        "greeting": greeting(contact_first, lang),
        "contact": client.greeting_name,
        "first_name": contact_first,
        "client": client.name,
        "meeting_title": meeting.title,
        "meeting_date": format_date(start.date(), lang),
        "meeting_time": format_time(start, lang),
        "meeting_place": place(meeting, w),
        "duration": format_duration(meeting.minutes, lang),
        "short_notice": w.short_notice if short_notice([meeting], now) else "",
        "sender": settings.name.strip(),
        "sender_first_name": sender_first,
        "signature": settings.signature.strip() or settings.name.strip(),
    }


def slot_lines(slots: Sequence[Slot], lang: Language, tz: ZoneInfo) -> list[str]:
    return [format_span(local(s.start, tz), local(s.end, tz), lang) for s in slots]


def new_times(slots: Sequence[Slot], lang: Language, tz: ZoneInfo) -> str:
    """The offered times as Markdown: a question, the list, and what to do if none fits (worded
    for one time or several); or a request for times when there are none to offer."""
    w = words(lang)
    lines = slot_lines(slots, lang, tz)
    if not lines:
        return md_escape(w.times_ask)
    offer, otherwise = (w.times_offer_one, w.times_else_one) if len(lines) == 1 else (w.times_offer, w.times_else)
    return "\n\n".join([md_escape(offer), md_list(lines), md_escape(otherwise)])


def summary_placeholder(title: str, lang: Language) -> str:
    """The line an email's update replaces until the person writes it (Markdown)."""
    return words(lang).no_summary.format(title=md_escape(title))


# --- the colleague's briefing --------------------------------------------------------------------


_BULLET = re.compile(r"^\s*[-*•]\s+")


def note_lines(text: str) -> list[str]:
    """A note as points: one a line, a leading bullet mark ("- ", "* ", "• ") and blank lines
    dropped; everything else kept as written ("Q4 *final*" keeps its stars)."""
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def talking_points(meeting: Meeting, typed: Sequence[str], lang: Language) -> list[str]:
    """What the person typed, then each line of the meeting's notes not typed already; the agenda
    as planned when there is nothing at all."""
    points = [" ".join(p.split()) for p in typed if p and p.strip()]
    seen = {p.casefold() for p in points}
    for line in note_lines(meeting.notes):
        if line.casefold() not in seen:
            points.append(line)
            seen.add(line.casefold())
    return points or [words(lang).points_fallback.format(title=meeting.title)]


def background(client: Client, lang: Language) -> str:
    """A heading and the client's contact and notes (Markdown), or "" when there is nothing."""
    w = words(lang)
    items = []
    if client.contact.strip():
        who = client.contact.strip() + (f" ({client.email.strip()})" if client.email.strip() else "")
        items.append(w.contact_line.format(contact=who))
    items += note_lines(client.notes)
    if not items:
        return ""
    return f"**{md_escape(w.background_heading.format(client=client.name))}**\n\n{md_list(items)}"


def history(meeting: Meeting, recent: Sequence[Meeting], lang: Language, tz: ZoneInfo) -> str:
    """A heading and the last meetings with the client before this one, newest first (Markdown),
    or "" when there are none. Cancelled and all-day ones are left out."""
    w = words(lang)
    before = [
        m for m in recent
        if m.id != meeting.id and m.client_id == meeting.client_id and m.status is not Status.CANCELLED
        and not m.all_day and m.start.astimezone(UTC) < meeting.start.astimezone(UTC)
    ]
    before.sort(key=lambda m: m.start.astimezone(UTC), reverse=True)
    items = []
    for m in before[:RECENT_SHOWN]:
        line = w.history_line.format(date=format_date(local(m.start, tz).date(), lang), title=m.title)
        notes = " ".join(note_lines(m.notes))
        if notes:
            line = w.history_note.format(line=line, note=shorten(notes, NOTE_LENGTH))
        items.append(line)
    if not items:
        return ""
    return f"**{md_escape(w.history_heading)}**\n\n{md_list(items)}"


def default_questions(meeting: Meeting, lang: Language, sender_first: str) -> list[str]:
    """Questions the client is likely to ask the colleague."""
    w = words(lang)
    why = w.question_why.format(name=sender_first) if sender_first else w.question_why_anonymous
    questions = [why, w.question_next, w.question_who]
    if meeting.topic is Topic.IMPORTANT:
        questions.append(w.question_budget)
    return questions


# --- a day plan: one line per change -------------------------------------------------------------


def plan_line(
    meeting: Meeting, strategy: Strategy, details: Details, lang: Language, tz: ZoneInfo, *, several_days: bool
) -> str:
    """One change in a day plan, as a sentence in the message language (plain text)."""
    w = words(lang)
    start = local(meeting.start, tz)
    what = (w.plan_what_days if several_days else w.plan_what_day).format(
        title=meeting.title, date=format_date(start.date(), lang), time=format_time(start, lang)
    )
    fields = {"what": what, "time": format_time(start, lang), "old": format_duration(meeting.minutes, lang)}
    fields["place"] = place(meeting, w)  # starts with its space, or ""
    if details.new_minutes:
        fields["new"] = format_duration(details.new_minutes, lang)
        fields["end"] = format_time(local(after(meeting.start, details.new_minutes), tz), lang)
    slots = slot_lines(details.slots, lang, tz)
    if strategy is Strategy.PHONE:
        video = CallKind(details.by) is CallKind.VIDEO
        shorter = bool(details.new_minutes) and details.new_minutes < meeting.minutes
        key = ("plan_video" if video else "plan_phone") + ("_shorter" if shorter else "")
    elif strategy is Strategy.DELEGATE:
        key = "plan_delegate" if meeting.led_by_me else "plan_delegate_without_me"
        fields["colleague"] = details.colleague or meeting.lead
    elif strategy is Strategy.RESCHEDULE:
        if details.new_start is not None:
            key, fields["new"] = "plan_reschedule_to", format_date_time(local(details.new_start, tz), lang)
        else:
            key = "plan_reschedule_slots" if slots else "plan_reschedule_ask"
    elif strategy is Strategy.CANCEL:
        key = "plan_cancel_slots" if slots else "plan_cancel"
    elif strategy is Strategy.LESS_OFTEN:
        key = "plan_less_often"
        dates = [format_date(local(m.start, tz).date(), lang) for m in details.dropped]
        fields["dates"] = join_list(dates, lang)
        last = max([*details.dropped, *details.kept, meeting], key=lambda m: m.start.astimezone(UTC))
        fields["end"] = format_date(local(last.start, tz).date(), lang)
    else:
        key = {Strategy.SHORTER: "plan_shorter", Strategy.EMAIL: "plan_email"}[strategy]
    fields["slots"] = join_list(slots, lang, conjunction="or")
    return getattr(w, key).format(**fields)
