"""Benchmark: the week view on a 5,000-meeting database.

    python tests/bench/bench_ui.py [--runs 11] [--switches 40]

1. First frame: wall time from a fresh interpreter's start to the first frame of the week view
   (imports, Store.open, compose, first paint; Textual's Ready event), next to a minimal Textual
   app (Header, Static, Footer) started the same way. Budget: within 1.25x.
2. Week change: n / p on the same database, from the action to the repainted screen.
   Budget: under 50 ms median.

Both apps run headless at 120x36. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from make_db import TODAY, make_db  # noqa: E402

# Each child measures from its own first line to Textual's Ready event (sent after the first frame).
_MINIMAL = """
import time; t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

    def on_ready(self):
        print(time.perf_counter() - t0)
        self.exit()

Minimal().run(headless=True, size=(120, 36))
"""

_PLANNER = """
import time; t0 = time.perf_counter()
import sys
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from planner.services.store import Store
from planner.ui.app import PlannerApp

class Timed(PlannerApp):
    def on_ready(self):
        print(time.perf_counter() - t0)
        self.exit()

with Store.open(Path({db!r})) as store:
    Timed(store, today=date.fromisoformat({today!r})).run(headless=True, size=(120, 36))
"""


def first_frame(code: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


async def week_switches(db: Path, switches: int) -> tuple[list[float], list[float]]:
    """(key press to the next painted frame, show_week alone) for n / p presses, in seconds."""
    from planner.services.store import Store
    from planner.ui.app import PlannerApp

    press_times, redraw_times = [], []
    with Store.open(db) as store:
        app = PlannerApp(store, today=TODAY)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            screen = app.screen
            loop = asyncio.get_running_loop()
            for i in range(switches):
                action = "next_week" if (i // 4) % 2 == 0 else "previous_week"
                painted = loop.create_future()
                t0 = time.perf_counter()
                await screen.run_action(action)  # what the n / p binding runs
                # Textual calls this once the messages are handled and the screen is repainted.
                screen.call_after_refresh(lambda: painted.set_result(time.perf_counter()))
                press_times.append(await painted - t0)
                await pilot.pause()
            for i in range(switches):
                day = screen.day
                t0 = time.perf_counter()
                screen.show_week(day, select=day)
                redraw_times.append(time.perf_counter() - t0)
                await pilot.pause()
    return press_times, redraw_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--switches", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        db = Path(folder) / "bench.json"
        make_db(db, n=5000, today=TODAY)
        planner_code = _PLANNER.format(root=str(ROOT), db=str(db), today=TODAY.isoformat())
        # Warm the file cache and bytecode once for both.
        first_frame(_MINIMAL, 1)
        first_frame(planner_code, 1)
        minimal = first_frame(_MINIMAL, args.runs)
        planner = first_frame(planner_code, args.runs)
        press, redraw = asyncio.run(week_switches(db, args.switches))
    m_min, m_pl = statistics.median(minimal), statistics.median(planner)
    ratio = m_pl / m_min
    print(f"first frame, minimal Textual app : {m_min * 1000:7.1f} ms median of {args.runs}")
    print(f"first frame, planner week view   : {m_pl * 1000:7.1f} ms median of {args.runs} (5,000 meetings)")
    print(f"ratio                            : {ratio:7.2f}x  (budget 1.25x) {'OK' if ratio <= 1.25 else 'OVER'}")
    p_med = statistics.median(press)
    r_med = statistics.median(redraw)
    print(f"n/p: action to repainted screen : {p_med * 1000:7.1f} ms median of {len(press)} "
          f"(max {max(press) * 1000:.1f})  (budget 50 ms) {'OK' if p_med < 0.05 else 'OVER'}")
    print(f"week re-draw (show_week) alone   : {r_med * 1000:7.1f} ms median of {len(redraw)}")
    return 0 if ratio <= 1.25 and p_med < 0.05 else 1


if __name__ == "__main__":
    raise SystemExit(main())
