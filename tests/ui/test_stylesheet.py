"""Where the styles live: the week's in its widgets' DEFAULT_CSS, the rules several screens share
in planner.tcss (the app's CSS_PATH), the import dialog's and the wizard's in their own files,
read when they first open. Each is checked by what it styles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.color import Color
from textual.geometry import Size

from planner.ui.app import PlannerApp
from planner.ui.screens.week import size_classes
from support.ui import WIDE, make_app, open_demo, until, week


async def test_the_week_and_a_shared_dialog_are_styled(tmp_path):
    store = open_demo(tmp_path / "planner.json")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        tuesday = week(app).query_one("#day-1")
        assert tuesday.has_class("-overloaded")
        assert tuesday.styles.border_top[1].hex == Color.parse(app.theme_variables["load-overloaded"]).hex
        assert week(app).query_one("#detail").styles.height.value == 8
        await pilot.press("g")
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        assert dialog.styles.width.value == 60  # .dialog.go-to { width: 60 }
        assert dialog.styles.border_top[0] == "round"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
    store.close()


async def test_the_import_dialog_reads_its_rules_when_it_first_opens(tmp_path):
    store = open_demo(tmp_path / "planner.json")
    for size, width in ((WIDE, 100), ((80, 24), 80)):
        app = make_app(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert not any("import-preview" in str(rule.selector_set) for rule in app.stylesheet.rules)
            await pilot.press("i")
            await pilot.pause()
            dialog = app.screen.query_one(".dialog")
            assert dialog.outer_size.width == width  # 100 wide; the whole screen when small
            assert app.screen.query_one("#import-preview").styles.height.fraction == 1
    store.close()


async def test_the_wizard_reads_its_rules_when_it_first_opens(tmp_path):
    store = open_demo(tmp_path / "planner.json")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not any("wizard-title" in str(rule.selector_set) for rule in app.stylesheet.rules)
        await pilot.press("c")
        await until(pilot, lambda: app.screen.query(".dialog.wizard"), "the wizard")
        await pilot.pause()
        assert app.screen.query_one(".dialog.wizard").outer_size.width == 110
    store.close()


@pytest.mark.parametrize(
    "width, height, on",
    [
        (120, 36, {"-wide", "-tall"}),
        (80, 24, {"-medium", "-low"}),
        (40, 12, {"-narrow", "-short"}),
        (110, 30, {"-wide", "-tall"}),
        (109, 29, {"-medium", "-low"}),
        (69, 19, {"-narrow", "-short"}),
    ],
)
def test_the_week_is_composed_with_the_breakpoint_classes_of_its_terminal(width, height, on):
    app = SimpleNamespace(
        size=Size(width, height),
        HORIZONTAL_BREAKPOINTS=PlannerApp.HORIZONTAL_BREAKPOINTS,
        VERTICAL_BREAKPOINTS=PlannerApp.VERTICAL_BREAKPOINTS,
    )
    classes = size_classes(app)
    assert {name for name, set_ in classes.items() if set_} == on
    assert set(classes) == {"-narrow", "-medium", "-wide", "-short", "-low", "-tall"}


async def test_a_small_terminal_gets_the_small_layout(tmp_path):
    store = open_demo(tmp_path / "planner.json")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = week(app)
        assert screen.has_class("-medium") and screen.has_class("-low")
        assert screen.query_one("#detail").styles.height.value == 4
        assert not screen.query_one("#legend").display
    store.close()
