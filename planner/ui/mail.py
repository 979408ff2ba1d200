"""`m` on the wizard's message step and on the drafts screen: open a draft in the mail program.

Starting the mail program may take a moment, so it runs off the UI thread
(planner/ui/background.py); a notice then says whether the mail program took it or where the
email draft was saved instead (planner.application.mail.to_mail_program).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode

from planner.domain.errors import PlannerError
from planner.i18n import _
from planner.ui.background import in_background


def open_in_mail_program(node: DOMNode, send: Callable[[], tuple[bool, object]]) -> None:
    """Run ``send`` (a call of to_mail_program: (opened, saved path)) in the background, then
    tell the person what happened."""

    def done(result, error: PlannerError | None) -> None:
        if error is not None:
            node.notify(str(error), severity="error", markup=False, timeout=12)
            return
        opened, path = result
        if opened:
            text = _("Opened in your mail program: check it and send it from there.")
        else:
            text = _("No mail program took it (or it is too long for a mail link): saved as an email draft at\n"
                     "{path}").format(path=path)
        node.notify(text, markup=False, timeout=15)

    in_background(node, send, done, group="mail")
