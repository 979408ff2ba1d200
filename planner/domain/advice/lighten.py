"""Lighten a day (or a week): the set of per-meeting options with the least relationship cost that
brings it under a target.

For every meeting of the day that is still ahead, the options are the ones the advice offers it
(planner.domain.advice, for the reason given, default workload), each with its relationship cost;
keeping it costs nothing. A plan picks one option per meeting. The target:

- ``busy`` (the default): the day is no longer overloaded, and no double-booking is left;
- ``ok``: the day is not even busy;
- a week: its meeting time is under the weekly limit.

A day is searched exactly: depth first over the meetings, the cheapest options first, cutting
every branch that already costs as much as the best plan found, or that cannot reach the target
even if every meeting left took its biggest saving. Moving meetings to new times is checked
together: two moves may not land on each other, and no day a meeting moves to may become busy.
A second change to the same client's meetings costs more (``change_penalty`` each). A week is
too big for that: it is planned greedily (the most minutes freed per unit of cost first, then every
change that turns out not to be needed is dropped) and the plan says it may not be the cheapest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from planner.domain.advice import Answers, Suggestion, advise
from planner.domain.advice.judge import Weights
from planner.domain.errors import PlannerError
from planner.i18n import _
from planner.domain.load import DayStatus, analyse_day, analyse_week, counts, load_minutes
from planner.domain.models import Client, Default, Fields, Meeting, Reason, Settings, Strategy
from planner.domain.timeutil import UTC, zone

TARGETS = ("busy", "ok")
NODE_LIMIT = 200_000  # a day's search gives up (and says so) after this many steps


class Choice(Fields):
    """One meeting's option in a plan (``suggestion`` None: keep it)."""

    meeting: Meeting
    suggestion: Suggestion | None
    cost: float = 0.0  # with the penalty for more changes to the same client

    @property
    def strategy(self) -> Strategy:
        return self.suggestion.strategy if self.suggestion else Strategy.KEEP

    @property
    def changed(self) -> list[Meeting]:
        return self.suggestion.changed if self.suggestion else []


class Plan(Fields):
    scope: str  # "day" or "week"
    day: date
    target: str
    items: list[Choice]  # the meetings that change
    cost: float
    before: object  # DayLoad or WeekLoad
    after: object
    reached: bool
    optimal: bool
    options: dict[str, list[Suggestion]] = Default(dict)  # per meeting id, for swapping
    searched: int = 0
    situations: dict = Default(dict)  # per meeting id: the advice's facts (for its words)


def _meets(load, target: str, settings: Settings, scope: str) -> bool:
    if scope == "week":
        return load.meeting_minutes <= settings.week_overload_minutes
    if load.double_booked:
        return False
    if target == "ok":
        return load.status is DayStatus.OK
    return load.status is not DayStatus.OVERLOADED


def _options(meeting: Meeting, client: Client, pool, settings, now, reason, names, situations) -> list[Suggestion]:
    """The options that change something for this meeting, cheapest first."""
    answers = Answers.prefilled(meeting, client, reason)
    try:
        advice = advise(meeting, client, answers, meetings=pool, settings=settings, now=now, client_names=names)
    except PlannerError:
        return []
    situations[meeting.id] = advice.situation
    found = [s for s in advice if s.strategy is not Strategy.KEEP and s.changed
             and (s.minutes_freed > 0 or s.strategy is Strategy.RESCHEDULE or s.resolves)]
    return sorted(found, key=lambda s: (s.cost, -s.minutes_freed))


def _relief(meeting: Meeting, suggestion: Suggestion, day: date, tz) -> tuple[int, int]:
    """Minutes and meetings the option takes off ``day``."""
    before = load_minutes(meeting) if counts(meeting) else 0
    after, count = 0, 0
    for changed in suggestion.changed:
        if changed.id == meeting.id and counts(changed) and changed.start.astimezone(tz).date() == day:
            after, count = load_minutes(changed), 1
    return before - after, (1 if counts(meeting) else 0) - count


def plan_cost(items: Sequence[Choice], penalty: float) -> float:
    """The plan's cost: each option's cost, raised by ``penalty`` for every other change to the
    same client's meetings in the plan (the same whatever order they are listed in)."""
    per_client: dict[str, list[float]] = {}
    for item in items:
        per_client.setdefault(item.meeting.client_id, []).append(item.suggestion.cost)
    return round(sum(sum(costs) * (1 + penalty * (len(costs) - 1)) for costs in per_client.values()), 2)


class _Search:
    def __init__(self, day, pool, settings, names, target, choices, weights, fixed):
        self.day, self.pool, self.settings, self.names, self.target = day, pool, settings, names, target
        self.tz = zone(settings.timezone)
        self.choices, self.penalty, self.fixed = choices, weights.change_penalty, fixed
        self.best: list[Choice] | None = None
        self.best_cost = float("inf")
        self.nodes = 0
        self.limit_minutes = settings.overload_minutes if target == "busy" else settings.busy_minutes
        self.limit_count = settings.overload_count if target == "busy" else settings.busy_count
        # What every meeting from index i on could take off the day at most (for cutting branches).
        reliefs = [self._max_relief(m, o) for m, o in choices]
        self.suffix = [(sum(r[0] for r in reliefs[i:]), sum(r[1] for r in reliefs[i:])) for i in range(len(choices) + 1)]

    def allowed(self, meeting: Meeting, strategy: Strategy) -> bool:
        fixed = self.fixed.get(meeting.id)
        return fixed is None or fixed is strategy

    def _max_relief(self, meeting, options) -> tuple[int, int]:
        reliefs = [_relief(meeting, s, self.day, self.tz) for s in options if self.allowed(meeting, s.strategy)]
        return (max((r[0] for r in reliefs), default=0), max((r[1] for r in reliefs), default=0))

    def evaluate(self, picked: list[Choice]) -> bool:
        changed = [m for c in picked for m in c.changed]
        ids = {m.id for m in changed}
        pool = [m for m in self.pool if m.id not in ids] + changed
        if not _meets(analyse_day(self.day, pool, self.settings, self.names), self.target, self.settings, "day"):
            return False
        for moved in (m for c in picked if c.strategy is Strategy.RESCHEDULE for m in c.changed):
            other = analyse_day(moved.start.astimezone(self.tz).date(), pool, self.settings, self.names)
            if other.double_booked or other.status is not DayStatus.OK:
                return False
        return True

    def run(self, index: int, picked: list[Choice], cost: float, minutes: int, count: int, per_client: dict):
        self.nodes += 1
        if cost >= self.best_cost or self.nodes > NODE_LIMIT:
            return
        most_minutes, most_count = self.suffix[index]
        if minutes - most_minutes > self.limit_minutes or count - most_count > self.limit_count:
            return  # even the biggest savings left cannot get under the line
        if minutes <= self.limit_minutes and count <= self.limit_count and self.evaluate(picked):
            self.best, self.best_cost = list(picked), cost
            return
        if index == len(self.choices):
            return
        meeting, options = self.choices[index]
        for suggestion in options:
            if not self.allowed(meeting, suggestion.strategy):
                continue
            total, n = per_client.get(meeting.client_id, (0.0, 0))
            extra = suggestion.cost * (1 + self.penalty * n) + total * self.penalty
            freed, less = _relief(meeting, suggestion, self.day, self.tz)
            per_client[meeting.client_id] = (total + suggestion.cost, n + 1)
            picked.append(Choice(meeting, suggestion))
            self.run(index + 1, picked, cost + extra, minutes - freed, count - less, per_client)
            picked.pop()
            per_client[meeting.client_id] = (total, n)
        if self.allowed(meeting, Strategy.KEEP):
            self.run(index + 1, picked, cost, minutes, count, per_client)


def lighten_day(
    day: date,
    pool: Sequence[Meeting],
    clients: Mapping[str, Client],
    settings: Settings,
    *,
    now: datetime,
    target: str = "busy",
    reason: Reason = Reason.WORKLOAD,
    fixed: Mapping[str, Strategy] | None = None,
) -> Plan:
    """The least-cost plan for ``day``. ``fixed`` pins a meeting to a strategy (KEEP drops it from
    the plan), for a person who drops or swaps an item."""
    if target not in TARGETS:
        raise PlannerError(_("unknown target '{target}'; use busy or ok").format(target=target))
    tz = zone(settings.timezone)
    names = {cid: c.name for cid, c in clients.items()}
    before = analyse_day(day, pool, settings, names)
    ahead = [m for m in before.meetings if counts(m) and m.start.astimezone(UTC) > now.astimezone(UTC)
             and m.client_id in clients]
    situations: dict = {}
    options = {m.id: _options(m, clients[m.client_id], pool, settings, now, reason, names, situations) for m in ahead}
    choices = sorted(((m, options[m.id]) for m in ahead if options[m.id]),
                     key=lambda mo: -max(_relief(mo[0], s, day, tz)[0] for s in mo[1]))
    fixed = dict(fixed or {})
    # A meeting pinned to an option (a swap) is in every plan: start from those.
    pinned = [Choice(m, next(s for s in opts if s.strategy is fixed[m.id])) for m, opts in choices
              if fixed.get(m.id) not in (None, Strategy.KEEP) and any(s.strategy is fixed[m.id] for s in opts)]
    pinned_ids = {c.meeting.id for c in pinned}
    free = [(m, o) for m, o in choices if m.id not in pinned_ids and fixed.get(m.id) is not Strategy.KEEP]
    search = _Search(day, list(pool), settings, names, target, free, Weights.of(settings), fixed)
    minutes, count, per_client, cost = before.meeting_minutes, before.meeting_count, {}, 0.0
    for choice in pinned:
        freed, less = _relief(choice.meeting, choice.suggestion, day, tz)
        total, n = per_client.get(choice.meeting.client_id, (0.0, 0))
        cost += choice.suggestion.cost * (1 + search.penalty * n) + total * search.penalty
        per_client[choice.meeting.client_id] = (total + choice.suggestion.cost, n + 1)
        minutes, count = minutes - freed, count - less
    if not pinned and _meets(before, target, settings, "day"):
        search.best, search.best_cost = [], 0.0
    else:
        search.run(0, pinned, cost, minutes, count, per_client)
    reached = search.best is not None
    items = search.best if reached else _greedy(day, pool, settings, names, choices, target, "day")
    _price(items, search.penalty)
    changed = [m for c in items for m in c.changed]
    ids = {m.id for m in changed}
    after = analyse_day(day, [m for m in pool if m.id not in ids] + changed, settings, names)
    return Plan("day", day, target, items, plan_cost(items, search.penalty), before, after,
                reached=reached and _meets(after, target, settings, "day"),
                optimal=reached and search.nodes <= NODE_LIMIT, options=options, searched=search.nodes,
                situations=situations)


def _greedy(day, pool, settings, names, choices, target, scope) -> list[Choice]:
    """Most minutes freed per unit of cost first, until the target is met; then drop what is not
    needed. (Bounded: one pass over the options, one over the plan.)"""
    tz = zone(settings.timezone)
    ranked = sorted((((s.minutes_freed or 1) / max(s.cost, 0.1), m, s) for m, opts in choices for s in opts[:3]),
                    key=lambda t: -t[0])
    picked: dict[str, Choice] = {}

    def load(chosen):
        changed = [x for c in chosen.values() for x in c.changed]
        ids = {x.id for x in changed}
        after = [x for x in pool if x.id not in ids] + changed
        return analyse_week(day, after, settings, names) if scope == "week" else analyse_day(day, after, settings, names)

    for _ratio, meeting, suggestion in ranked:
        if _meets(load(picked), target, settings, scope):
            break
        if meeting.id not in picked:
            picked[meeting.id] = Choice(meeting, suggestion)
    for meeting_id in sorted(picked, key=lambda i: -picked[i].cost):
        trial = {k: v for k, v in picked.items() if k != meeting_id}
        if _meets(load(trial), target, settings, scope):
            picked = trial
    return list(picked.values())


def _price(items: list[Choice], penalty: float) -> None:
    """Each item's share of the plan's cost (its own, raised for the client's other changes)."""
    per_client: dict[str, int] = {}
    for item in items:
        per_client[item.meeting.client_id] = per_client.get(item.meeting.client_id, 0) + 1
    for item in items:
        item.cost = round(item.suggestion.cost * (1 + penalty * (per_client[item.meeting.client_id] - 1)), 2)


def lighten_week(
    day: date,
    pool: Sequence[Meeting],
    clients: Mapping[str, Client],
    settings: Settings,
    *,
    now: datetime,
    reason: Reason = Reason.WORKLOAD,
) -> Plan:
    """A plan that brings the week holding ``day`` under the weekly limit (greedy: may not be the
    cheapest, and says so)."""
    names = {cid: c.name for cid, c in clients.items()}
    before = analyse_week(day, pool, settings, names)
    ahead = [m for d in before.days for m in d.meetings
             if counts(m) and m.start.astimezone(UTC) > now.astimezone(UTC) and m.client_id in clients]
    situations: dict = {}
    options = {m.id: _options(m, clients[m.client_id], pool, settings, now, reason, names, situations) for m in ahead}
    choices = [(m, options[m.id]) for m in ahead if options[m.id]]
    items = [] if _meets(before, "busy", settings, "week") else _greedy(before.start, pool, settings, names,
                                                                        choices, "busy", "week")
    penalty = Weights.of(settings).change_penalty
    _price(items, penalty)
    changed = [m for c in items for m in c.changed]
    ids = {m.id for m in changed}
    after = analyse_week(day, [m for m in pool if m.id not in ids] + changed, settings, names)
    return Plan("week", before.start, "week", items, plan_cost(items, penalty), before, after,
                reached=_meets(after, "busy", settings, "week"), optimal=not items, options=options,
                situations=situations)
