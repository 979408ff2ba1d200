"""A bound on the time and the memory of one call, for tests of hostile input.

``bounded(run)`` runs ``run()`` with an alarm (the call is interrupted, and the test fails, when it
takes longer than ``seconds``) and tracemalloc (it fails when the call's allocations peaked above
``megabytes``). The bounds are generous: the unbounded code took minutes and gigabytes, and
tracemalloc slows a call that allocates a lot several times over on a busy machine.
"""

from __future__ import annotations

import signal
import time
import tracemalloc


class TooSlow(Exception):
    pass


def bounded(run, *, seconds: float = 60.0, megabytes: float = 128.0):
    def alarm(signum, frame):
        raise TooSlow(f"interrupted after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    tracemalloc.start()
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = run()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * 1024 * 1024, f"allocations peaked at {peak / 1024 / 1024:.0f} MB"
    return result
