"""A yes/no question, answered with a button or y / n (escape is no; in Danish j is yes too)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from planner.i18n import _
from planner.ui.actions import ACTIONS, bindings, shown_keys


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = bindings("confirm")

    def __init__(self, question: str, *, yes: str = "", no: str = "", danger: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes, self.no, self.danger = question, yes or _("Yes"), no or _("No"), danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, markup=False, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} ({shown_keys(ACTIONS['confirm.yes'])[0]})", id="yes", variant="error" if self.danger else "primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
