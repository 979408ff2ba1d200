"""The action registry (planner/ui/actions.py): every key is bound from it, works, is named in one
place, and the README, the footer, ? help and the command palette agree with it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import Counter
from pathlib import Path

import planner.ui
from planner.ui.actions import ACTIONS, help_rows, key_name
from support.ui import WIDE, make_app, screen_text, week, widget_text

README = Path(__file__).resolve().parents[2] / "README.md"


def bound_classes():
    """(class, its own bindings) for every screen and widget of planner.ui that declares keys."""
    from textual.dom import DOMNode

    found = []
    for info in pkgutil.walk_packages(planner.ui.__path__, "planner.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, DOMNode) and cls.__dict__.get("BINDINGS"):
                found.append((cls, cls.__dict__["BINDINGS"]))
    return found


def test_every_binding_is_a_registered_action_with_its_keys():
    scopes_bound = set()
    for cls, bindings in bound_classes():
        for binding in bindings:
            assert binding.id in ACTIONS, f"{cls.__name__} binds {binding.key!r} without a registered id"
            action = ACTIONS[binding.id]
            assert (binding.key, binding.action) == (action.keys, action.action), binding.id
            scopes_bound.add(action.scope)
        ids = {b.id for b in bindings}
        scope = ACTIONS[next(iter(ids))].scope
        missing = [a.id for a in ACTIONS.values() if a.scope == scope and a.bound and a.id not in ids]
        assert missing == [], f"{cls.__name__} leaves out {missing}"
    # Every scope of the registry is some screen's (no action registered that nothing binds).
    assert {a.scope for a in ACTIONS.values()} == scopes_bound


def test_no_key_is_shown_that_does_nothing():
    from planner.ui.app import PlannerApp

    for cls, bindings in bound_classes():
        for binding in bindings:
            namespace, _, method = binding.action.partition("(")[0].rpartition(".")
            owner = PlannerApp if namespace == "app" else cls
            assert callable(getattr(owner, f"action_{method}", None)), f"{binding.id}: no action_{method}"


def test_ids_are_stable_names_and_keys_do_not_clash():
    for action_id, action in ACTIONS.items():
        assert re.fullmatch(r"[a-z-]+\.[a-z-]+", action_id), action_id
        assert action.name and action.description, action_id
    by_scope_key = Counter((a.scope, key) for a in ACTIONS.values() if not a.instead_of for key in a.key_list)
    assert [k for k, n in by_scope_key.items() if n > 1] == []
    for action in ACTIONS.values():
        if action.instead_of:  # shares its key with the action it replaces on screen
            assert ACTIONS[action.instead_of].keys == action.keys


def test_a_key_shown_in_a_language_is_one_of_its_keys():
    from planner.i18n import LANGUAGES, speaking
    from planner.ui.actions import shown_keys

    with_shown = [a for a in ACTIONS.values() if a.shown_key]
    assert with_shown  # the yes key: j for ja in Danish
    for language in LANGUAGES:
        with speaking(language):
            for action in with_shown:
                assert set(shown_keys(action)) <= set(action.key_list), (language, action.id)


def test_readme_keys_table_matches_the_help():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Keys in the week view") :].split("\n\n")[1]
    readme: set[str] = set()
    for row in table.splitlines()[2:]:
        keys_cell = row.split("|")[1]
        readme.update(re.findall(r"`([^`]+)`", keys_cell))
        if "arrows" in keys_cell:
            readme.update(key_name(k) for k in ("left", "right", "up", "down"))
    shown = {key for keys, _, _ in help_rows("week") for key in keys.split(" ")}
    assert readme == shown


async def test_help_and_palette_are_made_from_the_registry(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = widget_text(app)
        for keys, name, description in help_rows("week"):
            assert f"{name}: {description}" in text
        assert "← h" in text and "ctrl+p" in text
        await pilot.press("escape")
        await pilot.pause()
        commands = {c.title for c in app.get_system_commands(week(app))}
        assert {"Next week", "Get me out of this meeting", "Import a calendar", "Drafts", "Help"} <= commands
        assert "Previous day" not in commands  # moving is for keys, not the palette


async def test_a_keymap_moves_a_key_by_its_id(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.set_keymap({"week.next": "right_square_bracket"})
        await pilot.pause()
        assert "] Week" in screen_text(app).splitlines()[-1]
        await pilot.press("n")
        await pilot.pause()
        assert "2026-W49" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "2026-W50" in screen_text(app)


async def test_the_words_of_keys_are_translated_where_shown(demo):
    """The footer and ? help read the registry's words in the interface language, the names of
    keys that are words too (enter is "retur" in Danish, space "mellemrum")."""
    from planner.ui.actions import key_name

    demo.save_settings(demo.settings().with_changes(language="da"))
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "n/p Uge" in screen_text(app).splitlines()[-1]
        await pilot.press("question_mark")
        await pilot.pause()
        text = widget_text(app)
        assert "Næste uge: Vis ugen efter" in text and "retur   Mødets detaljer" in text
        assert (key_name("space"), key_name("escape"), key_name("enter", short=True)) == ("mellemrum", "esc", "⏎")
