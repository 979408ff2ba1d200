"""Step 6 of the wizard: the message(s), editable, in the client's language or the other one,
with the day's load before and after the change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Select, Static, TabbedContent, TabPane

from planner.application.wizard import Wizard
from planner.domain.models import Draft, Language
from planner.formats import duration, short_date, week_name
from planner.i18n import _
from planner.ui.text import status_word
from planner.ui.widgets.message_editor import MessageEditor
from planner.words import common


class MessageStep(Vertical):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-message", classes="step")
        self.wizard = wizard
        self.composed_for = None

    def compose(self) -> ComposeResult:
        yield Static("", id="load-line", classes="load-line")
        with Horizontal(id="message-bar"):
            yield Label(_("Language"), classes="message-label")
            yield Select([(common.language_name(lang), lang) for lang in Language], value=self.wizard.language,
                         allow_blank=False, id="language", compact=True)
            yield Static("", id="applied", markup=False)
        yield Static("", id="message-error", classes="step-error", markup=False)
        yield Vertical(id="messages")

    # --- the message --------------------------------------------------------------------------------

    def key(self):
        w = self.wizard
        d = w.details
        return (w.choice.strategy, id(w.choice), w.language, d.new_minutes, d.by, d.colleague, d.summary,
                d.talking_points, tuple(s.start for s in d.offer), d.move_to.start if d.move_to else None)

    async def show(self, *, force: bool = False) -> bool:
        """Write the message afresh if what it is made from changed. True if it was rewritten."""
        w = self.wizard
        if self.key() == self.composed_for and not force:
            self.show_load()
            return False
        self.composed_for = self.key()
        w.compose()
        box = self.query_one("#messages", Vertical)
        await box.remove_children()
        error = self.query_one("#message-error", Static)
        error.display = w.message_error is not None
        error.update("")
        if w.message_error is not None:
            error.update(_("The message cannot be written: {error}\n\nFix or delete that template file and open the "
                           "wizard again; you can still apply the change to the calendar (^r).").format(
                error=w.message_error))
        elif len(w.drafts) == 1:
            await box.mount(MessageEditor(w.drafts[0], id="message-0"))
        else:
            titles = [_("To {name}").format(name=w.client.greeting_name),
                      _("Briefing for {name}").format(name=w.details.colleague or "")]
            tabs = TabbedContent(id="message-tabs")
            await box.mount(tabs)
            for i, (title, draft) in enumerate(zip(titles, w.drafts)):
                await tabs.add_pane(TabPane(Content(title), MessageEditor(draft, id=f"message-{i}"), id=f"pane-{i}"))
        self.show_load()
        return True

    def editors(self) -> list[MessageEditor]:
        return list(self.query(MessageEditor))

    def edited(self) -> bool:
        return any(editor.edited for editor in self.editors())

    def texts(self) -> tuple:
        return tuple((e.subject, e.body) for e in self.editors())

    def drafts(self) -> list[Draft]:
        return [editor.draft() for editor in self.editors()]

    def active_editor(self) -> MessageEditor | None:
        editors = self.editors()
        if not editors:
            return None
        tabs = self.query(TabbedContent)
        if tabs and tabs.first().active:
            wanted = tabs.first().active.replace("pane-", "message-")
            return next((e for e in editors if e.id == wanted), editors[0])
        return editors[0]

    # --- the load and the calendar -------------------------------------------------------------------

    def show_load(self) -> None:
        w = self.wizard
        per_day, (week_before, week_after) = w.loads()
        head = _("Before → now: ") if w.applied is not None else _("Before → after: ")
        parts: list = [(head, "bold")]
        for number, (before, after) in enumerate(per_day):
            if number:
                parts.append("\n" + " " * len(head))
            parts += [f"{short_date(before.date)} ", *_load(before), " → ", *_load(after)]
        parts += ["\n" + " " * len(head), _("week {week} {before} → {after} (limit {limit})").format(
            week=week_name(week_before.start), before=duration(week_before.meeting_minutes),
            after=duration(week_after.meeting_minutes), limit=duration(w.settings.week_overload_minutes))]
        self.query_one("#load-line", Static).update(Content.assemble(*parts))
        applied = _("Calendar: {change}").format(change=w.applied_words) if w.applied else _("Calendar: not changed yet")
        self.query_one("#applied", Static).update(applied)


def _load(load) -> list:
    return [(status_word(load.status), f"bold $load-{load.status.value}"),
            f" {duration(load.meeting_minutes)} ({load.meeting_count})"]
