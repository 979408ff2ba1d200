"""Every key of a screen (rows from ``planner.ui.actions.help_rows``), what the marks on a card
mean, and what the colours say."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from planner.i18n import _
from planner.ui.actions import bindings
from planner.domain.load import DayStatus
from planner.ui.text import FLAG_MARK, LOCATION_MARK, status_word
from planner.ui.widgets.key_bar import KeyBar
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
            yield KeyBar()

    def _body(self) -> Content:
        width = max(len(row[0]) for row in self.rows) + 2
        parts: list = []
        for keys, name, text in self.rows:
            parts += [(keys.ljust(width), "bold $accent"), (f"{name}: ", "bold"), text, "\n"]
        parts += ["\n", (_("Marks on a card"), "bold"), "\n"]
        for location, mark in LOCATION_MARK.items():
            parts += [(f"  {mark}  ", "bold"), common.location(location), "\n"]
        parts += [("  ⌂35m", "bold"), " " + _("client site, 35 minutes of travel each way") + "\n"]
        for flag, mark in FLAG_MARK.items():
            parts += [(f"  {mark}  ", "bold"), common.flag(flag), "\n"]
        parts += [
            "\n",
            (_("Day status"), "bold"),
            "  " + _("(a word and a colour)") + "\n",
            (f" {status_word(DayStatus.OK)} ", "bold reverse $load-ok"),
            " " + _("within the limits") + "   ",
            (f" {status_word(DayStatus.BUSY)} ", "bold reverse $load-busy"),
            " " + _("above the busy line") + "   ",
            (f" {status_word(DayStatus.OVERLOADED)} ", "bold reverse $load-overloaded"),
            " " + _("above the overload line, or double-booked") + "\n",
            _("The bar under a date fills with the day's meeting time; │ marks the overload line.") + "\n",
            _("Limits are yours to set: press s for settings."),
        ]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
