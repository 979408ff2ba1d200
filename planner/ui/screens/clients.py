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
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, Select, Static, TextArea

from planner.i18n import _, ngettext
from planner.domain.models import Client, Language, Tier
from planner.ui.actions import bindings
from planner.ui.widgets.form import FieldRow, FormActions


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
        yield Static("Clients", classes="screen-title")
        table = DataTable(id="clients", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="clients-summary", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Tier", "Share", "Contact", "Language", "Flexible", "Meetings")
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
                Text(client.tier.value),
                Text("" if client.share is None else f"{client.share:g} %"),
                Text(client.contact),
                Text(client.language.value),
                Text("yes" if client.flexible else "no"),
                Text(str(counts.get(client.id, 0)), justify="right"),
                key=client.id,
            )
        if select_id is not None:
            row = table.get_row_index(select_id)
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        total = len(app.clients)
        self.query_one("#clients-summary", Static).update(
            f"{total} client{'s' if total != 1 else ''}. a adds, e or enter edits, d deletes, escape goes back."
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
            self.notify("No client to edit: press a to add one.", markup=False)
            return
        self._open(client)

    def _open(self, client: Client | None) -> None:
        if self.app.refuse_read_only("the client"):
            return

        def done(result: Client | None) -> None:
            if result is None:
                return
            if self.app.write("the client", lambda: self.app.store.save_client(result)):
                verb = "Added" if client is None else "Saved"
                self.notify(f"{verb} client “{result.name}”.", markup=False)
                self.reload(select_id=result.id)

        self.app.push_screen(ClientForm(client), done)

    def action_delete(self) -> None:
        client = self.selected
        if client is None or self.app.refuse_read_only("the delete"):
            return
        app = self.app
        count = self.counts.get(client.id, 0)
        if count == 0:
            from planner.ui.screens.confirm import ConfirmScreen

            def answer(yes: bool | None) -> None:
                if yes:
                    self._delete(client, "refuse")

            app.push_screen(
                ConfirmScreen(f"Delete client “{client.name}”? They have no meetings.", yes="Delete", danger=True),
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
        n = f"{self.count} meeting{'s' if self.count != 1 else ''}"
        with Vertical(classes="dialog client-delete"):
            yield Static(f"Delete client “{self.client.name}”", classes="dialog-title", markup=False)
            yield Static(
                f"They have {n}. What should happen to {'it' if self.count == 1 else 'them'}?",
                markup=False,
            )
            yield Button(f"Delete the client and the {n}", id="delete", variant="error")
            with Horizontal(classes="move-row"):
                yield Select(
                    [(Text(c.name), c.id) for c in self.others],
                    prompt="another client",
                    id="target",
                    compact=True,
                    disabled=not self.others,
                )
                yield Button(f"Move the {n} there", id="move", disabled=True)
            yield Button("Cancel: keep everything", id="cancel")

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
            yield Static("Edit client" if self.client else "New client", classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield FieldRow("Name", Input(c.name, id="name", compact=True), name="name")
                yield FieldRow(
                    "Tier",
                    Select([(t.value, t) for t in Tier], value=c.tier, allow_blank=False, id="tier", compact=True),
                    name="tier",
                )
                yield FieldRow(
                    "Share",
                    Input("" if c.share is None else f"{c.share:g}", placeholder="% of your business, e.g. 12.5",
                          id="share", compact=True),
                    name="share",
                )
                yield FieldRow("Contact", Input(c.contact, placeholder="the person you write to", id="contact", compact=True), name="contact")
                yield FieldRow("Email", Input(c.email, id="email", compact=True), name="email")
                yield FieldRow(
                    "Domains",
                    Input(", ".join(c.domains), placeholder="acme.com, acme.dk (for calendar invites)", id="domains", compact=True),
                    name="domains",
                )
                yield FieldRow(
                    "Language",
                    Select([("English", Language.EN), ("Danish", Language.DA)], value=c.language,
                           allow_blank=False, id="language", compact=True),
                    name="language",
                )
                yield FieldRow(
                    "Flexible",
                    Checkbox("fine with email or a call instead", c.flexible, id="flexible", compact=True),
                    name="flexible",
                )
                yield FieldRow("Notes", TextArea(c.notes, id="notes", compact=True), name="notes")
            yield from self.buttons()
            yield Footer(compact=True)

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

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.validate(show=True) is None:
            self.focus_next()
        else:
            self.action_save()

    def checked(self) -> Client | None:
        return self.validate(show=True)
