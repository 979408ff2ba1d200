"""Themes: the shipped files, the user's own, broken files, switching and remembering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.resources import themes_dir
from planner.services.themes import LOAD_VARIABLES, ThemeFileError, load_themes, parse_theme
from support.ui import WIDE, make_app, notices, run_command, week


def user_themes() -> Path:
    folder = Path(os.environ["PLANNER_CONFIG_DIR"]) / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_shipped_themes_define_the_load_colours():
    specs, problems = load_themes([themes_dir()])
    assert problems == []
    by_name = {s.name: s for s in specs}
    assert {"planner-dark", "planner-light", "planner-contrast"} <= set(by_name)
    assert by_name["planner-light"].dark is False and by_name["planner-dark"].dark is True
    for spec in specs:
        assert set(LOAD_VARIABLES) <= set(spec.variables), spec.name
        assert len({spec.variables[v] for v in LOAD_VARIABLES}) == 3, spec.name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("name = [", "not valid TOML"),
        ('primary = "#fff"', "needs a name"),
        ('name = "x"', "needs a primary colour"),
        ('name = "x"\nprimary = "#fff"\nprimray = "#000"', "unknown key primray"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"', "dark must be true or false"),
        ('name = "x"\nprimary = "#fff"\nvariables = 3', "[variables] must be a table"),
    ],
)
def test_broken_theme_text_says_what_is_wrong(text, expected):
    with pytest.raises(ThemeFileError, match=None) as info:
        parse_theme(text, path=Path("mine.toml"))
    assert expected in str(info.value) and "mine.toml" in str(info.value)


def test_a_later_folder_overrides_a_theme_of_the_same_name(tmp_path):
    (tmp_path / "dark.toml").write_text(
        'name = "planner-dark"\nprimary = "#ff0000"\n', encoding="utf-8"
    )
    specs, problems = load_themes([themes_dir(), tmp_path])
    dark = next(s for s in specs if s.name == "planner-dark")
    assert dark.colors["primary"] == "#ff0000" and problems == []


async def test_user_theme_loads_and_a_broken_one_gives_a_notice(demo):
    folder = user_themes()
    (folder / "ocean.toml").write_text(
        'name = "ocean"\nprimary = "#1e90ff"\nbackground = "#001b2e"\n'
        '[variables]\nload-ok = "#2e8b57"\nload-busy = "#daa520"\nload-overloaded = "#ff4500"\n',
        encoding="utf-8",
    )
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n', encoding="utf-8")
    (folder / "worse.toml").write_text("this is not toml", encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "ocean" in app.available_themes
        assert "broken" not in app.available_themes
        messages = notices(app)
        assert any("broken.toml" in m and "not-a-colour" in m for m in messages)
        assert any("worse.toml" in m and "not valid TOML" in m for m in messages)
        assert app.theme == "planner-dark"
        app.theme = "ocean"
        await pilot.pause()
        assert app.get_css_variables()["load-overloaded"] == "#ff4500"
        assert demo.settings().theme == "ocean"


async def test_an_unknown_saved_theme_falls_back_with_a_notice(demo):
    demo.save_settings(demo.settings().with_changes(theme="gone-theme"))
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "planner-dark"
        assert any("gone-theme" in n for n in notices(app))
        assert demo.settings().theme == "gone-theme"  # kept: the file may come back


async def test_switching_theme_recolours_the_overloaded_day_and_is_remembered(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        column = week(app).query_one("#day-1")
        dark = column.styles.border_top[1]
        assert dark.hex.lower() == "#d9434a"  # planner-dark's load-overloaded
        app.theme = "planner-light"
        await pilot.pause()
        column = week(app).query_one("#day-1")
        assert column.styles.border_top[1].hex.lower() == "#cf222e"
        assert demo.settings().theme == "planner-light"


async def test_textual_builtin_themes_still_have_load_colours(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        variables = app.get_css_variables()
        assert variables["load-overloaded"] == app.current_theme.error


async def test_palette_switches_theme(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Theme: planner-contrast", "Theme: planner-contrast")
        assert app.theme == "planner-contrast"
        assert demo.settings().theme == "planner-contrast"
