"""The candidate options for a meeting, one function per strategy, before they are judged.

Each returns an :class:`Option` (or None when the strategy does not fit): the rule that lets it in,
the facts its sentence names, and the meetings as the option would leave them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from planner.domain.advice.changes import apply, proposed_minutes
from planner.domain.advice.facts import Warning
from planner.domain.advice.situation import UNDER_WAY, Situation, second_work_day
from planner.domain.load import counts, load_minutes
from planner.domain.models import Default, Fields, Location, Meeting, Reason, Strategy, Topic
from planner.domain.slots import Slot, free_slots
from planner.domain.timeutil import UTC, shift, zone

SLOT_LIMIT = 3
SERIES_WEEKS = 9  # "meet less often" looks this far ahead (two months, and a week's margin)
LESS_OFTEN_DAYS = 61  # ... and drops every other occurrence in the next two months
IN_PERSON = (Location.CLIENT_SITE, Location.OUR_OFFICE)


class Option(Fields):
    strategy: Strategy
    rule: str
    facts: dict = Default(dict)
    changed: list[Meeting] = Default(list)
    new_minutes: int | None = None
    new_start: datetime | None = None
    slots: list[Slot] = Default(list)
    colleague: str | None = None
    warnings: list[Warning] = Default(list)
    per_month: int = 0


def _clash_free_start(sit: Situation, length: int) -> tuple[datetime, bool]:
    """Where a ``length``-minute version of the meeting goes inside its old time so that it clashes
    with nothing: keeping its start (cutting the end) first, else keeping its end. (start, clear)."""
    m = sit.meeting
    for start in (m.start, shift(m.end, -length)):
        end = shift(start, length)
        if not any(c.start < end and c.end > start for c in sit.clashes):
            return start, True
    return m.start, False


def _cut(sit: Situation) -> tuple[int, datetime] | None:
    """The proposed shorter length and where it starts, or None when the meeting is too short."""
    length = proposed_minutes(sit.meeting.minutes, sit.answers.topic)
    if length is None:
        return None
    start, _clear = _clash_free_start(sit, length)
    return length, start


def wrap_up(sit: Situation) -> Option | None:
    """Under way: end it at the next quarter hour (at least 10 minutes from now), if that is before
    its end."""
    m, tz = sit.meeting, zone(sit.settings.timezone)
    now = sit.now.astimezone(tz) + timedelta(minutes=10)
    rounded = now + timedelta(minutes=(-now.minute) % 15, seconds=-now.second, microseconds=-now.microsecond)
    length = int((rounded.astimezone(UTC) - m.start.astimezone(UTC)).total_seconds() // 60)
    if not 0 < length < m.minutes - 5:
        return None
    return Option(Strategy.SHORTER, "under-way", {"end": rounded, "freed": m.minutes - length},
                  changed=[apply(m, Strategy.SHORTER, new_minutes=length)], new_minutes=length)


def call(sit: Situation) -> Option | None:
    """An in-person meeting by phone or video, shorter too where the reason or a clash asks."""
    m = sit.meeting
    if m.location not in IN_PERSON:
        return None
    cut = _cut(sit)
    wants_shorter = cut is not None and (
        sit.answers.reason in (Reason.WORKLOAD, Reason.REPETITIVE, Reason.DISLIKE) or sit.frequent
        or (sit.clashes and _clash_free_start(sit, cut[0])[1])
    )
    facts = {"travel": sit.travel, "where": m.location, "length": m.minutes}
    if wants_shorter:
        length, start = cut
        facts.update(new=length)
        changed = apply(m, Strategy.PHONE, new_minutes=length, new_start=start)
        option = Option(Strategy.PHONE, "shorter-call", facts, [changed], new_minutes=length, new_start=start)
        if sit.answers.topic is Topic.IMPORTANT:
            option.warnings.append(Warning("important-cut", {"length": m.minutes, "new": length}))
        return option
    rule = "saves-travel" if sit.travel else "in-person"
    return Option(Strategy.PHONE, rule, facts, [apply(m, Strategy.PHONE)])


def shorter(sit: Situation) -> Option | None:
    cut = _cut(sit)
    if cut is None:
        return None
    length, start = cut
    m = sit.meeting
    rule = "repetitive" if sit.repetitive else "long-meeting"
    facts = {"length": m.minutes, "new": length, "recent": sit.recent,
             "from_start": start != m.start, "new_start": start, "new_end": shift(start, length)}
    option = Option(Strategy.SHORTER, rule, facts, [apply(m, Strategy.SHORTER, new_minutes=length, new_start=start)],
                    new_minutes=length, new_start=start if start != m.start else None)
    if sit.answers.topic is Topic.IMPORTANT:
        option.warnings.append(Warning("important-cut", {"length": m.minutes, "new": length}))
    return option


def email(sit: Situation) -> Option | None:
    """A flexible client and a routine topic (so never a key client's important topic)."""
    if not sit.answers.flexible or sit.answers.topic is not Topic.ROUTINE:
        return None
    m = sit.meeting
    rule = "repetitive" if sit.repetitive else "flexible-routine"
    option = Option(Strategy.EMAIL, rule, {"length": m.minutes, "travel": sit.travel, "recent": sit.recent,
                                           "writing": sit.settings.email_minutes}, [apply(m, Strategy.EMAIL)])
    option.warnings.append(Warning("call-later"))
    return option


def delegate(sit: Situation) -> Option | None:
    m = sit.meeting
    if not m.led_by_me:
        colleague, rule = m.lead.strip(), "colleague-leads"
    elif (sit.answers.colleague or "").strip():
        colleague, rule = sit.answers.colleague.strip(), "colleague-named"
    else:
        return None
    option = Option(Strategy.DELEGATE, rule, {"colleague": colleague, "writing": sit.settings.email_minutes},
                    [apply(m, Strategy.DELEGATE, colleague=colleague)], colleague=colleague)
    if sit.weighty:
        option.warnings.append(Warning("brief-thoroughly", {"colleague": colleague}))
    return option


def _slots(sit: Situation, after: datetime) -> list[Slot]:
    return free_slots(sit.pool, sit.settings, minutes=sit.meeting.minutes, after=after, limit=SLOT_LIMIT,
                      exclude_id=sit.meeting.id, window_days=sit.settings.slot_window_days, travel=sit.travel)


def slots_for(sit: Situation) -> list[Slot]:
    """New times: for workload never the meeting's own day (the next day on); for a clash or
    something that came up, any time from its end on that does not collide; when sick, nothing
    before the second work day after today. Never in the past."""
    tz = zone(sit.settings.timezone)
    reason = sit.answers.reason
    now = sit.now.astimezone(tz)
    if reason is Reason.SICK:
        first = second_work_day(now.date(), sit.settings)
        return _slots(sit, datetime.combine(first, time.min, tzinfo=tz))
    if reason is Reason.WORKLOAD:
        next_day = datetime.combine(sit.day + timedelta(days=1), time.min, tzinfo=tz)
        return _slots(sit, max(next_day, now))
    return _slots(sit, max(sit.meeting.end.astimezone(tz), now))


def reschedule(sit: Situation) -> Option | None:
    if sit.answers.reason not in (Reason.WORKLOAD, Reason.CONFLICT):
        return None
    offered = slots_for(sit)
    m = sit.meeting
    rule = "reschedule-workload" if sit.answers.reason is Reason.WORKLOAD else "reschedule-conflict"
    if offered:
        return Option(Strategy.RESCHEDULE, rule, {"slots": len(offered), "window": sit.settings.slot_window_days},
                      [apply(m, Strategy.RESCHEDULE, slot=offered[0])], slots=offered)
    option = Option(Strategy.RESCHEDULE, rule, {"slots": 0, "window": sit.settings.slot_window_days}, [])
    option.warnings.append(Warning("no-slots"))
    return option


def cancel(sit: Situation) -> Option | None:
    """Ill or an emergency: fair to any client, with new times offered."""
    if sit.answers.reason is not Reason.SICK:
        return None
    offered = slots_for(sit)
    return Option(Strategy.CANCEL, "sick", {"length": sit.meeting.minutes, "travel": sit.travel,
                                            "slots": len(offered), "window": sit.settings.slot_window_days},
                  [apply(sit.meeting, Strategy.CANCEL)], slots=offered)


def _same_series(one: Meeting, other: Meeting) -> bool:
    if one.source is not None and other.source is not None and one.source.uid == other.source.uid:
        return True
    return one.client_id == other.client_id and one.title.strip().casefold() == other.title.strip().casefold()


def series(sit: Situation) -> list[Meeting]:
    """The meeting's upcoming occurrences (itself first) in the next two months, when it repeats:
    an imported series, or the same client and title at a steady interval (every week to every
    month, within a day). Empty when it does not repeat."""
    m = sit.meeting
    horizon = m.start + timedelta(days=LESS_OFTEN_DAYS)
    same = sorted((x for x in sit.pool if counts(x) and _same_series(m, x)), key=lambda x: x.start)
    upcoming = [x for x in same if m.start <= x.start < horizon]
    if len(upcoming) < 3 or upcoming[0].id != m.id:
        return []
    imported = m.source is not None and all(x.source is not None and x.source.uid == m.source.uid for x in upcoming)
    if not imported:
        starts = [x.start.astimezone(UTC) for x in same if x.start >= m.start - timedelta(days=LESS_OFTEN_DAYS)]
        gaps = [(b - a).total_seconds() / 86400 for a, b in zip(starts, starts[1:])]
        if not gaps or not 5 <= min(gaps) or max(gaps) > 35 or max(gaps) - min(gaps) > 1:
            return []
    return upcoming


def less_often(sit: Situation) -> Option | None:
    """A repeating meeting: drop every other occurrence for the next two months."""
    if sit.answers.reason not in (Reason.WORKLOAD, Reason.REPETITIVE, Reason.DISLIKE):
        return None
    occurrences = series(sit)
    if not occurrences:
        return None
    dropped = occurrences[0::2]
    kept = occurrences[1::2]
    per_month = round(sum(load_minutes(x) for x in dropped) * 30 / LESS_OFTEN_DAYS)
    return Option(Strategy.LESS_OFTEN, "repeating",
                  {"dropped": len(dropped), "kept": len(kept), "per_month": per_month, "recent": sit.recent,
                   "kept_meetings": tuple(kept)},
                  [apply(x, Strategy.LESS_OFTEN) for x in dropped], per_month=per_month)


def candidates(sit: Situation) -> list[Option]:
    """Every option that fits the situation (keep is added by the judge)."""
    if sit.phase == UNDER_WAY:
        option = wrap_up(sit)
        return [option] if option else []
    found = []
    for make in (delegate, cancel, call, shorter, email, reschedule, less_often):
        option = make(sit)
        if option is not None:
            found.append(option)
    return found
