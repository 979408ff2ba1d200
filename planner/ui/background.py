"""Work that waits on a network (a sync, a connection test, adding a calendar), off the UI thread.

``in_background(node, work, done)`` runs ``work()`` on a thread of its own and hands what it
returned, or the PlannerError it raised, to ``done`` on the UI thread. The screen stays usable
meanwhile. Quitting never waits for it: a Textual thread worker watches the thread and gives up
when the app closes (a server that does not answer would otherwise hold the quit for a minute);
the work's own thread is a daemon, and the data file stays whole because the store's lock and
atomic writes make every save all or nothing. A node's workers end with the node, so ``done``
is not called for a screen that has closed meanwhile.

Anything other than a PlannerError raised by ``work`` is a bug: it reaches ``done`` as a
PlannerError naming it, so the screen says so rather than waiting forever.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import get_current_worker

from planner.domain.errors import PlannerError
from planner.i18n import _

POLL = 0.05  # seconds between looks at whether the app is closing


def in_background(node: DOMNode, work: Callable[[], Any], done: Callable[[Any, PlannerError | None], None], *,
                  group: str) -> None:
    """Run ``work()`` off the UI thread; then ``done(result, error)`` on it (once, unless the app
    closed first). ``group`` names the worker (Textual's worker list)."""
    app = node.app
    finished = threading.Event()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except PlannerError as exc:
            outcome["error"] = exc
        except Exception as exc:  # noqa: BLE001 - a bug, told in words instead of a hang
            outcome["error"] = PlannerError(_("something unexpected went wrong ({kind}: {error})").format(
                kind=type(exc).__name__, error=exc))
        finally:
            finished.set()

    def watch() -> None:
        worker = get_current_worker()
        threading.Thread(target=run, name=f"planner-{group}", daemon=True).start()
        while not finished.wait(POLL):
            if worker.is_cancelled:
                return  # the app is closing: nobody waits for the answer
        if not worker.is_cancelled:
            call_on_ui(app, done, outcome.get("result"), outcome.get("error"))

    node.run_worker(watch, thread=True, group=group)


def call_on_ui(app, callback: Callable[..., Any], *args: Any) -> Any:
    """``callback(*args)`` on the UI thread, from another thread (waiting for it); nothing once
    the app has stopped. Never call it holding the store's lock: the UI thread may be waiting
    for that lock."""
    try:
        return app.call_from_thread(callback, *args)
    except RuntimeError:
        if app.is_running:
            raise  # the callback's own error
        return None
