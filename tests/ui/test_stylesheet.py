"""planner.tcss is one stylesheet read in two parts: the week's before the first frame, the rest
when another screen first opens. These tests keep that split honest."""

from __future__ import annotations

import re

from support.ui import WIDE, make_app, open_demo, week

WEEK_SELECTORS = re.compile(r"^[^/*\s].*\b(WeekScreen|DayColumn|WeekDays|KeyBar|#days|#detail|#legend|#keys|\.day\b)")


def test_week_rules_are_all_in_the_part_read_first():
    from planner.ui.app import STYLESHEET, stylesheet_parts

    text = STYLESHEET.read_text(encoding="utf-8")
    first, rest = stylesheet_parts(text)
    assert rest, "the marker line is missing from planner.tcss"
    assert "DayColumn > .day-column--head" in first and "WeekDays > .day-column--card-selected" in first
    late = [line for line in rest.splitlines() if WEEK_SELECTORS.search(line)]
    assert late == [], f"week rules below the marker are read too late for the first frame: {late}"
    # The rest keeps its line numbers, so a CSS error names the right line of planner.tcss.
    assert rest.splitlines()[first.count("\n")] == text.splitlines()[first.count("\n")]


async def test_a_dialog_is_styled_though_its_rules_are_read_later(tmp_path):
    store = open_demo(tmp_path / "planner.json")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not any(".dialog" in str(rule.selector_set) for rule in app.stylesheet.rules)
        await pilot.press("g")
        await pilot.pause()
        assert any(".dialog" in str(rule.selector_set) for rule in app.stylesheet.rules)
        dialog = app.screen.query_one(".dialog")
        assert dialog.styles.width.value == 60  # .dialog.go-to { width: 60 }
        assert dialog.styles.border_top[0] == "round"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
        assert week(app).query_one("#day-1").has_class("-overloaded")
    store.close()
