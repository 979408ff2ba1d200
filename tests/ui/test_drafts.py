"""The drafts screen (D): the messages written so far, newest first, with a preview, copy and
export again (never over an existing file)."""

from __future__ import annotations

from pathlib import Path

from planner.domain.models import Strategy
from support.ui import MONDAY, WIDE, make_app, notices, screen_text, week, widget_text


def meeting(store, title: str):
    return next(m for m in store.meetings() if m.title == title and m.start.month == 12)


_WRITTEN = [0]


def write(store, title: str, strategy: Strategy, **kwargs) -> list[Path]:
    """Write drafts a minute after the last ones, as a person would (the list shows newest first)."""
    from datetime import datetime, timedelta

    from planner.application.clock import Clock
    from planner.application.drafts import write_drafts
    from support import CPH

    _WRITTEN[0] += 1
    clock = Clock(datetime(2026, 11, 30, 8, 0, tzinfo=CPH) + timedelta(minutes=_WRITTEN[0]))
    return write_drafts(store, meeting(store, title), strategy, clock, **kwargs)


def rows(app) -> list[list[str]]:
    """The list's rows (client, meeting, message), as the table holds them."""
    from textual.widgets import DataTable

    table = app.screen.query_one("#drafts", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)[1:]] for i in range(table.row_count)]


def preview_source(app) -> str:
    return app.screen.query_one("#draft-preview").source


async def open_drafts(pilot):
    from planner.ui.screens.drafts import DraftsScreen

    await pilot.press("D")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DraftsScreen)
    return pilot.app.screen


async def test_no_drafts_yet_says_how_to_write_one(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_drafts(pilot)
        assert "No drafts yet. On the week, select a meeting and press c to write one." in screen_text(app)
        await pilot.press("c", "x")  # nothing to copy or export: says so, no crash
        await pilot.pause()
        assert "No draft to copy." in notices(app) and "No draft to export." in notices(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)


async def test_lists_drafts_with_a_preview_and_copies_them(demo):
    write(demo, "Smagning af nye etiketter", Strategy.EMAIL, summary="Nye etiketter er godkendt")
    write(demo, "Facadeskitser: gennemgang", Strategy.DELEGATE, language="en")
    app = make_app(demo)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = await open_drafts(pilot)
        assert "3 drafts, newest first" in screen_text(app)
        assert sorted(rows(app)) == [
            ["Bølgen Arkitekter", "Facadeskitser: gennemgang", "colleague goes, briefing, en"],
            ["Bølgen Arkitekter", "Facadeskitser: gennemgang", "colleague goes, to the client, en"],
            ["Københavns Kaffekompagni", "Smagning af nye etiketter", "email, to the client, da"],
        ]
        # Newest first: the email was written before the delegate pair.
        assert rows(app)[2][2] == "email, to the client, da"
        # The first row is selected and previewed: subject, recipient, file, then the rendered body.
        first = screen.selected
        assert first is not None
        head = widget_text(app)
        assert f"Subject: {first.subject}" in head
        assert f"File: {first.path}" in head
        assert preview_source(app) == first.body
        # Moving down previews the next one.
        await pilot.press("down")
        await pilot.pause()
        assert screen.selected.id != first.id
        assert preview_source(app) == screen.selected.body
        # Copy: the message as plain text (no Markdown escapes), and an honest note about terminals.
        email = next(d for d in demo.drafts() if d.strategy is Strategy.EMAIL)
        for _ in range(3):
            if screen.selected.id == email.id:
                break
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert len(copied) == 1 and copied[0].startswith("Emne: ") and "Nye etiketter er godkendt" in copied[0]
        assert "\\" not in copied[0] and "Til: Ask Frølich, ask@kaffekompagni.dk" in copied[0]
        assert any("Copied as plain text (if your terminal allows it)" in n for n in notices(app))


async def test_export_again_writes_a_new_file_and_keeps_the_old(demo):
    [path] = write(demo, "Smagning af nye etiketter", Strategy.PHONE)
    original = path.read_text(encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_drafts(pilot)
        await pilot.press("x")
        await pilot.pause()
        again = path.with_name(path.stem + "-2.md")
        assert again.read_text(encoding="utf-8") == original
        assert path.read_text(encoding="utf-8") == original
        [draft] = demo.drafts()
        assert draft.path == str(again)  # the store points at the newest file
        assert f"File: {again}" in widget_text(app)
        assert any(str(again) in n for n in notices(app))


async def test_a_draft_whose_meeting_was_deleted_still_shows_and_exports(demo):
    [path] = write(demo, "Smagning af nye etiketter", Strategy.SHORTER)
    demo.delete_meeting(meeting(demo, "Smagning af nye etiketter").id)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_drafts(pilot)
        assert rows(app)[0][1] == "(meeting deleted)"
        await pilot.press("x")
        await pilot.pause()
        files = sorted(p.name for p in path.parent.glob("*.md"))
        assert len(files) == 2 and path.name in files


async def test_drafts_written_in_the_wizard_show_up(demo):
    from support.ui import pick, to_advice, to_message, until

    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Kampagneplan 2027", "workload")
        await pick(pilot, "phone")
        await to_message(pilot)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(demo.drafts()) == 1)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is week(app))
        await open_drafts(pilot)
        assert rows(app) == [["[VIP] Ærø & Co", "Kampagneplan 2027", "call, to the client, da"]]
        assert "[VIP] Ærø & Co" in screen_text(app)  # literally, not as markup
        assert "Hej Søren" in preview_source(app)


async def test_m_opens_the_mail_program_or_saves_an_email_draft(demo, monkeypatch):
    import planner.services.mail as mail

    write(demo, "Smagning af nye etiketter", Strategy.EMAIL, summary="Nye etiketter er godkendt")
    opened: list[str] = []
    monkeypatch.setattr(mail, "open_in_mail_program", lambda url: opened.append(url) or False)
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        from support.ui import until

        await open_drafts(pilot)
        await pilot.press("m")
        await until(pilot, lambda: any("saved as an email draft" in n for n in notices(app)))
        assert opened and opened[0].startswith("mailto:ask@kaffekompagni.dk?subject=")
        assert list(Path(demo.settings().drafts_dir).glob("*.eml"))
