"""Carrying out a strategy: the change the wizard's apply key, ``planner apply`` and a lighten plan
make to the calendar, in one write, remembered for undo.

:class:`Details` holds what the person chose beyond the strategy (the new length, phone or video,
the colleague, the new time); :func:`changed_meetings` turns a suggestion and the details into the
meetings as they will be; :func:`save_change` writes them and remembers the old ones.
"""

from __future__ import annotations

from datetime import datetime

from planner.application.undo import UndoRecord, remember
from planner.domain.advice import Suggestion, apply
from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Default, Fields, Meeting, Strategy
from planner.domain.slots import Slot
from planner.formats import date_time, duration
from planner.i18n import _


class Details(Fields):
    """What the person chose for a strategy (step 5 of the wizard, the options of ``apply``)."""

    new_minutes: int | None = None  # shorter, or a shorter call
    new_start: datetime | None = None  # shorter from the start (a clash), or a typed new time
    by: CallKind = CallKind.PHONE  # a call: by phone or video
    colleague: str | None = None  # delegate
    talking_points: tuple[str, ...] = ()  # delegate: the briefing's points the person typed
    summary: str = ""  # email: what it covers
    offer: tuple[Slot, ...] = ()  # reschedule/cancel: the times the message offers
    move_to: Slot | None = None  # reschedule: the time it moves to
    extra: dict = Default(dict)


def changed_meetings(meeting: Meeting, suggestion: Suggestion, details: Details) -> list[Meeting]:
    """The meetings as the suggestion and the details leave them (several for less-often)."""
    strategy = suggestion.strategy
    if strategy is Strategy.LESS_OFTEN:
        return list(suggestion.changed)
    if strategy is Strategy.PHONE:
        return [apply(meeting, strategy, by=details.by, new_minutes=details.new_minutes,
                      new_start=details.new_start)]
    if strategy is Strategy.SHORTER:
        minutes = details.new_minutes or suggestion.new_minutes
        start = details.new_start if details.new_start is not None else suggestion.new_start
        if start is not None and minutes is not None:
            from planner.domain.timeutil import shift

            if shift(start, minutes) > meeting.end:
                start = None  # a longer length than proposed: keep it from the start
        return [apply(meeting, strategy, new_minutes=minutes, new_start=start)]
    if strategy is Strategy.DELEGATE:
        return [apply(meeting, strategy, colleague=details.colleague or suggestion.colleague)]
    if strategy is Strategy.RESCHEDULE:
        slot = details.move_to or (suggestion.slots[0] if suggestion.slots else None)
        if slot is None:
            raise PlannerError(_("there is no free time to move it to: agree a new time with the client first"))
        return [apply(meeting, strategy, slot=slot)]
    return [apply(meeting, strategy)]


def change_words(strategy: Strategy, changed: list[Meeting], tz) -> str:
    """What happened, for a notice: "now a video call", "shortened to 30 min", "moved to ..."."""
    first = changed[0]
    if strategy is Strategy.PHONE:
        if first.location.value == "video":
            return _("now a video call of {length}").format(length=duration(first.minutes))
        return _("now a phone call of {length}").format(length=duration(first.minutes))
    if strategy is Strategy.SHORTER:
        return _("shortened to {length}").format(length=duration(first.minutes))
    if strategy is Strategy.DELEGATE:
        return _("delegated to {colleague}").format(colleague=first.lead)
    if strategy is Strategy.RESCHEDULE:
        return _("moved to {when}").format(when=date_time(first.start, tz))
    if strategy is Strategy.LESS_OFTEN:
        return _("held every other time: {n} occurrences cancelled").format(n=len(changed))
    return {
        Strategy.EMAIL: _("replaced by an email"),
        Strategy.CANCEL: _("cancelled"),
        Strategy.KEEP: _("marked as kept"),
    }[strategy]


def save_change(store, originals: list[Meeting], changed: list[Meeting], description: str) -> UndoRecord:
    """Write the changed meetings in one batch and remember the originals for undo."""
    record = UndoRecord(description, meetings=originals)
    with store.batch():
        for meeting in changed:
            store.save_meeting(meeting)
        remember(store, record)
    return record
