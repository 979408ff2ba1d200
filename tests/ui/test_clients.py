"""The clients screen: the list, add, edit, and delete (asking what to do with meetings)."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from planner.domain.models import Tier
from support.ui import WIDE, column_text, make_app, week, widget_text


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_clients(pilot):
    await pilot.press("C")
    await pilot.pause()
    assert pilot.app.screen.__class__.__name__ == "ClientsScreen"


async def select_client(pilot, name: str) -> None:
    table = pilot.app.screen.query_one(DataTable)
    index = next(i for i, row in enumerate(table_rows(pilot.app)) if row[0] == name)
    table.move_cursor(row=index)
    await pilot.pause()


async def test_list_shows_tier_share_contact_language_flexible(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_clients(pilot)
        rows = table_rows(app)
        assert ["[VIP] Ærø & Co", "key", "21%", "Søren Ærbø", "Danish", "no", "2"] in rows
        assert ["Acme Logistics", "important", "9%", "Jane Miller", "English", "yes", "8"] in rows
        assert len(rows) == 7
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)


async def test_add_and_edit_a_client(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_clients(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#name", Input).value = "Aalborg Ål & Co"
        form.query_one("#tier", Select).value = Tier.IMPORTANT
        form.query_one("#share", Input).value = "150"
        await pilot.pause()
        assert "150 is not a percentage" in widget_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo.client_by_name("Aalborg Ål & Co") is None  # not saved while wrong
        form.query_one("#share", Input).value = "7,5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        client = demo.client_by_name("Aalborg Ål & Co")
        assert client.tier is Tier.IMPORTANT and client.share == 7.5
        assert ["Aalborg Ål & Co", "important", "7.5%", "", "English", "no", "0"] in table_rows(app)

        await select_client(pilot, "Acme Logistics")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Nordlys Energi A/S"  # taken
        await pilot.pause()
        assert "There is already a client called “Nordlys Energi A/S”." in widget_text(app)
        app.screen.query_one("#name", Input).value = "Acme Logistics ApS"
        app.screen.query_one("#contact", Input).value = "Jane Miller-Holm"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        acme = demo.client_by_name("Acme Logistics ApS")
        assert acme.contact == "Jane Miller-Holm" and acme.tier is Tier.IMPORTANT
        await pilot.press("escape")
        await pilot.pause()
        assert "Acme Logistics ApS" in column_text(app, 2)  # the week shows the new name


async def test_deleting_a_client_with_meetings_asks_and_cancel_keeps_everything(demo):
    app = make_app(demo)
    before = len(demo.meetings())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_clients(pilot)
        await select_client(pilot, "Nordlys Energi A/S")
        await pilot.press("d")
        await pilot.pause()
        assert "They have 4 meetings. What should happen to them?" in widget_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert demo.client_by_name("Nordlys Energi A/S") is not None
        assert len(demo.meetings()) == before


async def test_deleting_a_client_can_move_their_meetings(demo):
    app = make_app(demo)
    nordlys = demo.client_by_name("Nordlys Energi A/S")
    theirs = {m.id for m in demo.meetings() if m.client_id == nordlys.id}
    fjord = demo.client_by_name("Fjordhus Bryggeri")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_clients(pilot)
        await select_client(pilot, "Nordlys Energi A/S")
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one("#target", Select).value = fjord.id
        await pilot.pause()
        await pilot.click("#move")
        await pilot.pause()
        assert demo.client_by_name("Nordlys Energi A/S") is None
        assert {m.id for m in demo.meetings() if m.client_id == fjord.id} >= theirs
        assert all(row[0] != "Nordlys Energi A/S" for row in table_rows(app))
        await pilot.press("escape")
        await pilot.pause()
        assert "Nordlys" not in column_text(app, 0)
        await pilot.press("u")  # undo brings the client and their meetings back
        await pilot.pause()
        restored = demo.client_by_name("Nordlys Energi A/S")
        assert restored is not None and restored.id == nordlys.id
        assert {m.id for m in demo.meetings() if m.client_id == nordlys.id} == theirs
        assert "Nordlys Energi A/S" in column_text(app, 0)


async def test_deleting_a_client_can_delete_their_meetings_too(demo):
    app = make_app(demo)
    before = len(demo.meetings())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_clients(pilot)
        await select_client(pilot, "[VIP] Ærø & Co")
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#delete")
        await pilot.pause()
        assert demo.client_by_name("[VIP] Ærø & Co") is None
        assert len(demo.meetings()) == before - 2
        await pilot.press("escape")
        await pilot.pause()
        assert "[VIP] Ærø & Co" not in column_text(app, 1)


async def test_deleting_a_client_without_meetings_just_asks(demo):
    from planner.domain.models import Client

    demo.save_client(Client(name="Tom Kunde"))
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_clients(pilot)
        await select_client(pilot, "Tom Kunde")
        await pilot.press("d")
        await pilot.pause()
        assert "Delete client “Tom Kunde”? They have no meetings." in widget_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert demo.client_by_name("Tom Kunde") is None
