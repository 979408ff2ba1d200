"""Load analysis: every rule, every reason a person reads, DST weeks, speed."""

from __future__ import annotations

import random
import time as clock
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from planner.domain.errors import PlannerError
from planner.domain.load import DayStatus, analyse_day, analyse_week
from planner.domain.timeutil import iso_week, parse_iso_week, week_start
from planner.formats import duration as format_minutes
from planner.domain.models import Location, Meeting, Settings, Status

from support import CPH


def reasons(load):
    """The problems of a day or week as a person reads them."""
    from planner.words.load import problem

    return [problem(p, CPH) for p in load.problems]
S = Settings()  # defaults: Mon-Fri 09-17, busy 3 h / 3, overloaded 5 h / 5, b2b 10 min x3, focus 2 h
NAMES = {"acme": "Acme", "nordlys": "Nordlys", "aero": "[VIP] Ærø & Co"}
TUE = date(2026, 12, 1)


def at(day: date, hm: str, tz: ZoneInfo = CPH) -> datetime:
    h, m = map(int, hm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=tz)


def mk(start: str, end: str, day: date = TUE, client: str = "acme", **kw) -> Meeting:
    return Meeting(client_id=client, title=kw.pop("title", f"{client} {start}"),
                   start=at(day, start), end=at(day, end), **kw)


# --- meeting time -----------------------------------------------------------------------------


def test_minutes_include_travel_both_ways_for_client_site_only():
    day = analyse_day(TUE, [
        mk("09:00", "10:00", location=Location.CLIENT_SITE, travel_minutes=30),
        mk("13:00", "14:00", location=Location.VIDEO, travel_minutes=30),  # travel ignored
    ], S)
    assert day.meeting_minutes == 60 + 2 * 30 + 60
    assert day.meeting_count == 2


def test_overloaded_by_minutes_reason_text():
    day = analyse_day(TUE, [
        mk("09:00", "12:00", location=Location.CLIENT_SITE, travel_minutes=20),
        mk("13:00", "15:00"),
    ], S)
    assert day.meeting_minutes == 340
    assert day.status is DayStatus.OVERLOADED
    assert "5 h 40 min of meetings (limit 5 h)" in reasons(day)


def test_busy_by_minutes_names_the_busy_limit():
    day = analyse_day(TUE, [mk("09:00", "12:10")], S)
    assert day.status is DayStatus.BUSY
    assert reasons(day)[0] == "3 h 10 min of meetings (busy above 3 h)"


def test_exactly_at_the_limits_is_ok():
    day = analyse_day(TUE, [mk("09:00", "10:00"), mk("11:00", "12:00"), mk("14:00", "15:00")], S)
    assert (day.meeting_minutes, day.meeting_count) == (180, 3)
    assert day.status is DayStatus.OK
    assert reasons(day) == []


def test_busy_and_overloaded_by_count():
    four = [mk(f"{h}:00", f"{h}:30") for h in (9, 11, 13, 15)]
    day = analyse_day(TUE, four, S)
    assert day.status is DayStatus.BUSY
    assert "4 meetings (busy above 3)" in reasons(day)
    six = four + [mk("16:00", "16:15"), mk("12:00", "12:15")]
    day = analyse_day(TUE, six, S)
    assert day.status is DayStatus.OVERLOADED
    assert "6 meetings (limit 5)" in reasons(day)


def test_thresholds_come_from_settings():
    mine = S.with_changes(busy_minutes=30, busy_count=0, overload_minutes=600, overload_count=9)
    day = analyse_day(TUE, [mk("09:00", "10:00")], mine)
    assert day.status is DayStatus.BUSY
    assert reasons(day)[:2] == ["1 h of meetings (busy above 30 min)", "1 meeting (busy above 0)"]


# --- double-bookings --------------------------------------------------------------------------


def test_double_booking_reason_flags_and_full_count():
    a = mk("13:30", "14:30", client="acme")
    b = mk("14:00", "15:00", client="nordlys")
    day = analyse_day(TUE, [b, a], S, NAMES)
    assert day.status is DayStatus.OVERLOADED
    assert "double-booked 14:00-14:30: Acme / Nordlys" in reasons(day)
    assert day.meeting_minutes == 120  # both count in full
    assert "double-booked" in day.flags[a.id] and "double-booked" in day.flags[b.id]


def test_touching_meetings_are_not_double_booked():
    day = analyse_day(TUE, [mk("09:00", "10:00"), mk("10:00", "11:00", client="nordlys")], S, NAMES)
    assert not any(r.startswith("double-booked") for r in reasons(day))
    assert day.status is DayStatus.OK


def test_double_booking_without_known_client_uses_title_and_keeps_danish_letters():
    a = mk("10:00", "11:00", client="aero")
    b = mk("10:30", "11:00", client="ghost", title="Møde på Ærø")
    day = analyse_day(TUE, [a, b], S, NAMES)
    assert "double-booked 10:30-11:00: [VIP] Ærø & Co / Møde på Ærø" in reasons(day)


def test_cancelled_meeting_is_no_double_booking():
    a = mk("10:00", "11:00")
    b = mk("10:00", "11:00", client="nordlys", status=Status.CANCELLED)
    day = analyse_day(TUE, [a, b], S, NAMES)
    assert day.status is DayStatus.OK
    assert day.flags[b.id] == []


# --- back-to-back -----------------------------------------------------------------------------


def test_chain_of_three_back_to_back():
    ms = [mk("09:00", "10:00"), mk("10:05", "10:45"), mk("10:50", "11:30"), mk("14:00", "15:00")]
    day = analyse_day(TUE, ms, S)
    assert "3 back-to-back 09:00-11:30" in reasons(day)
    assert [("back-to-back" in day.flags[m.id]) for m in ms] == [True, True, True, False]
    assert day.status is DayStatus.BUSY  # 4 meetings; back-to-back alone does not raise status


def test_two_back_to_back_is_not_flagged_and_a_ten_minute_gap_breaks_the_chain():
    ms = [mk("09:00", "10:00"), mk("10:00", "10:30"), mk("10:40", "11:00")]
    day = analyse_day(TUE, ms, S)
    assert not any("back-to-back" in r for r in reasons(day))
    assert all("back-to-back" not in f for f in day.flags.values())


def test_travel_counts_as_busy_for_back_to_back():
    ms = [
        mk("09:00", "10:00", location=Location.VIDEO),
        mk("10:30", "11:30", location=Location.CLIENT_SITE, travel_minutes=25),
        mk("12:00", "12:30", location=Location.VIDEO),
    ]
    day = analyse_day(TUE, ms, S)
    # Busy 10:05-11:55 for the client visit: gaps of 5 min either side.
    assert "3 back-to-back 09:00-12:30" in reasons(day)
    assert day.flags[ms[1].id] == ["travel", "back-to-back"]


def test_chain_length_comes_from_settings():
    ms = [mk("09:00", "10:00"), mk("10:00", "10:30")]
    day = analyse_day(TUE, ms, S.with_changes(b2b_chain=2, b2b_gap_minutes=5))
    assert "2 back-to-back 09:00-10:30" in reasons(day)


# --- free time --------------------------------------------------------------------------------


def test_no_focus_time_reason_and_free_blocks():
    ms = [mk("10:00", "11:00"), mk("12:30", "13:30"), mk("15:00", "16:00")]
    day = analyse_day(TUE, ms, S)
    assert day.longest_free_minutes == 90
    assert day.focus_minutes == 0
    assert "no focus time (no free block of 2 h)" in reasons(day)
    assert day.status is DayStatus.OK


def test_focus_minutes_sum_the_long_blocks():
    day = analyse_day(TUE, [mk("11:00", "12:00"), mk("14:30", "15:00")], S)
    # free: 09-11 (120), 12-14:30 (150), 15-17 (120)
    assert day.focus_minutes == 390
    assert day.longest_free_minutes == 150
    assert reasons(day) == []


def test_travel_is_busy_for_free_blocks():
    day = analyse_day(TUE, [mk("11:00", "12:00", location=Location.CLIENT_SITE, travel_minutes=45)], S)
    # busy 10:15-12:45: free 09:00-10:15 (75) and 12:45-17:00 (255)
    assert day.longest_free_minutes == 255
    assert day.focus_minutes == 255


def test_empty_work_day_is_all_focus_and_weekend_has_no_focus_reason():
    day = analyse_day(TUE, [], S)
    assert (day.focus_minutes, day.longest_free_minutes, day.status) == (480, 480, DayStatus.OK)
    sat = analyse_day(date(2026, 12, 5), [], S)
    assert not sat.is_work_day and reasons(sat) == [] and sat.focus_minutes == 0


# --- per-meeting flags --------------------------------------------------------------------------


def test_after_hours_and_travel_flags():
    early = mk("08:00", "09:30")
    late = mk("16:30", "17:30", location=Location.CLIENT_SITE, travel_minutes=15)
    inside = mk("12:00", "13:00")
    day = analyse_day(TUE, [early, late, inside], S)
    assert day.flags[early.id] == ["after-hours"]
    assert day.flags[late.id] == ["travel", "after-hours"]
    assert day.flags[inside.id] == []
    sat = date(2026, 12, 5)
    weekend = mk("10:00", "11:00", day=sat)
    assert analyse_day(sat, [weekend], S).flags[weekend.id] == ["after-hours"]


# --- what does not count ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.EMAIL, Status.DELEGATED])
def test_free_statuses_are_listed_not_counted(status):
    m = mk("09:00", "16:00", status=status)
    day = analyse_day(TUE, [m], S)
    assert day.meetings == [m]
    assert (day.meeting_minutes, day.meeting_count, day.status) == (0, 0, DayStatus.OK)


@pytest.mark.parametrize("status", [Status.KEPT, Status.PHONE, Status.SHORTENED, Status.RESCHEDULED])
def test_other_statuses_count(status):
    assert analyse_day(TUE, [mk("09:00", "10:00", status=status)], S).meeting_minutes == 60


def test_long_and_all_day_events_are_listed_on_each_day_not_counted():
    conference = Meeting(client_id="acme", title="Conference", start=at(TUE, "08:00"),
                         end=at(TUE + timedelta(days=2), "18:00"))
    holiday = Meeting(client_id="", title="Holiday", start=at(TUE, "00:00"),
                      end=at(TUE + timedelta(days=1), "00:00"), all_day=True)
    normal = mk("10:00", "11:00")
    days = {d: analyse_day(d, [conference, holiday, normal], S)
            for d in (TUE, TUE + timedelta(days=1), TUE + timedelta(days=2), TUE + timedelta(days=3))}
    assert [m.title for m in days[TUE].meetings] == ["Holiday", "Conference", "acme 10:00"]
    assert days[TUE].meeting_minutes == 60 and days[TUE].meeting_count == 1
    assert days[TUE + timedelta(days=1)].meetings == [conference]
    assert days[TUE + timedelta(days=2)].meetings == [conference]
    assert days[TUE + timedelta(days=3)].meetings == []
    assert days[TUE + timedelta(days=1)].meeting_minutes == 0


def test_meetings_are_listed_in_time_order_and_other_days_ignored():
    a, b = mk("14:00", "15:00"), mk("09:00", "10:00")
    other = mk("09:00", "10:00", day=TUE + timedelta(days=1))
    assert analyse_day(TUE, [a, other, b], S).meetings == [b, a]


def test_day_is_the_local_date_in_the_settings_time_zone():
    # 23:30 UTC on Monday 30 Nov is 00:30 Tuesday in Copenhagen.
    m = Meeting(client_id="acme", title="late", start=datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc),
                end=datetime(2026, 12, 1, 0, 30, tzinfo=timezone.utc))
    assert analyse_day(TUE, [m], S).meetings == [m]
    assert analyse_day(date(2026, 11, 30), [m], S).meetings == []
    assert analyse_day(date(2026, 11, 30), [m], S.with_changes(timezone="UTC")).meetings == [m]


# --- week -------------------------------------------------------------------------------------


def test_week_totals_label_and_filtering():
    ms = [mk("09:00", "11:00", day=date(2026, 11, 30)), mk("09:00", "10:30", day=TUE),
          mk("09:00", "10:00", day=date(2026, 11, 29)),  # Sunday before: other week
          mk("09:00", "10:00", day=date(2026, 12, 7))]   # Monday after: other week
    week = analyse_week(date(2026, 12, 3), ms, S)
    assert (week.label, week.start, week.end) == ("2026-W49", date(2026, 11, 30), date(2026, 12, 6))
    assert [d.date for d in week.days] == [date(2026, 11, 30) + timedelta(days=i) for i in range(7)]
    assert week.meeting_minutes == 210 and week.meeting_count == 2
    assert week.focus_minutes == 480 * 5 - 210
    assert week.status is DayStatus.OK and reasons(week) == [] and week.overloaded_days == 0


def test_week_overloaded_above_week_limit_and_names_its_days():
    ms = []
    for i in range(5):  # 4 h 15 min each day: busy, not overloaded; 21 h 15 min in all
        d = date(2026, 11, 30) + timedelta(days=i)
        ms += [mk("09:00", "11:00", day=d), mk("13:00", "15:15", day=d)]
    ms += [mk("14:00", "15:00", day=TUE, client="nordlys")]  # double-booking on Tuesday
    week = analyse_week(TUE, ms, S, NAMES)
    assert week.status is DayStatus.OVERLOADED
    assert reasons(week) == ["22 h 15 min of meetings (limit 20 h)", "1 overloaded day: Tue",
                            "4 busy days: Mon, Wed, Thu and Fri"]
    assert week.overloaded_days == 1 and week.busy_days == 4


def test_week_busy_when_a_day_is_busy_but_under_week_limit():
    week = analyse_week(TUE, [mk("09:00", "13:00")], S)
    assert week.status is DayStatus.BUSY
    assert reasons(week) == ["1 busy day: Tue"]


# --- DST: Europe/Copenhagen, last Sunday of March and of October 2026 ----------------------------


def test_dst_spring_forward_meeting_lasts_what_the_clock_says():
    sun = date(2026, 3, 29)
    m = Meeting(client_id="acme", title="night", start=at(sun, "01:00"), end=at(sun, "04:00"))
    assert analyse_day(sun, [m], S).meeting_minutes == 120  # 02:00-03:00 never happened


def test_dst_fall_back_meeting_lasts_what_the_clock_says():
    sun = date(2026, 10, 25)
    m = Meeting(client_id="acme", title="night", start=at(sun, "01:00"), end=at(sun, "04:00"))
    assert analyse_day(sun, [m], S).meeting_minutes == 240  # 02:00-03:00 happened twice


@pytest.mark.parametrize("monday", [date(2026, 3, 23), date(2026, 10, 19)])
def test_dst_weeks_put_meetings_on_their_local_days(monday):
    sun, next_mon = monday + timedelta(days=6), monday + timedelta(days=7)
    ms = [
        Meeting(client_id="acme", title="sun late", start=at(sun, "23:15"), end=at(sun, "23:45")),
        Meeting(client_id="acme", title="mon early", start=at(next_mon, "00:15"),
                end=at(next_mon, "00:45")),
        Meeting(client_id="acme", title="fri", start=at(monday + timedelta(days=4), "09:00"),
                end=at(monday + timedelta(days=4), "17:00")),
    ]
    # Same meetings given in UTC must land on the same local days.
    utc = [m.with_changes(start=m.start.astimezone(timezone.utc), end=m.end.astimezone(timezone.utc))
           for m in ms]
    for given_ms in (ms, utc):
        week = analyse_week(monday, given_ms, S)
        assert [m.title for m in week.days[6].meetings] == ["sun late"]
        assert week.days[6].meeting_minutes == 30
        assert week.meeting_minutes == 30 + 480
        assert week.days[4].status is DayStatus.OVERLOADED
        assert week.days[4].focus_minutes == 0
        assert "no focus time (no free block of 2 h)" in reasons(week.days[4])


# --- helpers -----------------------------------------------------------------------------------


def test_format_minutes():
    assert [format_minutes(m) for m in (0, 5, 60, 340, 1200)] == [
        "0 min", "5 min", "1 h", "5 h 40 min", "20 h"]


def test_iso_weeks():
    assert iso_week(date(2026, 12, 1)) == "2026-W49"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)
    assert parse_iso_week("2026-W49") == date(2026, 11, 30)
    assert parse_iso_week(" 2026w53 ") == date(2026, 12, 28)


@pytest.mark.parametrize("text, message", [
    ("2026-W60", '"2026-W60" is not a week: 2026 has weeks 1 to 53; type e.g. 2026-W01'),
    ("2025-W53", '"2025-W53" is not a week: 2025 has weeks 1 to 52; type e.g. 2025-W01'),
    ("week 49", '"week 49" is not a week: type it like 2026-W49 (year, W, week number)'),
])
def test_bad_iso_week(text, message):
    with pytest.raises(PlannerError) as err:
        parse_iso_week(text)
    assert str(err.value) == message


def test_unknown_time_zone_is_a_user_error():
    with pytest.raises(PlannerError, match="unknown time zone"):
        analyse_day(TUE, [], S.with_changes(timezone="Mars/Olympus"))


# --- speed ------------------------------------------------------------------------------------


def test_analyse_week_over_two_years_of_meetings_is_fast():
    rng = random.Random(7)
    first = date(2026, 1, 5)
    ms = []
    for _ in range(5000):
        d = first + timedelta(days=rng.randrange(730))
        start = at(d, f"{rng.randrange(7, 18)}:{rng.choice((0, 15, 30, 45)):02d}")
        ms.append(Meeting(client_id=rng.choice(list(NAMES)), title="m", start=start,
                          end=start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
                          location=rng.choice(list(Location)), travel_minutes=rng.choice((0, 20))))
    began = clock.perf_counter()
    weeks = [analyse_week(first + timedelta(weeks=i), ms, S, NAMES) for i in range(52)]
    elapsed = clock.perf_counter() - began
    assert sum(w.meeting_count for w in weeks) > 0
    assert elapsed < 2.0, f"52 weeks took {elapsed:.2f} s"


# --- properties -------------------------------------------------------------------------------

_week_monday = date(2026, 3, 23)  # the spring-forward week, to keep DST in play


@st.composite
def meetings(draw):
    day = _week_monday + timedelta(days=draw(st.integers(-1, 7)))
    start = at(day, f"{draw(st.integers(0, 23))}:{draw(st.sampled_from((0, 15, 30, 45))):02d}")
    length = draw(st.integers(5, 300))
    return Meeting(
        client_id=draw(st.sampled_from(list(NAMES))),
        title="p",
        start=start,
        end=start + timedelta(minutes=length),
        location=draw(st.sampled_from(list(Location))),
        travel_minutes=draw(st.sampled_from((0, 15, 40))),
        status=draw(st.sampled_from(list(Status))),
    )


@hsettings(max_examples=100, deadline=None)
@given(st.lists(meetings(), max_size=25))
def test_property_minutes_add_up(ms):
    week = analyse_week(_week_monday, ms, S)
    assert week.meeting_minutes == sum(d.meeting_minutes for d in week.days)
    assert week.focus_minutes == sum(d.focus_minutes for d in week.days)
    for d in week.days:
        counted = [m for m in d.meetings if m.status not in (Status.CANCELLED, Status.EMAIL,
                                                             Status.DELEGATED)]
        assert d.meeting_count == len(counted)
        assert d.meeting_minutes == sum(
            int((m.end.astimezone(timezone.utc) - m.start.astimezone(timezone.utc)).total_seconds()
                // 60) + (2 * m.travel_minutes if m.location is Location.CLIENT_SITE else 0)
            for m in counted)
        assert analyse_day(d.date, ms, S).meeting_minutes == d.meeting_minutes
        assert 0 <= d.focus_minutes <= (480 if d.is_work_day else 0)
        assert set(d.flags) == {m.id for m in d.meetings}
    in_week = [m for m in ms if _week_monday <= m.start.astimezone(CPH).date() < _week_monday + timedelta(7)]
    assert sum(len(d.meetings) for d in week.days) == len(in_week)


def test_what_makes_a_day_overloaded_is_named_first():
    # A double-booking overloads the day; its 3 h 45 min only make it busy, and say so.
    day = analyse_day(
        TUE, [mk("09:00", "11:00"), mk("11:30", "12:15"), mk("14:00", "15:00"), mk("14:30", "15:00")], S
    )
    assert day.status is DayStatus.OVERLOADED
    assert reasons(day)[0].startswith("double-booked 14:30-15:00")
    assert reasons(day)[1] == "4 h 15 min of meetings (busy above 3 h)"


def test_big_numbers_in_the_day_problems_are_grouped():
    """A hostile calendar's thousands read as numbers ("and 1,124,240 more"), not a run of digits."""
    from planner.formats import duration
    from planner.words.load import day_summary

    assert duration(4000 * 60, lang="en") == "4,000 h" and duration(4000 * 60, lang="da") == "4.000 t"
    day = analyse_day(TUE, [mk("09:00", "10:00", title=f"Clash {n}") for n in range(1500)], S)
    assert day_summary(day).endswith("1,500 meetings")
    text = reasons(day)
    assert "1,500 meetings (limit 5)" in text
    assert "and 1,124,240 more double-bookings" in text  # 1,500 x 1,499 / 2 pairs, 10 of them listed
