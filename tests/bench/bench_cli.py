"""Benchmark: `planner agenda` for one week on a 5,000-meeting database, next to a bare start-up.

    python tests/bench/bench_cli.py [--runs 15]

Prints the median wall time and peak memory (max RSS) of each, and the ratio. Budget (issue 2):
`planner agenda` within 2x `python -c "import tinydb, dateutil"`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_db import TODAY, make_db  # noqa: E402


# A child inherits its parent's peak RSS at fork, so the benchmark's own (large) process would mask
# the figure: a minimal interpreter (-S, no site) starts each command and reports its peak.
_LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(time.perf_counter() - t0, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measure(argv: list[str], runs: int, env: dict) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MiB) over ``runs`` runs of a command."""
    walls, peaks = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, *argv], capture_output=True, text=True, env=env, check=True
        )
        wall, peak_kib, code = out.stdout.split()
        if code != "0":
            raise SystemExit(f"failed: {' '.join(argv)}: {out.stderr}")
        walls.append(float(wall))
        peaks.append(int(peak_kib) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--meetings", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = make_db(Path(folder) / "bench.json", args.meetings, TODAY)
        size = db.stat().st_size / 1e6
        env = dict(os.environ, PLANNER_DB=str(db))
        # Measure a normal install: .pyc files cached (pip writes them at install time).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = sys.executable
        # The `planner` command pip installed beside this Python, as a user runs it.
        script = Path(py).with_name("planner")
        planner = [str(script)] if script.exists() else [py, "-m", "planner"]
        cases = {
            "bare: python -c 'import tinydb, dateutil'": [py, "-c", "import tinydb, dateutil"],
            "planner agenda (text, one week)": [*planner, "--today", TODAY.isoformat(), "agenda"],
            "planner agenda --format json": [*planner, "--today", TODAY.isoformat(), "agenda", "--format", "json"],
        }
        for argv in cases.values():  # warm the OS caches and .pyc files
            measure(argv, 2, env)
        print(f"database: {args.meetings} meetings, {size:.1f} MB; median of {args.runs} runs; {' '.join(planner)}")
        results = {}
        for name, argv in cases.items():
            wall, peak = measure(argv, args.runs, env)
            results[name] = wall
            print(f"  {name:<45} {wall * 1000:7.1f} ms   peak {peak:6.1f} MiB")
        bare = results["bare: python -c 'import tinydb, dateutil'"]
        agenda = results["planner agenda (text, one week)"]
        print(f"ratio agenda / bare: {agenda / bare:.2f}x (budget 2.00x)")


if __name__ == "__main__":
    main()
