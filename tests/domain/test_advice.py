"""The advice engine: every rule of DESIGN.md §4 and how they play together."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.domain.advice import (
    Answers,
    advise,
    apply,
    minutes_freed,
    proposed_minutes,
    recent_count,
    unfit_reason,
)
from planner.domain.errors import PlannerError
from planner.domain.load import DayStatus
from planner.domain.models import (
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
from planner.domain.slots import Slot

TZ = ZoneInfo("Europe/Copenhagen")
SETTINGS = Settings()
TODAY = date(2026, 11, 30)  # a Monday
START = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)  # Tuesday


def scenario(
    *,
    tier=Tier.REGULAR,
    share=None,
    flexible=False,
    reason=Reason.WORKLOAD,
    topic=Topic.ROUTINE,
    location=Location.OUR_OFFICE,
    travel=0,
    minutes=60,
    lead="me",
    recent=0,
    recent_weeks_ago=1,
    colleague=None,
    others=(),
):
    client = Client(name="Nordlys Energi", tier=tier, share=share, flexible=flexible)
    meeting = Meeting(
        client_id=client.id,
        title="Account review",
        start=START,
        end=START + timedelta(minutes=minutes),
        location=location,
        travel_minutes=travel,
        lead=lead,
        topic=topic,
    )
    history = [
        Meeting(
            client_id=client.id,
            title=f"Earlier {i}",
            start=START - timedelta(weeks=recent_weeks_ago, days=i),
            end=START - timedelta(weeks=recent_weeks_ago, days=i) + timedelta(hours=1),
        )
        for i in range(recent)
    ]
    answers = Answers.prefilled(meeting, client, reason, colleague=colleague)
    suggestions = advise(
        meeting,
        client,
        answers,
        meetings=[*history, *others],
        settings=SETTINGS,
        today=TODAY,
        client_names={client.id: client.name},
    )
    return meeting, suggestions


def by_strategy(suggestions):
    return {s.strategy.value: s for s in suggestions}


def order(suggestions):
    return [s.strategy.value for s in suggestions]


# Each case: (id, scenario keywords, expectations)
#   first: the top strategy; starts: the order begins so; exact: the whole order;
#   rules: strategy -> rule id; absent: strategies that must not be offered;
#   freed: strategy -> minutes freed; warned: strategies that must carry a warning;
#   unwarned: strategies that must not; why: strategy -> text its sentence contains.
CASES = [
    ("sick-regular-cancels", dict(reason=Reason.SICK),
     dict(first="cancel", rules={"cancel": "sick"}, freed={"cancel": 60})),
    ("sick-key-client-still-cancels", dict(reason=Reason.SICK, tier=Tier.KEY, share=40),
     dict(first="cancel", rules={"cancel": "sick"})),
    ("sick-and-colleague-leads", dict(reason=Reason.SICK, lead="Jonas"),
     dict(starts=["cancel", "delegate"])),
    ("sick-offers-no-reschedule", dict(reason=Reason.SICK),
     dict(absent=["reschedule"])),
    ("sick-cancel-frees-travel-too", dict(reason=Reason.SICK, location=Location.CLIENT_SITE, travel=30),
     dict(first="cancel", freed={"cancel": 120})),
    ("colleague-leads-delegates-first", dict(lead="Jonas", location=Location.VIDEO),
     dict(first="delegate", rules={"delegate": "colleague-leads"}, freed={"delegate": 50},
          why={"delegate": "Jonas leads this meeting"})),
    ("colleague-leads-before-key-weak-reason", dict(lead="Jonas", tier=Tier.KEY, reason=Reason.DISLIKE),
     dict(starts=["delegate", "keep"], rules={"keep": "key-client-weak-reason"})),
    ("key-client-dislike-keeps", dict(tier=Tier.KEY, reason=Reason.DISLIKE, location=Location.CLIENT_SITE,
                                      travel=35, minutes=90),
     dict(first="keep", rules={"keep": "key-client-weak-reason"}, warned=["phone", "shorter"],
          why={"keep": "key client"})),
    ("share-25-dislike-keeps", dict(share=25, reason=Reason.DISLIKE, minutes=90),
     dict(first="keep", rules={"keep": "key-client-weak-reason"}, warned=["shorter"],
          why={"keep": "25 % of your business"})),
    ("share-exactly-20-dislike-keeps", dict(share=20, reason=Reason.DISLIKE, minutes=90),
     dict(first="keep")),
    ("share-19-dislike-does-not-keep", dict(share=19.5, reason=Reason.DISLIKE, location=Location.CLIENT_SITE,
                                            travel=35),
     dict(first="phone", unwarned=["phone"], rules={"keep": "keep-option"})),
    ("key-client-real-reason-not-kept-first", dict(tier=Tier.KEY, location=Location.CLIENT_SITE, travel=35,
                                                  minutes=90),
     dict(exact=["phone", "shorter", "reschedule", "keep"], unwarned=["phone", "shorter"])),
    ("important-tier-dislike-not-kept-first", dict(tier=Tier.IMPORTANT, reason=Reason.DISLIKE, minutes=90),
     dict(first="shorter", rules={"keep": "keep-option"})),
    ("phone-saves-travel-both-ways", dict(location=Location.CLIENT_SITE, travel=35),
     dict(rules={"phone": "saves-travel"}, freed={"phone": 70}, why={"phone": "2 × 35 min of travel"})),
    ("phone-at-our-office-frees-nothing", dict(location=Location.OUR_OFFICE),
     dict(rules={"phone": "in-person"}, freed={"phone": 0})),
    ("phone-not-for-video", dict(location=Location.VIDEO),
     dict(absent=["phone"])),
    ("phone-not-for-a-call", dict(location=Location.PHONE),
     dict(absent=["phone"])),
    ("shorter-60-to-30", dict(minutes=60),
     dict(rules={"shorter": "long-meeting"}, freed={"shorter": 30}, why={"shorter": "covered in 30 min"})),
    ("shorter-90-to-30", dict(minutes=90),
     dict(freed={"shorter": 60}, why={"shorter": "A 90-min meeting"})),
    ("shorter-240-to-half", dict(minutes=240),
     dict(freed={"shorter": 120})),
    ("shorter-not-under-60", dict(minutes=45),
     dict(absent=["shorter"])),
    ("email-flexible-routine", dict(flexible=True, location=Location.CLIENT_SITE, travel=20),
     dict(rules={"email": "flexible-routine"}, freed={"email": 90}, warned=["email"],
          why={"email": "10-min email replaces 60 min of meeting and 2 × 20 min of travel"})),
    ("email-not-for-inflexible-client", dict(flexible=False),
     dict(absent=["email"])),
    ("email-not-for-important-topic", dict(flexible=True, topic=Topic.IMPORTANT),
     dict(absent=["email"])),
    ("key-important-topic-gets-no-email", dict(tier=Tier.KEY, flexible=True, topic=Topic.IMPORTANT,
                                               minutes=90, location=Location.CLIENT_SITE, travel=35),
     dict(absent=["email"], starts=["phone", "shorter"])),
    ("delegate-not-when-i-lead", dict(lead="me"),
     dict(absent=["delegate"])),
    ("delegate-with-named-colleague-ranks-by-minutes", dict(colleague="Mads", minutes=90,
                                                             location=Location.CLIENT_SITE, travel=35),
     dict(exact=["delegate", "phone", "shorter", "reschedule", "keep"], rules={"delegate": "colleague-named"})),
    ("repetitive-favours-shorter-and-email", dict(reason=Reason.REPETITIVE, flexible=True, minutes=90,
                                                  location=Location.CLIENT_SITE, travel=35),
     dict(exact=["email", "shorter", "phone", "keep"], rules={"shorter": "repetitive", "email": "repetitive"})),
    ("three-recent-meetings-count-as-repetitive", dict(recent=3, minutes=90, location=Location.CLIENT_SITE,
                                                      travel=35),
     dict(starts=["shorter", "phone"], rules={"shorter": "repetitive"},
          why={"shorter": "met Nordlys Energi 3 times in the last 6 weeks"})),
    ("two-recent-meetings-do-not", dict(recent=2, minutes=90, location=Location.CLIENT_SITE, travel=35),
     dict(starts=["phone", "shorter"], rules={"shorter": "long-meeting"})),
    ("meetings-seven-weeks-ago-do-not", dict(recent=4, recent_weeks_ago=7, minutes=90),
     dict(rules={"shorter": "long-meeting"})),
    ("reschedule-for-workload", dict(reason=Reason.WORKLOAD),
     dict(rules={"reschedule": "reschedule-workload"}, freed={"reschedule": 0})),
    ("reschedule-for-conflict", dict(reason=Reason.CONFLICT),
     dict(rules={"reschedule": "reschedule-conflict"}, why={"reschedule": "solves the clash"})),
    ("no-reschedule-for-dislike", dict(reason=Reason.DISLIKE),
     dict(absent=["reschedule", "cancel"])),
    ("no-reschedule-for-repetitive", dict(reason=Reason.REPETITIVE),
     dict(absent=["reschedule", "cancel"])),
    ("no-cancel-for-workload", dict(reason=Reason.WORKLOAD, tier=Tier.MINOR),
     dict(absent=["cancel"])),
    ("nothing-else-fits-keeps", dict(reason=Reason.DISLIKE, location=Location.VIDEO, minutes=45),
     dict(exact=["keep"], rules={"keep": "nothing-else-fits"}, why={"keep": "you lead it"})),
    ("regular-client-ranked-by-minutes", dict(flexible=True, minutes=90, location=Location.CLIENT_SITE,
                                              travel=35),
     dict(exact=["email", "phone", "shorter", "reschedule", "keep"], freed={"email": 150})),
    ("key-client-live-contact-before-email", dict(tier=Tier.KEY, flexible=True, minutes=90,
                                                  location=Location.CLIENT_SITE, travel=35),
     dict(exact=["phone", "shorter", "email", "reschedule", "keep"])),
    ("important-client-live-contact-before-delegate", dict(tier=Tier.IMPORTANT, colleague="Mads", minutes=90),
     dict(exact=["shorter", "phone", "delegate", "reschedule", "keep"])),
    ("key-repetitive-shorter-phone-then-email", dict(tier=Tier.KEY, reason=Reason.REPETITIVE, flexible=True,
                                                     minutes=90, location=Location.CLIENT_SITE, travel=35),
     dict(exact=["shorter", "phone", "email", "keep"])),
    ("email-for-a-short-meeting-frees-little", dict(flexible=True, minutes=15, location=Location.VIDEO),
     dict(freed={"email": 5})),
]


@pytest.mark.parametrize("kwargs,expect", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules_table(kwargs, expect):
    _, suggestions = scenario(**kwargs)
    got = order(suggestions)
    found = by_strategy(suggestions)
    # Always: keep is a candidate; every strategy once; a sentence and minutes each.
    assert got.count("keep") == 1
    assert len(got) == len(set(got))
    for s in suggestions:
        assert s.why.strip() and s.rule and s.minutes_freed >= 0
    if "first" in expect:
        assert got[0] == expect["first"], got
    if "starts" in expect:
        assert got[: len(expect["starts"])] == expect["starts"], got
    if "exact" in expect:
        assert got == expect["exact"]
    for strategy, rule in expect.get("rules", {}).items():
        assert found[strategy].rule == rule
    for strategy in expect.get("absent", ()):
        assert strategy not in found, got
    for strategy, minutes in expect.get("freed", {}).items():
        assert found[strategy].minutes_freed == minutes
    for strategy in expect.get("warned", ()):
        assert found[strategy].warning
    for strategy in expect.get("unwarned", ()):
        assert found[strategy].warning is None
    for strategy, text in expect.get("why", {}).items():
        assert text in found[strategy].why, found[strategy].why


def test_table_has_at_least_25_cases():
    assert len(CASES) >= 25


def test_sick_cancel_offers_new_times():
    _, suggestions = scenario(reason=Reason.SICK)
    cancel = by_strategy(suggestions)["cancel"]
    assert 1 <= len(cancel.slots) <= 3
    assert all(s.start > START for s in cancel.slots)
    assert "offer new times" in cancel.why


def test_key_weak_reason_warning_is_honest_for_every_alternative():
    _, suggestions = scenario(tier=Tier.KEY, reason=Reason.DISLIKE, flexible=True, minutes=90,
                              location=Location.CLIENT_SITE, travel=35)
    for s in suggestions[1:]:
        assert "key client" in s.warning and "weak reason" in s.warning
    email = by_strategy(suggestions)["email"]
    assert "call may still be needed later" in email.warning


def test_reschedule_offers_at_most_three_slots_away_from_other_meetings():
    busy = [
        Meeting(client_id="other", title=f"Other {d}", start=datetime(2026, 12, d, 9, tzinfo=TZ),
                end=datetime(2026, 12, d, 12, tzinfo=TZ))
        for d in (2, 3)
    ]
    _, suggestions = scenario(reason=Reason.WORKLOAD, others=busy)
    reschedule = by_strategy(suggestions)["reschedule"]
    assert 1 <= len(reschedule.slots) <= 3
    for slot in reschedule.slots:
        assert slot.end - slot.start == timedelta(minutes=60)
        # Wed and Thu already hold 3 h of meetings: a slot there would make them busy.
        assert slot.start.date() not in (date(2026, 12, 2), date(2026, 12, 3))


def _overloaded_day():
    """Five other hour-long meetings on Tuesday: 5 h, plus the 90-min meeting is overloaded."""
    return [
        Meeting(client_id="other", title=f"Other {h}", start=datetime(2026, 12, 1, h, tzinfo=TZ),
                end=datetime(2026, 12, 1, h, 55, tzinfo=TZ))
        for h in (12, 13, 14, 15, 16)
    ]


def test_load_before_and_after_show_whether_the_day_stops_being_overloaded():
    _, suggestions = scenario(flexible=True, minutes=90, others=_overloaded_day())
    found = by_strategy(suggestions)
    email = found["email"]
    assert email.load_before.day_status is DayStatus.OVERLOADED
    assert email.load_before.day_minutes == 5 * 55 + 90
    assert email.load_after.day_minutes == 5 * 55
    assert email.load_after.day_status is not DayStatus.OVERLOADED
    assert email.relieves_day
    assert email.load_after.week_minutes == email.load_before.week_minutes - 90
    keep = found["keep"]
    assert keep.load_after == keep.load_before and not keep.relieves_day


def test_reschedule_relief_is_shown_though_it_frees_nothing():
    _, suggestions = scenario(minutes=90, others=_overloaded_day())
    reschedule = by_strategy(suggestions)["reschedule"]
    assert reschedule.minutes_freed == 0
    assert reschedule.load_after.day_minutes == 5 * 55
    assert reschedule.relieves_day
    assert "overloaded (6 h 5 min) becomes busy (4 h 35 min)" in reschedule.why


def test_to_dict_has_the_json_fields():
    _, suggestions = scenario(reason=Reason.SICK)
    d = suggestions[0].to_dict()
    assert {"strategy", "rule", "why", "minutes_freed", "load_before", "load_after"} <= set(d)
    assert d["strategy"] == "cancel" and d["load_before"]["day"] == "2026-12-01"
    assert d["load_after"]["day_minutes"] == 0


def test_a_meeting_that_takes_no_time_gets_no_advice():
    meeting, _ = scenario()
    cancelled = meeting.with_changes(status=Status.CANCELLED)
    client = Client(name="X", id=meeting.client_id)
    with pytest.raises(PlannerError, match="already cancelled"):
        advise(cancelled, client, Answers(reason=Reason.WORKLOAD), meetings=[], settings=SETTINGS, today=TODAY)


def test_answers_prefilled_from_client_and_editable():
    meeting, _ = scenario(topic=Topic.IMPORTANT)
    client = Client(name="Acme", tier=Tier.KEY, share=30, flexible=True)
    answers = Answers.prefilled(meeting, client, "dislike")
    assert (answers.reason, answers.topic, answers.tier, answers.share, answers.flexible) == (
        Reason.DISLIKE, Topic.IMPORTANT, Tier.KEY, 30, True)
    assert answers.weighty
    edited = Answers.prefilled(meeting, client, "dislike", tier="regular", share=5.0, flexible=False)
    assert not edited.weighty and not edited.flexible


def test_recent_count_counts_only_this_clients_held_meetings_in_six_weeks():
    meeting, _ = scenario()
    cid = meeting.client_id

    def m(days_before, **kw):
        start = START - timedelta(days=days_before)
        return Meeting(client_id=kw.pop("client_id", cid), title="x", start=start,
                       end=start + timedelta(hours=1), **kw)

    meetings = [
        m(1), m(20), m(41),  # counted
        m(43),  # more than 6 weeks before
        m(5, status=Status.CANCELLED),  # did not happen
        m(6, client_id="someone-else"),
        m(-2),  # after the meeting
        meeting,  # itself
    ]
    assert recent_count(meetings, meeting) == 3


@pytest.mark.parametrize("minutes,expected", [(45, None), (59, None), (60, 30), (90, 30), (120, 30),
                                              (150, 75), (180, 90), (240, 120)])
def test_proposed_minutes(minutes, expected):
    assert proposed_minutes(minutes) == expected


def test_minutes_freed_per_strategy():
    meeting, _ = scenario(minutes=90, location=Location.CLIENT_SITE, travel=35)
    assert minutes_freed(meeting, Strategy.PHONE, SETTINGS) == 70
    assert minutes_freed(meeting, Strategy.SHORTER, SETTINGS) == 60
    assert minutes_freed(meeting, Strategy.EMAIL, SETTINGS) == 90 + 70 - 10
    assert minutes_freed(meeting, Strategy.EMAIL, SETTINGS.with_changes(email_minutes=25)) == 90 + 70 - 25
    assert minutes_freed(meeting, Strategy.DELEGATE, SETTINGS) == 150
    assert minutes_freed(meeting, Strategy.CANCEL, SETTINGS) == 160
    assert minutes_freed(meeting, Strategy.RESCHEDULE, SETTINGS) == 0
    assert minutes_freed(meeting, Strategy.KEEP, SETTINGS) == 0


def test_apply_each_strategy():
    meeting, _ = scenario(minutes=90, location=Location.CLIENT_SITE, travel=35)
    phone = apply(meeting, "phone")
    assert (phone.location, phone.travel_minutes, phone.status) == (Location.PHONE, 0, Status.PHONE)
    shorter = apply(meeting, Strategy.SHORTER)
    assert shorter.minutes == 30 and shorter.start == meeting.start and shorter.status is Status.SHORTENED
    assert apply(meeting, Strategy.SHORTER, new_minutes=45).minutes == 45
    assert apply(meeting, Strategy.EMAIL).status is Status.EMAIL
    delegated = apply(meeting, Strategy.DELEGATE, colleague="Jonas")
    assert (delegated.status, delegated.lead) == (Status.DELEGATED, "Jonas")
    slot = Slot(start=datetime(2026, 12, 8, 9, tzinfo=TZ), end=datetime(2026, 12, 8, 10, 30, tzinfo=TZ),
                day_minutes_after=90)
    moved = apply(meeting, Strategy.RESCHEDULE, slot=slot)
    assert (moved.start, moved.end, moved.status) == (slot.start, slot.end, Status.RESCHEDULED)
    assert apply(meeting, Strategy.CANCEL).status is Status.CANCELLED
    assert apply(meeting, Strategy.KEEP).status is Status.KEPT
    assert meeting.status is Status.PLANNED  # the input is untouched


def test_apply_refuses_what_cannot_be_done():
    meeting, _ = scenario(minutes=45)
    with pytest.raises(PlannerError, match="too short"):
        apply(meeting, Strategy.SHORTER)
    with pytest.raises(PlannerError, match="colleague"):
        apply(meeting, Strategy.DELEGATE)
    with pytest.raises(PlannerError, match="new time"):
        apply(meeting, Strategy.RESCHEDULE)
    with pytest.raises(PlannerError, match="between 1 and 44"):
        apply(meeting, Strategy.SHORTER, new_minutes=50)


def test_shorter_across_dst_keeps_elapsed_minutes():
    start = datetime(2026, 10, 25, 1, 30, tzinfo=TZ)  # clocks go back at 03:00
    meeting = Meeting(client_id="c", title="Night", start=start, end=start + timedelta(hours=3))
    shorter = apply(meeting, Strategy.SHORTER, new_minutes=120)
    assert shorter.minutes == 120


@pytest.mark.parametrize("strategy,kwargs,reason,expected", [
    ("phone", dict(location=Location.VIDEO), Reason.WORKLOAD, "in-person"),
    ("shorter", dict(minutes=45), Reason.WORKLOAD, "60 min or more"),
    ("email", dict(flexible=False), Reason.WORKLOAD, "flexible"),
    ("email", dict(flexible=True, topic=Topic.IMPORTANT), Reason.WORKLOAD, "routine topic"),
    ("delegate", dict(), Reason.WORKLOAD, "colleague"),
    ("reschedule", dict(), Reason.DISLIKE, "workload or a clash"),
    ("cancel", dict(), Reason.WORKLOAD, "ill"),
])
def test_unfit_reason_explains(strategy, kwargs, reason, expected):
    meeting, _ = scenario(**{k: v for k, v in kwargs.items() if k not in ("flexible", "topic")})
    answers = Answers(reason=reason, flexible=kwargs.get("flexible", False),
                      topic=kwargs.get("topic", Topic.ROUTINE))
    assert expected in unfit_reason(meeting, strategy, answers)


def test_unfit_reason_none_when_it_fits():
    meeting, _ = scenario(minutes=90, location=Location.CLIENT_SITE, travel=10, lead="Jonas")
    answers = Answers(reason=Reason.SICK, flexible=True)
    for strategy in ("phone", "shorter", "email", "delegate", "cancel", "keep"):
        assert unfit_reason(meeting, strategy, answers) is None


def test_free_slots_never_start_before_now():
    # The meeting was this morning (Mon 30 Nov 09:00); it is now 14:20 the same day.
    client = Client(name="Nordlys Energi")
    morning = datetime(2026, 11, 30, 9, 0, tzinfo=TZ)
    meeting = Meeting(client_id=client.id, title="Status", start=morning, end=morning + timedelta(hours=1))
    now = datetime(2026, 11, 30, 14, 20, tzinfo=TZ)
    answers = Answers.prefilled(meeting, client, Reason.SICK)
    for when in (None, now):
        suggestions = advise(meeting, client, answers, meetings=[meeting], settings=SETTINGS, today=TODAY, now=when)
        slots = by_strategy(suggestions)["cancel"].slots
        assert slots
        if when is None:
            assert any(slot.start < now for slot in slots)  # the old floor: the start of today
        else:
            assert all(slot.start >= now for slot in slots)
