"""The selected meeting's details, full size (the week's panel is small on small terminals)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from planner.i18n import _
from planner.ui.actions import bindings
from planner.ui.widgets.detail import DetailPanel
from planner.ui.widgets.key_bar import KeyBar


class DetailsScreen(ModalScreen[None]):
    BINDINGS = bindings("details")

    def __init__(self, content: Content) -> None:
        super().__init__(classes="dialog-screen")
        self.content = content

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog details"):
            yield Static(_("Meeting details"), classes="dialog-title")
            yield DetailPanel(classes="details-body")
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DetailPanel).show(self.content)

    def action_close(self) -> None:
        self.dismiss(None)
