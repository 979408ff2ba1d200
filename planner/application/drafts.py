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
from planner.domain.advice import Answers, Suggestion, advise, recent_count, unfit_reason
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
    questions: Sequence[str] = (),
    folder: Path | None = None,
) -> list[Path]:
    """Compose the message(s) for ``strategy``, write them into ``folder`` (default the settings'
    drafts folder) and record them. Returns the file paths (two for delegate: the client's note,
    then the colleague's briefing). PlannerError when the strategy does not fit, for keep, and for
    a delegate with no colleague."""
    from planner.services.drafts import compose, save_drafts

    strategy = Strategy(strategy)
    if strategy is Strategy.KEEP:
        raise PlannerError(_("keeping the meeting needs no message: there is nothing to draft"))
    client = store.client(meeting.client_id)
    settings = store.settings()
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
        suggestion = advise(meeting, client, answers, meetings=nearby, settings=settings, now=clock.now,
                            client_names={c.id: c.name for c in store.clients()}).find(strategy)
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


def talking_points(store, meeting: Meeting, client, language, nearby) -> list[str]:
    """The briefing's talking points when the person has not typed their own."""
    from planner.services.drafts import default_talking_points

    return default_talking_points(meeting, language)


def compose_messages(store, meeting: Meeting, client, suggestion: Suggestion, details, *, language, clock: Clock,
                     recent: int = 0):
    """The message(s) for a chosen suggestion and its details, as unsaved drafts."""
    from planner.services.drafts import compose

    strategy = suggestion.strategy
    return compose(
        meeting,
        client,
        strategy,
        settings=store.settings(),
        language=language,
        colleague=details.colleague or suggestion.colleague,
        new_minutes=details.new_minutes if strategy in (Strategy.SHORTER, Strategy.PHONE) else None,
        slots=details.offer,
        summary=details.summary,
        talking_points=details.talking_points,
        count=recent,
        now=clock.now,
    )


def export_drafts(store, drafts, *, meeting: Meeting, client, clock: Clock) -> list[str]:
    """Export drafts as the person edited them (each a file of its own, never overwriting) and list
    them under D, unless the planner is read-only. Returns the paths."""
    from planner.domain.models import new_id
    from planner.domain.timeutil import zone
    from planner.services.drafts import drafts_folder, export, recipient

    settings = store.settings()
    folder = drafts_folder(settings)
    day = meeting.start.astimezone(zone(settings.timezone)).date()
    saved = []
    for draft in drafts:
        draft = draft.with_changes(id=new_id(), created=clock.now)
        export(draft, folder, client_name=client.name, meeting_day=day, to=recipient(client, draft))
        saved.append(draft)
    if not store.read_only:
        with store.batch():
            for draft in saved:
                store.save_draft(draft)
    return [draft.path for draft in saved]
