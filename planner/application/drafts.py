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


def _find(suggestions: list[Suggestion], strategy: Strategy) -> Suggestion | None:
    return next((s for s in suggestions if s.strategy is strategy), None)


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
        suggestion = _find(
            advise(meeting, client, answers, meetings=nearby, settings=settings, today=clock.today,
                   client_names={c.id: c.name for c in store.clients()}, now=clock.now),
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
