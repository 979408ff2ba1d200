"""Benchmark: `planner import` of a 5,000-event calendar next to `khal import` of the same file,
then `planner agenda` on the result next to a bare start-up.

    python tests/bench/bench_import.py [--events 5000] [--runs 3] [--khal PATH/TO/khal]

khal is not a dependency of planner: install it in a venv of its own (python -m venv ~/khal-venv &&
~/khal-venv/bin/pip install khal) and pass --khal ~/khal-venv/bin/khal (default: khal on PATH).
It runs with a throwaway config and calendar folder.

Budgets (issue 5): import at least 10x faster than khal; `planner agenda` afterwards within 2x
`python -c "import tinydb, dateutil"` (the foundation's budget, tests/bench/bench_cli.py).
Each command runs in a fresh process, on a fresh database/calendar, timed wall-clock; medians.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 2)

_CPH_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Copenhagen
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""

_WINDOWS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""

CLIENTS = ["acme.dk", "nordlys.no", "aeroe-co.dk", "bonjour.fr", "example.com", "kunde.de"]


def make_calendar(events: int, seed: int = 7) -> str:
    """A realistic mix: Google-style (UTC, attendees, Meet), Outlook-style (Windows zone, Teams,
    VALARM, X-MICROSOFT-*), Apple-style all-day, and weekly series with a moved occurrence."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "PRODID:-//planner bench//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:bench@example.com", "X-WR-TIMEZONE:Europe/Copenhagen",
             _CPH_VTIMEZONE, _WINDOWS_VTIMEZONE]
    base = datetime.combine(TODAY - timedelta(weeks=7), datetime.min.time())
    series = max(1, events // 125)  # 40 weekly series in 5,000 events, each with one moved occurrence
    made = 0
    for i in range(series):
        start = base + timedelta(days=rng.randrange(0, 5), hours=8 + rng.randrange(0, 8))
        uid = f"series-{i}@bench"
        domain = CLIENTS[i % len(CLIENTS)]
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261120T080000Z",
                  f"DTSTART;TZID=Europe/Copenhagen:{start:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Europe/Copenhagen:{start + timedelta(minutes=45):%Y%m%dT%H%M%S}",
                  "RRULE:FREQ=WEEKLY;COUNT=20", f"SUMMARY:Weekly sync {i}",
                  f"ORGANIZER;CN=Lead {i}:mailto:lead{i}@{domain}",
                  "ATTENDEE;PARTSTAT=ACCEPTED;CN=Me:mailto:bench@example.com",
                  "LOCATION:https://meet.google.com/abc-defg-hij", "END:VEVENT"]
        moved = start + timedelta(weeks=3)
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261120T080000Z",
                  f"RECURRENCE-ID;TZID=Europe/Copenhagen:{moved:%Y%m%dT%H%M%S}",
                  f"DTSTART;TZID=Europe/Copenhagen:{moved + timedelta(hours=2):%Y%m%dT%H%M%S}",
                  f"DTEND;TZID=Europe/Copenhagen:{moved + timedelta(hours=2, minutes=45):%Y%m%dT%H%M%S}",
                  f"SUMMARY:Weekly sync {i} (moved)", "END:VEVENT"]
        made += 2
    i = 0
    while made < events:
        i += 1
        made += 1
        day = base + timedelta(days=rng.randrange(0, 7 * 50))
        start = day + timedelta(hours=8, minutes=30 * rng.randrange(0, 18))
        end = start + timedelta(minutes=30 * rng.randrange(1, 5))
        domain = CLIENTS[i % len(CLIENTS)]
        kind = i % 10
        if kind < 5:  # Google
            s_utc, e_utc = start - timedelta(hours=1), end - timedelta(hours=1)
            lines += ["BEGIN:VEVENT", f"DTSTART:{s_utc:%Y%m%dT%H%M%S}Z", f"DTEND:{e_utc:%Y%m%dT%H%M%S}Z",
                      "DTSTAMP:20261120T080000Z", f"ORGANIZER;CN=Kontakt {i}:mailto:kontakt{i}@{domain}",
                      f"UID:g{i}@google.com",
                      "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=bench@exa",
                      " mple.com;X-NUM-GUESTS=0:mailto:bench@example.com",
                      f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Kontakt {i};X-NUM-GUESTS=0:mailto:kontakt{i}@{domain}",
                      "CREATED:20261101T090000Z",
                      "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij\\nLe",
                      " arn more about Meet at: https://support.google.com/a/users/answer/9282720",
                      "LAST-MODIFIED:20261120T080000Z", "LOCATION:", "SEQUENCE:0", "STATUS:CONFIRMED",
                      f"SUMMARY:Møde {i} – status", "TRANSP:OPAQUE", "END:VEVENT"]
        elif kind < 9:  # Outlook
            lines += ["BEGIN:VEVENT", f"ORGANIZER;CN=\"Hansen, Mette\":mailto:mette{i}@{domain}",
                      "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Me:mailto:bench@example.com",
                      "DESCRIPTION:Microsoft Teams meeting\\nJoin on your computer\\, mobile app or room",
                      "  device\\nClick here to join the meeting<https://teams.microsoft.com/l/meetup-join/19>",
                      f"UID:040000008200E00074C5B7101A82E008000000{i:010d}", f"SUMMARY;LANGUAGE=da-DK:Workshop {i}",
                      f"DTSTART;TZID=W. Europe Standard Time:{start:%Y%m%dT%H%M%S}",
                      f"DTEND;TZID=W. Europe Standard Time:{end:%Y%m%dT%H%M%S}",
                      "CLASS:PUBLIC", "PRIORITY:5", "DTSTAMP:20261120T080000Z", "TRANSP:OPAQUE", "STATUS:CONFIRMED",
                      "SEQUENCE:0", "LOCATION;LANGUAGE=da-DK:Strandvejen 100\\, 2900 Hellerup",
                      "X-MICROSOFT-CDO-APPT-SEQUENCE:0", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
                      "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
                      "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-CDO-INSTTYPE:0",
                      "BEGIN:VALARM", "DESCRIPTION:REMINDER", "TRIGGER;RELATED=START:-PT15M", "ACTION:DISPLAY",
                      "END:VALARM", "END:VEVENT"]
        else:  # Apple all-day
            lines += ["BEGIN:VEVENT", f"UID:apple-{i}@icloud.com", "DTSTAMP:20261120T080000Z",
                      f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                      f"SUMMARY:Heldagsarrangement {i}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def timed(argv: list[str], env: dict, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def khal_config(folder: Path) -> Path:
    calendar = folder / "calendar"
    calendar.mkdir(parents=True)
    config = folder / "config"
    config.write_text(
        f"""[calendars]
[[bench]]
path = {calendar}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = Europe/Copenhagen
local_timezone = Europe/Copenhagen
[sqlite]
path = {folder / 'khal.db'}
""",
        encoding="utf-8",
    )
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--agenda-runs", type=int, default=9)
    parser.add_argument("--khal", default=shutil.which("khal") or "khal", help="the khal to compare with")
    args = parser.parse_args()

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time an installed app: .pyc files cached
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["TZ"] = "Europe/Copenhagen"
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        root = Path(tmp)
        env["HOME"] = str(root)  # nobody's real config, for either program
        env["XDG_CONFIG_HOME"] = str(root / "xdg")
        env["PLANNER_DATA_DIR"] = str(root / "pdata")
        env["PLANNER_CONFIG_DIR"] = str(root / "pconfig")
        env["PLANNER_STATE_DIR"] = str(root / "pstate")
        ics = root / "bench.ics"
        ics.write_text(make_calendar(args.events), encoding="utf-8")
        size = ics.stat().st_size / 1024 / 1024
        print(f"calendar: {args.events} VEVENTs, {size:.1f} MB ({ics})")

        planner_runs, reimport_runs = [], []
        db = root / "planner.json"
        for run in range(args.runs):
            db = root / f"planner-{run}.json"
            cmd = [sys.executable, "-m", "planner", "--db", str(db), "--today", TODAY.isoformat(), "import", str(ics)]
            planner_runs.append(timed(cmd, env))
            reimport_runs.append(timed(cmd, env))
        khal_runs = []
        if shutil.which(args.khal) or Path(args.khal).exists():
            for run in range(args.runs):
                folder = root / f"khal-{run}"
                config = khal_config(folder)
                khal_runs.append(timed([args.khal, "-c", str(config), "import", "--batch", "-a", "bench", str(ics)], env))
            imported = len(list((root / "khal-0" / "calendar").iterdir()))
            print(f"khal stored {imported} calendar objects")
        else:
            print(f"khal not found at {args.khal}: install it in its own venv (see the docstring)")

        # The `planner` command pip installed beside this Python, as a user runs it (as bench_cli.py).
        script = Path(sys.executable).with_name("planner")
        planner = [str(script)] if script.exists() else [sys.executable, "-m", "planner"]
        agenda_cmd = [*planner, "--db", str(db), "--today", TODAY.isoformat(), "agenda"]
        bare_cmd = [sys.executable, "-c", "import tinydb, dateutil"]
        agenda_runs = [timed(agenda_cmd, env) for _ in range(args.agenda_runs)]
        bare_runs = [timed(bare_cmd, env) for _ in range(args.agenda_runs)]
        meetings = subprocess.run(
            [sys.executable, "-c", "import json,sys; print(len(json.load(open(sys.argv[1]))['meetings']))", str(db)],
            capture_output=True, text=True, check=True,
        ).stdout.strip()

    ours = statistics.median(planner_runs)
    print(f"planner import     {ours:7.2f} s   (median of {args.runs}; {meetings} meetings stored)")
    print(f"planner re-import  {statistics.median(reimport_runs):7.2f} s   (same file again: nothing changes)")
    ok = True
    if khal_runs:
        theirs = statistics.median(khal_runs)
        print(f"khal import        {theirs:7.2f} s   (median of {args.runs})")
        print(f"ratio khal / planner: {theirs / ours:.1f}x (budget: at least 10x)")
        ok &= theirs / ours >= 10
    agenda, bare = statistics.median(agenda_runs), statistics.median(bare_runs)
    print(f"planner agenda     {agenda * 1000:7.1f} ms  vs bare start-up {bare * 1000:.1f} ms: "
          f"{agenda / bare:.2f}x (budget 2.00x)")
    ok &= agenda / bare <= 2.0
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
