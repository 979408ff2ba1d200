"""The meeting form: add (with a typo, then fixed), a new client, edit, cancel, durations."""

from __future__ import annotations

from textual.widgets import Input, Select

from planner.domain.models import Location, Tier
from support.ui import WIDE, at, column_text, field_message, make_app, selected_title, week


async def type_text(pilot, selector: str, text: str) -> None:
    """Focus an input, empty it, and type ``text`` key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("ctrl+a", "backspace") if field.value else None
    field.value = ""
    keys = ["space" if c == " " else c for c in text]
    if keys:
        await pilot.press(*keys)
    await pilot.pause()


async def test_add_with_a_typo_then_fixed(demo):
    app = make_app(demo)
    before = len(demo.meetings())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MeetingForm"
        await type_text(pilot, "#client", "Nordlys Energi A/S")
        assert "Nordlys Energi A/S: key client, 28% of business" in field_message(app, "client")
        await type_text(pilot, "#title", "Strategimøde")
        await type_text(pilot, "#start", "25:00")  # the typo
        error = field_message(app, "start")
        assert error and "understood" not in error
        assert app.screen.query_one("#field-start").has_class("-invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MeetingForm"  # cannot be saved invalid
        assert len(demo.meetings()) == before
        assert app.screen.focused.id == "start"
        await type_text(pilot, "#start", "15:00")  # on the selected day, Wed 2 Dec
        assert field_message(app, "start") == "understood as Wed 2 Dec, 15:00"
        await type_text(pilot, "#end", "1h30")
        assert field_message(app, "end") == "ends Wed 2 Dec, 16:30 (1 h 30 min)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is week(app)
        added = [m for m in demo.meetings() if m.title == "Strategimøde"]
        assert len(added) == 1
        meeting = added[0]
        assert meeting.start == at(2, "15:00") and meeting.end == at(2, "16:30")
        assert demo.client(meeting.client_id).name == "Nordlys Energi A/S"
        assert "15:00-16:30" in column_text(app, 2) and "Strategimøde" in column_text(app, 2)
        assert selected_title(app) == "Strategimøde"


async def test_a_new_client_name_creates_the_client_and_says_so(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "#client", "[Ny] Østerbro & Søn")
        assert "New client: “[Ny] Østerbro & Søn” will be created (tier regular)." in field_message(app, "client")
        await type_text(pilot, "#title", "Første møde")
        await type_text(pilot, "#start", "fri 9:00")
        await type_text(pilot, "#end", "10:15")
        assert field_message(app, "end") == "ends Fri 4 Dec, 10:15 (1 h 15 min)"
        app.screen.query_one("#location", Select).value = Location.CLIENT_SITE
        await type_text(pilot, "#travel", "20")
        assert field_message(app, "travel") == "20 min each way, 40 min in all"
        await pilot.press("ctrl+s")
        await pilot.pause()
        client = demo.client_by_name("[Ny] Østerbro & Søn")
        assert client is not None and client.tier is Tier.REGULAR
        meeting = next(m for m in demo.meetings() if m.title == "Første møde")
        assert meeting.client_id == client.id and meeting.travel_minutes == 20
        assert meeting.location is Location.CLIENT_SITE
        friday = column_text(app, 4)
        assert "[Ny] Østerbro & Søn" in friday and "09:00-10:15 ⌂20m" in friday


async def test_edit_changes_the_meeting_in_the_store(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        meeting = week(app).selected_meeting
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#title", Input).value == "Byggemøde"
        assert form.query_one("#start", Input).value == "2026-12-02 10:00"
        await type_text(pilot, "#title", "Byggemøde (kort)")
        await type_text(pilot, "#end", "30m")
        await pilot.press("enter")  # a complete form: enter saves
        await pilot.pause()
        saved = demo.meeting(meeting.id)
        assert saved.title == "Byggemøde (kort)"
        assert saved.end == at(2, "10:30") and saved.start == meeting.start
        assert saved.travel_minutes == 25 and saved.lead == "Jonas"  # untouched fields kept
        assert "10:00-10:30" in column_text(app, 2)


async def test_end_before_start_is_refused(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "#end", "09:00")
        message = field_message(app, "end")
        assert "It must end after it starts: understood Wed 2 Dec, 10:00 to Wed 2 Dec, 09:00." == message
        assert app.screen.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MeetingForm"
        assert demo.meeting(week(app).selected_meeting.id).end == at(2, "11:00")


async def test_escape_cancels_without_saving(demo):
    app = make_app(demo)
    before = [(m.id, m.title, m.start) for m in demo.meetings()]
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "#title", "Something else")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "#client", "Nobody Yet")
        await pilot.press("escape")
        await pilot.pause()
    assert [(m.id, m.title, m.start) for m in demo.meetings()] == before
    assert demo.client_by_name("Nobody Yet") is None


async def test_client_field_suggests_known_clients(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "#client", "fjord")
        assert "Or press → for “Fjordhus Bryggeri”." in field_message(app, "client")
        await pilot.press("right")  # take the suggestion
        await pilot.pause()
        assert app.screen.query_one("#client", Input).value == "Fjordhus Bryggeri"
        assert "Fjordhus Bryggeri: important client" in field_message(app, "client")
