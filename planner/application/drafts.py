"""Writing the message(s) for a chosen strategy: compose them from the templates, export them
into the drafts folder and record them in the store.

The strategy must fit the meeting: with the person's answers the advice rules decide (and supply
the free slots and the proposed length); the wizard passes its chosen suggestion to reuse them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.application.advice import nearby_meetings
from planner.application.clock import Clock
from planner.domain.advice import Answers, Suggestion, advise, unfit_reason
from planner.domain.errors import PlannerError
from planner.domain.models import Meeting, Reason, Strategy
from planner.i18n import _


def write_drafts(
    store,
    meeting: Meeting,
    strategy: Strategy | str,
    clock: Clock,
    *,
    answers: Answers | None = None,
    suggestion: Suggestion | None = None,
    language: str | None = None,
    colleague: str | None = None,
    new_minutes: int | None = None,
    summary: str = "",
    talking_points: Sequence[str] = (),
    by=None,
    fmt: str = "md",
    folder: Path | None = None,
) -> list[Path]:
    """Compose the message(s) for ``strategy``, write them into ``folder`` (default the settings'
    drafts folder) as Markdown or an email draft (``fmt``) and record them. Returns the file paths
    (two for delegate: the client's note, then the colleague's briefing). PlannerError when the
    strategy does not fit, for keep, for a delegate with no colleague, and for an email whose
    update is not written yet (UnfilledSummary)."""
    from planner.application.changes import Details
    from planner.domain.models import CallKind
    from planner.services.drafts import save_drafts

    strategy = Strategy(strategy)
    if strategy is Strategy.KEEP:
        raise PlannerError(_("keeping the meeting needs no message: there is nothing to draft"))
    client = store.client(meeting.client_id)
    nearby = nearby_meetings(store, meeting, clock)
    if answers is None:
        answers = Answers.prefilled(meeting, client, Reason.WORKLOAD)
    if colleague and not answers.colleague:
        answers.colleague = colleague
    if suggestion is None or suggestion.strategy is not strategy:
        why_not = unfit_reason(meeting, strategy, answers)
        if why_not is not None:
            raise PlannerError(_("{strategy} does not fit this meeting: {why}").format(
                strategy=strategy.value, why=why_not))
        suggestion = advise(meeting, client, answers, meetings=nearby, settings=store.settings(), now=clock.now,
                            client_names={c.id: c.name for c in store.clients()}).find(strategy)
        if suggestion is None:
            raise PlannerError(_("{strategy} is not among the options for this meeting now (`planner advise` lists "
                                 "them)").format(strategy=strategy.value))
    details = Details(new_minutes=new_minutes if new_minutes is not None else suggestion.new_minutes,
                      new_start=suggestion.new_start, by=CallKind(by or CallKind.PHONE),
                      colleague=colleague or suggestion.colleague, talking_points=tuple(talking_points),
                      summary=summary, offer=tuple(suggestion.slots))  # no new time chosen: offer them
    words = message_details(suggestion, details, reason=answers.reason)
    drafts = compose_messages(store, meeting, client, suggestion, details, language=language, clock=clock,
                              reason=answers.reason, nearby=nearby)
    return save_drafts(store, drafts, meeting=meeting, client=client, folder=folder,
                       write=writer(fmt, store, meeting, client, words.as_mapping(), clock))


def writer(fmt: str, store, meeting: Meeting, client, details, clock: Clock):
    """How a draft is written: Markdown (None: the default) or an email draft."""
    if fmt == "md":
        return None
    if fmt != "eml":
        raise PlannerError(_("unknown draft format {fmt!r}; use md or eml").format(fmt=fmt))
    from planner.services.mail import eml_writer

    return eml_writer(meeting, client, store.settings(), details=details, now=clock.now)


def recent_with(meeting: Meeting, nearby) -> list[Meeting]:
    """The client's meetings before this one, latest first (the briefing lists the last few)."""
    from planner.domain.models import Status

    earlier = [m for m in nearby if m.client_id == meeting.client_id and m.id != meeting.id
               and m.start < meeting.start and m.status is not Status.CANCELLED]
    return sorted(earlier, key=lambda m: m.start, reverse=True)


def message_details(suggestion: Suggestion, details, *, reason: Reason | None = None):
    """What the message says beyond the strategy (services.message_values.Details), from the
    chosen suggestion and what the person picked (application.changes.Details)."""
    from planner.services.message_values import Details as Words

    strategy = suggestion.strategy
    new_start = details.new_start
    if strategy is Strategy.RESCHEDULE:
        new_start = details.move_to.start if details.move_to is not None else None
    dropped = tuple(suggestion.changed) if strategy is Strategy.LESS_OFTEN else ()
    kept = tuple(suggestion.facts.get("kept_meetings", ())) if strategy is Strategy.LESS_OFTEN else ()
    return Words(
        colleague=details.colleague or suggestion.colleague,
        new_minutes=details.new_minutes if strategy in (Strategy.SHORTER, Strategy.PHONE) else None,
        by=details.by, new_start=new_start, slots=tuple(details.offer), summary=details.summary, reason=reason,
        talking_points=tuple(details.talking_points), dropped=dropped, kept=kept,
    )


def compose_messages(store, meeting: Meeting, client, suggestion: Suggestion, details, *, language, clock: Clock,
                     reason: Reason | None = None, nearby=None):
    """The message(s) for a chosen suggestion and its details, as unsaved drafts."""
    from planner.services.drafts import compose

    words = message_details(suggestion, details, reason=reason)
    return compose(
        meeting, client, suggestion.strategy, settings=store.settings(), language=language, now=clock.now,
        recent=recent_with(meeting, nearby or []), **words.as_mapping(),
    )


def export_drafts(store, drafts, *, meeting: Meeting, client, clock: Clock, fmt: str = "md",
                  details=None) -> list[str]:
    """Export drafts as the person edited them (each a file of its own, never overwriting), as
    Markdown or as an email draft (``fmt`` "eml", with the calendar update built from
    ``details``), and list them under D, unless the planner is read-only. Returns the paths."""
    from planner.domain.models import new_id
    from planner.domain.timeutil import zone
    from planner.services.drafts import check_ready, drafts_folder, export, recipient

    settings = store.settings()
    folder = drafts_folder(settings)
    day = meeting.start.astimezone(zone(settings.timezone)).date()
    fresh = [draft.with_changes(id=new_id(), created=clock.now) for draft in drafts]
    for draft in fresh:
        check_ready(draft)
    for draft in fresh:
        if fmt == "eml":
            from planner.services.mail import export_eml

            path = export_eml(draft, folder, meeting=meeting, client=client, settings=settings, meeting_day=day,
                              details=details, now=clock.now)
            draft.path = str(path)
        else:
            export(draft, folder, client_name=client.name, meeting_day=day, to=recipient(client, draft))
    if not store.read_only:
        with store.batch():
            for draft in fresh:
                store.save_draft(draft)
    return [draft.path for draft in fresh]
