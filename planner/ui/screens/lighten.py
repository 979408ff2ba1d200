"""Lighten the selected day (L on the week): the least-cost plan that brings it out of overloaded,
before and after; drop (x) or swap (s) an item and the plan re-solves; then the messages, one per
meeting that changes (ctrl+s exports them all), and ctrl+r applies the lot (ctrl+r again, or u on
the week, takes it all back)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from planner.domain.errors import PlannerError
from planner.domain.models import Strategy
from planner.domain.timeutil import zone
from planner.formats import date_time, duration, number, short_date
from planner.i18n import _
from planner.ui.actions import bindings
from planner.ui.widgets.key_bar import KeyBar
from planner.ui.text import status_word
from planner.ui.widgets.message_editor import MessageEditor
from planner.words import advice as words
from planner.words import common


class LightenScreen(ModalScreen[None]):
    CSS_PATH = Path(__file__).parent / "wizard" / "wizard.tcss"  # read when it first opens
    BINDINGS = bindings("lighten")

    def __init__(self, day: date) -> None:
        super().__init__(classes="dialog-screen wizard-screen")
        self.day = day
        self.fixed: dict[str, Strategy] = {}
        self.plan = None
        self.applied = None
        self.messages: list = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wizard"):
            yield Static(Content.assemble((_("Lighten the day") + "  ", "bold $accent"), short_date(self.day)),
                         classes="wizard-title")
            yield Static("", id="lighten-summary", classes="load-line")
            with ContentSwitcher(initial="lighten-plan", id="steps"):
                with Vertical(id="lighten-plan", classes="step"):
                    yield OptionList(id="plan-items")
                    yield Static("", id="plan-note", classes="step-hint", markup=False)
                yield Vertical(id="lighten-messages", classes="step")
            yield KeyBar()

    def on_mount(self) -> None:
        self.solve()
        self.query_one("#plan-items", OptionList).focus()

    # --- the plan -------------------------------------------------------------------------------------

    def solve(self) -> None:
        from planner.application.lighten import plan_day

        app = self.app
        try:
            self.plan = plan_day(app.store, self.day, app.clock, fixed=self.fixed)
        except PlannerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.show_plan()

    def show_plan(self) -> None:
        plan, tz = self.plan, zone(self.app.settings.timezone)
        before, after = plan.before, plan.after
        self.query_one("#lighten-summary", Static).update(Content.assemble(
            (_("Before → after: "), "bold"), (status_word(before.status), f"bold $load-{before.status.value}"),
            f" {duration(before.meeting_minutes)} ({before.meeting_count}) → ",
            (status_word(after.status), f"bold $load-{after.status.value}"),
            f" {duration(after.meeting_minutes)} ({after.meeting_count})   " + _("plan cost {cost}").format(cost=number(plan.cost, digits=2)),
            ("   " + _("Applied") if self.applied else "", "bold $success"),
        ))
        options = self.query_one("#plan-items", OptionList)
        options.clear_options()
        names = self.app.client_names()
        for item in plan.items:
            s = item.suggestion
            head = _("{when} {client}: {title}").format(when=date_time(item.meeting.start, tz),
                                                        client=names.get(item.meeting.client_id, "?"),
                                                        title=item.meeting.title)
            options.add_option(Option(Content.assemble(
                (head, "bold"), "\n",
                (common.strategy(s.strategy), "bold $accent"),
                "  " + _("frees {minutes}, cost {cost}").format(minutes=duration(s.minutes_freed), cost=number(item.cost, digits=2)),
                "\n", words.why(s, plan.situations[item.meeting.id], tz)), id=item.meeting.id))
        if plan.items:
            options.highlighted = 0
        if not plan.items:
            note = _("Nothing to change: the day is already out of overloaded.") if plan.reached else _(
                "No option planner may suggest brings this day out of overloaded.")
        elif not plan.reached:
            note = _("This is as far as the options go: the day stays overloaded.")
        else:
            note = _("x drops the highlighted change, s swaps it for another option; the plan re-solves. "
                     "^n: the messages; ^r applies it all.")
        self.query_one("#plan-note", Static).update(note)
        self.refresh_bindings()

    def _highlighted(self):
        options = self.query_one("#plan-items", OptionList)
        if options.highlighted is None or not self.plan.items:
            return None
        return self.plan.items[options.highlighted]

    def action_drop(self) -> None:
        item = self._highlighted()
        if item is None or self.applied:
            return
        self.fixed[item.meeting.id] = Strategy.KEEP
        self.solve()

    def action_swap(self) -> None:
        item = self._highlighted()
        if item is None or self.applied:
            return
        options = [s.strategy for s in self.plan.options.get(item.meeting.id, [])]
        if len(options) < 2:
            self.notify(_("There is no other option for this meeting."), markup=False)
            return
        self.fixed[item.meeting.id] = options[(options.index(item.strategy) + 1) % len(options)]
        self.solve()

    # --- the messages and the calendar -------------------------------------------------------------------

    async def action_messages(self) -> None:
        from planner.application.lighten import plan_messages

        if not self.plan or not self.plan.items:
            return
        box = self.query_one("#lighten-messages", Vertical)
        await box.remove_children()
        tabs = TabbedContent(id="message-tabs")
        await box.mount(tabs)
        app = self.app
        try:
            self.messages = plan_messages(app.store, self.plan, app.clock)
        except PlannerError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return
        for n, (client, _first, drafts, _details) in enumerate(self.messages):
            for k, draft in enumerate(drafts):
                title = client.name if draft.kind == "client" else _("Briefing: {title}").format(
                    title=next((i.meeting.title for i in self.plan.items if i.meeting.id == draft.meeting_id), ""))
                await tabs.add_pane(TabPane(Content(title[:40]), MessageEditor(draft, id=f"message-{n}-{k}"),
                                            id=f"pane-{n}-{k}"))
        self.query_one("#steps", ContentSwitcher).current = "lighten-messages"
        self.refresh_bindings()

    def action_plan(self) -> None:
        self.query_one("#steps", ContentSwitcher).current = "lighten-plan"
        self.refresh_bindings()

    def action_export(self) -> None:
        from planner.application.drafts import export_drafts

        app = self.app
        editors = {editor.id: editor for editor in self.query(MessageEditor)}
        if not editors:
            return
        paths: list[str] = []
        try:
            for n, (client, first, drafts, details) in enumerate(self.messages):
                edited = [editors[f"message-{n}-{k}"].draft() for k in range(len(drafts))]
                paths += export_drafts(app.store, edited, meeting=first, client=client, clock=app.clock)
        except PlannerError as exc:
            self.notify(_("Not exported: {error}").format(error=exc), severity="error", markup=False, timeout=12)
            return
        self.notify(_("Exported to\n{paths}").format(paths="\n".join(paths)), title=_("Messages exported"),
                    markup=False, timeout=15)

    def action_apply(self) -> None:
        from planner.application.lighten import apply_plan

        app = self.app
        if not self.plan or not self.plan.items or app.refuse_read_only(_("the plan")):
            return
        records = []
        if app.write(_("the plan"), lambda: records.append(apply_plan(app.store, self.plan))):
            self.applied = records[0]
            app.last_deleted = self.applied
            self.notify(_("Applied {what}. ^r here or u on the week undoes all of it.").format(
                what=self.applied.description), markup=False, timeout=8)
            self.show_plan()

    def action_undo(self) -> None:
        from planner.application.meetings import undo

        app = self.app
        record = self.applied
        if record is not None and app.write(_("the undo"), lambda: undo(app.store, record)):
            self.applied = None
            if app.last_deleted is record:
                app.last_deleted = None
            self.notify(_("Undone: the day is back as it was."), markup=False)
            self.solve()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_messages = self.query_one("#steps", ContentSwitcher).current == "lighten-messages"
        has_items = bool(self.plan and self.plan.items)
        if action in ("drop", "swap"):
            return not on_messages and has_items and self.applied is None
        if action == "messages":
            return not on_messages and has_items
        if action in ("plan", "export"):
            return on_messages
        if action == "apply":
            return has_items and self.applied is None
        if action == "undo":
            return self.applied is not None
        return True

    def action_close(self) -> None:
        self.dismiss(None)


def open_lighten(app) -> None:
    week = app.screen
    day = getattr(week, "day", None)
    if day is None:
        return

    def done(_result) -> None:
        app.reload()
        week.refresh_week(day=day)
        week.refresh_bindings()

    app.push_screen(LightenScreen(day), done)
