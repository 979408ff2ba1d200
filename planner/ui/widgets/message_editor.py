"""One message being written: its subject, the raw Markdown (editable) and the rendered preview.

The preview uses the same markdown-it-py preset as the exported file (drafts.MARKDOWN_PRESET), so
what the person reads here is what the client's mail program shows. What gets exported or copied
is the edited text, never the template's first version.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Markdown, TextArea

from planner.domain.models import Draft
from planner.i18n import _


class MessageEditor(Vertical):
    """Subject line, Markdown source (left, editable) and preview (right; below on narrow screens)."""

    def __init__(self, draft: Draft, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="message-editor")
        self.original = draft

    def compose(self) -> ComposeResult:
        from planner.services.drafts import markdown_parser

        with Horizontal(classes="message-subject"):
            yield Label(_("Subject"), classes="message-label")
            yield Input(self.original.subject, id="subject", compact=True, select_on_focus=False)
        with Horizontal(classes="message-panes"):
            yield TextArea(
                self.original.body, id="body", soft_wrap=True, show_line_numbers=False, compact=True,
                tooltip=_("The message as Markdown: edit it here; the preview shows how it reads"),
            )
            yield Markdown(self.original.body, id="preview", parser_factory=markdown_parser, open_links=False)

    # --- what the person wrote --------------------------------------------------------------

    @property
    def subject(self) -> str:
        return " ".join(self.query_one("#subject", Input).value.split())

    @property
    def body(self) -> str:
        return self.query_one("#body", TextArea).text

    @property
    def edited(self) -> bool:
        return self.subject != self.original.subject or self.body != self.original.body

    def draft(self) -> Draft:
        """The draft with the person's subject and text (a copy; the original is untouched)."""
        return self.original.with_changes(subject=self.subject or self.original.subject, body=self.body)

    # --- keeping the preview in step ---------------------------------------------------------

    async def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        await self.query_one("#preview", Markdown).update(event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the subject line: the wizard's own field handlers are not for it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#body", TextArea).focus()
