"""Importing a calendar from the week view (i), the way a person does it: press i, type the path of
an .ics file (Tab completes), press enter to preview, read the counts, what was skipped and why,
then import (enter again) or escape. Bad files say what is wrong in words and leave the data file
alone; a read-only planner previews but does not import."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.ui import (
    TODAY, WIDE, column_text, make_app, notices, open_demo, run_command, screen_text, until, week, widget_text,
)

from support import ICS

GOOGLE = ICS / "google_week.ics"


@pytest.fixture(autouse=True)
def _in_the_fixtures_folder(monkeypatch):
    """Paths typed relative to the current folder (short to type: the tests press every key)."""
    monkeypatch.chdir(ICS)


def data_bytes(store) -> bytes:
    return Path(store.path).read_bytes()


def on_disk(store):
    """The meetings as the data file holds them (read by a second, read-only store)."""
    from planner.services.store import Store

    with Store.open(Path(store.path), read_only=True) as other:
        return other.meetings()


def preview_text(app) -> str:
    return str(app.screen.query_one("#import-body").content)


def path_message(app):
    return app.screen.query_one("#import-path-message")


def import_button(app):
    return app.screen.query_one("#import-button")


async def open_import(pilot):
    from planner.ui.screens.import_screen import ImportScreen

    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ImportScreen)
    return pilot.app.screen


async def settle(pilot) -> None:
    """Wait for the preview's worker thread and what it reports."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def type_path(pilot, path: str | Path) -> None:
    """Clear the path field the way a person does (ctrl+u) and type the path."""
    pilot.app.screen.query_one("#import-path").focus()
    await pilot.press("ctrl+u", *[c if c != " " else "space" for c in str(path)])
    await pilot.pause()


async def preview(pilot, path: str | Path) -> None:
    await type_path(pilot, path)
    await pilot.press("enter")
    await settle(pilot)


# --- the happy path --------------------------------------------------------------------------


async def test_import_a_google_export_shows_counts_then_the_week_shows_the_meetings(demo):
    before = len(demo.meetings())
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        selected = week(app).selected_meeting.title
        await open_import(pilot)
        await preview(pilot, "google_week.ics")
        text = preview_text(app)
        assert "Calendar me@example.com" in text
        assert "60 new, 0 updated, 0 unchanged, 2 skipped" in text
        assert "60 new, 0 updated, 0 unchanged, 2 skipped" in screen_text(app)  # on screen, not only in the widget
        # What was skipped, grouped by reason, each with its line and UID.
        assert "1 invitation you declined" in text
        assert "line 83, UID declined-1@google.com (Produktdemo): you declined the invitation" in text
        assert "1 cancelled in the calendar" in text
        assert "line 94, UID cancelled-1@google.com (Frokost med Acme)" in text
        assert "New clients (1)" in text and "Unassigned" in text
        assert "  Fri 4 Dec 2026  09:00-09:30  Tandlæge  Unassigned" in text
        assert data_bytes(demo) == data_bytes(demo) and len(on_disk(demo)) == before  # a preview writes nothing
        # The Import button has the focus: enter imports.
        assert app.focused is import_button(app) and not import_button(app).disabled
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is week(app)
        assert "Imported 60 new, 0 updated from me@example.com; 1 new client." in notices(app)
        # The week re-drew where it was, with the imported meetings in it.
        assert "2026-W49" in screen_text(app)
        assert week(app).selected_meeting.title == selected
        assert "Tandlæge" in column_text(app, 4)
        assert "Team offsite" in column_text(app, 3)
    saved = on_disk(demo)
    assert len(saved) == before + 60
    assert {"Tandlæge", "Team offsite", "Weekly sync"} <= {m.title for m in saved if m.source is not None}
    assert not any(m.title in ("Produktdemo", "Frokost med Acme") for m in saved)


async def test_importing_the_same_file_again_is_up_to_date(demo):
    from planner.services.ics import commit
    from planner.services.ics import preview as read

    commit(read(GOOGLE, demo, today=TODAY), demo)
    before = data_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, "google_week.ics")
        assert "0 new, 0 updated, 60 unchanged, 2 skipped" in preview_text(app)
        assert "Up to date: this calendar holds nothing new." in screen_text(app)
        assert import_button(app).disabled
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert app.screen is week(app)
    assert data_bytes(demo) == before


async def test_tab_completes_folders_and_ics_files_and_the_folder_lists_them(demo, tmp_path, monkeypatch):
    import os

    exports = tmp_path / "exports"
    (exports / "old").mkdir(parents=True)
    for name, age in (("work.ics", 3600), ("team.ics", 60), ("notes.txt", 0)):
        (exports / name).write_bytes(GOOGLE.read_bytes())
        os.utime(exports / name, (1_800_000_000 - age, 1_800_000_000 - age))
    monkeypatch.chdir(tmp_path)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = await open_import(pilot)
        field = screen.query_one("#import-path")
        await type_path(pilot, "exp")
        await pilot.press("tab")
        assert field.value == "exports/"
        await pilot.pause()
        # The folder's calendars, newest first; other files are not offered.
        assert str(path_message(app).content) == ".ics files in exports/: team.ics, work.ics (Tab completes)"
        await pilot.press("w", "tab")
        assert field.value == "exports/work.ics"
        assert app.focused is field
        await pilot.press("tab")  # nothing more to complete: moves on
        assert app.focused is not field
        await type_path(pilot, "exports/")
        await pilot.press("tab")  # in a folder with nothing typed: its newest calendar
        assert field.value == "exports/team.ics"
        await pilot.press("enter")
        await settle(pilot)
        assert "Calendar me@example.com" in preview_text(app)


async def test_tilde_is_the_home_folder(demo, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    (home / "Downloads" / "work.ics").write_bytes(GOOGLE.read_bytes())
    monkeypatch.setenv("HOME", str(home))
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = await open_import(pilot)
        field = screen.query_one("#import-path")
        assert field.value == "~/Downloads/"  # the folder a browser saves to, when there is one
        assert "work.ics" in str(path_message(app).content)
        await pilot.press("w", "tab", "enter")
        await settle(pilot)
        assert field.value == "~/Downloads/work.ics"
        assert "60 new" in preview_text(app)


# --- bad input ---------------------------------------------------------------------------------


async def test_a_broken_event_among_good_ones_imports_the_good_and_names_the_bad(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, "broken_event.ics")
        text = preview_text(app)
        assert "2 new, 0 updated, 0 unchanged, 3 skipped" in text
        assert "3 broken (could not be read)" in text
        assert "line 11, UID bad-date@test (Month 13): DTSTART '20261345T090000Z' is not a date and time" in text
        assert "line 18, UID no-start@test (No start at all): it has no DTSTART" in text
        assert "line 30, UID bad-rule@test (Bad rule)" in text
        await pilot.click("#import-button")
        await pilot.pause()
        assert "Imported 2 new, 0 updated from broken_event; 1 new client." in notices(app)
    titles = {m.title for m in on_disk(demo)}
    assert {"Good one", "Good two"} <= titles
    assert not titles & {"Month 13", "No start at all", "Bad rule"}


@pytest.mark.parametrize(
    ("name", "words", "seen"),
    [
        ("not_a_calendar.ics", "is not an iCalendar file (expected BEGIN:VCALENDAR on line 1)", "is not an iCalendar file"),
        ("truncated.ics", "looks truncated: it ends inside the event that begins on line 30", "looks truncated"),
        ("no-such-calendar.ics", "No such file: ", "No such file"),
    ],
)
async def test_a_file_that_cannot_be_imported_says_why_under_the_path(demo, name, words, seen):
    before = data_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, name)
        message = path_message(app)
        assert words in str(message.content) and message.has_class("-error")
        assert seen in screen_text(app)
        assert "Traceback" not in screen_text(app)
        assert import_button(app).disabled
        await pilot.press("ctrl+s")  # nothing to import: nothing happens
        await pilot.pause()
        assert "Nothing was imported." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
    assert data_bytes(demo) == before


async def test_a_message_that_starts_with_a_file_name_keeps_its_letters(demo, tmp_path, monkeypatch):
    # The screen makes a lower-case error a sentence, but "w.ics" must not become "W.ics".
    (tmp_path / "w.ics").write_text("hello\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await open_import(pilot)
        await preview(pilot, "w.ics")
        await until(pilot, lambda: path_message(app).has_class("-error"))
        assert str(path_message(app).content).startswith("w.ics is not an iCalendar file")


async def test_a_50_mb_file_is_refused_in_words(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    big = tmp_path / "huge.ics"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    before = data_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, "huge.ics")
        assert "is 50.0 MB; planner imports calendars up to 20 MB" in str(path_message(app).content)
        assert import_button(app).disabled
    assert data_bytes(demo) == before


async def test_an_empty_path_and_bad_week_counts_say_what_to_type(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await type_path(pilot, "")
        await pilot.press("enter")
        await settle(pilot)
        assert "Type the path of an .ics file" in str(path_message(app).content)
        app.screen.query_one("#import-back").focus()
        await pilot.press("ctrl+u", "6", "0", "0")
        await type_path(pilot, "google_week.ics")
        await pilot.press("enter")
        await settle(pilot)
        assert "Weeks back must be between 0 and 520, not 600" in str(path_message(app).content)


# --- escape, options, read-only ----------------------------------------------------------------


async def test_escape_cancels_without_writing(demo):
    before = data_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, "google_week.ics")
        assert "60 new" in preview_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
        assert not any("Imported" in n for n in notices(app))
        assert "Tandlæge" not in column_text(app, 4)
    assert data_bytes(demo) == before


async def test_escape_while_a_long_file_is_read_writes_nothing(demo, tmp_path, monkeypatch):
    events = "".join(
        f"BEGIN:VEVENT\nUID:long-{i}@test\nDTSTAMP:20261125T101010Z\nDTSTART:202612{1 + i % 28:02d}T{8 + i % 9:02d}0000Z\n"
        f"DURATION:PT30M\nSUMMARY:Long file {i}\nEND:VEVENT\n"
        for i in range(4000)
    )
    (tmp_path / "long.ics").write_text(f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n{events}END:VCALENDAR\n")
    monkeypatch.chdir(tmp_path)
    before = data_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await type_path(pilot, "long.ics")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is week(app)
        await settle(pilot)  # the read finishes in its thread; its result goes nowhere
        assert app.screen is week(app)
        assert not any("Imported" in n for n in notices(app))
    assert data_bytes(demo) == before


async def test_meetings_no_longer_in_the_file_are_kept_unless_ticked(demo, tmp_path, monkeypatch):
    from planner.services.ics import commit
    from planner.services.ics import preview as read

    commit(read(GOOGLE, demo, today=TODAY), demo)
    # The same calendar a day later: the dentist's appointment (Fri 4 Dec) was deleted.
    text = GOOGLE.read_text(encoding="utf-8")
    start = text.rindex("BEGIN:VEVENT", 0, text.index("Tandl"))
    end = text.index("END:VEVENT", start) + len("END:VEVENT\n")
    later = tmp_path / "google_later.ics"
    later.write_text(text[:start] + text[end:], encoding="utf-8", newline="")
    monkeypatch.chdir(tmp_path)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, later.name)
        assert "No longer in the file (1): kept; tick" in preview_text(app)
        assert "Tandlæge" in preview_text(app)
        assert import_button(app).disabled  # nothing to change unless it is ticked
        await pilot.click("#import-remove")
        await pilot.pause()
        assert "Changed since the preview: press enter to preview again." in screen_text(app)
        assert import_button(app).disabled
        app.screen.query_one("#import-path").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "1 removed" in preview_text(app) and "No longer in the file (1): will be removed" in preview_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert any("removed 1 no longer in the file" in n for n in notices(app))
        assert "Tandlæge" not in column_text(app, 4)
    assert "Tandlæge" not in {m.title for m in on_disk(demo)}


@pytest.mark.parametrize("locked", [True, False])
async def test_a_read_only_planner_previews_but_says_why_it_cannot_import(tmp_path, locked):
    from planner.services.store import Store

    path = tmp_path / "planner.json"
    open_demo(path).close()
    before = path.read_bytes()
    store = Store.open(path, read_only=True)
    if locked:  # a second copy: the command line passes the lock's reason on
        reason = f"{path} is in use by another planner (pid 4242)"
        why = f"read-only, so it cannot import: {path} is in use by another planner (pid 4242). Import there"
    else:  # planner --read-only
        reason = ""
        why = "opened read-only, so it cannot import: start it without --read-only to import."
    app = make_app(store, read_only_reason=reason)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, "google_week.ics")
        text = preview_text(app)
        assert "60 new" in text
        assert why in text
        assert import_button(app).disabled
        assert "Read-only: cannot import." in screen_text(app)
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
    store.close()
    assert path.read_bytes() == before


# --- user text, help, palette, small terminals ---------------------------------------------------


async def test_names_with_brackets_and_danish_letters_show_as_typed(demo, tmp_path, monkeypatch):
    calendar = tmp_path / "[VIP] Ærø & Co.ics"
    calendar.write_text(
        GOOGLE.read_text(encoding="utf-8").replace("X-WR-CALNAME:me@example.com", "X-WR-CALNAME:[VIP] Ærø & Co [b]kalender[/b]"),
        encoding="utf-8", newline="",
    )
    monkeypatch.chdir(tmp_path)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_import(pilot)
        await preview(pilot, calendar.name)
        shown = screen_text(app)
        assert "Calendar [VIP] Ærø & Co [b]kalender[/b]" in shown
        assert "Kvartalsreview – [VIP] Ærø & Co" in shown  # a title, and the demo's client of that name
        await pilot.press("enter")
        await pilot.pause()
        # (61: the calendar's name is no longer your email, so the declined invitation comes in too)
        assert "Imported 61 new, 0 updated from [VIP] Ærø & Co [b]kalender[/b]; 1 new client." in notices(app)


async def test_help_and_the_command_palette_offer_import(demo):
    from planner.ui.screens.import_screen import ImportScreen

    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = widget_text(app)
        assert "Import a calendar: Read an .ics file" in help_text
        assert help_text.index("Get me out") < help_text.index("Import a calendar") < help_text.index("Command palette")
        await pilot.press("escape")
        await pilot.pause()
        await run_command(pilot, "import cal", "Import a calendar")
        assert isinstance(app.screen, ImportScreen)


async def test_usable_at_80x24(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_import(pilot)
        await preview(pilot, "broken_event.ics")
        shown = screen_text(app)
        assert "2 new, 0 updated, 0 unchanged, 3 skipped" in shown
        assert "Import ^s" in shown and "Cancel esc" in shown
        for selector in ("#import-path", "#import-remove", "#import-back", "#import-ahead", "#import-button"):
            region = screen.query_one(selector).region
            assert region.width > 0 and region.height > 0 and region.right <= 80 and region.bottom <= 24, selector
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is week(app)
    assert {"Good one", "Good two"} <= {m.title for m in on_disk(demo)}
