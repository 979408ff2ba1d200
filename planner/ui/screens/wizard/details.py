"""Step 5 of the wizard: what the chosen option needs, a different set of fields for each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, RadioButton, RadioSet, Select, SelectionList, Static, TextArea

from planner.application.wizard import Wizard
from planner.domain.amounts import minutes_text
from planner.domain.models import CallKind, Strategy
from planner.formats import date_time, duration, time_span
from planner.i18n import _
from planner.ui.widgets.form import FieldRow


def _lines(text: str) -> tuple[str, ...]:
    """A person's lines, list marks taken off ("- point" and "point" are the same point)."""
    return tuple(line.strip().lstrip("-*•").strip() for line in text.splitlines() if line.strip(" -*•\t"))


def _intro(title: str, text: str) -> Static:
    return Static(Content.assemble((title + " ", "bold"), text), classes="step-intro")


class DetailsStep(VerticalScroll):
    """The fields for the wizard's chosen option; rebuilt when the choice changes."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-details", classes="step")
        self.wizard = wizard
        self.built_for = None
        self.default_points = ""

    def compose(self) -> ComposeResult:
        yield Vertical(id="details")

    async def show(self) -> None:
        w = self.wizard
        key = (w.choice.strategy, id(w.choice))
        if key == self.built_for:
            return
        self.built_for = key
        box = self.query_one("#details", Vertical)
        await box.remove_children()
        await box.mount_all(self._widgets())

    def _widgets(self) -> list:
        strategy = self.wizard.choice.strategy
        if strategy is Strategy.PHONE:
            return self._call()
        if strategy is Strategy.SHORTER:
            return self._shorter()
        if strategy is Strategy.EMAIL:
            return self._email()
        if strategy is Strategy.DELEGATE:
            return self._delegate()
        if strategy in (Strategy.RESCHEDULE, Strategy.CANCEL):
            return self._times()
        return self._less_often()

    def _call(self) -> list:
        w = self.wizard
        m, d = w.meeting, w.details
        saves = (_("It saves 2 × {travel} min of travel.").format(travel=m.travel_each_way) if m.travel_each_way
                 else _("There is no travel of yours to save, but it is quicker for both of you."))
        return [
            _intro(_("A call instead."), _("The message asks {contact} to talk at the same time. {saves}").format(
                contact=w.client.greeting_name, saves=saves)),
            FieldRow(_("By"), RadioSet(RadioButton(_("phone"), value=d.by is CallKind.PHONE, id="by-phone"),
                                       RadioButton(_("video"), value=d.by is CallKind.VIDEO, id="by-video"),
                                       id="by", compact=True), name="by"),
            FieldRow(_("Length"), Input(minutes_text(d.new_minutes or m.minutes), id="new-length", compact=True,
                                        placeholder=_("30m, 45, 1h")), name="new-length"),
        ]

    def _shorter(self) -> list:
        w = self.wizard
        return [
            _intro(_("Shorter."), _("It lasts {length} now. How long should it be? The message suggests moving the "
                                    "rest to email or phone.").format(length=duration(w.meeting.minutes))),
            FieldRow(_("New length"), Input(minutes_text(w.details.new_minutes or 30), id="new-length", compact=True,
                                            placeholder=_("30m, 45, 1h")), name="new-length"),
        ]

    def _email(self) -> list:
        return [
            _intro(_("An email instead."), _("What should it cover? One point a line; a line starting with - "
                                             "becomes a bullet.")),
            TextArea(self.wizard.details.summary, id="summary", classes="details-text",
                     placeholder=_("e.g. - the new labels are approved\n- samples ship Friday")),
        ]

    def _delegate(self) -> list:
        w = self.wizard
        self.default_points = "\n".join(w.default_talking_points())
        return [
            _intro(_("Let a colleague go."), _("Two messages: a note to the client, and a briefing that equips your "
                                               "colleague to speak for you and answer their questions.")),
            FieldRow(_("Colleague"), Input(w.details.colleague or "", placeholder=_("who goes instead"),
                                           id="delegate-colleague", compact=True), name="colleague"),
            Static(_("Talking points for the briefing, one a line:"), classes="step-note"),
            TextArea(self.default_points, id="talking-points", classes="details-text"),
        ]

    def _slot_label(self, slot) -> str:
        tz = self.wizard.tz
        return _("{when}  (that day {minutes} with it)").format(
            when=f"{date_time(slot.start, tz)}-{time_span(slot.start, slot.end, tz).rsplit('-', 1)[1]}",
            minutes=duration(slot.day_minutes_after))

    def _times(self) -> list:
        w = self.wizard
        s = w.choice
        verb = _("Move it.") if s.strategy is Strategy.RESCHEDULE else _("Cancel it.")
        if not s.slots:
            extra = (" " + _("The calendar keeps the old time until you agree a new one (e edits it then).")
                     if s.strategy is Strategy.RESCHEDULE else "")
            return [_intro(verb, _("No free time in the next {days} work days: the message asks {contact} to "
                                   "propose times.").format(days=w.settings.slot_window_days,
                                                            contact=w.client.greeting_name) + extra)]
        widgets = [
            _intro(verb, _("Free times in the next {days} work days (lightest day first). The message offers the "
                           "ticked ones (space ticks):").format(days=w.settings.slot_window_days)),
            SelectionList(*[(Content(self._slot_label(slot)), i, slot in w.details.offer) for i, slot in enumerate(s.slots)],
                          id="offer", compact=True),
        ]
        if s.strategy is Strategy.RESCHEDULE:
            choices = [(self._slot_label(slot).split("  (")[0], i) for i, slot in enumerate(s.slots)]
            move = s.slots.index(w.details.move_to) if w.details.move_to in s.slots else 0
            widgets.append(FieldRow(_("Move it to"), Select(choices, value=move, allow_blank=False, id="move-to",
                                                            compact=True), name="move-to"))
        return widgets

    def _less_often(self) -> list:
        w = self.wizard
        s = w.choice
        dates = ", ".join(date_time(m.start, w.tz) for m in s.changed)
        return [_intro(_("Meet less often."), _("These occurrences are cancelled, the others stay: {dates}. About "
                                                "{minutes} a month back.").format(dates=dates,
                                                                                 minutes=duration(s.per_month)))]

    # --- reading back -------------------------------------------------------------------------------

    def values(self) -> dict:
        """What the fields say, as the wizard's set_details takes it."""
        found: dict = {}
        if self.query("#new-length"):
            found["new_length"] = self.query_one("#new-length", Input).value
        if self.query("#by"):
            pressed = self.query_one("#by", RadioSet).pressed_button
            found["by"] = CallKind.VIDEO if pressed is not None and pressed.id == "by-video" else CallKind.PHONE
        if self.query("#summary"):
            found["summary"] = self.query_one("#summary", TextArea).text
        if self.query("#delegate-colleague"):
            found["colleague"] = self.query_one("#delegate-colleague", Input).value
            points = self.query_one("#talking-points", TextArea).text
            found["talking_points"] = _lines(points) if points.strip() != self.default_points.strip() else ()
        if self.query("#offer"):
            found["offer"] = tuple(self.query_one("#offer", SelectionList).selected)
        if self.query("#move-to"):
            found["move_to"] = self.query_one("#move-to", Select).value
        return found

    def show_errors(self, errors: dict[str, str]) -> None:
        for row in self.query(FieldRow):
            name = (row.id or "").removeprefix("field-")
            if name in errors:
                row.message(errors[name], error=True)
        if "offer" in errors:
            self.notify(errors["offer"], severity="warning", markup=False)

    def first_field(self):
        found = self.query("#details Input, #details TextArea, #details SelectionList, #details RadioSet")
        return found.first() if found else None
