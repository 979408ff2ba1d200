"""What a strategy does to a meeting: :func:`apply` returns the meeting as it is once the strategy
is carried out (a new object; the input is untouched), and :func:`proposed_minutes` the length a
shorter meeting gets."""

from __future__ import annotations

from datetime import datetime

from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Location, Meeting, Status, Strategy, Topic
from planner.domain.slots import Slot
from planner.domain.timeutil import shift
from planner.i18n import _

SHORTER_FROM = 60  # shorter fits meetings of this many minutes or more
SHORTER_TO = 30  # ... and proposes this length for a routine topic, for meetings up to LONG_MEETING
LONG_MEETING = 120  # longer routine meetings are halved instead (rounded down to 15 min)


def proposed_minutes(minutes: int, topic: Topic = Topic.ROUTINE) -> int | None:
    """The shorter length to propose, or None when the meeting is too short for it.

    Routine: 60-120 min -> 30 min (the article: 90 becomes 30); longer -> half, rounded down to a
    multiple of 15 (180 -> 90). Important: never cut by more than a third: two thirds, rounded up
    to a multiple of 15 (90 -> 60, 120 -> 90, 60 -> 45). Under SHORTER_FROM: None.
    """
    if minutes < SHORTER_FROM:
        return None
    if Topic(topic) is Topic.IMPORTANT:
        third = -(-(minutes * 2) // 3)  # ceil(2/3 of it)
        length = -(-third // 15) * 15
        return length if length < minutes else None
    if minutes <= LONG_MEETING:
        return SHORTER_TO
    return max(SHORTER_TO, (minutes // 2) // 15 * 15)


def shortened(meeting: Meeting, length: int, start: datetime | None = None) -> Meeting:
    """The meeting ``length`` minutes long, from ``start`` (default its own start)."""
    if not 0 < length < meeting.minutes:
        raise PlannerError(
            _("the new length must be between 1 and {most} min (the meeting lasts {minutes} min); got {length}")
            .format(most=meeting.minutes - 1, minutes=meeting.minutes, length=length)
        )
    begin = start if start is not None else meeting.start
    if begin < meeting.start or shift(begin, length) > meeting.end:
        raise PlannerError(_("a shorter meeting stays inside its old time"))
    return meeting.with_changes(start=begin, end=shift(begin, length), status=Status.SHORTENED)


def apply(
    meeting: Meeting,
    strategy: Strategy | str,
    *,
    new_minutes: int | None = None,
    new_start: datetime | None = None,
    slot: Slot | None = None,
    colleague: str | None = None,
    by: CallKind | str | None = None,
) -> Meeting:
    """The meeting once ``strategy`` is carried out.

    phone: by phone or video (``by``, default phone), no travel, ``new_minutes`` shortens it too.
    shorter: ``new_minutes`` long (default :func:`proposed_minutes`) from ``new_start`` (default its
    start). email: replaced by an email. delegate: the colleague leads (``colleague``, else the
    current lead). reschedule: moved to ``slot`` (required). cancel and less-often (this
    occurrence): cancelled. keep: kept.
    """
    strategy = Strategy(strategy)
    if strategy is Strategy.PHONE:
        kind = CallKind(by or CallKind.PHONE)
        changed = meeting.with_changes(
            location=Location.VIDEO if kind is CallKind.VIDEO else Location.PHONE, travel_minutes=0,
            status=Status.PHONE,
        )
        if new_minutes is not None and new_minutes != meeting.minutes:
            changed = shortened(changed, new_minutes, new_start).with_changes(status=Status.PHONE)
        return changed
    if strategy is Strategy.SHORTER:
        length = new_minutes if new_minutes is not None else proposed_minutes(meeting.minutes, meeting.topic)
        if length is None:
            raise PlannerError(
                _("a {minutes}-min meeting is too short to shorten; shorter fits meetings of {least} min or more")
                .format(minutes=meeting.minutes, least=SHORTER_FROM)
            )
        return shortened(meeting, length, new_start)
    if strategy is Strategy.EMAIL:
        return meeting.with_changes(status=Status.EMAIL)
    if strategy is Strategy.DELEGATE:
        lead = (colleague or "").strip() or (None if meeting.led_by_me else meeting.lead)
        if not lead:
            raise PlannerError(_("delegating needs a colleague to go in your place: name one (you lead this meeting)"))
        return meeting.with_changes(status=Status.DELEGATED, lead=lead)
    if strategy is Strategy.RESCHEDULE:
        if slot is None:
            raise PlannerError(_("rescheduling needs a new time: pick one of the free slots"))
        return meeting.with_changes(start=slot.start, end=slot.end, status=Status.RESCHEDULED)
    if strategy in (Strategy.CANCEL, Strategy.LESS_OFTEN):
        return meeting.with_changes(status=Status.CANCELLED)
    return meeting.with_changes(status=Status.KEPT)
