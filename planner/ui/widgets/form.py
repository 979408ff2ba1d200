"""Forms: a labelled field with its message line (the error, or what was understood), and the
save / cancel behaviour every form screen shares."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from planner.i18n import _
from planner.ui.actions import key_name

class FieldRow(Horizontal):
    """Label | control, with a message line under the control."""

    def __init__(self, label: str, control: Widget, *, name: str) -> None:
        super().__init__(classes="field", id=f"field-{name}")
        self.label = label
        self.control = control

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self.control
            yield Static("", classes="field-msg", markup=False)

    def message(self, text: str, *, error: bool = False) -> None:
        msg = self.query_one(".field-msg", Static)
        msg.update(text)
        msg.set_class(bool(text), "-shown")
        msg.set_class(error, "-error")
        self.set_class(error, "-invalid")

    @property
    def message_text(self) -> str:
        return str(self.query_one(".field-msg", Static).content)


class FormActions:
    """Mixed into a form screen: the Save button (and ``action_save``, bound to ctrl+s) checks the
    fields and, when all are right, hands the result to ``saved``; otherwise it focuses the first
    wrong field and says so. The Cancel button and ``action_cancel`` close without saving.

    The screen gives ``checked()`` (the result, or None with every message shown and
    ``_first_error`` naming the first wrong field's id) and may override ``saved``/``cancelled``.
    """

    _first_error: str
    # Enter in a field saves a complete form and moves on in an incomplete one. A long form that
    # is complete from the start (the settings) turns this off: Enter would close it at once.
    ENTER_SAVES = True

    @staticmethod
    def buttons(save: str = "") -> ComposeResult:
        """The Save (or ``save``) and Cancel buttons, in a row, at the foot of the form."""
        with Horizontal(classes="buttons"):
            yield Button(_("{action} ({key})").format(action=save or _("Save"), key=key_name("ctrl+s")), id="save",
                         variant="primary")
            yield Button(_("Cancel ({key})").format(key=key_name("escape")), id="cancel")

    def entered(self):
        """The form's result as Enter sees it (None while a field is wrong): ``validate()``."""
        return self.validate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.ENTER_SAVES:
            return
        event.stop()
        if self.entered() is None:
            self.focus_next()
        else:
            self.action_save()

    def _value(self, name: str) -> str:
        """The text of the input with this id, trimmed."""
        return self.query_one(f"#{name}", Input).value.strip()

    def saved(self, result) -> None:
        self.dismiss(result)

    def cancelled(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        result = self.checked()
        if result is None:
            self.query_one(f"#{self._first_error}").focus()
            self.notify(_("Not saved: fix the marked field first."), severity="warning", markup=False)
            return
        self.saved(result)

    def action_cancel(self) -> None:
        self.cancelled()
