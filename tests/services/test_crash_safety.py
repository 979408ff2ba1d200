"""The database survives a SIGKILL at any moment, and a second running planner cannot write."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from planner.services.store import Store, StoreError, StoreLocked

WRITER = Path(__file__).with_name("_writer.py")
KILLS = 200
WORKERS = 4

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL and fork-free process control")


def _spawn(mode: str, db: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), mode, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        raise AssertionError(f"{mode} child did not start: {line!r} {proc.stderr.read()}")
    return proc


def _check_complete_state(db: Path) -> int:
    """Open the file as a user would and check it holds a state that was completely written.
    Returns the writer's counter."""
    with Store.open(db) as store:
        leftovers = [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == [], "stray temp files survive opening"
        counter = int(store.settings().name)
        notes = {store.meeting(f"batch-{k}").notes for k in range(3)}
        assert notes == {f"n={counter}"}, f"a batch was half written: {notes} vs settings {counter}"
        single = int(store.meeting("single").notes[2:])
        assert abs(single - counter) == 1 or single == counter == 0, (single, counter)
        assert len(store.meetings()) == 154
        return max(counter, single)


def _kill_loop(db: Path, kills: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    last = -1
    mid_write = 0
    for _ in range(kills):
        proc = _spawn("write", db)
        assert proc.stdout.readline().startswith("wrote")  # at least one write, even on a busy machine
        time.sleep(rng.uniform(0, 0.04))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        proc.stdin.close()
        mid_write += any(p.name.endswith(".tmp") for p in db.parent.iterdir())
        reached = _check_complete_state(db)
        assert reached >= last, "a completed write was lost"
        last = reached
    return last, mid_write


def test_sigkill_at_random_moments_never_leaves_a_half_written_file(tmp_path):
    dbs = []
    for n in range(WORKERS):
        folder = tmp_path / f"w{n}"
        folder.mkdir()
        dbs.append(folder / "planner.json")
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(_kill_loop, dbs, [KILLS // WORKERS] * WORKERS, range(WORKERS)))
    writes = sum(last for last, _ in results)
    caught_mid_write = sum(mid for _, mid in results)
    print(f"{KILLS} kills, {writes} writes completed, {caught_mid_write} kills left a temp file behind")
    assert writes > KILLS, "the writer hardly wrote anything before it was killed"


def test_second_planner_gets_storelocked_naming_the_pid_and_read_only_works(tmp_path):
    db = tmp_path / "planner.json"
    with Store.open(db) as store:
        store.save_settings(store.settings().with_changes(name="Lærke"))
    holder = _spawn("hold", db)
    try:
        pid = holder.pid
        with pytest.raises(StoreLocked) as caught:
            Store.open(db)
        message = str(caught.value)
        assert message == (
            f"{db} is in use by another planner (pid {pid}); close it, or open read-only with --read-only"
        )
        assert (db.parent / "planner.json.lock").read_text().strip() == str(pid)
        with Store.open(db, read_only=True) as viewer:
            assert viewer.settings().name == "Lærke"
            with pytest.raises(StoreError, match="read-only"):
                viewer.save_settings(viewer.settings().with_changes(name="Other"))
    finally:
        holder.stdin.close()
        assert holder.wait(timeout=10) == 0, holder.stderr.read()
        holder.stdout.close()
        holder.stderr.close()
    with Store.open(db) as store:  # released when the holder closed it
        assert store.settings().name == "Lærke"


def test_lock_of_a_killed_planner_does_not_linger(tmp_path):
    db = tmp_path / "planner.json"
    holder = _spawn("hold", db)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    for stream in (holder.stdin, holder.stdout, holder.stderr):
        stream.close()
    with Store.open(db) as store:
        assert re.fullmatch(r"\d+\n", (tmp_path / "planner.json.lock").read_text())
        assert store.meetings() == []


def test_filelock_package_holding_the_lock_also_keeps_us_out(tmp_path):
    """Our lock is the same flock the filelock package takes on POSIX."""
    from filelock import FileLock

    db = tmp_path / "planner.json"
    with FileLock(str(db) + ".lock", timeout=0):
        with pytest.raises(StoreLocked, match="is in use by another planner"):
            Store.open(db)
