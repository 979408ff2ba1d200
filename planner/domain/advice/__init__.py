"""The advice engine: the article's know-how as rules. Pure: *now* is passed in.

Give it a meeting, its client, the meetings around it (the 6 weeks before it, its week, the two
months after it) and the person's :class:`Answers`; :func:`advise` returns an :class:`Advice`:
every option that fits, judged and best first, each a :class:`Suggestion` carrying the rule that
let it in (a short id and facts for its sentence, see planner/words/advice.py), the minutes it
frees, the day's problems it ``resolves``, its relationship ``cost``, warnings, and the day's and
week's load before and after. :func:`apply` turns a chosen strategy into the changed meeting.

Time
- A meeting that has ended gets no advice (:class:`MeetingOver`, a PlannerError saying when).
- One under way only "wrap up early" (shorter, ending at the next quarter hour at least 10 minutes
  away): never a trip saved, never a new time.
- Within 24 hours of its start the notice is short: options that change its time or who is there
  cost more and say so.

Which options fit (options.py)
- ``delegate``: a colleague leads it (rule ``colleague-leads``, outright, first), or one is named
  who can go in your place (``colleague-named``). Frees the meeting and travel minus the time to
  write the briefing.
- ``cancel``: only when you are ill or facing an emergency (``sick``, outright, after a colleague
  leading it), for any client, with up to 3 new times from the second work day after today.
- ``phone``: an in-person meeting (client site or our office) by phone or video; it frees the
  travel both ways. Combined with shorter it is one suggestion (``shorter-call``) when the reason
  is workload, repetition or dislike, when you meet the client often, or when shortening clears a
  clash: "a 30-min video call instead of 90 min at their office".
- ``shorter``: a meeting of 60 minutes or more. Routine: 90 -> 30 (see :func:`proposed_minutes`);
  an important topic loses at most a third (90 -> 60) and carries a warning. On a double-booked
  meeting it is cut from whichever end clears the clash.
- ``email``: a flexible client and a routine topic (so never a key client's important topic); it
  frees the meeting and the travel minus the email, and always warns that a call may still be
  needed later.
- ``reschedule``: for workload or a clash; up to 3 free slots (planner/domain/slots.py): for
  workload never the meeting's own day (and the target day stays under the busy line); for a clash
  or something that came up, any slot from its end on that collides with nothing.
- ``less-often``: a repeating meeting (an imported series, or the same client and title every
  week to every month) for workload, repetition or dislike: every other occurrence in the next two
  months is cancelled; its sentence gives the minutes freed a month.
- ``keep``: always a candidate. A weighty client (key, or 20 % or more of your business) and a weak
  reason (``dislike``) keep the meeting outright (``weighty-weak-reason``); every alternative still
  shown carries that warning.
- Meeting often (3 or more meetings with the client in the 6 weeks before) or finding it
  repetitive gives shorter, email and less-often a bonus and a sentence with the count; it never
  overrides the reason the person gave.

What an option achieves (judge.py): ``resolves`` lists the problems of the day (and week) that
are gone afterwards: ``overloaded``, ``busy``, ``double-booked``, ``back-to-back``, ``no-focus``,
``week-overloaded``. On a double-booked meeting an option solves the clash only if the overlap is
gone (a call at the same hour does not; a shorter meeting may). The ranking is the cost model of
judge.py, its weights settings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from planner.domain.advice.changes import SHORTER_FROM, apply, proposed_minutes
from planner.domain.advice.facts import (
    KEY_SHARE,
    RECENT_LIMIT,
    RECENT_WEEKS,
    Answers,
    Clash,
    LoadSnapshot,
    Suggestion,
    Warning,
    recent_count,
)
from planner.domain.advice.judge import Weights, judge, keep, rank
from planner.domain.advice.options import IN_PERSON, candidates
from planner.domain.advice.situation import UNDER_WAY, MeetingOver, Situation, situation
from planner.domain.models import Client, Fields, Meeting, Reason, Settings, Strategy, Topic
from planner.domain.timeutil import zone
from planner.i18n import _

__all__ = [
    "Advice", "Answers", "Clash", "KEY_SHARE", "LoadSnapshot", "MeetingOver", "RECENT_LIMIT", "RECENT_WEEKS",
    "Suggestion", "Warning", "Weights", "advise", "apply", "proposed_minutes", "recent_count", "unfit_reason",
]


class Advice(Fields):
    """The judged options for one meeting, best first, and the facts around them."""

    suggestions: list[Suggestion]
    situation: Situation

    def __iter__(self):
        return iter(self.suggestions)

    def __len__(self) -> int:
        return len(self.suggestions)

    def __getitem__(self, index):
        return self.suggestions[index]

    def find(self, strategy: Strategy | str) -> Suggestion | None:
        return next((s for s in self.suggestions if s.strategy is Strategy(strategy)), None)

    @property
    def clashes(self) -> list[Clash]:
        return self.situation.clashes


def advise(
    meeting: Meeting,
    client: Client,
    answers: Answers,
    *,
    meetings: Sequence[Meeting],
    settings: Settings,
    now: datetime | None = None,
    today: date | None = None,
    client_names: Mapping[str, str] | None = None,
) -> Advice:
    """Every option that fits, judged, best first (see the module docstring).

    ``now`` (aware): the moment of the advice; without it, the start of ``today``.
    """
    if now is None:
        if today is None:
            raise ValueError("advise needs now (or today)")
        now = datetime.combine(today, time.min, tzinfo=zone(settings.timezone))
    sit = situation(meeting, client, answers, meetings=meetings, settings=settings, now=now,
                    client_names=client_names)
    weights = Weights.of(settings)
    found = [judge(sit, option, weights) for option in candidates(sit)]
    found.append(keep(sit, found))
    return Advice(rank(sit, found), sit)


def unfit_reason(meeting: Meeting, strategy: Strategy | str, answers: Answers) -> str | None:
    """Why the strategy does not fit (a sentence), or None when it fits: the rules of
    :func:`advise` for a person (or the command line) who picked a strategy directly."""
    strategy = Strategy(strategy)
    if strategy is Strategy.PHONE and meeting.location not in IN_PERSON:
        return _("a call fits an in-person meeting; this one is already by {how}").format(how=meeting.location.value)
    if strategy is Strategy.SHORTER and proposed_minutes(meeting.minutes, answers.topic) is None:
        return _("shorter fits meetings of {least} min or more; this one lasts {minutes} min").format(
            least=SHORTER_FROM, minutes=meeting.minutes)
    if strategy is Strategy.EMAIL:
        if not answers.flexible:
            return _("email fits a flexible client; this client is not marked flexible")
        if answers.topic is not Topic.ROUTINE:
            return _("email fits a routine topic; this one is important, so talk to them (a call or a shorter meeting)")
    if strategy is Strategy.DELEGATE and meeting.led_by_me and not (answers.colleague or "").strip():
        return _("delegate fits when a colleague leads the meeting or can go in your place; name the colleague")
    if strategy is Strategy.RESCHEDULE and answers.reason not in (Reason.WORKLOAD, Reason.CONFLICT):
        return _("reschedule fits a heavy workload or a clash, not the reason {reason!r}").format(reason=answers.reason.value)
    if strategy is Strategy.CANCEL and answers.reason is not Reason.SICK:
        return _("cancel fits only when you are ill or facing an emergency (reason sick); otherwise prefer an alternative")
    if strategy is Strategy.LESS_OFTEN and answers.reason not in (Reason.WORKLOAD, Reason.REPETITIVE, Reason.DISLIKE):
        return _("meeting less often fits a heavy workload or meetings that have become repetitive")
    return None
