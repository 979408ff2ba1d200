"""The ``planner`` command (and ``python -m planner``).

The command line lives in services; the week view in the UI. This is where the two meet, so that
services never import the UI and commands other than the week view never import Textual.
"""

from __future__ import annotations


def _open_week(store, *, today, notice=None) -> int:
    from planner.ui.app import run_app  # the only place Textual is imported

    return run_app(store, today=today, notice=notice)


def main(argv: list[str] | None = None) -> int:
    from planner.services.cli import main as run

    return run(argv, open_week=_open_week)


if __name__ == "__main__":
    raise SystemExit(main())
