"""Clients: the list (tier, share, contact, language, flexible), and add / edit / delete.

Deleting a client who has meetings asks what to do with them: delete them too, move them to
another client, or cancel. Nothing is removed silently, and u on the week view undoes it.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static, TextArea

from planner.i18n import _, ngettext
from planner.domain.models import Client, Language, Tier
from planner.ui.actions import bindings
from planner.formats import percent
from planner.ui.widgets.form import FieldRow, FormActions
from planner.ui.widgets.key_bar import KeyBar
from planner.words import common


class ClientsScreen(Screen[None]):
    DEFAULT_CSS = """
    ClientsScreen {
        #clients {
            height: 1fr;
        }
        #clients-summary {
            height: 1;
            padding: 0 1;
            color: $text-muted;
        }
    }
    """

    BINDINGS = bindings("clients")

    def compose(self) -> ComposeResult:
        yield Static(_("Clients"), classes="screen-title")
        table = DataTable(id="clients", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="clients-summary", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Tier"), _("Share"), _("Contact"), _("Language"), _("Flexible"), _("Meetings"))
        self.reload()
        table.focus()

    def reload(self, select_id: str | None = None) -> None:
        app = self.app
        counts = Counter(m.client_id for m in app.store.meetings())
        self.counts = counts
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for client in app.clients:
            table.add_row(
                Text(client.name),
                Text(common.tier(client.tier)),
                Text("" if client.share is None else percent(client.share)),
                Text(client.contact),
                Text(common.language_name(client.language)),
                Text(_("yes") if client.flexible else _("no")),
                Text(str(counts.get(client.id, 0)), justify="right"),
                key=client.id,
            )
        if select_id is not None:
            row = table.get_row_index(select_id)
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        total = len(app.clients)
        self.query_one("#clients-summary", Static).update(
            ngettext("{n} client. a adds, e or enter edits, d deletes, escape goes back.",
                     "{n} clients. a adds, e or enter edits, d deletes, escape goes back.", total).format(n=total)
        )

    @property
    def selected(self) -> Client | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.app.client_by_id(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_add(self) -> None:
        self._open(None)

    def action_edit(self) -> None:
        client = self.selected
        if client is None:
            self.notify(_("No client to edit: press a to add one."), markup=False)
            return
        self._open(client)

    def _open(self, client: Client | None) -> None:
        if self.app.refuse_read_only(_("the client")):
            return

        def done(result: Client | None) -> None:
            if result is None:
                return
            if self.app.write(_("the client"), lambda: self.app.store.save_client(result)):
                text = _("Added client “{name}”.") if client is None else _("Saved client “{name}”.")
                self.notify(text.format(name=result.name), markup=False)
                self.reload(select_id=result.id)

        self.app.push_screen(ClientForm(client), done)

    def action_delete(self) -> None:
        client = self.selected
        if client is None or self.app.refuse_read_only(_("the delete")):
            return
        app = self.app
        count = self.counts.get(client.id, 0)
        if count == 0:
            from planner.ui.screens.confirm import ConfirmScreen

            def answer(yes: bool | None) -> None:
                if yes:
                    self._delete(client, "refuse")

            app.push_screen(
                ConfirmScreen(_("Delete client “{name}”? They have no meetings.").format(name=client.name),
                              yes=_("Delete"), danger=True),
                answer,
            )
            return
        others = [c for c in app.clients if c.id != client.id]

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self._delete(client, choice)

        app.push_screen(ClientDeleteScreen(client, count, others), chosen)

    def _delete(self, client: Client, meetings: str) -> None:
        from planner.application.clients import delete_client

        app = self.app
        records = []
        if not app.write(_("the delete"), lambda: records.append(delete_client(app.store, client.id, meetings=meetings))):
            return
        record = records[0]
        count = len(record.meetings)
        if meetings == "delete":
            what = ngettext("client “{client}” and {n} meeting", "client “{client}” and {n} meetings", count)
        elif meetings == "refuse":
            what = _("client “{client}”")
        else:
            target = app.client_by_id(meetings)
            what = ngettext("client “{client}” (their {n} meeting moved to “{target}”)",
                            "client “{client}” (their {n} meetings moved to “{target}”)", count)
            what = what.replace("{target}", target.name if target else "?")
        record.description = what.format(client=client.name, n=count)
        app.last_deleted = record
        self.notify(_("Deleted {what}. Press u on the week view to undo.").format(what=record.description), markup=False)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)


class ClientDeleteScreen(ModalScreen[str | None]):
    """What to do with a deleted client's meetings: "delete", another client's id, or None."""

    BINDINGS = bindings("client-delete")

    def __init__(self, client: Client, count: int, others: list[Client]) -> None:
        super().__init__(classes="dialog-screen")
        self.client, self.count, self.others = client, count, others

    def compose(self) -> ComposeResult:
        n = self.count
        with Vertical(classes="dialog client-delete"):
            yield Static(_("Delete client “{name}”").format(name=self.client.name), classes="dialog-title",
                         markup=False)
            yield Static(
                ngettext("They have {n} meeting. What should happen to it?",
                         "They have {n} meetings. What should happen to them?", n).format(n=n),
                markup=False,
            )
            yield Button(ngettext("Delete the client and the {n} meeting", "Delete the client and the {n} meetings",
                                  n).format(n=n), id="delete", variant="error")
            with Horizontal(classes="move-row"):
                yield Select(
                    [(Text(c.name), c.id) for c in self.others],
                    prompt=_("another client"),
                    id="target",
                    compact=True,
                    disabled=not self.others,
                )
                yield Button(ngettext("Move the {n} meeting there", "Move the {n} meetings there", n).format(n=n),
                             id="move", disabled=True)
            yield Button(_("Cancel: keep everything"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.query_one("#move", Button).disabled = event.value is Select.NULL

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "delete":
            self.dismiss("delete")
        elif event.button.id == "move":
            target = self.query_one("#target", Select).value
            if target is not Select.NULL:
                self.dismiss(target)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ClientForm(FormActions, ModalScreen[Client | None]):
    BINDINGS = bindings("client-form")

    def __init__(self, client: Client | None) -> None:
        super().__init__(classes="dialog-screen")
        self.client = client

    def compose(self) -> ComposeResult:
        c = self.client or Client(name="")
        with Vertical(classes="dialog form client-form"):
            yield Static(_("Edit client") if self.client else _("New client"), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield FieldRow(_("Name"), Input(c.name, id="name", compact=True), name="name")
                yield FieldRow(
                    _("Tier"),
                    Select([(common.tier(t), t) for t in Tier], value=c.tier, allow_blank=False, id="tier",
                           compact=True),
                    name="tier",
                )
                yield FieldRow(
                    _("Share"),
                    Input("" if c.share is None else f"{c.share:g}", placeholder=_("percent of your business, e.g. 12.5"),
                          id="share", compact=True),
                    name="share",
                )
                yield FieldRow(_("Contact"), Input(c.contact, placeholder=_("the person you write to"), id="contact",
                                                   compact=True), name="contact")
                yield FieldRow(_("Email"), Input(c.email, id="email", compact=True), name="email")
                yield FieldRow(
                    _("Domains"),
                    Input(", ".join(c.domains), placeholder=_("acme.com, acme.dk (for calendar invites)"), id="domains",
                          compact=True),
                    name="domains",
                )
                yield FieldRow(
                    _("Language"),
                    Select([(common.language_name(lang), lang) for lang in Language], value=c.language,
                           allow_blank=False, id="language", compact=True),
                    name="language",
                )
                yield FieldRow(
                    _("Flexible"),
                    Checkbox(_("fine with email or a call instead"), c.flexible, id="flexible", compact=True),
                    name="flexible",
                )
                yield FieldRow(_("Notes"), TextArea(c.notes, id="notes", compact=True), name="notes")
            yield from self.buttons()
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.validate(show=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.validate(show=True)

    def validate(self, *, show: bool) -> Client | None:
        """Check the fields (the rules of planner.application.clients); the client when all are right."""
        from planner.application.clients import FIELDS, ClientInput, check_client

        data = ClientInput(
            self._value("name"), tier=self.query_one("#tier", Select).value, share=self._value("share"),
            contact=self._value("contact"), email=self._value("email"), domains=self._value("domains"),
            language=self.query_one("#language", Select).value, flexible=self.query_one("#flexible", Checkbox).value,
            notes=self.query_one("#notes", TextArea).text,
        )
        client, errors = check_client(data, clients=self.app.clients, existing=self.client)
        for field in FIELDS:
            # An empty name on a fresh form is not an error yet: say so only once typing began.
            error = errors.get(field, "") if show or field != "name" else ""
            self.query_one(f"#field-{field}", FieldRow).message(error, error=bool(error))
        self.query_one("#save", Button).disabled = bool(errors)
        if errors:
            self._first_error = next(iter(errors))
            return None
        return client

    def entered(self) -> Client | None:
        return self.validate(show=True)

    def checked(self) -> Client | None:
        return self.validate(show=True)
