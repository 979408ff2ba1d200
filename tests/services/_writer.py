"""Child process for tests/services/test_crash_safety.py (not collected by pytest: no ``test_`` prefix).

    python tests/services/_writer.py write DB   save meetings in a loop until killed
    python tests/services/_writer.py hold DB    open DB (taking its lock), say so, wait for stdin to close

``write`` keeps an invariant a test can check after a SIGKILL at any moment: meetings "batch-0..2"
are saved together in one batch with notes "n=<i>" and the settings' name "<i>" (odd i), and
meeting "single" is saved alone with notes "n=<i>" (even i). So in any state that was completely
written the three batch meetings agree with the settings, and "single" is one step away.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from planner.domain.models import Client, Meeting
from planner.services.store import Store

FILLER = 150  # other meetings, so that every write is big enough to be caught half-way


def write(path: str) -> None:
    tz = ZoneInfo("Europe/Copenhagen")
    store = Store.open(path)
    if store.client_by_name("Ærø & Co") is None:
        with store.batch():
            client = Client(name="Ærø & Co")
            store.save_client(client)
            start = datetime(2026, 12, 1, 9, 0, tzinfo=tz)
            for n in range(FILLER):
                at = start + timedelta(hours=n)
                store.save_meeting(Meeting(client.id, f"Møde {n} – fyld", at, at + timedelta(minutes=30), notes="æøå" * 20))
            for name in ("batch-0", "batch-1", "batch-2", "single"):
                store.save_meeting(Meeting(client.id, name, start, start + timedelta(hours=1), notes="n=0", id=name))
            store.save_settings(store.settings().with_changes(name="0"))
    batch = [store.meeting(f"batch-{k}") for k in range(3)]
    single = store.meeting("single")
    settings = store.settings()
    i = max(int(settings.name), int(single.notes[2:]))
    print("ready", flush=True)
    first = True
    while True:
        i += 1
        if i % 2:
            with store.batch():
                for m in batch:
                    store.save_meeting(m.with_changes(notes=f"n={i}"))
                store.save_settings(settings.with_changes(name=str(i)))
        else:
            store.save_meeting(single.with_changes(notes=f"n={i}"))
        if first:  # the test kills at a random moment after this, however slow the machine
            print("wrote", flush=True)
            first = False


def hold(path: str) -> None:
    with Store.open(path):
        print(f"ready {os.getpid()}", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    {"write": write, "hold": hold}[sys.argv[1]](sys.argv[2])
