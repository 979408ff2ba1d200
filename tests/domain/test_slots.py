"""Free slots for rescheduling: every rule, DST, and properties."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from planner.domain.errors import PlannerError
from planner.domain.load import DayStatus, analyse_day
from planner.domain.models import Location, Meeting, Settings, Status
from planner.domain.slots import Slot, free_slots

from support import CPH
S = Settings()
TUE = date(2026, 12, 1)


def at(day: date, hm: str) -> datetime:
    h, m = map(int, hm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=CPH)


def mk(start: str, end: str, day: date = TUE, **kw) -> Meeting:
    return Meeting(client_id="acme", title=f"m {start}", start=at(day, start), end=at(day, end), **kw)


def starts(slots: list[Slot]) -> list[str]:
    return [s.start.strftime("%a %d %H:%M") for s in slots]


def test_empty_calendar_gives_earliest_slot_on_the_next_days():
    slots = free_slots([], S, minutes=60, after=at(TUE, "08:00"))
    assert starts(slots) == ["Tue 01 09:00", "Wed 02 09:00", "Thu 03 09:00"]
    assert slots[0].end == at(TUE, "10:00")
    assert slots[0].day_minutes_after == 60 and slots[0].day_count_after == 1
    assert slots[0].start.tzinfo is CPH and slots[0].minutes == 60


def test_slots_start_on_the_quarter_hour_and_not_before_after():
    slots = free_slots([], S, minutes=30, after=at(TUE, "10:07"), limit=1)
    assert starts(slots) == ["Tue 01 10:15"]


def test_limit_is_honoured():
    assert len(free_slots([], S, minutes=30, after=at(TUE, "08:00"), limit=5)) == 5
    assert free_slots([], S, minutes=30, after=at(TUE, "08:00"), limit=0) == []


def test_buffer_is_kept_before_and_after_meetings():
    # 09:55-10:00 would leave 0 min before the 10:00 meeting; after it, 11:00 + 10 min -> 11:15.
    slots = free_slots([mk("09:50", "11:00")], S, minutes=45, after=at(TUE, "09:00"),
                       limit=1, window_days=1)
    assert starts(slots) == ["Tue 01 11:15"]
    # A slot fits before when the gap is at least 10 minutes: 09:00-09:30, then 09:40 meeting.
    slots = free_slots([mk("09:40", "11:00")], S, minutes=30, after=at(TUE, "09:00"),
                       limit=1, window_days=1)
    assert starts(slots) == ["Tue 01 09:00"]


def test_travel_counts_as_busy():
    m = mk("10:00", "11:00", location=Location.CLIENT_SITE, travel_minutes=30)
    # Busy 09:30-11:30; + 10 min buffer -> 11:40 -> 11:45. Before: 09:00 + 30 > 09:20: no room.
    slots = free_slots([m], S, minutes=30, after=at(TUE, "09:00"), limit=1, window_days=1)
    assert starts(slots) == ["Tue 01 11:45"]
    assert slots[0].day_minutes_after == 120 + 30


def test_slot_may_end_exactly_at_work_end_but_not_later():
    slots = free_slots([], S, minutes=60, after=at(TUE, "16:00"), limit=1, window_days=1)
    assert starts(slots) == ["Tue 01 16:00"]
    assert free_slots([], S, minutes=60, after=at(TUE, "16:01"), limit=1, window_days=1) == []


def test_never_pushes_a_day_past_the_busy_line():
    wed, thu = TUE + timedelta(days=1), TUE + timedelta(days=2)
    ms = [
        mk("09:00", "11:30"),  # Tue: 150 min, a 60-min slot would make 210 > 180
        mk("09:00", "09:30", day=wed), mk("10:00", "10:30", day=wed), mk("11:00", "11:30", day=wed),
    ]  # Wed: 3 meetings, a fourth would be over busy_count
    slots = free_slots(ms, S, minutes=60, after=at(TUE, "08:00"), window_days=3)
    assert starts(slots) == ["Thu 03 09:00"]
    # 30 minutes still fits on Tuesday (180 is not over the line), not on Wednesday.
    slots = free_slots(ms, S, minutes=30, after=at(TUE, "08:00"), window_days=3)
    assert starts(slots) == ["Thu 03 09:00", "Tue 01 11:45"]
    assert slots[1].day_minutes_after == 180


def test_lightest_day_first_then_earliest():
    wed, thu = TUE + timedelta(days=1), TUE + timedelta(days=2)
    ms = [mk("09:00", "10:00"), mk("09:00", "09:30", day=wed)]
    slots = free_slots(ms, S, minutes=30, after=at(TUE, "08:00"), window_days=3)
    assert starts(slots) == ["Thu 03 09:00", "Wed 02 09:45", "Tue 01 10:15"]
    assert [s.day_minutes_after for s in slots] == [30, 60, 90]


def test_weekends_are_skipped_and_the_window_counts_work_days():
    fri = date(2026, 12, 4)
    slots = free_slots([], S, minutes=30, after=at(fri, "08:00"), window_days=2)
    assert starts(slots) == ["Fri 04 09:00", "Mon 07 09:00"]
    later = free_slots([], S, minutes=30, after=at(fri, "17:00"), window_days=2)
    assert starts(later) == ["Mon 07 09:00"]  # Friday is over; Monday is the second work day


def test_custom_work_days_and_hours():
    mine = S.with_changes(work_days=(5,), work_start=time(10, 0), work_end=time(12, 0))
    slots = free_slots([], mine, minutes=60, after=at(TUE, "08:00"), window_days=2)
    assert starts(slots) == ["Sat 05 10:00", "Sat 12 10:00"]
    assert free_slots([], S.with_changes(work_days=()), minutes=30, after=at(TUE, "08:00")) == []


def test_the_meeting_being_moved_does_not_block_itself():
    moving = mk("09:00", "12:00")
    assert free_slots([moving], S, minutes=60, after=at(TUE, "08:00"), limit=1) != []
    slots = free_slots([moving], S, minutes=60, after=at(TUE, "08:00"), limit=1, exclude_id=moving.id)
    assert starts(slots) == ["Tue 01 09:00"]


def test_meetings_that_do_not_count_do_not_block():
    ms = [mk("09:00", "12:00", status=Status.CANCELLED),
          Meeting(client_id="", title="Holiday", start=at(TUE, "00:00"), end=at(TUE, "00:00") +
                  timedelta(days=1), all_day=True)]
    slots = free_slots(ms, S, minutes=60, after=at(TUE, "08:00"), limit=1)
    assert starts(slots) == ["Tue 01 09:00"]


def test_double_booked_day_offers_no_slot():
    ms = [mk("09:00", "09:30"), mk("09:15", "09:45")]
    slots = free_slots(ms, S, minutes=30, after=at(TUE, "08:00"), window_days=2)
    assert starts(slots) == ["Wed 02 09:00"]


def test_too_long_or_no_room_gives_no_slots():
    assert free_slots([], S, minutes=8 * 60 + 15, after=at(TUE, "08:00")) == []
    assert free_slots([], S.with_changes(busy_minutes=60), minutes=90, after=at(TUE, "08:00")) == []


def test_bad_length_is_a_user_error():
    with pytest.raises(PlannerError, match="at least 1 minute"):
        free_slots([], S, minutes=0, after=at(TUE, "08:00"))


def test_dst_monday_after_spring_forward():
    sun, mon = date(2026, 3, 29), date(2026, 3, 30)
    slots = free_slots([], S, minutes=60, after=at(sun, "02:59") + timedelta(minutes=2), limit=1)
    assert slots[0].start == at(mon, "09:00")
    assert slots[0].start.astimezone(timezone.utc).hour == 7  # CEST, UTC+2
    fall = free_slots([], S, minutes=60, after=at(date(2026, 10, 25), "12:00"), limit=1)
    assert fall[0].start.astimezone(timezone.utc) == datetime(2026, 10, 26, 8, tzinfo=timezone.utc)


def test_after_in_another_time_zone():
    # 07:05 UTC = 08:05 in Copenhagen in December.
    slots = free_slots([], S, minutes=30, after=datetime(2026, 12, 1, 8, 5, tzinfo=timezone.utc),
                       limit=1)
    assert starts(slots) == ["Tue 01 09:15"]


# --- properties -------------------------------------------------------------------------------

MONDAY = date(2026, 3, 23)  # spring-forward week: DST stays in play


@st.composite
def meetings(draw):
    day = MONDAY + timedelta(days=draw(st.integers(0, 8)))
    hour = draw(st.one_of(st.integers(8, 10), st.integers(7, 18)))  # often blocking 09:00
    start = at(day, f"{hour}:{draw(st.sampled_from((0, 10, 15, 30, 45, 50))):02d}")
    return Meeting(
        client_id="acme",
        title="p",
        start=start,
        end=start + timedelta(minutes=draw(st.integers(5, 150))),
        location=draw(st.sampled_from(list(Location))),
        travel_minutes=draw(st.sampled_from((0, 15, 40))),
        status=draw(st.sampled_from([Status.PLANNED, Status.PLANNED, Status.CANCELLED])),
    )


@hsettings(max_examples=100, deadline=None)
@given(
    ms=st.lists(meetings(), max_size=30),
    minutes=st.integers(15, 180),
    after_day=st.integers(0, 6),
    after_minute=st.integers(0, 24 * 60 - 1),
    exclude=st.booleans(),
)
def test_property_slots_are_really_free(ms, minutes, after_day, after_minute, exclude):
    after = datetime.combine(MONDAY + timedelta(days=after_day), time(0), tzinfo=CPH) + timedelta(
        minutes=after_minute)
    exclude_id = ms[0].id if exclude and ms else None
    slots = free_slots(ms, S, minutes=minutes, after=after, limit=10, exclude_id=exclude_id,
                       window_days=5)
    others = [m for m in ms if m.id != exclude_id]
    gap = timedelta(minutes=S.b2b_gap_minutes)
    seen_days = set()
    for slot in slots:
        local_start, local_end = slot.start.astimezone(CPH), slot.end.astimezone(CPH)
        day = local_start.date()
        assert day.weekday() in S.work_days
        assert local_start.time() >= S.work_start and local_end.time() <= S.work_end
        assert local_end.date() == day
        assert local_start.minute % 15 == 0 and local_start.second == 0
        assert slot.start >= after and slot.minutes == minutes
        assert day not in seen_days
        seen_days.add(day)
        for m in others:
            if m.status is Status.CANCELLED:
                continue
            travel = timedelta(minutes=m.travel_each_way)
            assert slot.end + gap <= m.start - travel or slot.start >= m.end + travel + gap
        booked = Meeting(client_id="new", title="slot", start=slot.start, end=slot.end)
        load = analyse_day(day, others + [booked], S)
        assert load.meeting_minutes == slot.day_minutes_after <= S.busy_minutes
        assert load.meeting_count == slot.day_count_after <= S.busy_count
        assert load.status is DayStatus.OK
    keys = [(s.day_minutes_after, s.day_count_after, s.start) for s in slots]
    assert keys == sorted(keys)
