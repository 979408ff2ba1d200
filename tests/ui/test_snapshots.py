"""Pictures of the week (pytest-textual-snapshot): dark and light themes, 120x36, fixed today.

Update them after a deliberate change with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from support.ui import TODAY, open_demo


def _app(tmp_path, theme: str):
    from planner.ui.app import PlannerApp

    store = open_demo(tmp_path / "planner.json")
    store.save_settings(store.settings().with_changes(theme=theme))
    return PlannerApp(store, today=TODAY)


def test_week_dark(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, "planner-dark"), terminal_size=(120, 36))


def test_week_light(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, "planner-light"), terminal_size=(120, 36))


def test_week_narrow_80x24_dark(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, "planner-dark"), terminal_size=(80, 24))


def test_overloaded_day_selected_contrast(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, "planner-contrast"), terminal_size=(120, 36), press=["left", "down"])
