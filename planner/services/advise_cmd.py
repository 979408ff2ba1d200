"""`planner advise` and `planner draft`, and the service calls the wizard uses for the same work.

For the UI (no Textual here):

- :func:`nearby_meetings` the meetings advice needs around one meeting;
- :func:`suggestions_for` the ranked suggestions for a meeting and the person's answers;
- :func:`write_drafts` compose the message(s) for a chosen strategy, write them, record them.

The CLI functions print to stdout and raise PlannerError for anything a user can fix.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from planner.domain.advice import Answers, Suggestion, advise, recent_count, unfit_reason
from planner.domain.errors import PlannerError
from planner.domain.load import format_minutes, week_start, zone
from planner.domain.models import Client, Meeting, Reason, Strategy, Topic


def nearby_meetings(store, meeting: Meeting, *, today: date) -> list[Meeting]:
    """Every meeting advice looks at: from 6 weeks before the meeting's week (the repetition rule)
    to past the window free slots are looked for in (counted from the later of today and the
    meeting)."""
    settings = store.settings()
    tz = zone(settings.timezone)
    local = meeting.start.astimezone(tz)
    lo = datetime.combine(week_start(local.date()) - timedelta(weeks=6, days=1), time.min, tzinfo=tz)
    work_days = max(1, len(set(settings.work_days) & set(range(7))))
    span = math.ceil(max(settings.slot_window_days, 1) * 7 / work_days) + 8
    hi = datetime.combine(max(today, local.date()) + timedelta(days=span), time.min, tzinfo=tz)
    found = store.meetings_between(lo, hi)
    if all(m.id != meeting.id for m in found):
        found.append(meeting)
    return found


def clock_now(settings, today: date) -> datetime | None:
    """The time now in the user's zone, if ``today`` is really today (not a --today replay):
    free slots must not start in the past."""
    from planner.domain.load import zone

    now = datetime.now(zone(settings.timezone))
    return now if now.date() == today else None


def suggestions_for(store, meeting: Meeting, answers: Answers, *, today: date) -> list[Suggestion]:
    """The ranked suggestions for a stored meeting (see planner.domain.advice.advise)."""
    client = store.client(meeting.client_id)
    settings = store.settings()
    return advise(
        meeting,
        client,
        answers,
        meetings=nearby_meetings(store, meeting, today=today),
        settings=settings,
        today=today,
        client_names={c.id: c.name for c in store.clients()},
        now=clock_now(settings, today),
    )


def write_drafts(
    store,
    meeting: Meeting,
    strategy: Strategy | str,
    *,
    today: date,
    answers: Answers | None = None,
    suggestion: Suggestion | None = None,
    language: str | None = None,
    colleague: str | None = None,
    new_minutes: int | None = None,
    summary: str = "",
    talking_points: Sequence[str] = (),
    questions: Sequence[str] = (),
    folder: Path | None = None,
) -> list[Path]:
    """Compose the message(s) for ``strategy``, write them into ``folder`` (default the settings'
    drafts folder) and record them in the store. Returns the file paths (two for delegate: the
    client's note, then the colleague's briefing).

    The strategy must fit: with ``answers`` the rules of advice decide (and supply the free slots
    and the proposed length); pass the wizard's ``suggestion`` to reuse its slots and length.
    PlannerError when it does not fit, for keep, and for a delegate with no colleague.
    """
    from planner.services.drafts import compose, save_drafts

    strategy = Strategy(strategy)
    if strategy is Strategy.KEEP:
        raise PlannerError("keeping the meeting needs no message: there is nothing to draft")
    client = store.client(meeting.client_id)
    settings = store.settings()
    nearby = nearby_meetings(store, meeting, today=today)
    if answers is None:
        answers = Answers.prefilled(meeting, client, Reason.WORKLOAD)
    if colleague and not answers.colleague:
        answers.colleague = colleague
    if suggestion is None or suggestion.strategy is not strategy:
        why_not = unfit_reason(meeting, strategy, answers)
        if why_not is not None:
            raise PlannerError(f"{strategy.value} does not fit this meeting: {why_not}")
        suggestion = _find(
            advise(
                meeting, client, answers, meetings=nearby, settings=settings, today=today,
                client_names={c.id: c.name for c in store.clients()}, now=clock_now(settings, today),
            ),
            strategy,
        )
    drafts = compose(
        meeting,
        client,
        strategy,
        settings=settings,
        language=language,
        colleague=colleague or (suggestion.colleague if suggestion else None),
        new_minutes=new_minutes if new_minutes is not None else (suggestion.new_minutes if suggestion else None),
        slots=suggestion.slots if suggestion else (),
        summary=summary,
        talking_points=talking_points,
        questions=questions,
        count=recent_count(nearby, meeting),
    )
    return save_drafts(store, drafts, meeting=meeting, client=client, folder=folder)


def _find(suggestions: list[Suggestion], strategy: Strategy) -> Suggestion | None:
    return next((s for s in suggestions if s.strategy is strategy), None)


# --- the command line -----------------------------------------------------------------------------


def _answers(args: argparse.Namespace, meeting: Meeting, client: Client, reason: str) -> Answers:
    try:
        reason_value = Reason(reason)
    except ValueError:
        raise PlannerError(
            f"unknown reason {reason!r}; use one of {', '.join(r.value for r in Reason)}"
        ) from None
    topic = getattr(args, "topic", None)
    try:
        topic_value = Topic(topic) if topic else None
    except ValueError:
        raise PlannerError(f"unknown topic {topic!r}; use routine or important") from None
    return Answers.prefilled(
        meeting,
        client,
        reason_value,
        topic=topic_value,
        colleague=(getattr(args, "colleague", None) or "").strip() or None,
    )


def run_advise(store, args: argparse.Namespace, *, today: date) -> int:
    """`planner advise MEETING --reason R [--topic T] [--format text|json]`."""
    meeting = store.resolve_meeting(args.meeting)
    client = store.client(meeting.client_id)
    answers = _answers(args, meeting, client, args.reason)
    suggestions = suggestions_for(store, meeting, answers, today=today)
    if getattr(args, "format", "text") == "json":
        payload = {"meeting": meeting.id, "suggestions": [s.to_dict() for s in suggestions]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(format_advice(meeting, client, answers, suggestions, tz_name=store.settings().timezone))
    return 0


def format_advice(
    meeting: Meeting, client: Client, answers: Answers, suggestions: list[Suggestion], *, tz_name: str
) -> str:
    """The text the CLI prints: the meeting, its day's load, then each suggestion with its rule,
    minutes freed, the load after, any warning and free slots."""
    from planner.domain.dates import describe

    tz = zone(tz_name)
    start, end = meeting.start.astimezone(tz), meeting.end.astimezone(tz)
    where = {
        "client-site": "at their site",
        "our-office": "at your office",
        "video": "by video",
        "phone": "by phone",
    }[meeting.location.value]
    travel = f", {meeting.travel_each_way} min travel each way" if meeting.travel_each_way else ""
    lead = "" if meeting.led_by_me else f", led by {meeting.lead}"
    lines = [
        f"{client.name}: {meeting.title}",
        f"{describe(start)}-{end:%H:%M} ({meeting.minutes} min {where}{travel}{lead}), "
        f"reason: {answers.reason.value}, topic: {answers.topic.value}",
    ]
    if suggestions:
        before = suggestions[0].load_before
        status = before.day_status.value
        status += " (" + "; ".join(before.day_reasons) + ")" if before.day_reasons else (
            f", {format_minutes(before.day_minutes)} of meetings"
        )
        lines.append(f"The day: {status}.")
    lines.append("")
    short = meeting.id[:8]
    for number, s in enumerate(suggestions, 1):
        lines.append(f"{number}. {s.strategy.value} [{s.rule}]: frees {format_minutes(s.minutes_freed)}")
        lines.append(f"   {s.why}")
        if s.load_after != s.load_before:
            lines.append(
                f"   Afterwards: the day {s.load_after.day_status.value}, "
                f"{format_minutes(s.load_after.day_minutes)} (was {format_minutes(s.load_before.day_minutes)}); "
                f"week {s.load_after.week} {format_minutes(s.load_after.week_minutes)} "
                f"(was {format_minutes(s.load_before.week_minutes)})"
            )
        if s.warning:
            lines.append(f"   Warning: {s.warning}")
        if s.slots:
            times = "; ".join(
                f"{describe(slot.start.astimezone(tz))}-{slot.end.astimezone(tz):%H:%M}" for slot in s.slots
            )
            lines.append(f"   Free times: {times}")
        if s.strategy is not Strategy.KEEP:
            extra = ""
            if s.strategy in (Strategy.RESCHEDULE, Strategy.CANCEL) and answers.reason is not Reason.WORKLOAD:
                extra = f" --reason {answers.reason.value}"
            if s.strategy is Strategy.DELEGATE and meeting.led_by_me and s.colleague:
                extra = f" --colleague {json.dumps(s.colleague, ensure_ascii=False)}"
            lines.append(f"   Draft it: planner draft {short} --strategy {s.strategy.value}{extra}")
    return "\n".join(lines)


_HINTS = {
    Strategy.CANCEL: " (add --reason sick if you are ill or facing an emergency)",
    Strategy.RESCHEDULE: " (add --reason workload or --reason conflict)",
    Strategy.DELEGATE: " (add --colleague NAME)",
}


def run_draft(store, args: argparse.Namespace, *, today: date) -> int:
    """`planner draft MEETING --strategy S [--reason R] [--lang en|da] [--out DIR]
    [--colleague NAME] [--minutes MIN] [--summary TEXT]`: write the file(s), print the path(s)."""
    meeting = store.resolve_meeting(args.meeting)
    client = store.client(meeting.client_id)
    try:
        strategy = Strategy(args.strategy)
    except ValueError:
        raise PlannerError(
            f"unknown strategy {args.strategy!r}; use one of "
            + ", ".join(s.value for s in Strategy if s is not Strategy.KEEP)
        ) from None
    reason = getattr(args, "reason", None)
    if reason:
        answers = _answers(args, meeting, client, reason)
    else:
        # No reason given: only what the meeting itself decides (reschedule and cancel are the
        # person's own call).
        answers = _answers(args, meeting, client, Reason.WORKLOAD.value)
        if strategy is Strategy.CANCEL:
            answers.reason = Reason.SICK
    colleague = (getattr(args, "colleague", None) or "").strip() or None
    why_not = unfit_reason(meeting, strategy, answers)
    if why_not is not None:
        raise PlannerError(f"{strategy.value} does not fit this meeting: {why_not}{_HINTS.get(strategy, '')}")
    out = getattr(args, "out", None)
    minutes = getattr(args, "minutes", None)
    if minutes is not None and strategy is not Strategy.SHORTER:
        raise PlannerError("--minutes is the new length of a shorter meeting; use it with --strategy shorter")
    paths = write_drafts(
        store,
        meeting,
        strategy,
        today=today,
        answers=answers,
        language=getattr(args, "lang", None),
        colleague=colleague,
        new_minutes=minutes,
        summary=getattr(args, "summary", "") or "",
        folder=Path(out).expanduser() if out else None,
    )
    for path in paths:
        print(path)
    if strategy is Strategy.EMAIL and not (getattr(args, "summary", "") or "").strip() and not meeting.notes.strip():
        print(
            f"note: {paths[0]} has a line for you to fill in (what the email covers) before you send it; "
            "--summary TEXT writes it for you",
            file=sys.stderr,
        )
    return 0
