"""Benchmark: advice and lightening.

    python tests/bench/bench_advice.py [--runs 11]

1. `planner advise MEETING --reason workload` on a 5,000-meeting database next to `planner agenda`
   on the same file (whole commands; goal: advise within 1.5x of agenda).
2. The lighten search, in process: a day with 10 meetings (goal under 100 ms) and a week with 40
   (goal under 1 s). Each figure is the median of several runs; the plan's size and cost are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import measure  # noqa: E402
from make_db import TODAY, make_db  # noqa: E402


def _pick_meeting(db: Path, env: dict, planner: list[str]) -> str:
    out = subprocess.run([*planner, "--today", TODAY.isoformat(), "agenda", "--format", "json",
                          "--week", "2026-W50"], capture_output=True, text=True, env=env, check=True).stdout
    for day in json.loads(out)["days"]:
        for meeting in day["meetings"]:
            if meeting["status"] == "planned":
                return meeting["id"][:8]
    raise SystemExit("no planned meeting in 2026-W50")


def commands(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = make_db(Path(folder) / "bench.json", 5000, TODAY)
        env = dict(os.environ, PLANNER_DB=str(db))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        script = Path(sys.executable).with_name("planner")
        planner = [str(script)] if script.exists() else [sys.executable, "-m", "planner"]
        meeting = _pick_meeting(db, env, planner)
        cases = {
            "planner agenda": [*planner, "--today", TODAY.isoformat(), "agenda"],
            "planner advise (workload)": [*planner, "--today", TODAY.isoformat(), "advise", meeting, "--reason", "workload"],
        }
        for argv in cases.values():
            measure(argv, 2, env)
        results = {name: measure(argv, runs, env)[0] for name, argv in cases.items()}
        for name, wall in results.items():
            print(f"  {name:<30} {wall * 1000:7.1f} ms")
        ratio = results["planner advise (workload)"] / results["planner agenda"]
        print(f"ratio advise / agenda: {ratio:.2f}x (goal 1.5x)")


def _day_of(n: int, day: date, tz, clients, rng_seed: int = 3):
    import random

    from planner.domain.models import Location, Meeting, Topic

    rng = random.Random(rng_seed)
    meetings = []
    for i in range(n):
        hour, minute = 8 + (i * 9) // n, rng.choice((0, 15, 30, 45))
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        location = rng.choice(list(Location))
        meetings.append(Meeting(client_id=rng.choice(clients).id, title=f"Møde {i}", start=start,
                                end=start + timedelta(minutes=rng.choice((30, 45, 60, 90))), location=location,
                                travel_minutes=20 if location is Location.CLIENT_SITE else 0,
                                lead=rng.choice(("me", "me", "Jonas")), topic=rng.choice(list(Topic))))
    return meetings


def search(runs: int) -> None:
    from planner.domain.advice.lighten import lighten_day, lighten_week
    from planner.domain.models import Client, Settings, Tier

    tz = ZoneInfo("Europe/Copenhagen")
    settings = Settings()
    clients = [Client(name=f"Kunde {i}", tier=list(Tier)[i % 4], flexible=bool(i % 2)) for i in range(8)]
    by_id = {c.id: c for c in clients}
    monday = date(2026, 12, 7)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=tz)
    day_pool = _day_of(10, monday + timedelta(days=1), tz, clients)
    week_pool = [m for d in range(5) for m in _day_of(8, monday + timedelta(days=d), tz, clients, rng_seed=d)]
    for name, run in (
        ("lighten a day of 10 meetings", lambda: lighten_day(monday + timedelta(days=1), day_pool, by_id, settings, now=now)),
        ("lighten a week of 40 meetings", lambda: lighten_week(monday, week_pool, by_id, settings, now=now)),
    ):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            plan = run()
            times.append(time.perf_counter() - t0)
        print(f"  {name:<32} {statistics.median(times) * 1000:7.1f} ms  (max {max(times) * 1000:.1f}; "
              f"{len(plan.items)} changes, cost {plan.cost}, reached {plan.reached}, optimal {plan.optimal})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    print("advise next to agenda (5,000 meetings, whole commands):")
    commands(args.runs)
    print("the lighten search (in process; goals: day < 100 ms, week < 1 s):")
    search(args.runs)


if __name__ == "__main__":
    main()
