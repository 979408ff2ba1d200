"""The app in Danish: every screen a person opens shows no English interface words (meeting titles,
client names and the message to an English-speaking client are data), and the settings screen
switches the language at once, on every screen.
"""

from __future__ import annotations

import re

import pytest

from support.ui import TODAY, WIDE, make_app, notices, open_demo, screen_text, until, week, widget_text

# Interface words of the English app that no Danish screen may show (as whole words, in this
# case). The demo's data in Danish holds none of them.
ENGLISH = [
    "Week", "week", "meetings", "meeting", "Meeting", "focus", "overloaded", "OVERLOADED", "busy", "today",
    "Client", "client", "Clients", "Where", "Lead", "Topic", "Day", "Move", "Go to", "Add", "Edit", "Delete",
    "Undo", "Help", "Drafts", "Import", "Setup", "Quit", "palette", "Save", "Cancel", "Close", "Next", "Back",
    "Step", "Name", "Settings", "Language", "Time zone", "Work days", "the", "and", "of", "with", "your",
    "you", "me", "yes", "no", "off", "travel", "each way", "phone", "routine", "planned", "key", "regular", "minor",
    "important", "flexible", "Preview", "File", "Weeks", "ahead", "Remove", "Written", "Message", "Subject",
    "Reason", "Why", "Before", "after", "frees", "cost", "Keys", "Title", "End", "Location", "Notes", "Tier",
    "Share", "Contact", "Domains", "Flexible", "Signature", "Theme", "Weekends", "Looks", "Date order",
]


# Danish that holds one of them: Google Calendar's Danish menu is "Import og eksport".
DANISH_TOO = ["Import og eksport"]


def english_words(text: str) -> list[str]:
    for phrase in DANISH_TOO:
        text = text.replace(phrase, "")
    return [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@pytest.fixture
def danish(tmp_path):
    """The demo as a Danish planner makes it (Danish titles and notes), set to speak Danish."""
    from planner.i18n import speaking
    from planner.services.demo import fill_demo
    from planner.services.store import Store

    store = Store.open(tmp_path / "planner.json")
    with speaking("da"):
        fill_demo(store, TODAY)
    store.save_settings(store.settings().with_changes(language="da"))
    return store


async def shows_no_english(pilot, *, dialog: bool = False) -> str:
    await pilot.pause()
    text = screen_text(pilot.app) + ("\n" + widget_text(pilot.app) if dialog else "")
    assert not english_words(text), f"English on a Danish screen: {english_words(text)}\n{text}"
    return text


async def test_the_week_footer_and_help_are_danish(danish):
    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        text = await shows_no_english(pilot)
        lines = text.splitlines()
        assert lines[0].startswith(" Uge 49  man 30. nov – søn 6. dec 2026   møder 19 t 30 min af 20 t")
        assert "OVERBOOKET" in text and "travl" in text and "● i dag" in text
        for item in ("←↓↑→ Gå", "n/p Uge", "g Gå til", "d Slet", "? Hjælp", "c Udvej"):
            assert item in lines[-1]
        await pilot.press("question_mark")
        await until(pilot, lambda: "Taster i ugevisningen" in widget_text(app))
        help_text = await shows_no_english(pilot, dialog=True)
        for words in ("n       Næste uge: Vis ugen efter", "retur   Mødets detaljer", "ctrl+p",
                      "‼  dobbeltbooket", " OVERBOOKET  over grænsen for overbooket"):
            assert words in help_text
        await pilot.press("escape")
        await pilot.press("d")
        await until(pilot, lambda: "Slet »Byggemøde« med Bølgen Arkitekter ons 2. dec" in widget_text(app))
        await shows_no_english(pilot, dialog=True)
        assert str(app.screen.query_one("#yes").label) == "Slet (j)"
        await pilot.press("n")
        await pilot.press("g")
        await until(pilot, lambda: "Gå til en dato" in widget_text(app))
        await pilot.press("i", "space", "m", "o", "r", "g", "e", "n")
        await until(pilot, lambda: "forstået som torsdag den 3. december 2026" in widget_text(app))
        await shows_no_english(pilot, dialog=True)


async def test_j_for_ja_deletes_in_danish(danish):
    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        doomed = week(app).selected_meeting
        await pilot.press("d")
        await until(pilot, lambda: "Slet »" in widget_text(app))
        assert str(app.screen.query_one("#yes").label) == "Slet (j)"
        await pilot.press("j")
        await until(pilot, lambda: all(m.id != doomed.id for m in danish.meetings()))


async def test_one_english_label_two_danish_words(danish):
    """'Add' a meeting is 'Ny' on the week's footer; 'Add' a calendar is 'Tilføj' (a context in the
    catalogue tells them apart)."""
    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "a Ny" in screen_text(app).splitlines()[-1]
        await pilot.press("R")
        await until(pilot, lambda: "Kalendere" in screen_text(app))
        footer = (await shows_no_english(pilot)).splitlines()[-1]
        assert "a Tilføj" in footer and "d Fjern" in footer and "a Ny" not in footer


async def test_the_wizard_speaks_danish_at_every_step(danish):
    from textual.widgets import RadioSet

    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert week(app).selected_meeting.title == "Byggemøde"  # Bølgen Arkitekter writes in Danish
        await pilot.press("c")

        def step(n: int) -> bool:
            return f"Trin {n} af 6" in widget_text(app)

        await until(pilot, lambda: step(1))
        text = await shows_no_english(pilot, dialog=True)
        assert "Få mig ud af mødet" in text and "Kunden" in text
        await pilot.press("ctrl+n")
        await until(pilot, lambda: step(2))
        assert "Jeg har for travlt til endnu et møde" in await shows_no_english(pilot, dialog=True)
        app.screen.query_one("#reason", RadioSet).focus()
        await pilot.press("enter", "ctrl+n")
        await until(pilot, lambda: step(3))
        await shows_no_english(pilot, dialog=True)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: step(4))
        assert "Anbefalingen" in await shows_no_english(pilot, dialog=True)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: step(5) or step(6))
        await shows_no_english(pilot, dialog=True)
        if step(5):
            await pilot.press("ctrl+n")
            await until(pilot, lambda: step(6))
        text = await shows_no_english(pilot)
        assert "Beskeden" in text and "Kalender: ikke ændret endnu" in text
        assert "Hej Line," in widget_text(app)  # the client writes in Danish: so does the message


async def test_the_forms_clients_settings_drafts_and_import_are_danish(danish):
    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await until(pilot, lambda: "Nyt møde ons 2. dec" in widget_text(app))
        await shows_no_english(pilot, dialog=True)
        await pilot.press("escape")
        await pilot.press("e")
        await until(pilot, lambda: "Ret møde" in widget_text(app))
        await shows_no_english(pilot, dialog=True)
        await pilot.press("escape")
        await pilot.press("C")
        await until(pilot, lambda: "7 kunder." in screen_text(app))
        text = await shows_no_english(pilot)
        assert re.search(r"Nordlys Energi A/S +central +28 % +Mette Sørensen +dansk +nej +4", text)
        await pilot.press("a")
        await until(pilot, lambda: "Ny kunde" in widget_text(app))
        await shows_no_english(pilot, dialog=True)
        await pilot.press("escape", "escape")
        await pilot.press("s")
        await until(pilot, lambda: "Indstillinger" in screen_text(app))
        assert "Arbejdet starter" in await shows_no_english(pilot, dialog=True)
        await pilot.press("escape")
        await pilot.press("D")
        await until(pilot, lambda: "Ingen kladder endnu" in screen_text(app))
        await shows_no_english(pilot)
        await pilot.press("escape")
        await pilot.press("i")
        await until(pilot, lambda: "Importér en kalender (.ics)" in screen_text(app))
        await shows_no_english(pilot, dialog=True)


async def test_the_settings_screen_switches_the_language_at_once(danish):
    from textual.widgets import Select

    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert screen_text(app).startswith(" Uge 49")
        await pilot.press("s")
        await until(pilot, lambda: "Indstillinger" in screen_text(app))
        app.screen.query_one("#language", Select).value = "en"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen_text(app).startswith(" 2026-W49  Mon 30 Nov – Sun 6 Dec 2026"))
        await until(pilot, lambda: "Settings saved." in notices(app))
        text = screen_text(app)
        assert "OVERLOADED" in text and "n/p Week" in text.splitlines()[-1]
        assert danish.settings().language == "en"
        await pilot.press("C")  # a screen opened after the switch speaks it too
        await until(pilot, lambda: "7 clients." in screen_text(app))
        await pilot.press("escape")
        await pilot.press("s")
        await until(pilot, lambda: "Settings" in screen_text(app))
        app.screen.query_one("#language", Select).value = "da"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen_text(app).startswith(" Uge 49"))
        assert "n/p Uge" in screen_text(app).splitlines()[-1]
        await until(pilot, lambda: "Indstillingerne er gemt." in notices(app))


async def test_automatic_follows_the_locale(tmp_path, monkeypatch):
    store = open_demo(tmp_path / "planner.json")
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert screen_text(app).startswith(" Uge 49")
    monkeypatch.setenv("LANG", "C")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert screen_text(app).startswith(" 2026-W49")


async def test_the_calendar_form_adds_in_danish(danish):
    """The calendar form's button and footer say Tilføj (a calendar), not the week's Ny (a meeting)."""
    app = make_app(danish)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await until(pilot, lambda: "Kalendere" in screen_text(app))
        await pilot.press("a")
        await until(pilot, lambda: app.screen.__class__.__name__ == "CalendarForm")
        assert str(app.screen.query_one("#save").label) == "Tilføj (ctrl+s)"
        text = await shows_no_english(pilot, dialog=True)
        assert "^s Tilføj" in text
