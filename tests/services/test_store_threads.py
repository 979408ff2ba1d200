"""The store from two threads (the app's sync worker writes while the screen reads): every method
and every batch is whole to the other thread; nobody sees half a batch, nothing crashes."""

from __future__ import annotations

import inspect
import sys
import threading
from datetime import timedelta

import pytest

from planner.domain.models import Client, Meeting
from planner.services.store import Store

from support import at

BATCH = 25  # meetings saved (then deleted) in one batch
ROUNDS = 40


@pytest.fixture
def eager_switching():
    """Threads take turns every microsecond (not every 5 ms): a half-done batch, if a reader
    could see one, is seen."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_readers_never_see_half_a_batch(store, eager_switching):
    client = Client(name="Nordlys")
    store.save_client(client)
    start, end = at(2, "00:00"), at(9, "00:00")
    seen: list[int] = []
    problems: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            for round_ in range(ROUNDS):
                batch = [Meeting(client.id, f"Round {round_} #{i}", at(2 + i % 5, "09:00"), at(2 + i % 5, "10:00"))
                         for i in range(BATCH)]
                with store.batch():
                    for meeting in batch:  # one save at a time: each changes the table in memory
                        store.save_meeting(meeting)
                with store.batch():
                    for meeting in batch:
                        store.delete_meeting(meeting.id)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            problems.append(exc)
        finally:
            done.set()

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(len(store.meetings()))
                seen.append(len(store.meetings_between(start, end)))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            problems.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not problems, problems
    assert seen, "the reader read nothing"
    assert set(seen) <= {0, BATCH}, sorted(set(seen))
    assert store.meetings() == []


def test_a_batch_that_fails_is_undone_before_another_thread_reads(store):
    """The rollback is part of the batch: a reader waiting for it never sees the saves it undoes."""
    client = Client(name="Nordlys")
    store.save_client(client)
    inside = threading.Event()
    counts: list[int] = []

    def read() -> None:
        inside.wait(10)
        counts.append(len(store.meetings()))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with store.batch():
            store.save_meeting(Meeting(client.id, "Half", at(2, "09:00"), at(2, "09:00") + timedelta(hours=1)))
            inside.set()
            reader.join(0.2)  # the reader is waiting for the batch meanwhile
            assert reader.is_alive()
            raise RuntimeError("the batch fails")
    except RuntimeError:
        pass
    reader.join(10)
    assert counts == [0]


def test_every_public_method_holds_the_lock():
    unlocked = []
    for name, member in vars(Store).items():
        if name.startswith("_") or name in ("open", "SYNC_TABLES", "batch"):
            continue
        function = member.fget if isinstance(member, property) else member
        if inspect.isfunction(function) and not hasattr(function, "__wrapped__"):
            unlocked.append(name)
    assert unlocked == []
