"""Fuzz: calendars built from the pieces of hostile ones (repeat rules asking for millions, dates at
and past the ends of time, enormous durations, absurd zones, control characters, broken lines).

Every example is previewed with a bound on its time and its memory, and ends in a plan or a
PlannerError: never another exception, never minutes, never gigabytes."""

from __future__ import annotations

import signal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support.bounds import bounded
from planner.domain.errors import PlannerError
from planner.domain.text import clean_line
from support import TODAY

SECONDS = 60.0  # per example, under tracemalloc on a busy machine; the unbounded importer took minutes
MEGABYTES = 128  # peak allocations per example; it took gigabytes

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs an interval timer")

_FREQS = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "FORTNIGHTLY", ""]
_YEARS = [1, 1800, 1899, 1900, 1970, 2020, 2026, 2027, 2199, 2200, 9999]
_ZONES = ["", "Europe/Copenhagen", "W. Europe Standard Time", "Mars/Olympus_Mons", "X" * 300, "../../etc/passwd", "UTC"]
_DURATIONS = ["PT1M", "PT1H", "P1D", "P99999999W", "P1W2D", "PT0S", "-PT1H", "PX", "P" + "9" * 30 + "D"]


def _by(name: str, low: int, high: int):
    values = st.lists(st.integers(low, high), min_size=1, max_size=70)
    return st.one_of(st.just(""), values.map(lambda v: f";{name}=" + ",".join(map(str, v))))


_rule = st.builds(
    lambda freq, interval, end, *parts: f"FREQ={freq}{interval}{end}" + "".join(parts),
    st.sampled_from(_FREQS),
    st.one_of(st.just(""), st.sampled_from([0, 1, 2, 7, 10**9]).map(lambda n: f";INTERVAL={n}")),
    st.one_of(st.just(""), st.sampled_from([0, 1, 5, 10**5, 10**9]).map(lambda n: f";COUNT={n}"),
              st.sampled_from(["19000101", "20261215T000000Z", "99991231T235959Z", "garbage"]).map(
                  lambda u: f";UNTIL={u}")),
    _by("BYSECOND", -1, 61), _by("BYMINUTE", 0, 60), _by("BYHOUR", 0, 24), _by("BYMONTHDAY", -32, 32),
    _by("BYMONTH", 0, 13), _by("BYYEARDAY", -367, 367), _by("BYWEEKNO", -54, 54), _by("BYSETPOS", -400, 400),
    st.one_of(st.just(""), st.lists(st.sampled_from(["MO", "TU", "1MO", "-1SU", "5FR", "53MO", "XX"]),
                                    min_size=1, max_size=5).map(lambda d: ";BYDAY=" + ",".join(d))),
)


@st.composite
def _when(draw, prop: str) -> str:
    year = draw(st.sampled_from(_YEARS))
    stamp = f"{year:04d}{draw(st.integers(1, 12)):02d}{draw(st.integers(1, 31)):02d}"
    if draw(st.booleans()):
        return f"{prop};VALUE=DATE:{stamp}"
    stamp += f"T{draw(st.integers(0, 23)):02d}{draw(st.integers(0, 59)):02d}00"
    zone = draw(st.sampled_from(_ZONES))
    if zone == "UTC":
        return f"{prop}:{stamp}Z"
    return f"{prop};TZID={zone}:{stamp}" if zone else f"{prop}:{stamp}"


_text = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40)


@st.composite
def _event(draw, number: int) -> list[str]:
    lines = [f"UID:fuzz-{number}@test", draw(_when("DTSTART"))]
    end = draw(st.sampled_from(["DTEND", "DURATION", ""]))
    if end == "DTEND":
        lines.append(draw(_when("DTEND")))
    elif end == "DURATION":
        lines.append("DURATION:" + draw(st.sampled_from(_DURATIONS)))
    for _ in range(draw(st.integers(0, 2))):
        lines.append("RRULE:" + draw(_rule))
    if draw(st.booleans()):
        lines.append(draw(_when("EXDATE")))
    if draw(st.booleans()):
        lines.append(draw(_when("RDATE")))
    if draw(st.booleans()):
        lines.append(draw(_when("RECURRENCE-ID")))
    lines.append("SUMMARY:" + draw(_text))
    lines.append("X-PLANNER-LEAD:" + draw(_text))
    lines.append("ORGANIZER:mailto:" + draw(_text))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            ["", "BEGIN:VALARM", "END:VEVENT", "NOCOLON", "DTSTART:", "RRULE:", "X-PLANNER-TRAVEL:" + "9" * 50])))
    return lines


@st.composite
def _calendar(draw) -> str:
    events = [draw(_event(n)) for n in range(draw(st.integers(1, 3)))]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    if draw(st.booleans()):
        lines.append("X-WR-TIMEZONE:" + draw(st.sampled_from(_ZONES)))
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return draw(st.sampled_from(["\r\n", "\n", "\r"])).join(lines) + "\r\n"


def test_hostile_calendars_preview_in_bounded_time_and_memory(tmp_path_factory):
    from planner.services.ics import preview_text
    from planner.services.store import Store

    folder = tmp_path_factory.mktemp("fuzz-hostile")
    store = Store.open(folder / "db.json")
    store.save_settings(store.settings().with_changes(series_limit=200))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(text=_calendar())
    def check(text):
        try:
            plan = bounded(lambda: preview_text(text, "fuzz.ics", store, today=TODAY, limit=5000),
                           seconds=SECONDS, megabytes=MEGABYTES)
        except PlannerError as exc:
            assert str(exc)
            return
        assert all(skip.detail and skip.line >= 1 for skip in plan.skipped)
        per_series: dict[str, int] = {}
        for meeting in plan.new:
            per_series[meeting.source.uid] = per_series.get(meeting.source.uid, 0) + 1
            assert meeting.title == clean_line(meeting.title) and meeting.lead == clean_line(meeting.lead)
            assert 1900 <= meeting.start.year and meeting.end.year <= 2199 and meeting.end >= meeting.start
        assert all(count <= 200 for count in per_series.values())

    try:
        check()
    finally:
        store.close()
