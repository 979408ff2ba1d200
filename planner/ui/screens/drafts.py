"""Drafts (D): every message the wizard or `planner draft` wrote, newest first, with a preview
rendered like the exported file, copy to the clipboard, and export again (to a new file: an
existing one is never overwritten)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Markdown, Static

from planner.domain.errors import PlannerError
from planner.domain.timeutil import zone
from planner.formats import clock, short_date
from planner.i18n import N_, _, ngettext
from planner.domain.models import Client, Draft, Meeting
from planner.ui.actions import bindings
from planner.ui.widgets.key_bar import KeyBar
from planner.words import common

KIND_TEXT = {"client": N_("to the client"), "briefing": N_("briefing")}


class DraftsScreen(Screen[None]):
    # Narrow terminals: the preview under the list.
    DEFAULT_CSS = """
    DraftsScreen {
        #drafts-body {
            height: 1fr;
        }
        #drafts {
            width: 3fr;
            height: 1fr;
        }
        #draft-view {
            width: 2fr;
            height: 1fr;
            padding: 0 1;
            background: $surface;
        }
        #draft-head {
            height: auto;
            margin: 0 0 1 0;
        }
        #draft-preview {
            height: 1fr;
            overflow-y: auto;
        }
        #drafts-summary {
            height: 1;
            padding: 0 1;
            color: $text-muted;
        }
        &.-narrow #drafts-body, &.-medium #drafts-body {
            layout: vertical;
        }
        &.-narrow #drafts, &.-medium #drafts {
            width: 1fr;
            height: 2fr;
        }
        &.-narrow #draft-view, &.-medium #draft-view {
            width: 1fr;
            height: 3fr;
        }
    }
    """

    BINDINGS = bindings("drafts")

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[Draft] = []
        self._meetings: dict[str, Meeting | None] = {}

    def compose(self) -> ComposeResult:
        from planner.services.drafts import markdown_parser

        yield Static(_("Drafts"), classes="screen-title")
        with Horizontal(id="drafts-body"):
            yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
            with Vertical(id="draft-view"):
                yield Static("", id="draft-head", markup=False)
                yield Markdown("", id="draft-preview", parser_factory=markdown_parser, open_links=False)
        yield Static("", id="drafts-summary", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Written"), width=12)
        table.add_column(_("Client"), width=16)
        table.add_column(_("Meeting"), width=18)
        table.add_column(_("Message"), width=18)
        self.reload()
        table.focus()

    # --- the list ---------------------------------------------------------------------------

    def _meeting(self, meeting_id: str) -> Meeting | None:
        if meeting_id not in self._meetings:
            try:
                self._meetings[meeting_id] = self.app.store.meeting(meeting_id)
            except PlannerError:
                self._meetings[meeting_id] = None  # deleted since
        return self._meetings[meeting_id]

    def _client(self, draft: Draft) -> Client | None:
        meeting = self._meeting(draft.meeting_id)
        return self.app.client_by_id(meeting.client_id) if meeting else None

    def reload(self, select_id: str | None = None) -> None:
        app = self.app
        tz = zone(app.settings.timezone)
        self.drafts = app.store.drafts()
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for draft in self.drafts:
            meeting = self._meeting(draft.meeting_id)
            client = self._client(draft)
            created = draft.created.astimezone(tz)
            table.add_row(
                Text(f"{short_date(created.date()).split(' ', 1)[1]} {clock(created)}"),
                Text(client.name if client else ""),
                Text(meeting.title if meeting else _("(meeting deleted)")),
                Text(f"{common.strategy_short(draft.strategy)}, {_(KIND_TEXT.get(draft.kind, draft.kind))}, "
                     f"{draft.language.value}"),
                key=draft.id,
            )
        if select_id is not None:
            row = table.get_row_index(select_id)
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        total = len(self.drafts)
        summary = self.query_one("#drafts-summary", Static)
        if total:
            summary.update(ngettext(
                "{n} draft (the keys for it are below).",
                "{n} drafts, newest first (the keys for the selected one are below).", total).format(n=total))
        else:
            summary.update(_("No drafts yet. On the week, select a meeting and press c to write one."))
        self._show(self.selected)

    @property
    def selected(self) -> Draft | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((d for d in self.drafts if d.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show(self.selected)

    def _show(self, draft: Draft | None) -> None:
        head = self.query_one("#draft-head", Static)
        preview = self.query_one("#draft-preview", Markdown)
        if draft is None:
            head.update("")
            preview.update("")
            return
        parts: list = [(_("Subject: "), "bold"), draft.subject]
        client = self._client(draft)
        if client is not None:
            from planner.services.drafts import recipient

            to = recipient(client, draft)
            if to:
                parts += ["\n", (_("To: "), "bold"), to]
        parts += ["\n", (_("File: "), "bold"), draft.path or _("(not exported)")]
        head.update(Content.assemble(*parts))
        preview.update(draft.body)

    # --- actions ----------------------------------------------------------------------------

    def action_copy(self) -> None:
        from planner.services.drafts import recipient
        from planner.services.mail import clipboard_text

        draft = self.selected
        if draft is None:
            self.notify(_("No draft to copy."), markup=False)
            return
        client = self._client(draft)
        self.app.copy_to_clipboard(clipboard_text(draft, to=recipient(client, draft) if client else ""))
        self.notify(_("Copied as plain text (if your terminal allows it); export to be sure (x)."), markup=False,
                    timeout=8)

    def action_export_eml(self) -> None:
        from planner.services.drafts import drafts_folder
        from planner.services.mail import export_eml

        draft = self.selected
        if draft is None:
            self.notify(_("No draft to export."), markup=False)
            return
        meeting, client = self._meeting(draft.meeting_id), self._client(draft)
        if meeting is None or client is None:
            self.notify(_("Its meeting or client was deleted: export it as a file instead (x)."), markup=False)
            return
        app = self.app
        try:
            path = export_eml(draft.with_changes(), drafts_folder(app.settings), meeting=meeting, client=client,
                              settings=app.settings, now=app.clock.now)
        except PlannerError as exc:
            self.notify(_("Not exported: {error}").format(error=exc), severity="error", markup=False, timeout=12)
            return
        self.notify(_("Saved as an email draft at\n{path}").format(path=path), title=_("Draft exported"),
                    markup=False, timeout=15)

    def action_mail(self) -> None:
        from planner.application.mail import to_mail_program
        from planner.ui.mail import open_in_mail_program

        draft = self.selected
        if draft is None:
            self.notify(_("No draft to open."), markup=False)
            return
        app, client = self.app, self._client(draft)
        if client is None:
            self.notify(_("Its client was deleted: export it as a file instead (x)."), markup=False)
            return
        meeting = self._meeting(draft.meeting_id)
        open_in_mail_program(self, lambda: to_mail_program(app.store, draft, meeting=meeting, client=client,
                                                           clock=app.clock))

    def action_export(self) -> None:
        from planner.services.drafts import drafts_folder, export, recipient

        draft = self.selected
        if draft is None:
            self.notify(_("No draft to export."), markup=False)
            return
        app = self.app
        meeting = self._meeting(draft.meeting_id)
        client = self._client(draft)
        tz = zone(app.settings.timezone)
        day: date = (meeting.start if meeting else draft.created).astimezone(tz).date()
        try:
            path = export(
                draft,
                drafts_folder(app.settings),
                client_name=client.name if client else "client",
                meeting_day=day,
                to=recipient(client, draft) if client else "",
            )
        except PlannerError as exc:
            self.notify(_("Not exported: {error}").format(error=exc), severity="error", markup=False, timeout=12)
            return
        if not app.store.read_only:
            app.write(_("the draft"), lambda: app.store.save_draft(draft))
        self.notify(_("Exported to\n{path}").format(path=path), title=_("Draft exported"), markup=False, timeout=15)
        self.reload(select_id=draft.id)

    def action_close(self) -> None:
        self.dismiss(None)


def open_drafts(app) -> None:
    app.push_screen(DraftsScreen())
