"""Benchmark: the first `planner sync` of a 5,000-event calendar from Radicale next to `vdirsyncer
sync` of the same calendar into a folder, then a second `planner sync` after one event changed.

    python tests/bench/bench_sync.py [--events 5000] [--runs 3] [--vdirsyncer PATH/TO/vdirsyncer]

vdirsyncer is not a dependency of planner: install it in a venv of its own (python -m venv
/tmp/vds && /tmp/vds/bin/pip install vdirsyncer) and pass --vdirsyncer /tmp/vds/bin/vdirsyncer
(default: vdirsyncer on PATH; skipped if there is none). Radicale runs on 127.0.0.1 on a free port
with a throwaway folder, as in the tests.

Goals (issue 12): the first sync faster than vdirsyncer's; a second sync with one changed event
under 1 s. Each command runs in a fresh process, timed wall-clock; medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from bench_import import TODAY, make_calendar  # noqa: E402
from support.servers import USERS, start_radicale  # noqa: E402


def _timed(cmd: list[str], env: dict, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:6])} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def _planner(db: Path) -> list[str]:
    script = Path(sys.executable).with_name("planner")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "planner"]
    return base + ["--db", str(db), "--today", TODAY.isoformat()]


def _vdirsyncer_config(folder: Path, url: str) -> Path:
    config = folder / "config"
    config.write_text(
        f'[general]\nstatus_path = "{folder / "status"}"\n\n'
        '[pair bench]\na = "bench_remote"\nb = "bench_local"\ncollections = null\n'
        'conflict_resolution = "a wins"\n\n'
        f'[storage bench_remote]\ntype = "caldav"\nurl = "{url}"\nusername = "alice"\n'
        f'password = "{USERS["alice"]}"\n\n'
        f'[storage bench_local]\ntype = "filesystem"\npath = "{folder / "events"}"\nfileext = ".ics"\n'
    )
    (folder / "events").mkdir(parents=True, exist_ok=True)
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vdirsyncer", default=shutil.which("vdirsyncer") or "")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="planner-bench-sync-"))
    server = start_radicale(work / "radicale")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="")
    try:
        text = make_calendar(args.events)
        firsts, seconds, vdirs = [], [], []
        for run in range(args.runs):
            url = server.new_calendar()
            items = server.write_files(url, text)
            # Radicale parses each new file once and caches it: do that before timing anyone, so
            # planner and vdirsyncer find the same warm server (a real server keeps ETags at hand).
            import caldav

            with server.client(timeout=1200) as client:
                caldav.Calendar(client=client, url=url).get_objects_by_sync_token(None, load_objects=False)
            db = work / f"run{run}.json"
            _timed(_planner(db) + ["calendars", "add", "work", url, "--user", "alice",
                                   "--password-command", f"echo {USERS['alice']}"], env)
            firsts.append(_timed(_planner(db) + ["sync"], env))
            with server.client() as client:
                first = sorted(client.principal().calendars(), key=lambda c: str(c.url) != url)[0]
                obj = first.get_objects_by_sync_token(None, load_objects=False).objects[0]
                obj.load()
                obj.data = obj.data.replace("SUMMARY:", "SUMMARY:Changed ", 1)
                obj.save()
            seconds.append(_timed(_planner(db) + ["sync"], env))
            if args.vdirsyncer:
                folder = work / f"vdir{run}"
                folder.mkdir()
                config = _vdirsyncer_config(folder, url)
                venv = dict(env, VDIRSYNCER_CONFIG=str(config))
                _timed([args.vdirsyncer, "discover"], venv)
                vdirs.append(_timed([args.vdirsyncer, "sync"], venv))
        print(f"calendar: {args.events} events ({items} calendar objects) in Radicale; median of {args.runs} runs")
        print(f"planner sync, first (5,000 events pulled):  {statistics.median(firsts):6.2f} s")
        if vdirs:
            print(f"vdirsyncer sync, first (into a folder):      {statistics.median(vdirs):6.2f} s")
            print(f"  planner is {statistics.median(vdirs) / statistics.median(firsts):.1f}x vdirsyncer's speed")
        else:
            print("vdirsyncer: not found (pass --vdirsyncer PATH)")
        print(f"planner sync, second (one event changed):   {statistics.median(seconds):6.2f} s  (goal < 1 s)")
    finally:
        server.process.kill()
        server.process.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
