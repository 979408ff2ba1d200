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


# --- in Danish: the words are longer; nothing that matters may be cut off -------------------------


def _danish_app(tmp_path):
    from planner.i18n import speaking
    from planner.services.demo import fill_demo
    from planner.services.store import Store
    from planner.ui.app import PlannerApp

    store = Store.open(tmp_path / "planner.json")
    with speaking("da"):
        fill_demo(store, TODAY)
    store.save_settings(store.settings().with_changes(theme="planner-dark", language="da"))
    return PlannerApp(store, today=TODAY)


def _wizard_at(step: int):
    """Open the wizard on the selected meeting (Byggemøde, Bølgen Arkitekter) and walk to ``step``."""

    async def run_before(pilot) -> None:
        from support.ui import until, widget_text

        app = pilot.app
        await pilot.press("c")
        await until(pilot, lambda: "Trin 1 af 6" in widget_text(app))
        for n in range(2, step + 1):
            if n == 3:
                from textual.widgets import RadioSet

                app.screen.query_one("#reason", RadioSet).focus()
                await pilot.press("enter")
            await pilot.press("ctrl+n")
            await until(pilot, lambda n=n: f"Trin {n} af 6" in widget_text(app))
        await pilot.wait_for_scheduled_animations()

    return run_before


def test_week_danish_120x36(snap_compare, tmp_path):
    assert snap_compare(_danish_app(tmp_path), terminal_size=(120, 36))


def test_week_danish_80x24(snap_compare, tmp_path):
    assert snap_compare(_danish_app(tmp_path), terminal_size=(80, 24))


def test_wizard_danish_120x36(snap_compare, tmp_path):
    assert snap_compare(_danish_app(tmp_path), terminal_size=(120, 36), run_before=_wizard_at(1))


def test_wizard_danish_80x24(snap_compare, tmp_path):
    assert snap_compare(_danish_app(tmp_path), terminal_size=(80, 24), run_before=_wizard_at(1))


def test_wizard_advice_danish_120x36(snap_compare, tmp_path):
    assert snap_compare(_danish_app(tmp_path), terminal_size=(120, 36), run_before=_wizard_at(4))


def test_wizard_advice_danish_80x24(snap_compare, tmp_path):
    assert snap_compare(_danish_app(tmp_path), terminal_size=(80, 24), run_before=_wizard_at(4))
