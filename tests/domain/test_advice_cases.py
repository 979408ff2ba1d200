"""The advice engine, case by case: each case is a situation from client work, the rule it checks,
and what a seasoned account manager would expect. Written from the article's principles (see the
docstring of planner.domain.advice), not from the engine's output.

The meeting under advice is on Tuesday, 8 December 2026 (Copenhagen, work 09-17 Mon-Fri); *now*
is Monday, 30 November 09:00 unless a case says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.domain.advice import Answers, MeetingOver, advise
from planner.domain.models import (
    Client,
    Location,
    Meeting,
    Reason,
    Settings,
    Source,
    Status,
    Strategy,
    Tier,
    Topic,
)

TZ = ZoneInfo("Europe/Copenhagen")
SETTINGS = Settings()
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=TZ)
DAY = date(2026, 12, 8)

P, SH, EM, DE, RE, CA, LO, KE = (Strategy.PHONE, Strategy.SHORTER, Strategy.EMAIL, Strategy.DELEGATE,
                                 Strategy.RESCHEDULE, Strategy.CANCEL, Strategy.LESS_OFTEN, Strategy.KEEP)


def at(hhmm: str, day: date = DAY) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Case:
    name: str
    rule: str  # the principle the case checks
    # the client
    tier: Tier = Tier.REGULAR
    share: float | None = None
    flexible: bool = False
    # the meeting
    start: str = "10:00"
    minutes: int = 60
    location: Location = Location.OUR_OFFICE
    travel: int = 0
    lead: str = "me"
    topic: Topic = Topic.ROUTINE
    # the answers and the clock
    reason: Reason = Reason.WORKLOAD
    colleague: str | None = None
    now: datetime = NOW
    # around it
    recent: int = 0  # earlier meetings with the client, one a week before
    changed: int = 0  # earlier meetings with the client you changed (moved), in the last weeks
    day_load: list = field(default_factory=list)  # (start, minutes, lead) of other meetings that day
    series: str = ""  # "weekly", "imported", "irregular": future occurrences of the same meeting
    # what a person expects
    error: type | None = None
    first: Strategy | None = None
    first_rule: str | None = None
    has: tuple = ()
    lacks: tuple = ()
    above: tuple = ()  # (a, b): a ranks above b
    check: object = None  # a function(advice) -> None with further assertions


def build(case: Case):
    client = Client(name="Nordlys Energi", tier=case.tier, share=case.share, flexible=case.flexible)
    other = Client(name="Acme", tier=Tier.REGULAR)
    start = at(case.start)
    meeting = Meeting(client_id=client.id, title="Account review", start=start,
                      end=start + timedelta(minutes=case.minutes), location=case.location,
                      travel_minutes=case.travel, lead=case.lead, topic=case.topic)
    pool = []
    for i in range(case.recent):
        when = start - timedelta(weeks=i + 1, days=1)
        pool.append(Meeting(client_id=client.id, title=f"Earlier {i}", start=when, end=when + timedelta(hours=1),
                            location=Location.VIDEO, status=Status.KEPT))
    for i in range(case.changed):
        when = NOW - timedelta(days=3 + 7 * i)
        pool.append(Meeting(client_id=client.id, title=f"Moved {i}", start=when, end=when + timedelta(hours=1),
                            location=Location.VIDEO, status=Status.RESCHEDULED))
    for n, (hhmm, minutes, lead) in enumerate(case.day_load):
        begin = at(hhmm)
        pool.append(Meeting(client_id=other.id, title=f"Other {n}", start=begin, end=begin + timedelta(minutes=minutes),
                            location=Location.VIDEO, lead=lead))
    if case.series:
        source = Source("series-uid", None) if case.series == "imported" else None
        if source:
            meeting = meeting.with_changes(source=Source("series-uid", start.isoformat()))
        gaps = [7, 7, 7, 7, 7, 7, 7, 7] if case.series != "irregular" else [3, 11, 6, 15, 2, 9, 8, 4]
        when = start
        for i, gap in enumerate(gaps):
            when = when + timedelta(days=gap)
            pool.append(Meeting(client_id=client.id, title="Account review", start=when,
                                end=when + timedelta(minutes=case.minutes), location=case.location,
                                travel_minutes=case.travel,
                                source=Source("series-uid", when.isoformat()) if source else None))
    answers = Answers.prefilled(meeting, client, case.reason, colleague=case.colleague)
    return meeting, client, answers, pool + [meeting]


def run(case: Case):
    meeting, client, answers, pool = build(case)
    return advise(meeting, client, answers, meetings=pool, settings=SETTINGS, now=case.now,
                  client_names={client.id: client.name})


def order(advice) -> list[Strategy]:
    return [s.strategy for s in advice]


# --- further checks ---------------------------------------------------------------------------------


def _wrap_up_ends_on_a_quarter_hour(advice):
    s = advice.find(SH)
    end = s.changed[0].end.astimezone(TZ)
    assert end.minute % 15 == 0 and end >= NOW_UNDER_WAY + timedelta(minutes=10)
    assert s.minutes_freed == 90 - s.new_minutes


def _short_notice_warned(strategy):
    def check(advice):
        assert "short-notice" in [w.code for w in advice.find(strategy).warnings]
    return check


def _no_short_notice(advice):
    assert all(w.code != "short-notice" for s in advice for w in s.warnings)


def _alternatives_warned(advice):
    for s in advice:
        if s.strategy is not KE:
            assert s.warnings and s.warnings[0].code == "weighty-weak-reason", s.strategy


def _sick_slots_from_second_work_day(advice):
    slots = advice.find(CA).slots
    assert slots, "new times are offered"
    # now is Monday 30 Nov; the second work day after it is Wednesday 2 Dec.
    assert all(s.start.astimezone(TZ).date() >= date(2026, 12, 2) for s in slots)


def _freed(strategy, minutes):
    def check(advice):
        assert advice.find(strategy).minutes_freed == minutes
    return check


def _new_minutes(strategy, minutes):
    def check(advice):
        assert advice.find(strategy).new_minutes == minutes
    return check


def _warned(strategy, code):
    def check(advice):
        assert code in [w.code for w in advice.find(strategy).warnings]
    return check


def _no_slot_on_its_own_day(advice):
    slots = advice.find(RE).slots
    assert slots
    assert all(s.start.astimezone(TZ).date() != DAY for s in slots)
    assert all(s.day_minutes_after <= SETTINGS.busy_minutes for s in slots)


def _slots_collide_with_nothing(advice):
    sit = advice.situation
    for slot in advice.find(RE).slots:
        for m in sit.others:
            assert not (m.start < slot.end and m.end > slot.start)


def _reschedule_target_day_reported(advice):
    s = advice.find(RE)
    assert s.target_before is not None and s.target_after is not None
    assert s.target_after.day_minutes == s.target_before.day_minutes + 60


def _solves(strategy, expected):
    def check(advice):
        assert advice.find(strategy).solves is expected
        if expected:
            assert "double-booked" in advice.find(strategy).resolves
    return check


def _first_solves(advice):
    assert advice[0].solves and "double-booked" in advice[0].resolves


def _colleague_side_named(advice):
    [clash] = advice.clashes
    assert clash.led_by_colleague and clash.lead == "Mads"


def _shortened_from_the_start(advice):
    s = advice.find(SH)
    assert s.new_start == at("15:00") and s.solves


def _costs_more(case_a, case_b, strategy):
    def check(advice):
        other = run(case_b)
        assert advice.find(strategy).cost > other.find(strategy).cost
    return check


def _resolves(strategy, problem):
    def check(advice):
        assert problem in advice.find(strategy).resolves
    return check


def _every_other(advice):
    s = advice.find(LO)
    assert s.per_month > 0
    dropped = [m for m in s.changed if m.status is Status.CANCELLED]
    assert len(dropped) == len(s.changed) and s.changed[0].title == "Account review"
    gaps = {(b.start - a.start).days for a, b in zip(s.changed, s.changed[1:])}
    assert gaps == {14}


def _idle_below_keep(strategy):
    def check(advice):
        ranks = order(advice)
        assert ranks.index(KE) < ranks.index(strategy)
        assert advice.find(strategy).minutes_freed == 0
    return check


NOW_UNDER_WAY = at("10:40")
TOMORROW = datetime(2026, 12, 7, 15, 0, tzinfo=TZ)  # 19 hours before the meeting
BUSY_DAY = [("09:00", 60, "me"), ("11:30", 60, "me"), ("13:00", 90, "me")]  # with the meeting: 4 h 30
# With the 60-min meeting: 5 h 45 min (overloaded); without it: 4 h 45 min (busy).
OVERLOADED = [("09:00", 45, "me"), ("11:15", 90, "me"), ("13:00", 120, "me"), ("15:30", 30, "me")]
# With a 60-min meeting and 90 min travel each way: 5 h 45 min; by phone: 2 h 45 min.
TRIP_DAY = [("14:00", 60, "me"), ("16:00", 45, "me")]

CASES = [
    # --- time -----------------------------------------------------------------------------------
    Case("a meeting two days ago", "a meeting that has ended gets no advice", now=at("10:00") + timedelta(days=2),
         error=MeetingOver),
    Case("ended a minute ago", "a meeting that has ended gets no advice", now=at("11:01"), error=MeetingOver),
    Case("under way at their office", "under way: only wrap up early, never travel saved", minutes=90,
         location=Location.CLIENT_SITE, travel=45, now=NOW_UNDER_WAY, first=SH, first_rule="under-way",
         lacks=(P, EM, RE, DE), check=_wrap_up_ends_on_a_quarter_hour),
    Case("under way, ending in ten minutes", "under way: nothing left to wrap up", now=at("10:50"), first=KE,
         lacks=(SH, P, EM, RE)),
    Case("tomorrow, email to a flexible client", "within 24 h the sentences say it is short notice",
         flexible=True, now=TOMORROW, has=(EM,), check=_short_notice_warned(EM)),
    Case("next month", "short notice only within 24 h", flexible=True, now=NOW - timedelta(days=30),
         check=_no_short_notice),
    Case("tomorrow, a new time costs more than next week", "short notice makes moving it cost more",
         now=TOMORROW, has=(RE,), check=_costs_more(None, Case("x", "x"), RE)),
    # --- the relationship and the reason ------------------------------------------------------------
    Case("key client, I'd rather not", "weighty client and a weak reason: keep", tier=Tier.KEY,
         reason=Reason.DISLIKE, location=Location.CLIENT_SITE, travel=40, minutes=90, first=KE,
         first_rule="weighty-weak-reason", check=_alternatives_warned),
    Case("a quarter of my business, I'd rather not", "a 20 %+ share weighs like a key client", share=25.0,
         reason=Reason.DISLIKE, first=KE, first_rule="weighty-weak-reason"),
    Case("15 % of my business, I'd rather not", "under 20 % the weak-reason rule does not decide",
         share=15.0, reason=Reason.DISLIKE, location=Location.CLIENT_SITE, travel=90,
         check=lambda a: a[0].rule != "weighty-weak-reason"),
    Case("key client, I am ill", "sick: cancelling is fair to any client", tier=Tier.KEY, reason=Reason.SICK,
         first=CA, first_rule="sick"),
    Case("minor client, I am ill", "sick: cancel with new times", tier=Tier.MINOR, reason=Reason.SICK, first=CA,
         check=_sick_slots_from_second_work_day),
    Case("ill, and a colleague leads it", "a colleague leads comes before sick -> cancel", reason=Reason.SICK,
         lead="Mads", first=DE, above=((DE, CA),)),
    Case("ill, new times", "sick: no new time before the second work day", reason=Reason.SICK,
         check=_sick_slots_from_second_work_day),
    Case("regular client, I'd rather not, by video", "an option that frees little for a weak reason stays below keep",
         reason=Reason.DISLIKE, location=Location.VIDEO, first=KE),
    Case("regular client, I'd rather not, three hours on the road", "a call saving hours beats keeping it",
         reason=Reason.DISLIKE, location=Location.CLIENT_SITE, travel=90, above=((P, KE),)),
    Case("workload: no cancelling", "cancel fits only sick", reason=Reason.WORKLOAD, lacks=(CA,)),
    Case("dislike: no cancelling", "cancel fits only sick", reason=Reason.DISLIKE, lacks=(CA,)),
    # --- a colleague ------------------------------------------------------------------------------
    Case("a colleague leads it", "a colleague leads: delegate first", lead="Mads", first=DE,
         first_rule="colleague-leads"),
    Case("key client, colleague leads, I'd rather not", "colleague leads outranks the weak-reason rule",
         tier=Tier.KEY, reason=Reason.DISLIKE, lead="Mads", first=DE, above=((DE, KE),)),
    Case("I lead, a colleague could go", "a named colleague makes delegate fit", colleague="Mads", has=(DE,),
         check=lambda a: a.find(DE).rule == "colleague-named" and not a.find(DE).outright),
    Case("I lead, nobody named", "delegate needs a colleague", lacks=(DE,)),
    Case("key client, colleague leads", "brief the colleague thoroughly for a weighty client", tier=Tier.KEY,
         lead="Mads", check=_warned(DE, "brief-thoroughly")),
    # --- a call -----------------------------------------------------------------------------------
    Case("an hour each way", "a call saves the travel both ways", location=Location.CLIENT_SITE, travel=60,
         minutes=45, has=(P,), check=_freed(P, 120)),
    Case("45 min at our office", "a call that frees nothing stays below keep", minutes=45,
         check=_idle_below_keep(P)),
    Case("already by video", "a call fits an in-person meeting", location=Location.VIDEO, lacks=(P,)),
    Case("already a phone call", "a call fits an in-person meeting", location=Location.PHONE, lacks=(P,)),
    Case("90 min at their office, workload", "a call and shorter in one: a 30-min call instead of 90 min there",
         location=Location.CLIENT_SITE, travel=45, minutes=90,
         check=lambda a: (a.find(P).rule == "shorter-call", a.find(P).new_minutes == 30, a.find(P).minutes_freed == 150)),
    Case("important topic at their office, workload", "an important topic loses at most a third, even on a call",
         location=Location.CLIENT_SITE, travel=30, minutes=90, topic=Topic.IMPORTANT,
         check=lambda a: (_new_minutes(P, 60)(a), _warned(P, "important-cut")(a))),
    Case("something came up, meeting at our office", "a call at the same hour does not free that hour",
         reason=Reason.CONFLICT, first=RE, check=lambda a: a.find(P).solves is False),
    # --- shorter ----------------------------------------------------------------------------------
    Case("a 45-min meeting", "shorter fits 60 min or more", minutes=45, lacks=(SH,)),
    Case("an hour, routine", "routine shortens to 30 min", minutes=60, check=_new_minutes(SH, 30)),
    Case("90 min account performance", "the article: 90 becomes 30", minutes=90, check=_new_minutes(SH, 30)),
    Case("two-hour important review", "never cut an important topic by more than a third", minutes=120,
         topic=Topic.IMPORTANT, check=_new_minutes(SH, 90)),
    Case("three-hour routine workshop", "a long routine meeting is halved", minutes=180, check=_new_minutes(SH, 90)),
    Case("two-hour contract negotiation", "an important topic is never cut to 30 min", minutes=120,
         topic=Topic.IMPORTANT, check=lambda a: a.find(SH).new_minutes >= 80),
    Case("important topic, shorter", "an important cut carries a warning", minutes=90, topic=Topic.IMPORTANT,
         check=_warned(SH, "important-cut")),
    # --- email ------------------------------------------------------------------------------------
    Case("flexible client, routine", "email fits a flexible client and a routine topic", flexible=True,
         has=(EM,), check=_warned(EM, "call-later")),
    Case("not flexible", "email needs a flexible client", lacks=(EM,)),
    Case("flexible, important topic", "email needs a routine topic", flexible=True, topic=Topic.IMPORTANT, lacks=(EM,)),
    Case("key client's important topic", "never email a key client's important topic", tier=Tier.KEY, flexible=True,
         topic=Topic.IMPORTANT, lacks=(EM,)),
    Case("email at their office", "email frees the meeting and the travel minus the writing",
         flexible=True, location=Location.CLIENT_SITE, travel=20, check=_freed(EM, 60 + 40 - 10)),
    # --- meeting often --------------------------------------------------------------------------------
    Case("met 4 times, 3 hours on the road, overloaded", "frequency never beats the far bigger saving",
         recent=4, location=Location.CLIENT_SITE, travel=90, day_load=TRIP_DAY, above=((P, SH),),
         check=_resolves(P, "overloaded")),
    Case("met 4 times, flexible, by video", "frequency favours email for a flexible client", recent=4,
         flexible=True, location=Location.VIDEO, first=EM, first_rule="repetitive"),
    Case("repetitive, 90 min by video, not flexible", "repetitive: a shorter meeting, with the count",
         reason=Reason.REPETITIVE, recent=2, minutes=90, location=Location.VIDEO, first=SH, first_rule="repetitive"),
    Case("met often, but a colleague leads", "frequency does not override a colleague leading", recent=4, lead="Mads",
         minutes=90, first=DE),
    # --- moving it ----------------------------------------------------------------------------------
    Case("workload, new times", "for workload never the meeting's own day, only days under the busy line",
         day_load=BUSY_DAY, check=_no_slot_on_its_own_day),
    Case("something came up, new times", "for a clash any time that collides with nothing",
         reason=Reason.CONFLICT, day_load=[("14:00", 60, "me")], check=_slots_collide_with_nothing),
    Case("repetitive: no new time", "reschedule fits workload and conflict", reason=Reason.REPETITIVE, lacks=(RE,)),
    Case("dislike: no new time", "reschedule fits workload and conflict", reason=Reason.DISLIKE, lacks=(RE,)),
    Case("moving frees nothing", "moving a meeting frees no time", check=_freed(RE, 0)),
    Case("moving, both days", "the sentence gives the true before and after of both days", day_load=BUSY_DAY,
         check=_reschedule_target_day_reported),
    # --- clashes -------------------------------------------------------------------------------------
    Case("double-booked, something came up", "under a clash, what removes the overlap comes first",
         reason=Reason.CONFLICT, location=Location.VIDEO, start="14:00", day_load=[("14:30", 45, "me")], has=(RE,),
         check=lambda a: (_solves(RE, True)(a), _first_solves(a))),
    Case("double-booked at their office, workload", "a call at the same hour does not remove the overlap",
         location=Location.CLIENT_SITE, travel=20, start="14:00", minutes=45, day_load=[("14:30", 45, "me")],
         above=((RE, P),), check=lambda a: a.find(P).solves is False),
    Case("clash at the end, routine hour", "shorter removes the clash when cut from the right end", start="14:00",
         day_load=[("14:45", 45, "me")], check=_solves(SH, True)),
    Case("clash at the start", "shorter is cut from whichever end frees the clash", start="14:00", minutes=90,
         day_load=[("13:30", 45, "me")], check=_shortened_from_the_start),
    Case("clash with a colleague's meeting", "the other side of a clash, led by a colleague, is named",
         start="14:00", day_load=[("14:30", 45, "Mads")], check=_colleague_side_named),
    # --- keep ------------------------------------------------------------------------------------------
    Case("nothing fits", "keep when no alternative fits", location=Location.VIDEO, minutes=30,
         reason=Reason.REPETITIVE, first=KE, first_rule="nothing-else-fits"),
    Case("keep is always there", "keep is always a candidate", location=Location.CLIENT_SITE, travel=30,
         flexible=True, has=(KE,)),
    Case("moving without a free slot", "an option that frees nothing and resolves nothing stays below keep",
         day_load=[], check=lambda a: order(a).index(KE) < order(a).index(RE) or a.find(RE).resolves),
    # --- cost --------------------------------------------------------------------------------------------
    Case("key client vs minor client", "intrusion weighs more with a key client", tier=Tier.KEY,
         location=Location.CLIENT_SITE, travel=30,
         check=_costs_more(None, Case("minor", "x", tier=Tier.MINOR, location=Location.CLIENT_SITE, travel=30), P)),
    Case("you already moved two of theirs", "recent changes to their meetings cost more", changed=2,
         location=Location.CLIENT_SITE, travel=30,
         check=_costs_more(None, Case("none", "x", location=Location.CLIENT_SITE, travel=30), P)),
    Case("overloaded day, email", "an option that brings the day out of overloaded says so", flexible=True,
         day_load=OVERLOADED, check=_resolves(EM, "overloaded")),
    Case("flexible minor client, workload", "a cheap option with a real saving ranks above keep",
         tier=Tier.MINOR, flexible=True, location=Location.VIDEO, first=EM),
    # --- meeting less often ---------------------------------------------------------------------------------
    Case("a weekly meeting, repetitive", "a repeating meeting: every other occurrence for two months",
         reason=Reason.REPETITIVE, location=Location.VIDEO, series="weekly", has=(LO,), check=_every_other),
    Case("irregular meetings", "less often needs a steady interval", reason=Reason.REPETITIVE, series="irregular",
         lacks=(LO,)),
    Case("an imported series", "an imported series repeats", reason=Reason.WORKLOAD, series="imported", has=(LO,)),
    Case("a weekly meeting, something came up", "less often is not an answer to one clash",
         reason=Reason.CONFLICT, series="weekly", lacks=(LO,)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_advice_case(case: Case):
    if case.error is not None:
        with pytest.raises(case.error):
            run(case)
        return
    advice = run(case)
    strategies = order(advice)
    assert strategies.count(KE) == 1, f"[{case.rule}] keep is always a candidate"
    if case.first is not None:
        assert strategies[0] is case.first, f"[{case.rule}] expected {case.first} first, got {strategies}"
    if case.first_rule is not None:
        assert advice[0].rule == case.first_rule, f"[{case.rule}] got rule {advice[0].rule}"
    for strategy in case.has:
        assert strategy in strategies, f"[{case.rule}] {strategy} missing from {strategies}"
    for strategy in case.lacks:
        assert strategy not in strategies, f"[{case.rule}] {strategy} should not be offered: {strategies}"
    for a, b in case.above:
        assert strategies.index(a) < strategies.index(b), f"[{case.rule}] {a} should rank above {b}: {strategies}"
    if case.check is not None:
        case.check(advice)


def test_there_are_at_least_sixty_cases_each_naming_its_rule():
    assert len(CASES) >= 60
    assert all(c.rule for c in CASES)
