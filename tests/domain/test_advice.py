"""The advice engine's parts: what each strategy does to a meeting, the proposed lengths, why a
strategy picked by hand does not fit, counting recent meetings, and the JSON facts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.domain.advice import Answers, advise, apply, proposed_minutes, recent_count, unfit_reason
from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Client, Location, Meeting, Reason, Settings, Status, Strategy, Topic
from planner.domain.slots import Slot

TZ = ZoneInfo("Europe/Copenhagen")
SETTINGS = Settings()
START = datetime(2026, 12, 8, 10, 0, tzinfo=TZ)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=TZ)


def meeting(minutes=60, **kwargs) -> Meeting:
    client = kwargs.pop("client", None) or Client(name="Nordlys")
    return Meeting(client_id=client.id, title="Review", start=START, end=START + timedelta(minutes=minutes), **kwargs)


@pytest.mark.parametrize(
    "minutes,topic,expected",
    [(45, Topic.ROUTINE, None), (60, Topic.ROUTINE, 30), (90, Topic.ROUTINE, 30), (120, Topic.ROUTINE, 30),
     (150, Topic.ROUTINE, 75), (180, Topic.ROUTINE, 90), (60, Topic.IMPORTANT, 45), (90, Topic.IMPORTANT, 60),
     (120, Topic.IMPORTANT, 90), (45, Topic.IMPORTANT, None)],
)
def test_proposed_minutes(minutes, topic, expected):
    assert proposed_minutes(minutes, topic) == expected


def test_apply_each_strategy():
    m = meeting(90, location=Location.CLIENT_SITE, travel_minutes=30)
    call = apply(m, Strategy.PHONE, by=CallKind.VIDEO, new_minutes=30)
    assert (call.location, call.travel_minutes, call.minutes, call.status) == (Location.VIDEO, 0, 30, Status.PHONE)
    assert apply(m, Strategy.PHONE).location is Location.PHONE and apply(m, Strategy.PHONE).minutes == 90
    short = apply(m, Strategy.SHORTER, new_minutes=45, new_start=START + timedelta(minutes=45))
    assert (short.start, short.minutes, short.status) == (START + timedelta(minutes=45), 45, Status.SHORTENED)
    assert apply(m, Strategy.EMAIL).status is Status.EMAIL
    assert apply(m, Strategy.DELEGATE, colleague="Mads").lead == "Mads"
    slot = Slot(START + timedelta(days=1), START + timedelta(days=1, minutes=90), 90)
    moved = apply(m, Strategy.RESCHEDULE, slot=slot)
    assert (moved.start, moved.status) == (slot.start, Status.RESCHEDULED)
    assert apply(m, Strategy.CANCEL).status is Status.CANCELLED
    assert apply(m, Strategy.LESS_OFTEN).status is Status.CANCELLED
    assert apply(m, Strategy.KEEP).status is Status.KEPT
    assert m.status is Status.PLANNED  # the input is untouched


def test_apply_refuses_what_cannot_be_done():
    m = meeting(45)
    with pytest.raises(PlannerError, match="too short to shorten"):
        apply(m, Strategy.SHORTER)
    with pytest.raises(PlannerError, match="between 1 and 44"):
        apply(m, Strategy.SHORTER, new_minutes=50)
    with pytest.raises(PlannerError, match="name one"):
        apply(m, Strategy.DELEGATE)
    with pytest.raises(PlannerError, match="free slots"):
        apply(m, Strategy.RESCHEDULE)


def test_shorter_across_dst_keeps_elapsed_minutes():
    night = datetime(2026, 10, 25, 1, 30, tzinfo=TZ)  # the clocks go back at 03:00
    m = Meeting(client_id="c", title="Night shift", start=night, end=night + timedelta(hours=3))
    assert apply(m, Strategy.SHORTER, new_minutes=120).minutes == 120


@pytest.mark.parametrize(
    "strategy,kwargs,reason,expected",
    [
        ("phone", {"location": Location.VIDEO}, Reason.WORKLOAD, "already by video"),
        ("shorter", {"minutes": 45}, Reason.WORKLOAD, "60 min or more"),
        ("email", {}, Reason.WORKLOAD, "not marked flexible"),
        ("email", {"flexible": True, "topic": Topic.IMPORTANT}, Reason.WORKLOAD, "routine topic"),
        ("delegate", {}, Reason.WORKLOAD, "name the colleague"),
        ("reschedule", {}, Reason.DISLIKE, "not the reason 'dislike'"),
        ("cancel", {}, Reason.WORKLOAD, "ill or facing an emergency"),
        ("less-often", {}, Reason.CONFLICT, "repetitive"),
    ],
)
def test_unfit_reason_explains(strategy, kwargs, reason, expected):
    flexible, topic = kwargs.pop("flexible", False), kwargs.pop("topic", Topic.ROUTINE)
    m = meeting(kwargs.pop("minutes", 60), **kwargs)
    assert expected in unfit_reason(m, strategy, Answers(reason=reason, flexible=flexible, topic=topic))


def test_unfit_reason_none_when_it_fits():
    m = meeting(90, location=Location.CLIENT_SITE, travel_minutes=10, lead="Jonas")
    answers = Answers(reason=Reason.SICK, flexible=True)
    for strategy in ("phone", "shorter", "email", "delegate", "cancel", "keep"):
        assert unfit_reason(m, strategy, answers) is None


def test_recent_count_counts_only_this_clients_held_meetings_in_six_weeks():
    client, other = Client(name="A"), Client(name="B")
    m = meeting(client=client)

    def earlier(days, who=client, **kw):
        when = START - timedelta(days=days)
        return Meeting(client_id=who.id, title="x", start=when, end=when + timedelta(hours=1), **kw)

    pool = [m, earlier(7), earlier(41), earlier(43), earlier(14, other), earlier(21, status=Status.CANCELLED),
            earlier(28, all_day=True)]
    assert recent_count(pool, m) == 2


def test_answers_prefilled_from_client_and_editable():
    client = Client(name="A", tier="key", share=30.0, flexible=True)
    m = meeting(client=client, topic=Topic.IMPORTANT)
    answers = Answers.prefilled(m, client, "workload", flexible=False, colleague="Mads")
    assert (answers.tier.value, answers.share, answers.flexible, answers.topic, answers.colleague) == (
        "key", 30.0, False, Topic.IMPORTANT, "Mads")
    assert answers.weighty


def test_a_meeting_that_takes_no_time_gets_no_advice():
    client = Client(name="A")
    m = meeting(client=client, status=Status.CANCELLED)
    with pytest.raises(PlannerError, match="already cancelled"):
        advise(m, client, Answers(reason=Reason.WORKLOAD), meetings=[m], settings=SETTINGS, now=NOW)


def test_free_slots_never_start_before_now():
    # The meeting is this afternoon; it is now 14:20; something came up.
    client = Client(name="Nordlys")
    afternoon = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)
    m = Meeting(client_id=client.id, title="Status", start=afternoon, end=afternoon + timedelta(hours=1))
    now = datetime(2026, 11, 30, 14, 20, tzinfo=TZ)
    advice = advise(m, client, Answers.prefilled(m, client, Reason.CONFLICT), meetings=[m], settings=SETTINGS, now=now)
    slots = advice.find(Strategy.RESCHEDULE).slots
    assert slots and all(slot.start >= now for slot in slots)


def test_to_dict_has_the_json_fields():
    client = Client(name="A", flexible=True)
    m = meeting(90, client=client, location=Location.CLIENT_SITE, travel_minutes=20)
    advice = advise(m, client, Answers.prefilled(m, client, Reason.WORKLOAD), meetings=[m], settings=SETTINGS, now=NOW)
    for s in advice:
        data = s.to_dict()
        assert {"strategy", "rule", "minutes_freed", "resolves", "cost", "new_minutes", "slots", "load_before",
                "load_after", "colleague"} <= set(data)
        assert data["load_before"]["day"] == date(2026, 12, 8).isoformat()
