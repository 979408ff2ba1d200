"""The advice engine (DESIGN.md §4): the article's know-how as rules. Pure: today is passed in.

Give it a meeting, its client, the meetings around it (the week's and the last 6 weeks') and the
person's :class:`Answers`; :func:`advise` returns every strategy that fits, best first, each as a
:class:`Suggestion` carrying the rule that put it there (a short id and a sentence a person reads),
the minutes it frees, an honest warning where one is due, and the day's and week's load before and
after. :func:`apply` turns a chosen strategy into the changed meeting.

Rules (the article, §1 of DESIGN.md):

- ``sick`` (ill or an emergency): ``cancel`` fits any client; new times are offered. Cancelling fits
  no other reason: the article prefers every alternative to cancelling.
- A colleague leads the meeting (``lead`` is not "me"): ``delegate`` fits. When you lead, it fits
  only if the answers name a colleague who can go in your place (rule ``colleague-named``).
- A ``key`` client, or one with ``KEY_SHARE`` % or more of your business, and a weak reason
  (``dislike``): ``keep`` comes first; every alternative still shown carries a warning.
- ``phone`` fits an in-person meeting (client's site or our office); it frees the travel both ways
  (at our office there is none of yours to save, so it frees nothing but stays on the list).
- ``shorter`` fits a meeting of ``SHORTER_FROM`` minutes or more: see :func:`proposed_minutes`.
- ``email`` fits a flexible client and a routine topic, frees the meeting and the travel minus the
  time to write the email (``settings.email_minutes``), and always warns that a call may still be
  needed later. An important topic is not one for email, so a key client's important topic never
  gets it.
- ``delegate`` frees the meeting and the travel minus the time to write the briefing
  (``settings.email_minutes``).
- Reason ``repetitive``, or ``RECENT_LIMIT`` or more meetings with this client in the
  ``RECENT_WEEKS`` weeks before the meeting: ``shorter`` and ``email`` are favoured (ranked before
  the others) and their sentence says how many meetings there were.
- ``reschedule`` fits ``workload`` and ``conflict``; it offers up to 3 free slots (slots.py) and
  frees nothing: the relief it brings shows in the day's load before and after.
- ``keep`` is always a candidate; when nothing else fits it is the answer (``nothing-else-fits``).

Ranking: the outright rules first, in this order: ``sick`` (cancel), ``colleague-leads``
(delegate), ``key-client-weak-reason`` (keep). Then the rest: for ``key`` and ``important``
clients the strategies that keep live contact (phone, shorter) before all others; then the
favoured ones of the repetition rule; then by minutes freed, most first; ties in the order
phone, shorter, email, delegate, reschedule, cancel. ``keep`` comes last unless a rule puts it
first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from planner.domain.errors import PlannerError
from planner.domain.load import DayStatus, Problem, analyse_week, iso_week, zone
from planner.formats import duration as format_minutes, short_date
from planner.i18n import ngettext


def plural(n: int, word: str) -> str:
    return ngettext("{n} " + word, "{n} " + word + "s", n).format(n=n)
from planner.domain.models import (
    FREE_STATUSES,
    Client,
    Location,
    Meeting,
    Reason,
    Settings,
    Status,
    Strategy,
    Tier,
    Topic,
)
from planner.domain.slots import Slot, free_slots

UTC = timezone.utc

KEY_SHARE = 20.0  # a client with this share (percent) or more weighs like a key client
RECENT_WEEKS = 6
RECENT_LIMIT = 3  # this many meetings with the client in RECENT_WEEKS: limit their time
SHORTER_FROM = 60  # shorter fits meetings of this many minutes or more
SHORTER_TO = 30  # ... and proposes this length, for meetings up to LONG_MEETING minutes
LONG_MEETING = 120  # longer ones are halved instead (rounded down to 15 min)
SLOT_LIMIT = 3

LIVE_CONTACT = frozenset({Strategy.PHONE, Strategy.SHORTER})
FAVOURED_WHEN_REPETITIVE = frozenset({Strategy.SHORTER, Strategy.EMAIL})
_ORDER = (
    Strategy.PHONE,
    Strategy.SHORTER,
    Strategy.EMAIL,
    Strategy.DELEGATE,
    Strategy.RESCHEDULE,
    Strategy.CANCEL,
    Strategy.KEEP,
)
# Rules that decide outright, in ranking order.
OUTRIGHT_RULES = ("sick", "colleague-leads", "key-client-weak-reason")


@dataclass(slots=True)
class Answers:
    """What the person tells the wizard. Tier, share and flexibility come prefilled from the client
    (see :meth:`prefilled`) and may be changed for this one decision."""

    reason: Reason
    topic: Topic = Topic.ROUTINE
    flexible: bool = False
    tier: Tier = Tier.REGULAR
    share: float | None = None  # percent of your business
    colleague: str | None = None  # someone who could go in your place when you lead the meeting

    @classmethod
    def prefilled(
        cls,
        meeting: Meeting,
        client: Client,
        reason: Reason | str,
        **overrides,
    ) -> Answers:
        """Answers with the meeting's topic and the client's flexibility, tier and share; any
        keyword (topic=, flexible=, tier=, share=, colleague=) that is not None overrides."""
        values = {
            "reason": Reason(reason),
            "topic": meeting.topic,
            "flexible": client.flexible,
            "tier": client.tier,
            "share": client.share,
            "colleague": None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["topic"] = Topic(values["topic"])
        values["tier"] = Tier(values["tier"])
        return cls(**values)

    @property
    def weighty(self) -> bool:
        """A key client, or one bringing KEY_SHARE % or more of your business."""
        return self.tier is Tier.KEY or (self.share is not None and self.share >= KEY_SHARE)


@dataclass(frozen=True, slots=True)
class LoadSnapshot:
    """The meeting's day and week, as the load analysis (DESIGN.md §3) sees them."""

    day: date
    day_status: DayStatus
    day_minutes: int
    day_problems: tuple[Problem, ...]
    week: str  # "2026-W49"
    week_status: DayStatus
    week_minutes: int

    def to_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "day_status": self.day_status.value,
            "day_minutes": self.day_minutes,
            "day_problems": [p.kind.value for p in self.day_problems],
            "week": self.week,
            "week_status": self.week_status.value,
            "week_minutes": self.week_minutes,
        }


@dataclass(slots=True)
class Suggestion:
    """One way to handle the meeting, and why."""

    strategy: Strategy
    rule: str  # short id: "sick", "colleague-leads", "saves-travel", ...
    why: str  # the rule as a sentence, with its numbers
    minutes_freed: int
    load_before: LoadSnapshot
    load_after: LoadSnapshot
    warning: str | None = None
    new_minutes: int | None = None  # shorter: the proposed length
    slots: list[Slot] = field(default_factory=list)  # reschedule/cancel: up to 3 free slots
    colleague: str | None = None  # delegate: who goes instead
    outright: bool = False  # put first by a rule that decides outright

    @property
    def relieves_day(self) -> bool:
        """True when the meeting's day was overloaded and no longer is afterwards."""
        return (
            self.load_before.day_status is DayStatus.OVERLOADED
            and self.load_after.day_status is not DayStatus.OVERLOADED
        )

    def to_dict(self) -> dict:
        return {
            "strategy": self.strategy.value,
            "rule": self.rule,
            "why": self.why,
            "minutes_freed": self.minutes_freed,
            "warning": self.warning,
            "new_minutes": self.new_minutes,
            "colleague": self.colleague,
            "slots": [
                {
                    "start": s.start.isoformat(),
                    "end": s.end.isoformat(),
                    "day_minutes_after": s.day_minutes_after,
                }
                for s in self.slots
            ],
            "load_before": self.load_before.to_dict(),
            "load_after": self.load_after.to_dict(),
        }


# --- small rules ----------------------------------------------------------------------------------


def proposed_minutes(minutes: int) -> int | None:
    """The shorter length to propose, or None when the meeting is too short for it.

    60-120 min -> 30 min (the article: 90 becomes 30); longer -> half, rounded down to a multiple of
    15 (180 -> 90, 150 -> 75). Under SHORTER_FROM: None.
    """
    if minutes < SHORTER_FROM:
        return None
    if minutes <= LONG_MEETING:
        return SHORTER_TO
    return max(SHORTER_TO, (minutes // 2) // 15 * 15)


def recent_count(
    meetings: Iterable[Meeting],
    meeting: Meeting,
    *,
    weeks: int = RECENT_WEEKS,
) -> int:
    """How many meetings with the meeting's client fall in the ``weeks`` weeks before it.

    Counts meetings starting in [start - weeks, start), not the meeting itself, not cancelled ones
    and not all-day events.
    """
    start = meeting.start.astimezone(UTC)
    lo = start - timedelta(weeks=weeks)
    seen: set[str] = set()
    for m in meetings:
        if m.id == meeting.id or m.id in seen or m.client_id != meeting.client_id:
            continue
        if m.status is Status.CANCELLED or m.all_day:
            continue
        if lo <= m.start.astimezone(UTC) < start:
            seen.add(m.id)
    return len(seen)


def minutes_freed(meeting: Meeting, strategy: Strategy, settings: Settings, *, new_minutes: int | None = None) -> int:
    """Time you no longer spend (DESIGN.md §4): travel saved, meeting time saved, minus writing
    time for email and delegate. Moving and keeping free nothing. Never negative."""
    travel = 2 * meeting.travel_each_way
    if strategy is Strategy.PHONE:
        return travel
    if strategy is Strategy.SHORTER:
        target = new_minutes if new_minutes is not None else proposed_minutes(meeting.minutes)
        return max(0, meeting.minutes - (target if target is not None else meeting.minutes))
    if strategy in (Strategy.EMAIL, Strategy.DELEGATE):
        return max(0, meeting.minutes + travel - settings.email_minutes)
    if strategy is Strategy.CANCEL:
        return meeting.minutes + travel
    return 0


def _shift(value: datetime, minutes: int) -> datetime:
    """Add minutes in elapsed time (UTC), back in the value's own zone."""
    return (value.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(value.tzinfo)


def apply(
    meeting: Meeting,
    strategy: Strategy | str,
    *,
    new_minutes: int | None = None,
    slot: Slot | None = None,
    colleague: str | None = None,
) -> Meeting:
    """The meeting as it is once the strategy is carried out (a new object; the input is untouched).

    phone: by phone, no travel. shorter: ends ``new_minutes`` (default :func:`proposed_minutes`)
    after its start. email: replaced by an email. delegate: the colleague leads (``colleague``,
    else the current lead). reschedule: moved to ``slot`` (required). cancel: cancelled. keep: kept.
    """
    strategy = Strategy(strategy)
    if strategy is Strategy.PHONE:
        return meeting.with_changes(location=Location.PHONE, travel_minutes=0, status=Status.PHONE)
    if strategy is Strategy.SHORTER:
        length = new_minutes if new_minutes is not None else proposed_minutes(meeting.minutes)
        if length is None:
            raise PlannerError(
                f"a {meeting.minutes}-min meeting is too short to shorten; shorter fits meetings of "
                f"{SHORTER_FROM} min or more"
            )
        if not 0 < length < meeting.minutes:
            raise PlannerError(
                f"the new length must be between 1 and {meeting.minutes - 1} min (the meeting lasts "
                f"{meeting.minutes} min); got {length}"
            )
        return meeting.with_changes(end=_shift(meeting.start, length), status=Status.SHORTENED)
    if strategy is Strategy.EMAIL:
        return meeting.with_changes(status=Status.EMAIL)
    if strategy is Strategy.DELEGATE:
        lead = (colleague or "").strip() or (None if meeting.led_by_me else meeting.lead)
        if not lead:
            raise PlannerError(
                "delegating needs a colleague to go in your place: name one (you lead this meeting)"
            )
        return meeting.with_changes(status=Status.DELEGATED, lead=lead)
    if strategy is Strategy.RESCHEDULE:
        if slot is None:
            raise PlannerError("rescheduling needs a new time: pick one of the free slots")
        return meeting.with_changes(start=slot.start, end=slot.end, status=Status.RESCHEDULED)
    if strategy is Strategy.CANCEL:
        return meeting.with_changes(status=Status.CANCELLED)
    return meeting.with_changes(status=Status.KEPT)


def unfit_reason(
    meeting: Meeting,
    strategy: Strategy | str,
    answers: Answers,
) -> str | None:
    """Why the strategy does not fit (a sentence), or None when it fits.

    The same rules as :func:`advise`, for a person (or the CLI) who picked a strategy directly.
    """
    strategy = Strategy(strategy)
    if strategy is Strategy.KEEP:
        return None
    if strategy is Strategy.PHONE and meeting.location not in (Location.CLIENT_SITE, Location.OUR_OFFICE):
        return f"phone fits an in-person meeting; this one is already by {meeting.location.value}"
    if strategy is Strategy.SHORTER and proposed_minutes(meeting.minutes) is None:
        return f"shorter fits meetings of {SHORTER_FROM} min or more; this one lasts {meeting.minutes} min"
    if strategy is Strategy.EMAIL:
        if not answers.flexible:
            return "email fits a flexible client; this client is not marked flexible"
        if answers.topic is not Topic.ROUTINE:
            return "email fits a routine topic; this one is important, so talk to them (phone or shorter)"
    if strategy is Strategy.DELEGATE and meeting.led_by_me and not (answers.colleague or "").strip():
        return "delegate fits when a colleague leads the meeting or can go in your place; name the colleague"
    if strategy is Strategy.RESCHEDULE and answers.reason not in (Reason.WORKLOAD, Reason.CONFLICT):
        return f"reschedule fits a heavy workload or a clash, not the reason {answers.reason.value!r}"
    if strategy is Strategy.CANCEL and answers.reason is not Reason.SICK:
        return (
            "cancel fits only when you are ill or facing an emergency (reason sick); "
            "otherwise prefer an alternative"
        )
    return None


# --- the engine -----------------------------------------------------------------------------------


def _snapshot(day: date, pool: Sequence[Meeting], settings: Settings, names: Mapping[str, str]) -> LoadSnapshot:
    w = analyse_week(day, pool, settings, names)
    d = w.days[day.weekday()]  # the week holds the day: no second analysis
    return LoadSnapshot(
        day=day,
        day_status=d.status,
        day_minutes=d.meeting_minutes,
        day_problems=tuple(d.problems),
        week=iso_week(day),
        week_status=w.status,
        week_minutes=w.meeting_minutes,
    )



def _weight(answers: Answers) -> str:
    """ "a key client" / "a client bringing 25 % of your business"."""
    if answers.tier is Tier.KEY or answers.share is None:
        return "a key client"
    return f"a client bringing {answers.share:g} % of your business"


def advise(
    meeting: Meeting,
    client: Client,
    answers: Answers,
    *,
    meetings: Sequence[Meeting],
    settings: Settings,
    today: date,
    client_names: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> list[Suggestion]:
    """Every strategy that fits, best first (see the module docstring for the rules).

    ``now`` (aware), when known, keeps free slots from starting in the past; without it they
    start no earlier than the beginning of ``today``.

    ``meetings``: the meetings around this one: at least its week (for the load), the 6 weeks
    before it (for the repetition rule) and the next ``settings.slot_window_days`` work days (for
    free slots). The meeting itself may or may not be among them. ``today``: free slots start no
    earlier than today. Raises PlannerError for a meeting that no longer takes your time.
    """
    if meeting.status in FREE_STATUSES:
        raise PlannerError(
            f"this meeting is already {meeting.status.value}: it takes none of your time, so there is "
            "nothing to get out of"
        )
    names = dict(client_names or {})
    names.setdefault(client.id, client.name)
    tz = zone(settings.timezone)
    pool = [m for m in meetings if m.id != meeting.id] + [meeting]
    day = meeting.start.astimezone(tz).date()
    before = _snapshot(day, pool, settings, names)
    count = recent_count(pool, meeting)
    repetitive = answers.reason is Reason.REPETITIVE or count >= RECENT_LIMIT
    travel = meeting.travel_each_way
    name = client.name
    length = meeting.minutes
    weak_on_key = answers.weighty and answers.reason is Reason.DISLIKE
    key_warning = (
        f"{name} is {_weight(answers)} and disliking meetings is a weak reason: "
        "the article says keep this one."
    )

    if count >= RECENT_LIMIT:
        how_many = f"You have met {name} {plural(count, 'time')} in the last {RECENT_WEEKS} weeks"
    else:
        how_many = f"You find the meetings with {name} repetitive" + (
            f" ({plural(count, 'meeting')} in the last {RECENT_WEEKS} weeks)" if count else ""
        )

    def after_for(changed: Meeting) -> LoadSnapshot:
        return _snapshot(day, [m for m in pool if m.id != meeting.id] + [changed], settings, names)

    def make(strategy: Strategy, rule: str, why: str, *, changed: Meeting | None, **extra) -> Suggestion:
        freed = minutes_freed(meeting, strategy, settings, new_minutes=extra.get("new_minutes"))
        return Suggestion(
            strategy=strategy,
            rule=rule,
            why=why,
            minutes_freed=freed,
            load_before=before,
            load_after=after_for(changed) if changed is not None else before,
            outright=rule in OUTRIGHT_RULES,
            **extra,
        )

    found: list[Suggestion] = []
    slots_cache: list | None = None

    def slots() -> list:
        nonlocal slots_cache
        if slots_cache is None:
            floor = now if now is not None else datetime.combine(today, time.min, tzinfo=tz)
            after = max(meeting.end.astimezone(UTC), floor.astimezone(UTC)).astimezone(tz)
            slots_cache = free_slots(
                pool,
                settings,
                minutes=length,
                after=after,
                limit=SLOT_LIMIT,
                exclude_id=meeting.id,
                window_days=settings.slot_window_days,
            )
        return slots_cache

    def slot_sentence(found_slots: list) -> str:
        if found_slots:
            return f"{plural(len(found_slots), 'free slot')} found in the next {settings.slot_window_days} work days."
        return f"No free slot in the next {settings.slot_window_days} work days: ask them for times that suit them."

    # cancel: ill or an emergency, any client.
    if answers.reason is Reason.SICK:
        offered = slots()
        found.append(
            make(
                Strategy.CANCEL,
                "sick",
                f"You are ill or facing an emergency: cancelling is fair to any client, as long as you "
                f"offer new times. It frees {length + 2 * travel} min. " + slot_sentence(offered),
                changed=apply(meeting, Strategy.CANCEL),
                slots=offered,
            )
        )

    # delegate: a colleague leads, or one was named who can go in your place.
    colleague = None if meeting.led_by_me else meeting.lead.strip()
    rule = "colleague-leads"
    if colleague is None and (answers.colleague or "").strip():
        colleague, rule = answers.colleague.strip(), "colleague-named"
    if colleague:
        freed = minutes_freed(meeting, Strategy.DELEGATE, settings)
        if rule == "colleague-leads":
            why = (
                f"{colleague} leads this meeting, so your presence is not essential: equip them to "
                f"speak for you and answer {name}'s questions, and it frees {freed} min "
                f"(writing the briefing takes about {settings.email_minutes})."
            )
        else:
            why = (
                f"{colleague} can go in your place: equip them to speak for you and answer {name}'s "
                f"questions, and it frees {freed} min (writing the briefing takes about "
                f"{settings.email_minutes})."
            )
        found.append(
            make(
                Strategy.DELEGATE,
                rule,
                why,
                changed=apply(meeting, Strategy.DELEGATE, colleague=colleague),
                colleague=colleague,
                warning=(
                    f"{name} is {_weight(answers)}: brief {colleague} thoroughly."
                    if weak_on_key
                    else None
                ),
            )
        )

    # phone: an in-person meeting.
    if meeting.location in (Location.CLIENT_SITE, Location.OUR_OFFICE):
        if travel:
            why = (
                f"Phone instead saves 2 × {travel} min of travel and still shows you want to talk."
            )
            rule = "saves-travel"
        else:
            where = "at their site" if meeting.location is Location.CLIENT_SITE else "at your office"
            why = (
                f"Phone instead of meeting {where} spares the trip (none of yours to save, so it frees "
                f"no time) and still shows you want to talk."
            )
            rule = "in-person"
        found.append(
            make(
                Strategy.PHONE,
                rule,
                why,
                changed=apply(meeting, Strategy.PHONE),
                warning=key_warning if weak_on_key else None,
            )
        )

    # shorter: 60 min or more.
    new = proposed_minutes(length)
    if new is not None:
        saved = length - new
        if repetitive:
            rule = "repetitive"
            why = (
                f"{how_many}: cover it in {new} min instead of {length} and move the rest to email "
                f"or phone; it frees {saved} min."
            )
        else:
            rule = "long-meeting"
            why = (
                f"A {length}-min meeting can usually be covered in {new} min; move the rest to email "
                f"or phone. It frees {saved} min."
            )
        found.append(
            make(
                Strategy.SHORTER,
                rule,
                why,
                changed=apply(meeting, Strategy.SHORTER, new_minutes=new),
                new_minutes=new,
                warning=key_warning if weak_on_key else None,
            )
        )

    # email: a flexible client and a routine topic.
    if answers.flexible and answers.topic is Topic.ROUTINE:
        freed = minutes_freed(meeting, Strategy.EMAIL, settings)
        replaced = f"{length} min of meeting" + (f" and 2 × {travel} min of travel" if travel else "")
        if repetitive:
            rule = "repetitive"
            why = (
                f"{how_many}, and they are flexible: a {settings.email_minutes}-min email replaces "
                f"{replaced}, freeing {freed} min."
            )
        else:
            rule = "flexible-routine"
            why = (
                f"{name} is flexible and the topic is routine: a {settings.email_minutes}-min email "
                f"replaces {replaced}, freeing {freed} min."
            )
        later = "If something important comes up, a call may still be needed later."
        found.append(
            make(
                Strategy.EMAIL,
                rule,
                why,
                changed=apply(meeting, Strategy.EMAIL),
                warning=f"{key_warning} {later}" if weak_on_key else later,
            )
        )

    # reschedule: workload or a clash.
    if answers.reason in (Reason.WORKLOAD, Reason.CONFLICT):
        offered = slots()
        moved = apply(meeting, Strategy.RESCHEDULE, slot=offered[0]) if offered else None
        after = after_for(moved) if moved is not None else before
        if answers.reason is Reason.WORKLOAD:
            rule = "reschedule-workload"
            if moved is not None:
                why = (
                    f"Moving it frees no time, but lightens {short_date(day)}: "
                    f"{before.day_status.value} ({format_minutes(before.day_minutes)}) becomes "
                    f"{after.day_status.value} ({format_minutes(after.day_minutes)}). "
                    + slot_sentence(offered)
                )
            else:
                why = "Moving it frees no time but eases the day. " + slot_sentence(offered)
        else:
            rule = "reschedule-conflict"
            why = "Moving it solves the clash and keeps the meeting with the client. " + slot_sentence(offered)
        suggestion = make(Strategy.RESCHEDULE, rule, why, changed=None, slots=offered)
        suggestion.load_after = after
        suggestion.warning = key_warning if weak_on_key else (
            None if offered else "No free time found: the client will have to propose a time."
        )
        found.append(suggestion)

    # keep: always a candidate.
    if weak_on_key:
        keep_rule = "key-client-weak-reason"
        keep_why = (
            f"{name} is {_weight(answers)} and disliking meetings is not a strong reason: "
            "the article says keep the meeting."
        )
    elif not found:
        keep_rule = "nothing-else-fits"
        keep_why = f"No alternative fits ({_why_nothing(meeting, answers)}): keep the meeting."
    else:
        keep_rule = "keep-option"
        keep_why = "Keeping the meeting frees no time but costs nothing with the client."
    found.append(make(Strategy.KEEP, keep_rule, keep_why, changed=apply(meeting, Strategy.KEEP)))

    return _rank(found, answers, repetitive)


def _why_nothing(meeting: Meeting, answers: Answers) -> str:
    parts = [f"{meeting.minutes} min"]
    if meeting.location in (Location.VIDEO, Location.PHONE):
        parts.append(f"already by {meeting.location.value}")
    if meeting.led_by_me:
        parts.append("you lead it")
    if not answers.flexible:
        parts.append("the client is not flexible")
    elif answers.topic is Topic.IMPORTANT:
        parts.append("an important topic")
    parts.append(f"reason {answers.reason.value}")
    return ", ".join(parts)


def _rank(found: list[Suggestion], answers: Answers, repetitive: bool) -> list[Suggestion]:
    live_first = answers.tier in (Tier.KEY, Tier.IMPORTANT) or answers.weighty

    def key(s: Suggestion):
        if s.outright:
            return (0, OUTRIGHT_RULES.index(s.rule), 0, 0, 0)
        if s.strategy is Strategy.KEEP:
            return (2, 0, 0, 0, 0)
        tier_group = 0 if (not live_first or s.strategy in LIVE_CONTACT) else 1
        favoured = 0 if (not repetitive or s.strategy in FAVOURED_WHEN_REPETITIVE) else 1
        return (1, tier_group, favoured, -s.minutes_freed, _ORDER.index(s.strategy))

    return sorted(found, key=key)
