"""The ``planner`` command (and ``python -m planner``).

The command line lives in planner/cli; the week view in planner/ui. This is where the two meet, so
that the command line never imports the UI and commands other than the week view never import
Textual.
"""

from __future__ import annotations


def _open_week(store, *, clock, notice=None, start=None, read_only_reason="") -> int:
    from planner.ui.app import run_app  # the only place Textual is imported

    return run_app(store, clock=clock, notice=notice, start=start, read_only_reason=read_only_reason)


def main(argv: list[str] | None = None) -> int:
    from planner.cli import main as run

    return run(argv, open_week=_open_week)


if __name__ == "__main__":
    raise SystemExit(main())
