"""“Get me out of this meeting”: the wizard's screen. It shows the wizard (planner.application.
wizard) one step at a time, one widget a step (steps.py, details.py, message.py), and hands the
person's answers back to it; nothing is decided here.

Keys: ctrl+n next, ctrl+b back, escape close (asks if answers or an unexported message would be
lost), and on the message ctrl+s export, ctrl+o copy, ctrl+r apply the change (ctrl+r again undoes
it), ctrl+l switches between English and Danish.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, ContentSwitcher, OptionList, Select, Static

from planner.application.wizard import Step, Wizard
from planner.domain.errors import PlannerError
from planner.domain.models import Language
from planner.formats import short_date
from planner.i18n import N_, _
from planner.ui.actions import bindings
from planner.ui.widgets.key_bar import KeyBar
from planner.ui.screens.wizard.details import DetailsStep
from planner.ui.screens.wizard.message import MessageStep
from planner.ui.screens.wizard.steps import AdviceStep, KeepStep, MeetingStep, ReasonStep, RelationshipStep
from planner.ui.text import time_range

TITLES = {
    Step.RELATIONSHIP: N_("The relationship"), Step.REASON: N_("The reason"), Step.MEETING: N_("The meeting"),
    Step.ADVICE: N_("The recommendation"), Step.DETAILS: N_("The details"), Step.MESSAGE: N_("The message"),
    Step.KEEP: N_("Keep the meeting"),
}
NEXT_LABEL = {
    Step.MEETING: N_("Advise me → ^n"), Step.ADVICE: N_("Pick this → ^n"), Step.DETAILS: N_("Write it → ^n"),
    Step.MESSAGE: N_("Done ^n"), Step.KEEP: N_("Mark as kept ^n"),
}
FOCUS = {Step.RELATIONSHIP: "#share", Step.REASON: "#reason", Step.MEETING: "#location",
         Step.ADVICE: "#suggestions", Step.MESSAGE: "#body", Step.KEEP: "#next"}


class WizardScreen(ModalScreen[str | None]):
    """Returns the meeting's id when it closes (the week re-reads and re-selects it)."""

    CSS_PATH = Path(__file__).with_name("wizard.tcss")  # read when it first opens
    BINDINGS = bindings("wizard")

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(classes="dialog-screen wizard-screen")
        self.wizard = wizard
        self.initial: tuple | None = None

    def compose(self) -> ComposeResult:
        w = self.wizard
        m = w.original
        with Vertical(classes="dialog wizard"):
            yield Static(Content.assemble((_("Get me out of this meeting") + "  ", "bold $accent"), (w.client.name, "bold"),
                                          f": {m.title}, {short_date(m.start.astimezone(w.tz).date())} "
                                          f"{time_range(m, w.tz)}"), id="wizard-title", classes="wizard-title")
            yield Static("", id="wizard-step", classes="wizard-step")
            with ContentSwitcher(initial="step-relationship", id="steps"):
                yield RelationshipStep(w)
                yield ReasonStep(w)
                yield MeetingStep(w)
                yield AdviceStep(w)
                yield DetailsStep(w)
                yield MessageStep(w)
                yield KeepStep(w)
            with Horizontal(classes="buttons wizard-buttons"):
                yield Button(_("Export ^s"), id="export", compact=True, classes="on-message")
                yield Button(_("Copy ^o"), id="copy", compact=True, classes="on-message")
                yield Button(_("Apply ^r"), id="apply", compact=True, classes="on-message")
                yield Button(_("← Back ^b"), id="back", compact=True)
                yield Button(_("Next → ^n"), id="next", compact=True, variant="primary")
            yield KeyBar()

    def on_mount(self) -> None:
        self.initial = self.query_one(RelationshipStep).values()
        self.show_step()

    # --- showing a step -----------------------------------------------------------------------------

    def show_step(self) -> None:
        w = self.wizard
        self.query_one("#wizard-step", Static).update(Content.assemble(
            (_("Step {n} of {total}").format(n=w.number, total=w.total), "bold"), f"  {_(TITLES[w.step])}"))
        self.query_one("#steps", ContentSwitcher).current = f"step-{w.step.value}"
        self.set_class(w.step is Step.MESSAGE, "-message")
        self.query_one("#next", Button).label = _(NEXT_LABEL.get(w.step, N_("Next → ^n")))
        self.query_one("#back", Button).disabled = w.step is Step.RELATIONSHIP
        self.sync_buttons()
        self.refresh_bindings()
        self.focus_step()

    def focus_step(self) -> None:
        w = self.wizard
        target = self.query_one(DetailsStep).first_field() if w.step is Step.DETAILS else None
        if target is None:
            found = self.query(FOCUS.get(w.step, "#next"))
            target = found.first() if found else self.query_one("#next")
        target.focus()

    def sync_buttons(self) -> None:
        w = self.wizard
        button = self.query_one("#apply", Button)
        button.label = _("Undo change ^r") if w.applied else _("Apply ^r")
        button.disabled = w.applied is None and w.can_apply() is not None
        for selector in ("#export", "#copy"):
            self.query_one(selector, Button).disabled = not w.drafts

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        w = self.wizard
        on_message = w.step is Step.MESSAGE
        if action == "back":
            return None if w.step is Step.RELATIONSHIP else True
        if action in ("export", "copy", "export_eml", "mail"):
            return (True if w.drafts else None) if on_message else False
        if action == "language":
            return on_message
        if action == "apply":
            return (True if w.can_apply() is None else None) if on_message and w.applied is None else False
        if action == "undo_apply":
            return on_message and w.applied is not None
        return True

    # --- moving on ------------------------------------------------------------------------------------

    async def action_next(self) -> None:
        w = self.wizard
        step = w.step
        if step is Step.RELATIONSHIP:
            errors = w.set_relationship(*self.query_one(RelationshipStep).values())
            self.query_one(RelationshipStep).show_errors(errors)
        elif step is Step.REASON:
            self.query_one(ReasonStep).show_errors(w.set_reason(self.query_one(ReasonStep).value()))
        elif step is Step.MEETING:
            errors = w.set_meeting(**self.query_one(MeetingStep).values())
            self.query_one(MeetingStep).show_errors(errors)
            if "advice" in errors:
                self.notify(_("No advice: {error}").format(error=errors["advice"]), severity="error", markup=False)
            if not errors:
                self.query_one(AdviceStep).show()
        elif step is Step.ADVICE:
            await self._pick()
        elif step is Step.DETAILS:
            errors = w.set_details(**self.query_one(DetailsStep).values())
            self.query_one(DetailsStep).show_errors(errors)
            if not errors:
                await self._write()
        elif step is Step.MESSAGE:
            self.action_close()
            return
        elif step is Step.KEEP:
            self._mark_kept()
            return
        if w.step is not step:
            self.show_step()

    async def _pick(self) -> None:
        strategy = self.query_one(AdviceStep).highlighted()
        if strategy is None:
            self.notify(_("Pick one of the suggestions first."), markup=False)
            return
        if self.wizard.choose(strategy) is Step.KEEP:
            self.query_one(KeepStep).show()
        else:
            await self.query_one(DetailsStep).show()

    async def _write(self) -> None:
        message = self.query_one(MessageStep)
        if message.composed_for is not None and message.key() != message.composed_for and message.edited():
            self.notify(_("The message was written afresh for your new answers."), markup=False)
        await message.show()

    def action_back(self) -> None:
        if self.wizard.step is not Step.RELATIONSHIP:
            self.wizard.back()
            self.show_step()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"next": "next", "back": "back", "export": "export", "copy": "copy",
                   "apply": "undo_apply" if self.wizard.applied else "apply"}
        action = actions.get(event.button.id or "")
        if action is not None:
            await self.run_action(action)

    async def on_input_submitted(self, event) -> None:
        event.stop()
        await self.run_action("next")

    @on(OptionList.OptionSelected, "#suggestions")
    async def _suggestion_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.run_action("next")

    # --- the message ----------------------------------------------------------------------------------

    @on(Select.Changed, "#language")
    async def _language_changed(self, event: Select.Changed) -> None:
        w = self.wizard
        if w.step is not Step.MESSAGE or Language(event.value) is w.language:
            return
        message = self.query_one(MessageStep)
        if not message.edited():
            w.language = Language(event.value)
            await message.show()
            return
        from planner.ui.screens.confirm import ConfirmScreen

        wanted, previous = Language(event.value), w.language

        async def answer(yes: bool | None) -> None:
            if yes:
                w.language = wanted
                await message.show(force=True)
            else:
                with self.prevent(Select.Changed):
                    self.query_one("#language", Select).value = previous

        from planner.words import common

        self.app.push_screen(ConfirmScreen(
            _("Write the message in {language}? Your edits to the text are lost.").format(
                language=common.language_name(wanted)), yes=_("Rewrite it"), no=_("Keep my text")), answer)

    def action_language(self) -> None:
        select = self.query_one("#language", Select)
        select.value = Language.DA if self.wizard.language is Language.EN else Language.EN

    def action_export(self) -> None:
        message = self.query_one(MessageStep)
        drafts = message.drafts()
        if not drafts:
            return
        try:
            paths = self.wizard.export(drafts)
        except PlannerError as exc:
            self.notify(_("Not exported: {error}").format(error=exc), severity="error", markup=False, timeout=12)
            return
        where = "\n".join(paths)
        self._warn_sender()
        if self.app.store.read_only:
            self.notify(_("Exported to\n{paths}\n(not listed under D: the planner is read-only)").format(paths=where),
                        markup=False, timeout=15)
        else:
            self.notify(_("Exported to\n{paths}").format(paths=where), title=_("Message exported"), markup=False,
                        timeout=15)

    def action_copy(self) -> None:
        from planner.services.drafts import recipient
        from planner.services.mail import clipboard_text

        editor = self.query_one(MessageStep).active_editor()
        if editor is None:
            return
        draft = editor.draft()
        self.app.copy_to_clipboard(clipboard_text(draft, to=recipient(self.wizard.client, draft)))
        self.notify(_("Copied as plain text (if your terminal allows it); export to be sure (^s)."), markup=False,
                    timeout=8)

    def action_export_eml(self) -> None:
        drafts = self.query_one(MessageStep).drafts()
        if not drafts:
            return
        try:
            paths = self.wizard.export(drafts, fmt="eml")
        except PlannerError as exc:
            self.notify(_("Not exported: {error}").format(error=exc), severity="error", markup=False, timeout=12)
            return
        self.notify(_("Saved as email drafts (open them in your mail program):\n{paths}").format(
            paths="\n".join(paths)), title=_("Message exported"), markup=False, timeout=15)
        self._warn_sender()

    def action_mail(self) -> None:
        from planner.application.mail import to_mail_program
        from planner.ui.mail import open_in_mail_program

        editor = self.query_one(MessageStep).active_editor()
        if editor is None:
            return
        w, draft = self.wizard, editor.draft()
        details = w.message_details().as_mapping()
        open_in_mail_program(self, lambda: to_mail_program(w.store, draft, meeting=w.meeting, client=w.client,
                                                           clock=w.clock, details=details))

    def _warn_sender(self) -> None:
        """Once a session: a draft without your name or address says so."""
        from planner.services.mail import sender_warning

        warning = sender_warning(self.wizard.settings)
        if warning and not self.app.sender_warned:
            self.app.sender_warned = True
            self.notify(warning[:1].upper() + warning[1:] + ".", severity="warning", markup=False, timeout=12)

    # --- the calendar ---------------------------------------------------------------------------------

    def action_apply(self) -> None:
        if self.app.refuse_read_only(_("the change")):
            return
        try:
            words = self.wizard.apply()
        except PlannerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.last_deleted = self.wizard.applied
        self.app.reload()
        self.notify(_("“{title}” is {change}. ^r here or u on the week undoes it.").format(
            title=self.wizard.original.title, change=words), markup=False, timeout=8)
        self._after_change()

    def action_undo_apply(self) -> None:
        w = self.wizard
        record = w.applied
        try:
            w.undo_apply()
        except PlannerError as exc:
            self.notify(_("the undo was not saved: {error}").format(error=exc), severity="error", markup=False)
            return
        if self.app.last_deleted is record:
            self.app.last_deleted = None
        self.app.reload()
        self.notify(_("Undone: “{title}” is back as it was.").format(title=w.original.title), markup=False)
        self._after_change()

    def _after_change(self) -> None:
        self.query_one(MessageStep).show_load()
        self.sync_buttons()
        self.refresh_bindings()

    def _mark_kept(self) -> None:
        if self.app.refuse_read_only(_("the change")):
            return
        try:
            self.wizard.mark_kept()
        except PlannerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.last_deleted = self.wizard.applied
        self.app.reload()
        self.notify(_("“{title}” is marked as kept. u on the week undoes it.").format(title=self.wizard.original.title),
                    markup=False)
        self.dismiss(self.wizard.original.id)

    # --- closing --------------------------------------------------------------------------------------

    def action_close(self) -> None:
        w = self.wizard
        message = self.query_one(MessageStep)
        edited = self.query_one(RelationshipStep).values() != self.initial
        lost = w.unsaved(message.texts() if w.step is Step.MESSAGE else None, edited_step1=edited)
        if lost is None:
            self.dismiss(w.original.id)
            return
        from planner.ui.screens.confirm import ConfirmScreen

        change = ""
        if w.applied is not None:
            change = " " + _("The calendar change stays (“{title}” is {change}; u on the week undoes it).").format(
                title=w.original.title, change=w.applied_words)

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(w.original.id)

        self.app.push_screen(ConfirmScreen(_("Close the wizard? {lost}").format(lost=lost) + change,
                                           yes=_("Close"), no=_("Stay")), answer)


def open_wizard(app) -> None:
    """Open the wizard on the week's selected meeting; the week re-reads itself afterwards. A meeting
    the wizard cannot help with (ended, cancelled ...) gets a notice instead."""
    from planner.application.wizard import open_wizard_on

    week = app.screen
    meeting = getattr(week, "selected_meeting", None)
    if meeting is None:
        app.notify(_("No meeting selected: pick one with the arrow keys, then press c."), markup=False)
        return
    try:
        wizard = open_wizard_on(app.store, app.store.meeting(meeting.id), app.clock)
    except PlannerError as exc:
        app.notify(str(exc), severity="warning", markup=False, timeout=10)
        return

    def done(meeting_id: str | None) -> None:
        app.reload()
        week.refresh_week(meeting_id=meeting_id)
        week.refresh_bindings()

    app.push_screen(WizardScreen(wizard), done)
