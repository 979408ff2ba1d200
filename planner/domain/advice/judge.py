"""Judging the options: what each frees and resolves, what it costs, and the order they come in.

The cost model (every weight is a setting, :class:`Weights`):

- **relationship cost** = how intrusive the option is (:data:`INTRUSION`: a call 1, a shorter
  meeting 1.5, a shorter call 1.5, moving it 2, a colleague going instead 2 (0.5 when the
  colleague leads anyway), an email 2.5 (1 for a flexible client), meeting less often 3,
  cancelling 4 (1.5 when you are ill)) x how much the client weighs (tier: minor 0.5, regular 1,
  important 1.5, key ``key_weight``; a share of business raises it: 20 % weighs like a key client)
  x (1 + ``change_penalty`` for each of their meetings you already changed in the last 8 weeks),
  x 1.5 within 24 hours of the meeting for what changes its time or who is there, x 1.3 when an
  important topic is cut;
- **what it achieves** for the reason given = the hours it frees x ``hour_value`` (x 1.5 for
  workload, x 0.5 for a weak reason) + each problem of the day it clears x ``problem_value``
  (overloaded 3, double-booked 3, week overloaded 2, busy 1, back-to-back 0.5, no focus 0.5) + 4
  when the reason is a clash or something that came up and the option frees that time + 0.75 for
  shorter, email and meeting less often when you meet the client often or find it repetitive;
- **score** = achieved - cost. Keep scores 0.

Order: the outright rules first (a colleague leads; sick; a weighty client and a weak reason,
which keeps the meeting); then, under a clash or "something else came up" (and on a double-booked
day under workload), the options that free that time; then by score. An option that frees nothing
and resolves nothing never ranks above keep.
"""

from __future__ import annotations


from planner.domain.advice.facts import LoadSnapshot, Suggestion, Warning, snapshot
from planner.domain.advice.options import Option
from planner.domain.advice.situation import TIER_WEIGHT, Situation
from planner.domain.load import counts
from planner.domain.models import Fields, Reason, Settings, Strategy, Tier, Topic
from planner.domain.timeutil import UTC

INTRUSION = {
    Strategy.KEEP: 0.0, Strategy.PHONE: 1.0, Strategy.SHORTER: 1.5, Strategy.EMAIL: 2.5,
    Strategy.DELEGATE: 2.0, Strategy.RESCHEDULE: 2.0, Strategy.LESS_OFTEN: 3.0, Strategy.CANCEL: 4.0,
}
PROBLEM_VALUE = {"overloaded": 3.0, "double-booked": 3.0, "week-overloaded": 2.0, "busy": 1.0,
                 "back-to-back": 0.5, "no-focus": 0.5}
ORDER = (Strategy.DELEGATE, Strategy.CANCEL, Strategy.PHONE, Strategy.SHORTER, Strategy.EMAIL,
         Strategy.RESCHEDULE, Strategy.LESS_OFTEN, Strategy.KEEP)
OUTRIGHT = ("colleague-leads", "sick", "weighty-weak-reason")
# Changing the time or who is there within a day of the meeting is felt more.
NOTICE_FELT = frozenset({Strategy.RESCHEDULE, Strategy.CANCEL, Strategy.EMAIL, Strategy.DELEGATE, Strategy.LESS_OFTEN})
FREQUENT_BONUS = {Strategy.SHORTER, Strategy.EMAIL, Strategy.LESS_OFTEN}


class Weights(Fields):
    hour_value: float = 1.5
    problem_value: float = 1.0
    key_weight: float = 2.5
    change_penalty: float = 0.25

    @classmethod
    def of(cls, settings: Settings) -> Weights:
        return cls(
            hour_value=settings.advice_hour_value, problem_value=settings.advice_problem_value,
            key_weight=settings.advice_key_weight, change_penalty=settings.advice_change_penalty,
        )


def minutes_freed(sit: Situation, option: Option) -> int:
    """Time you no longer spend: travel saved, meeting time saved, minus the time to write an
    email or a briefing. Moving a meeting frees nothing."""
    m, travel = sit.meeting, 2 * sit.travel
    strategy = option.strategy
    if option.rule == "under-way":
        return m.minutes - option.new_minutes
    if strategy is Strategy.PHONE:
        return travel + (m.minutes - option.new_minutes if option.new_minutes else 0)
    if strategy is Strategy.SHORTER:
        return m.minutes - option.new_minutes
    if strategy in (Strategy.EMAIL, Strategy.DELEGATE):
        return max(0, m.minutes + travel - sit.settings.email_minutes)
    if strategy in (Strategy.CANCEL, Strategy.LESS_OFTEN):
        return m.minutes + travel
    return 0


def _weight(sit: Situation, weights: Weights) -> float:
    tiers = dict(TIER_WEIGHT, **{Tier.KEY: weights.key_weight})
    share = sit.answers.share or 0.0
    return max(tiers[sit.answers.tier], 1.0 + share * (weights.key_weight - 1.0) / 20.0)


def relationship_cost(sit: Situation, option: Option, weights: Weights) -> float:
    strategy = option.strategy
    intrusion = INTRUSION[strategy]
    if strategy is Strategy.PHONE and option.new_minutes:
        intrusion = 1.5
    elif strategy is Strategy.EMAIL and sit.answers.flexible:
        intrusion = 1.0
    elif strategy is Strategy.DELEGATE and option.rule == "colleague-leads":
        intrusion = 0.5
    elif strategy is Strategy.CANCEL and sit.answers.reason is Reason.SICK:
        intrusion = 1.5
    elif option.rule == "under-way":
        intrusion = 0.5
    cost = intrusion * _weight(sit, weights) * (1 + weights.change_penalty * sit.changed)
    if sit.short_notice and strategy in NOTICE_FELT:
        cost *= 1.5
    if option.new_minutes and sit.answers.topic is Topic.IMPORTANT:
        cost *= 1.3
    return round(cost, 2)


def _frees_the_time(sit: Situation, option: Option) -> bool:
    """Whether the option frees the meeting's time: no calendar clash left for it, and (for
    "something else came up") you need not be there then."""
    if option.strategy in (Strategy.EMAIL, Strategy.DELEGATE, Strategy.CANCEL, Strategy.LESS_OFTEN):
        return True
    if option.strategy is Strategy.RESCHEDULE:
        return bool(option.slots)
    if sit.answers.reason is Reason.CONFLICT and not sit.clashes:
        return False  # a call or a shorter meeting at the same hour still takes that hour
    if not sit.clashes or not option.changed:
        return not sit.clashes
    changed = option.changed[0]
    start, end = changed.start.astimezone(UTC), changed.end.astimezone(UTC)
    return not any(c.start.astimezone(UTC) < end and c.end.astimezone(UTC) > start for c in sit.clashes)


def _after(sit: Situation, option: Option) -> tuple[LoadSnapshot, LoadSnapshot | None, LoadSnapshot | None]:
    """The meeting's day after the option, and for a move the target day before and after."""
    if not option.changed:
        return sit.before, None, None
    pool = sit.after(option.changed)
    after = snapshot(sit.day, pool, sit.settings, sit.names)
    if option.strategy is not Strategy.RESCHEDULE:
        return after, None, None
    from planner.domain.advice.facts import local_day

    target = local_day(option.changed[0].start, sit.settings)
    return (after, snapshot(target, sit.pool, sit.settings, sit.names),
            snapshot(target, pool, sit.settings, sit.names))


def achieved(sit: Situation, option: Option, freed: int, resolves: tuple[str, ...], frees_time: bool,
             weights: Weights) -> float:
    reason = sit.answers.reason
    hour = weights.hour_value * (1.5 if reason is Reason.WORKLOAD else 0.5 if reason is Reason.DISLIKE else 1.0)
    value = freed / 60 * hour + sum(PROBLEM_VALUE[p] for p in resolves) * weights.problem_value
    if reason is Reason.CONFLICT and frees_time:
        value += 4.0
    if sit.repetitive and option.strategy in FREQUENT_BONUS:
        value += 0.75
    return value


def judge(sit: Situation, option: Option, weights: Weights) -> Suggestion:
    after, target_before, target_after = _after(sit, option)
    freed = minutes_freed(sit, option)
    gone = sit.before.flags() - after.flags()
    resolves = tuple(p for p in ("overloaded", "busy", "double-booked", "back-to-back", "no-focus", "week-overloaded")
                     if p in gone)
    frees_time = _frees_the_time(sit, option)
    cost = relationship_cost(sit, option, weights)
    score = achieved(sit, option, freed, resolves, frees_time, weights) - cost
    warnings = list(option.warnings)
    if sit.weak_on_weighty:
        warnings.insert(0, Warning("weighty-weak-reason", {"client": sit.client.name}))
    if sit.short_notice and option.strategy in NOTICE_FELT:
        warnings.append(Warning("short-notice"))
    return Suggestion(
        strategy=option.strategy, rule=option.rule, facts=option.facts, minutes_freed=freed, resolves=resolves,
        cost=cost, score=round(score, 2), load_before=sit.before, load_after=after, target_before=target_before,
        target_after=target_after, warnings=warnings, new_minutes=option.new_minutes, new_start=option.new_start,
        slots=option.slots, colleague=option.colleague, outright=option.rule in OUTRIGHT, solves=frees_time,
        changed=option.changed, per_month=option.per_month,
    )


def keep(sit: Situation, others: list[Suggestion]) -> Suggestion:
    if sit.weak_on_weighty:
        rule = "weighty-weak-reason"
    elif not others:
        rule = "nothing-else-fits"
    else:
        rule = "keep-option"
    facts = {"client": sit.client.name, "length": sit.meeting.minutes, "location": sit.meeting.location,
             "led_by_me": sit.meeting.led_by_me, "flexible": sit.answers.flexible, "topic": sit.answers.topic,
             "reason": sit.answers.reason, "under_way": sit.phase != "upcoming"}
    return Suggestion(strategy=Strategy.KEEP, rule=rule, facts=facts, minutes_freed=0, resolves=(), cost=0.0,
                      score=0.0, load_before=sit.before, load_after=sit.before, outright=rule in OUTRIGHT)


def rank(sit: Situation, found: list[Suggestion]) -> list[Suggestion]:
    """Outright rules first; then, under a clash, what frees the time; then what scores above
    keep; keep; the rest. Nothing that frees nothing and resolves nothing goes above keep."""
    clash_first = sit.answers.reason is Reason.CONFLICT or (
        bool(sit.clashes) and sit.answers.reason is Reason.WORKLOAD)

    def by_score(s: Suggestion):
        return (-s.score, ORDER.index(s.strategy))

    def idle(s: Suggestion) -> bool:
        return s.minutes_freed == 0 and not s.resolves

    outright = sorted((s for s in found if s.outright), key=lambda s: OUTRIGHT.index(s.rule))
    rest = [s for s in found if not s.outright]
    keeper = [s for s in rest if s.strategy is Strategy.KEEP]
    rest = [s for s in rest if s.strategy is not Strategy.KEEP]
    solving = sorted((s for s in rest if clash_first and s.solves), key=by_score)
    others = [s for s in rest if s not in solving]
    above = sorted((s for s in others if s.score > 0 and not idle(s)), key=by_score)
    below = sorted((s for s in others if s not in above), key=by_score)
    return outright + solving + above + keeper + below
