"""Every key of a screen (rows from ``planner.ui.actions.help_rows``), what the marks on a card
mean, and what the colours say."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from planner.ui.actions import bindings
from planner.ui.text import FLAG_MARK, LOCATION_MARK
from planner.words import common


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__(classes="dialog-screen")
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="help-body"):
                yield Static(self._body(), markup=False)
            yield Footer(compact=True)

    def _body(self) -> Content:
        width = max(len(keys) for keys, _, _ in self.rows) + 2
        parts: list = []
        for keys, name, text in self.rows:
            parts += [(keys.ljust(width), "bold $accent"), (f"{name}: ", "bold"), text, "\n"]
        parts += ["\n", ("Marks on a card", "bold"), "\n"]
        for location, mark in LOCATION_MARK.items():
            parts += [(f"  {mark}  ", "bold"), common.location(location), "\n"]
        parts += [("  ⌂35m", "bold"), " client site, 35 minutes of travel each way\n"]
        for flag, mark in FLAG_MARK.items():
            parts += [(f"  {mark}  ", "bold"), flag.replace("-", " "), "\n"]
        parts += [
            "\n",
            ("Day status", "bold"),
            "  (a word and a colour)\n",
            (" ok ", "bold reverse $load-ok"),
            " within the limits   ",
            (" busy ", "bold reverse $load-busy"),
            " above the busy line   ",
            (" OVERLOADED ", "bold reverse $load-overloaded"),
            " above the overload line, or double-booked\n",
            "The bar under a date fills with the day's meeting time; │ marks the overload line.\n",
            "Limits are yours to set: press s for settings.",
        ]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
