"""Typed dates: every form people type, and the messages for what cannot be understood."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from planner.domain.dates import describe, parse_day, parse_when
from planner.domain.errors import PlannerError

from support import CPH
NY = ZoneInfo("America/New_York")
WEEK = date(2026, 11, 30)  # the shown week: Monday 30 Nov 2026
SELECTED = date(2026, 12, 2)  # Wednesday


def when(text, *, day_first=True, tz=CPH, week_start=WEEK, selected_day=SELECTED, today=None):
    return parse_when(text, tz=tz, day_first=day_first, week_start=week_start,
                      selected_day=selected_day, today=today)


def local(y, mo, d, h, mi=0, tz=CPH):
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def error_of(call, *args, **kw) -> str:
    with pytest.raises(PlannerError) as err:
        call(*args, **kw)
    return str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01 14:00", local(2026, 12, 1, 14)),
    ("2026-12-01T14:00", local(2026, 12, 1, 14)),
    ("2026-12-01 9", local(2026, 12, 1, 9)),
    ("1/12 9:30", local(2026, 12, 1, 9, 30)),
    ("1.12 14.00", local(2026, 12, 1, 14)),
    ("1/12/2027 9:30", local(2027, 12, 1, 9, 30)),
    ("1/12/27 9:30", local(2027, 12, 1, 9, 30)),
    ("mon 14:00", local(2026, 11, 30, 14)),
    ("Monday 14:00", local(2026, 11, 30, 14)),
    ("sun 10:00", local(2026, 12, 6, 10)),
    ("fredag kl. 9", local(2026, 12, 4, 9)),
    ("14:00", local(2026, 12, 2, 14)),
    ("14.00", local(2026, 12, 2, 14)),
    ("2 pm", local(2026, 12, 2, 14)),
    ("12am", local(2026, 12, 2, 0)),
    ("at 10", local(2026, 12, 2, 10)),
    ("tomorrow 10", local(2026, 12, 3, 10)),
    ("TODAY 8:15", local(2026, 12, 2, 8, 15)),
    ("yesterday 16:45", local(2026, 12, 1, 16, 45)),
    ("i morgen kl. 9", local(2026, 12, 3, 9)),
    ("i går 9:00", local(2026, 12, 1, 9)),
    ("+3 9", local(2026, 12, 5, 9)),
    ("+1w 9:00", local(2026, 12, 9, 9)),
    ("1 dec 14:00", local(2026, 12, 1, 14)),
    ("dec 1 14:00", local(2026, 12, 1, 14)),
    ("1. december 2027 14:00", local(2027, 12, 1, 14)),
    ("3 maj 10:00", local(2027, 5, 3, 10)),
    ("tue 1 dec 14:00", local(2026, 12, 1, 14)),
    ("1st dec 2:30 pm", local(2026, 12, 1, 14, 30)),
])
def test_forms_people_type(text, expected):
    got = when(text)
    assert got == expected
    assert got.tzinfo is CPH


def test_month_first_when_day_first_is_false():
    assert when("12/1 9:00", day_first=False) == local(2026, 12, 1, 9)
    assert when("1/12 9:00", day_first=False) == local(2027, 1, 12, 9)


def test_year_is_the_one_nearest_the_selected_day():
    assert when("5/1 10:00") == local(2027, 1, 5, 10)  # in December, January is next year
    assert when("5/1 10:00", selected_day=date(2026, 3, 1)) == local(2026, 1, 5, 10)
    assert when("30/12 10:00", selected_day=date(2027, 1, 3)) == local(2026, 12, 30, 10)


def test_tomorrow_counts_from_today_when_given():
    assert when("tomorrow 10", today=date(2026, 11, 20)) == local(2026, 11, 21, 10)


def test_offsets_and_other_zones():
    assert when("2026-12-01T14:00Z") == local(2026, 12, 1, 15)
    assert when("2026-12-01 14:00+0000") == local(2026, 12, 1, 15)
    got = when("1/12 9:00", tz=NY)
    assert got.tzinfo is NY and got.astimezone(timezone.utc).hour == 14


@pytest.mark.parametrize("text, message", [
    ("13/13", '"13/13" is not a date: month 13 does not exist; type e.g. 1/12 14:00'),
    ("12/13 10:00", '"12/13" is not a date: month 13 does not exist (dates are read day first, as '
                    'set in settings: did you mean 13/12?); type e.g. 1/12 14:00'),
    ("31/2 10:00", '"31/2" is not a date: February has no day 31; type e.g. 1/12 14:00'),
    ("0/2 10:00", '"0/2" is not a date: day 0 does not exist; type e.g. 1/12 14:00'),
    ("29/2/2027 10:00", '"29/2/2027" is not a date: February 2027 has no day 29; type e.g. 1/12 14:00'),
    ("29/2 10:00", '"29/2" is not a date: February has no day 29 in 2025, 2026 or 2027; add the year, '
                   'e.g. 29/2/2028'),
    ("2026-13-01 10:00", '"2026-13-01 10:00" is not a date: month 13 does not exist; type e.g. '
                         '1/12 14:00'),
    ("25:00", '"25:00" is not a time: hour 25 does not exist; type e.g. 14:00'),
    ("1/12 9:75", '"9:75" is not a time: minute 75 does not exist; type e.g. 14:00'),
    ("13pm", '"13pm" is not a time: there is no 13 pm; type e.g. 2pm or 14:00'),
    ("10", '"10" is ambiguous: type 10:00 for the time on Wed 2 Dec 2026, or a date and a time such '
           'as 1/12 14:00'),
    ("1.12", '"1.12" is ambiguous: the date Tue 1 Dec 2026 or the time 01:12? type 01:12 for the '
             'time, or a date and a time such as 1/12 14:00'),
    ("1/12", '"1/12" has no time (understood as Tue 1 Dec 2026); add one, e.g. 1/12 14:00'),
    ("dec 10", '"dec 10" has no time (understood as Thu 10 Dec 2026); add one, e.g. dec 10 14:00'),
    ("tomorrow", '"tomorrow" has no time (understood as Thu 3 Dec 2026); add one, e.g. tomorrow 14:00'),
    ("wed 1 dec 14:00", '"wed 1 dec" does not add up: 1 Dec 2026 is a Tuesday; leave out the week day '
                        'or fix the date'),
    ("next week 10:00", '"next week" is not a day I understand (the time 10:00 is fine); type e.g. '
                        '1/12 14:00, mon 10:00, tomorrow 10:00 or 2026-12-01 10:00'),
    ("soon", '"soon" is not a date and time I understand; type e.g. 1/12 14:00, mon 9:30, tomorrow '
             '10, 14:00 or 2026-12-01 14:00'),
    ("   ", "no date or time given; type e.g. 1/12 14:00, mon 9:30 or 14:00"),
])
def test_what_cannot_be_understood_is_said(text, message):
    assert error_of(when, text) == message


def test_month_first_errors_suggest_month_first():
    assert error_of(when, "13/1", day_first=False) == (
        '"13/1" is not a date: month 13 does not exist (dates are read month first, as set in '
        'settings: did you mean 1/13?); type e.g. 12/1 14:00')


# --- DST: Europe/Copenhagen, last Sunday of March and of October 2026 ----------------------------


def test_spring_forward_gap_is_an_error():
    assert error_of(when, "2026-03-29 02:30") == (
        '"2026-03-29 02:30" does not exist: in Europe/Copenhagen the clocks jump from 02:00 to 03:00 '
        "on 29 Mar 2026, so there is no 29 Mar 2026 02:30; type e.g. 03:00")
    assert "does not exist" in error_of(when, "02:00", selected_day=date(2026, 3, 29))
    assert when("03:00", selected_day=date(2026, 3, 29)).astimezone(timezone.utc) == datetime(
        2026, 3, 29, 1, tzinfo=timezone.utc)
    assert when("01:59", selected_day=date(2026, 3, 29)).utcoffset() == timedelta(hours=1)


def test_fall_back_repeated_hour_is_ambiguous_unless_offset_given():
    assert error_of(when, "sun 2:30", week_start=date(2026, 10, 19)) == (
        '"sun 2:30" is ambiguous: in Europe/Copenhagen the clocks go back from 03:00 to 02:00 on '
        "25 Oct 2026, so 25 Oct 2026 02:30 happens twice; type it with its UTC offset: "
        "2026-10-25 02:30+02:00 for the first, 2026-10-25 02:30+01:00 for the second")
    first = when("2026-10-25 02:30+02:00")
    second = when("2026-10-25 02:30+01:00")
    assert second - first == timedelta(0)  # same wall clock; aware subtraction in one zone ...
    assert second.astimezone(timezone.utc) - first.astimezone(timezone.utc) == timedelta(hours=1)
    assert when("2026-10-25 03:00").utcoffset() == timedelta(hours=1)


def test_non_dst_zone_has_no_gap():
    assert when("2026-03-29 02:30", tz=ZoneInfo("UTC")) == datetime(2026, 3, 29, 2, 30,
                                                                    tzinfo=ZoneInfo("UTC"))


# --- describe -----------------------------------------------------------------------------------


def test_describe():
    assert describe(local(2026, 12, 1, 14)) == "Tue 1 Dec, 14:00"
    assert describe(local(2027, 1, 10, 9, 5)) == "Sun 10 Jan, 09:05"


# --- parse_day ----------------------------------------------------------------------------------

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01", date(2026, 12, 1)),
    ("1/12", date(2026, 12, 1)),
    ("1.12.2027", date(2027, 12, 1)),
    ("1 dec", date(2026, 12, 1)),
    ("5/1", date(2027, 1, 5)),
    ("today", TODAY),
    ("tomorrow", date(2026, 12, 3)),
    ("yesterday", date(2026, 12, 1)),
    ("i morgen", date(2026, 12, 3)),
    ("+3", date(2026, 12, 5)),
    ("-2", date(2026, 11, 30)),
    ("+2w", date(2026, 12, 16)),
    ("mon", date(2026, 11, 30)),
    ("søndag", date(2026, 12, 6)),
    ("2026-W49", date(2026, 11, 30)),
    ("2027-w01", date(2027, 1, 4)),
])
def test_parse_day(text, expected):
    assert parse_day(text, day_first=True, today=TODAY) == expected


def test_parse_day_weekday_in_the_shown_week_and_month_first():
    assert parse_day("fri", day_first=True, today=TODAY, week_start=date(2027, 1, 4)) == date(2027, 1, 8)
    assert parse_day("12/1", day_first=False, today=TODAY) == date(2026, 12, 1)


@pytest.mark.parametrize("text, message", [
    ("32/1", '"32/1" is not a date: January has no day 32; type e.g. 1/12'),
    ("1/13", '"1/13" is not a date: month 13 does not exist (dates are read day first, as set in '
             'settings: did you mean 13/1?); type e.g. 1/12'),
    ("13/13", '"13/13" is not a date: month 13 does not exist; type e.g. 1/12'),
    ("2026-W54", '"2026-W54" is not a week: 2026 has weeks 1 to 53; type e.g. 2026-W01'),
    ("1/12 14:00", '"1/12 14:00" has a time; for a day leave it out, e.g. 1/12'),
    ("someday", '"someday" is not a date I understand; type e.g. 1/12, 2026-12-01, 1 dec, mon, '
                'tomorrow or +3'),
    ("", "no date given; type e.g. 1/12, 2026-12-01, mon or tomorrow"),
])
def test_parse_day_errors(text, message):
    assert error_of(parse_day, text, day_first=True, today=TODAY) == message


# --- properties ---------------------------------------------------------------------------------


@hsettings(max_examples=100, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    clock=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    day_first=st.booleans(),
    tz=st.sampled_from([CPH, NY, ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata")]),
)
def test_property_typed_dates_round_trip_or_explain(day, clock, day_first, tz):
    numeric = f"{day.day}/{day.month}" if day_first else f"{day.month}/{day.day}"
    texts = [f"{day.isoformat()} {clock:%H:%M}", f"{numeric}/{day.year} {clock:%H:%M}"]
    for text in texts:
        try:
            got = when(text, day_first=day_first, tz=tz)
        except PlannerError as err:
            # Only a local time the clocks skip or repeat may be refused, and it must say so.
            assert "does not exist" in str(err) or "happens twice" in str(err)
            wall = datetime.combine(day, clock, tzinfo=tz)
            assert wall.astimezone(timezone.utc) != wall.replace(fold=1).astimezone(timezone.utc)
            continue
        assert (got.date(), got.time()) == (day, clock)
        assert got.tzinfo is tz
        assert got.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) == got.replace(tzinfo=None)
    assert parse_day(numeric + f"/{day.year}", day_first=day_first, today=TODAY) == day


@hsettings(max_examples=100, deadline=None)
@given(text=st.text(max_size=20))
def test_property_any_text_gives_a_datetime_or_a_planner_error(text):
    try:
        got = when(text)
    except PlannerError as err:
        assert str(err)
        return
    assert got.tzinfo is CPH


@pytest.mark.parametrize("text", [
    "9999-12-31 23:59", "0001-01-01 00:30", "2200-01-01 09:00", "1899-12-31 23:00", "31/12/9999 10:00",
    "1 dec 2300 9:00", "9999-12-31 23:59+01:00", "+9999w 10:00",
])
def test_dates_outside_the_years_planner_works_with_are_refused(text):
    assert "is outside the years 1900-2199 planner works with" in error_of(when, text, today=date(2190, 1, 1))


@pytest.mark.parametrize("text", ["9999-12-31", "1/1/1800", "+9999w", "-9999w"])
def test_days_outside_the_years_planner_works_with_are_refused(text):
    message = error_of(parse_day, text, day_first=True, today=date(2190, 1, 1) if "+" in text else date(1905, 1, 1))
    assert "is outside the years 1900-2199 planner works with" in message


def test_relative_words_at_the_edge_of_the_years_do_not_overflow():
    assert "outside the years" in error_of(when, "tomorrow 10:00", today=date(2199, 12, 31),
                                           selected_day=date(2199, 12, 31))
    assert "outside the years" in error_of(parse_day, "yesterday", day_first=True, today=date(1900, 1, 1))
