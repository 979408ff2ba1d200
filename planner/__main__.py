"""``python -m planner`` is the same as the ``planner`` command."""

from planner.services.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
