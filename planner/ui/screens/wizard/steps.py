"""The wizard's first steps, one widget each: the relationship, the reason, the meeting's facts,
the advice, and keeping the meeting. Each shows the wizard's state and reads back what the person
chose; the decisions are the wizard's (planner.application.wizard)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, OptionList, RadioButton, RadioSet, Select, Static
from textual.widgets.option_list import Option

from planner.application.wizard import Wizard
from planner.domain.advice.facts import RECENT_LIMIT, RECENT_WEEKS
from planner.domain.amounts import minutes_text
from planner.domain.models import Language, Location, Reason, Strategy, Tier, Topic
from planner.formats import duration, short_date
from planner.i18n import _, ngettext
from planner.ui.text import status_word
from planner.ui.widgets.form import FieldRow
from planner.words import advice as words
from planner.words import common
from planner.words.load import problem


class RelationshipStep(VerticalScroll):
    """Step 1: tier and share of business, for this decision only."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-relationship", classes="step")
        self.wizard = wizard

    def compose(self) -> ComposeResult:
        w, client = self.wizard, self.wizard.client
        parts: list = [(client.name, "bold")]
        if client.contact:
            parts.append(", " + _("contact {name}").format(name=client.contact))
        parts.append(", " + (_("writes in Danish") if client.language is Language.DA else _("writes in English")))
        if client.notes.strip():
            parts += ["\n", (client.notes.strip(), "italic $text-muted")]
        yield Static(Content.assemble(*parts), classes="step-intro")
        yield FieldRow(_("Tier"), Select([(common.tier(t), t) for t in Tier], value=w.tier, allow_blank=False,
                                         id="tier", compact=True), name="tier")
        yield FieldRow(_("Business share %"), Input("" if w.share is None else f"{w.share:g}", id="share",
                                                     placeholder=_("percent, e.g. 25 (empty: you don't know)"),
                                                     compact=True), name="share")
        yield Static(self._recent(), id="recent", classes="step-note")
        yield Static(_("Tier and share count for this decision only (C edits the client for good)."),
                     classes="step-hint")

    def _recent(self) -> Content:
        n, name = self.wizard.recent, self.wizard.client.name
        if n:
            text = ngettext("you met {client} once in the {weeks} weeks before this meeting",
                            "you met {client} {n} times in the {weeks} weeks before this meeting", n)
        else:
            text = _("no other meeting with {client} in the {weeks} weeks before this one")
        parts: list = [(_("Recent meetings: "), "bold"), text.format(client=name, n=n, weeks=RECENT_WEEKS)]
        if n >= RECENT_LIMIT:
            parts.append(" " + _("({limit} or more: shorter meetings and email get a bonus)").format(limit=RECENT_LIMIT))
        return Content.assemble(*parts, ".")

    def values(self) -> tuple[Tier, str]:
        return self.query_one("#tier", Select).value, self.query_one("#share", Input).value

    def show_errors(self, errors: dict[str, str]) -> None:
        self.query_one("#field-share", FieldRow).message(errors.get("share", ""), error="share" in errors)


class ReasonStep(VerticalScroll):
    """Step 2: why the person wants out."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-reason", classes="step")
        self.wizard = wizard

    def compose(self) -> ComposeResult:
        yield Static(_("Why do you want out of it?"), classes="step-intro")
        with RadioSet(id="reason"):
            for reason in Reason:
                yield RadioButton(common.reason(reason), value=reason is self.wizard.reason, id=f"reason-{reason.value}")
        yield Static("", id="reason-msg", classes="step-error", markup=False)

    def value(self) -> Reason | None:
        pressed = self.query_one("#reason", RadioSet).pressed_button
        return Reason(pressed.id.removeprefix("reason-")) if pressed is not None and pressed.id else None

    def show_errors(self, errors: dict[str, str]) -> None:
        self.query_one("#reason-msg", Static).update(errors.get("reason", ""))

    def on_radio_set_changed(self) -> None:
        self.show_errors({})


class MeetingStep(VerticalScroll):
    """Step 3: the facts the calendar may have wrong."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-meeting", classes="step")
        self.wizard = wizard

    def compose(self) -> ComposeResult:
        f = self.wizard.facts
        yield Static(_("Is this right? Correct anything the calendar got wrong."), classes="step-intro")
        yield FieldRow(_("Where"), Select([(common.location(loc), loc) for loc in Location], value=f.location,
                                          allow_blank=False, id="location", compact=True), name="location")
        yield FieldRow(_("Travel each way"), Input(str(f.travel), placeholder=_("minutes (client site only)"),
                                                   id="travel", compact=True), name="travel")
        yield FieldRow(_("Length"), Input(minutes_text(f.length), placeholder=_("45m, 1h30, 90"), id="length",
                                          compact=True), name="length")
        yield FieldRow(_("Who leads"), Select([(_("You do"), "me"), (_("A colleague"), "colleague")],
                                              value="colleague" if f.colleague_leads else "me", allow_blank=False,
                                              id="lead", compact=True), name="lead")
        yield FieldRow(_("Colleague"), Input(f.lead if f.colleague_leads else f.colleague,
                                             placeholder=_("a colleague's name"), id="colleague", compact=True),
                       name="colleague")
        yield FieldRow(_("Topic"), Select([(common.topic(t), t) for t in Topic], value=f.topic, allow_blank=False,
                                          id="topic", compact=True), name="topic")
        yield FieldRow(_("Flexible"), Checkbox(_("The client is flexible (happy to take things by email)"),
                                               f.flexible, id="flexible", compact=True), name="flexible")

    def on_mount(self) -> None:
        self.sync_colleague_label()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "lead":
            self.sync_colleague_label()

    def sync_colleague_label(self) -> None:
        row = self.query_one("#field-colleague", FieldRow)
        if self.query_one("#lead", Select).value == "colleague":
            row.message(_("who leads it"))
        else:
            row.message(_("optional: someone who could go in your place"))

    def values(self) -> dict:
        colleague_leads = self.query_one("#lead", Select).value == "colleague"
        name = self.query_one("#colleague", Input).value
        return dict(location=self.query_one("#location", Select).value, travel=self.query_one("#travel", Input).value,
                    length=self.query_one("#length", Input).value, colleague_leads=colleague_leads,
                    lead=name if colleague_leads else "", colleague="" if colleague_leads else name,
                    topic=self.query_one("#topic", Select).value, flexible=self.query_one("#flexible", Checkbox).value)

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in ("travel", "length"):
            self.query_one(f"#field-{name}", FieldRow).message(errors.get(name, ""), error=name in errors)
        if "lead" in errors:
            self.query_one("#field-colleague", FieldRow).message(errors["lead"], error=True)
        else:
            self.sync_colleague_label()


class AdviceStep(Vertical):
    """Step 4: the options, best first, each with its rule, what it frees, clears and costs."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-advice", classes="step")
        self.wizard = wizard

    def compose(self) -> ComposeResult:
        yield Static("", id="advice-head", classes="step-intro")
        yield OptionList(id="suggestions")

    def show(self) -> None:
        advice, tz = self.wizard.advice, self.wizard.tz
        before = advice.situation.before
        reasons = [problem(p, tz) for p in before.day_problems]
        parts: list = [f"{short_date(before.day)}: ", (status_word(before.day_status), f"bold $load-{before.day_status.value}")]
        parts.append(": " + "; ".join(reasons) if reasons else ", " + _("{minutes} of meetings").format(
            minutes=duration(before.day_minutes)))
        for line in filter(None, [words.timing(advice, tz), *words.clash_notes(advice, tz)]):
            parts += ["\n", (line, "$warning")]
        parts.append("\n" + _("Best first; enter or ^n picks the highlighted one."))
        self.query_one("#advice-head", Static).update(Content.assemble(*parts))
        options = self.query_one("#suggestions", OptionList)
        options.clear_options()
        for number, s in enumerate(advice, 1):
            if number > 1:
                options.add_option(None)
            options.add_option(Option(self._prompt(number, s), id=s.strategy.value))
        options.highlighted = 0

    def _prompt(self, number: int, s) -> Content:
        sit, tz = self.wizard.advice.situation, self.wizard.tz
        freed_style = "bold $success" if s.minutes_freed else "$text-muted"
        parts: list = [(f"{number}. {common.strategy(s.strategy)}", "bold"),
                       ("  " + _("frees {minutes}").format(minutes=duration(s.minutes_freed)), freed_style),
                       "\n", words.why(s, sit, tz)]
        detail = "; ".join(filter(None, [words.resolves(s), words.cost(s, sit)]))
        parts += ["\n", (detail, "$text-muted")]
        after, before = s.load_after, s.load_before
        if (after.day_status, after.day_minutes) != (before.day_status, before.day_minutes):
            parts += ["\n" + _("Day afterwards: "), (status_word(after.day_status), f"bold $load-{after.day_status.value}"),
                      " " + _("{minutes} (now {before})").format(minutes=duration(after.day_minutes),
                                                               before=duration(before.day_minutes))]
        for text in words.warnings(s, sit):
            parts += ["\n", ("⚠ " + text, "$warning")]
        return Content.assemble(*parts)

    def highlighted(self) -> Strategy | None:
        options = self.query_one("#suggestions", OptionList)
        if options.highlighted is None:
            return None
        return Strategy(options.get_option_at_index(options.highlighted).id)


class KeepStep(VerticalScroll):
    """Keeping the meeting: no message; mark it as kept."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(id="step-keep", classes="step")
        self.wizard = wizard

    def compose(self) -> ComposeResult:
        yield Static("", id="keep-text", classes="step-intro")

    def show(self) -> None:
        w = self.wizard
        self.query_one("#keep-text", Static).update(Content.assemble(
            (_("Keep the meeting. "), "bold"), words.why(w.choice, w.advice.situation, w.tz),
            "\n\n" + _("No message is needed. Mark it as kept so the week shows you decided, or press escape "
                       "to close without changes."),
        ))
