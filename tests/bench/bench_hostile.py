"""Benchmark: `planner import` of hostile calendars (tests/fixtures/hostile/, plus a link to
/dev/zero and a FIFO made here), each in a fresh process on a fresh database, with a wall-time
and an address-space limit so a run that would exhaust the machine is stopped and reported.

    python tests/bench/bench_hostile.py [--timeout 30] [--memory-mb 3000] [NAME ...]

For each case: wall time, peak resident memory of the process, exit status (or how it was
stopped), the data file's size and the number of meetings it holds afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
TODAY = "2026-12-02"


def run(argv: list[str], env: dict, timeout: float, memory: int) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, outcome) of one child process."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=limit)
    outcome = ""
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            outcome = f"killed after {timeout:.0f} s"
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
    if not outcome:
        code = os.waitstatus_to_exitcode(status)
        outcome = f"exit {code}" + (f": {err[-1][:110]}" if err and code else "")
    return elapsed, usage.ru_maxrss / 1024, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--memory-mb", type=int, default=3000)
    parser.add_argument("names", nargs="*", help="cases to run (default: all)")
    args = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["TZ"] = "Europe/Copenhagen"
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        root = Path(tmp)
        for name in ("PLANNER_DATA_DIR", "PLANNER_CONFIG_DIR", "PLANNER_STATE_DIR"):
            env[name] = str(root / name.lower())
        cases = {path.name: path for path in sorted(HOSTILE.glob("*.ics"))}
        (root / "zero.ics").symlink_to("/dev/zero")
        cases["symlink to /dev/zero"] = root / "zero.ics"
        os.mkfifo(root / "fifo.ics")
        cases["FIFO"] = root / "fifo.ics"
        wanted = args.names or list(cases)
        print(f"{'case':28} {'time':>8} {'peak MB':>8} {'db KB':>8} {'meetings':>9}  outcome")
        for number, name in enumerate(wanted):
            db = root / f"db-{number}.json"
            argv = [sys.executable, "-m", "planner", "--db", str(db), "--today", TODAY, "import", str(cases[name])]
            seconds, peak, outcome = run(argv, env, args.timeout, args.memory_mb * 1024 * 1024)
            size = db.stat().st_size / 1024 if db.exists() else 0.0
            try:
                meetings = len(json.loads(db.read_text(encoding="utf-8")).get("meetings", {}))
            except (OSError, ValueError):
                meetings = 0
            print(f"{name:28} {seconds:7.2f}s {peak:8.0f} {size:8.0f} {meetings:9}  {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
