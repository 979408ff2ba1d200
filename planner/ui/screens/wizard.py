"""“Get me out of this meeting”: the wizard (DESIGN.md §4 and §5), one step at a time.

1. The relationship: tier and share of business (prefilled from the client, for this decision
   only), and how many meetings with them fell in the last 6 weeks.
2. The reason.
3. The meeting: where and the travel, length, who leads, routine or important, is the client flexible.
4. The recommendation: the advice engine's ranked strategies, each with its rule, the minutes it
   frees and the day's load afterwards. Keep ends here: "mark as kept" and close.
5. The details the chosen strategy needs (new length, times to offer and the one to move to,
   the colleague and talking points, what the email covers).
6. The message: subject and Markdown text, editable, with a preview rendered by the same preset
   as the exported file; English or Danish; export to a file, copy, and apply the change to the
   calendar (undoable here and with u on the week), with the day's load before and after.

The wizard only asks the services: advice comes from advise_cmd.suggestions_for, messages from
drafts.compose, files from drafts.export, calendar changes from advice.apply saved by the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Footer,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from planner.domain.advice import RECENT_LIMIT, RECENT_WEEKS, Answers, Suggestion, apply, recent_count
from planner.domain.errors import PlannerError
from planner.domain.load import DayLoad, analyse_day, analyse_week, iso_week, zone
from planner.formats import duration as format_minutes
from planner.domain.models import (
    ME,
    Client,
    Draft,
    Language,
    Location,
    Meeting,
    Reason,
    Strategy,
    Tier,
    Topic,
    new_id,
)
from planner.ui.text import short_date, status_word, time_range
from planner.words import common
from planner.words.load import day_reasons
from planner.domain.amounts import minutes_text as duration_text, parse_minutes
from planner.ui.widgets.form import FieldRow
from planner.ui.widgets.message_editor import MessageEditor

UTC = timezone.utc

STEPS = {
    1: "The relationship",
    2: "The reason",
    3: "The meeting",
    4: "The recommendation",
    5: "The details",
    6: "The message",
}
REASON_TEXT = {
    Reason.WORKLOAD: "My workload is too heavy for another meeting",
    Reason.CONFLICT: "Something else came up",
    Reason.REPETITIVE: "The meetings have become repetitive",
    Reason.SICK: "I'm sick, or there's an emergency",
    Reason.DISLIKE: "Honestly, I'd rather not",
}
STRATEGY_TEXT = {
    Strategy.KEEP: "Keep the meeting",
    Strategy.PHONE: "Make it a phone call",
    Strategy.SHORTER: "Make it shorter",
    Strategy.EMAIL: "Replace it with an email (for now)",
    Strategy.DELEGATE: "Let your colleague go without you",
    Strategy.RESCHEDULE: "Move it to another time",
    Strategy.CANCEL: "Cancel it, offering new times",
}
LANGUAGE_TEXT = {Language.EN: "English", Language.DA: "Dansk"}
TIER_TEXT = {
    Tier.KEY: "key: a top client",
    Tier.IMPORTANT: "important",
    Tier.REGULAR: "regular",
    Tier.MINOR: "minor",
}


def parse_share(text: str) -> float | None:
    """ "25", "25 %", "12,5" -> a percentage; "" -> None. ValueError saying what to type."""
    text = text.strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError('type a percentage like "25" (or leave it empty if you do not know)') from None
    if not 0 <= value <= 100:
        raise ValueError(f"a share of business is between 0 and 100 %, not {value:g}")
    return value


def _shift(start, minutes: int):
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def _lines(text: str) -> list[str]:
    """A person's lines, list marks taken off ("- point" and "point" are the same point)."""
    return [line.strip().lstrip("-*•").strip() for line in text.splitlines() if line.strip(" -*•\t")]


@dataclass(slots=True)
class Applied:
    """The calendar change the wizard made, for undo."""

    strategy: Strategy
    meeting: Meeting  # as saved
    words: str  # "now a phone call"


class WizardScreen(ModalScreen[str | None]):
    """Returns the meeting's id when the wizard closes (the week re-reads and re-selects it)."""

    BINDINGS = [
        Binding("ctrl+n", "next", "Next", id="wizard.next", priority=True, key_display="^n"),
        Binding("ctrl+b", "back", "Back", id="wizard.back", priority=True, key_display="^b"),
        Binding("escape", "close", "Close", id="wizard.close"),
        Binding("ctrl+s", "export", "Export", id="wizard.export", priority=True, key_display="^s"),
        Binding("ctrl+o", "copy", "Copy", id="wizard.copy", priority=True, key_display="^o"),
        Binding("ctrl+r", "apply", "Apply", id="wizard.apply", priority=True, key_display="^r"),
        Binding("ctrl+r", "undo_apply", "Undo change", id="wizard.undo", priority=True, key_display="^r"),
        Binding("ctrl+l", "language", "Language", id="wizard.language", priority=True, key_display="^l"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__(classes="dialog-screen wizard-screen")
        self.original = meeting
        self.step: int | str = 1  # 1-6, or "keep"
        self.suggestions: list[Suggestion] = []
        self.choice: Suggestion | None = None
        self.applied: Applied | None = None
        self.undo_record = None
        self.exported_paths: list[str] = []
        self._answers_key = None  # what the suggestions were made from
        self._details_key = None  # what step 5 was built for
        self._message_key = None  # what the message was composed from
        self._exported_key = None  # the text last exported (nothing lost on close if unchanged)
        self._default_points = ""
        self.drafts: list[Draft] = []
        self.message_error: str | None = None

    # --- what the wizard works on -----------------------------------------------------------

    @property
    def settings(self):
        return self.app.settings

    @property
    def tz(self):
        return zone(self.settings.timezone)

    @property
    def client(self) -> Client:
        return self.app.store.client(self.original.client_id)

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        m = self.original
        client = self.client
        self.nearby = self._nearby()
        self.recent = recent_count(self.nearby, m)
        local = m.start.astimezone(self.tz)
        with Vertical(classes="dialog wizard"):
            yield Static(
                Content.assemble(
                    ("Get me out of this meeting  ", "bold $accent"),
                    (client.name, "bold"),
                    f": {m.title}, {short_date(local.date())} {time_range(m, self.tz)}",
                ),
                id="wizard-title",
                classes="wizard-title",
            )
            yield Static("", id="wizard-step", classes="wizard-step")
            with ContentSwitcher(initial="step-1", id="steps"):
                with VerticalScroll(id="step-1", classes="step"):
                    yield Static(self._client_line(client), classes="step-intro")
                    yield FieldRow(
                        "Tier",
                        Select(
                            [(TIER_TEXT[t], t) for t in Tier], value=client.tier, allow_blank=False,
                            id="tier", compact=True,
                        ),
                        name="tier",
                    )
                    yield FieldRow(
                        "Share of business",
                        Input(
                            "" if client.share is None else f"{client.share:g}",
                            placeholder="percent, e.g. 25 (empty: you don't know)",
                            id="share",
                            compact=True,
                        ),
                        name="share",
                    )
                    yield Static(self._recent_line(client), id="recent", classes="step-note")
                    yield Static(
                        "Tier and share count for this decision only (C edits the client for good).",
                        classes="step-hint",
                    )
                with VerticalScroll(id="step-2", classes="step"):
                    yield Static("Why do you want out of it?", classes="step-intro")
                    with RadioSet(id="reason"):
                        for reason, text in REASON_TEXT.items():
                            yield RadioButton(text, id=f"reason-{reason.value}")
                    yield Static("", id="reason-msg", classes="step-error", markup=False)
                with VerticalScroll(id="step-3", classes="step"):
                    yield Static("Is this right? Correct anything the calendar got wrong.", classes="step-intro")
                    yield FieldRow(
                        "Where",
                        Select(
                            [(common.location(loc), loc) for loc in Location], value=m.location,
                            allow_blank=False, id="location", compact=True,
                        ),
                        name="location",
                    )
                    yield FieldRow(
                        "Travel each way",
                        Input(str(m.travel_minutes or 0), placeholder="minutes (client site only)", id="travel", compact=True),
                        name="travel",
                    )
                    yield FieldRow(
                        "Length",
                        Input(duration_text(m.minutes), placeholder="45m, 1h30, 90", id="length", compact=True),
                        name="length",
                    )
                    yield FieldRow(
                        "Who leads",
                        Select(
                            [("You do", "me"), ("A colleague", "colleague")],
                            value="me" if m.led_by_me else "colleague",
                            allow_blank=False, id="lead", compact=True,
                        ),
                        name="lead",
                    )
                    yield FieldRow(
                        "Colleague",
                        Input(
                            "" if m.led_by_me else m.lead,
                            placeholder="a colleague's name",
                            id="colleague",
                            compact=True,
                        ),
                        name="colleague",
                    )
                    yield FieldRow(
                        "Topic",
                        Select(
                            [("routine", Topic.ROUTINE), ("important", Topic.IMPORTANT)],
                            value=m.topic, allow_blank=False, id="topic", compact=True,
                        ),
                        name="topic",
                    )
                    yield FieldRow(
                        "Flexible",
                        Checkbox("The client is flexible (happy to take things by email)", client.flexible, id="flexible", compact=True),
                        name="flexible",
                    )
                with Vertical(id="step-4", classes="step"):
                    yield Static("", id="advice-head", classes="step-intro")
                    yield OptionList(id="suggestions")
                with VerticalScroll(id="step-5", classes="step"):
                    yield Vertical(id="details")
                with Vertical(id="step-6", classes="step"):
                    yield Static("", id="load-line", classes="load-line")
                    with Horizontal(id="message-bar"):
                        yield Label("Language", classes="message-label")
                        yield Select(
                            [(LANGUAGE_TEXT[lang], lang) for lang in Language],
                            value=client.language, allow_blank=False, id="language", compact=True,
                        )
                        yield Static("", id="applied", markup=False)
                    yield Static("", id="message-error", classes="step-error", markup=False)
                    yield Vertical(id="messages")
                with VerticalScroll(id="step-keep", classes="step"):
                    yield Static("", id="keep-text", classes="step-intro")
            with Horizontal(classes="buttons wizard-buttons"):
                yield Button("Export ^s", id="export", compact=True, classes="on-message")
                yield Button("Copy ^o", id="copy", compact=True, classes="on-message")
                yield Button("Apply ^r", id="apply", compact=True, classes="on-message")
                yield Button("← Back ^b", id="back", compact=True)
                yield Button("Next → ^n", id="next", compact=True, variant="primary")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        self._initial = self._step1_values()
        self._show_step(1)
        self._sync_colleague_label()

    def _client_line(self, client: Client) -> Content:
        parts: list = [(client.name, "bold")]
        if client.contact:
            parts.append(f", contact {client.contact}")
        parts.append(f", writes in {LANGUAGE_TEXT[client.language]}")
        if client.notes.strip():
            parts += ["\n", (client.notes.strip(), "italic $text-muted")]
        return Content.assemble(*parts)

    def _recent_line(self, client: Client) -> Content:
        n = self.recent
        times = "once" if n == 1 else f"{n} times"
        parts: list = [("Recent meetings: ", "bold")]
        if n:
            parts.append(f"you met {client.name} {times} in the {RECENT_WEEKS} weeks before this meeting")
        else:
            parts.append(f"no other meeting with {client.name} in the {RECENT_WEEKS} weeks before this one")
        if n >= RECENT_LIMIT:
            parts.append(f" ({RECENT_LIMIT} or more: shorter meetings and email come first)")
        return Content.assemble(*parts, ".")

    def _nearby(self) -> list[Meeting]:
        from planner.application.advice import nearby_meetings

        return nearby_meetings(self.app.store, self.original, self.app.clock)

    # --- moving between steps ---------------------------------------------------------------

    def _total(self) -> int:
        return 5 if self.step == "keep" else 6

    def _show_step(self, step: int | str) -> None:
        self.step = step
        number = 5 if step == "keep" else step
        title = "Keep the meeting" if step == "keep" else STEPS[step]
        self.query_one("#wizard-step", Static).update(
            Content.assemble((f"Step {number} of {self._total()}", "bold"), f"  {title}")
        )
        self.query_one("#steps", ContentSwitcher).current = f"step-{step}"
        self.set_class(step == 6, "-message")
        labels = {
            3: "Advise me → ^n",
            4: "Pick this → ^n",
            5: "Write it → ^n",
            6: "Done ^n",
            "keep": "Mark as kept ^n",
        }
        self.query_one("#next", Button).label = labels.get(step, "Next → ^n")
        self.query_one("#back", Button).disabled = step == 1
        self._sync_apply_button()
        self.refresh_bindings()
        self._focus_step()

    def _focus_step(self) -> None:
        targets = {1: "#share", 2: "#reason", 3: "#location", 4: "#suggestions", 6: "#body", "keep": "#next"}
        selector = targets.get(self.step)
        if self.step == 5:
            found = self.query("#details Input, #details TextArea, #details SelectionList")
            widget = found.first() if found else self.query_one("#next")
        else:
            found = self.query(selector) if selector else None
            widget = found.first() if found else self.query_one("#next")
        widget.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return None if self.step == 1 else True
        if action in ("export", "copy"):
            if self.step != 6:
                return False
            return True if self.drafts else None
        if action == "language":
            return self.step == 6
        if action == "apply":
            if self.step != 6 or self.applied is not None:
                return False
            return True if self._can_apply() is None else None
        if action == "undo_apply":
            return self.step == 6 and self.applied is not None
        return True

    async def action_next(self) -> None:
        step = self.step
        if step == 1:
            if self._step1_ok():
                self._show_step(2)
        elif step == 2:
            if self._reason() is None:
                self.query_one("#reason-msg", Static).update("Pick a reason first (arrow keys, then space or enter).")
                return
            self._show_step(3)
        elif step == 3:
            answers = self._answers(show=True)
            if answers is None:
                return
            if not self._advise(answers):
                return
            self._show_step(4)
        elif step == 4:
            await self._pick()
        elif step == 5:
            if self._details(show=True) is None:
                return
            self._show_step(6)
            await self._compose_message()
        elif step == 6:
            self.action_close()
        elif step == "keep":
            self._mark_kept()

    def action_back(self) -> None:
        if self.step == 1:
            return
        previous = {2: 1, 3: 2, 4: 3, 5: 4, 6: 5, "keep": 4}[self.step]
        if self.step == 6 and self.choice is not None and self.choice.strategy is Strategy.KEEP:
            previous = 4
        self._show_step(previous)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "next": "next",
            "back": "back",
            "export": "export",
            "copy": "copy",
            "apply": "undo_apply" if self.applied else "apply",
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            await self.run_action(action)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.run_action("next")

    @on(OptionList.OptionSelected, "#suggestions")
    async def _suggestion_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.run_action("next")

    @on(RadioSet.Changed, "#reason")
    def _reason_changed(self, event: RadioSet.Changed) -> None:
        self.query_one("#reason-msg", Static).update("")

    @on(Select.Changed, "#lead")
    def _lead_changed(self, event: Select.Changed) -> None:
        self._sync_colleague_label()

    def _sync_colleague_label(self) -> None:
        row = self.query_one("#field-colleague", FieldRow)
        if self.query_one("#lead", Select).value == "colleague":
            row.message("who leads it", error=False)
        else:
            row.message("optional: someone who could go in your place")

    # --- steps 1-3: the answers -------------------------------------------------------------

    def _step1_values(self) -> tuple:
        return (self.query_one("#tier", Select).value, self.query_one("#share", Input).value.strip())

    def _step1_ok(self) -> bool:
        row = self.query_one("#field-share", FieldRow)
        try:
            parse_share(self.query_one("#share", Input).value)
        except (ValueError, PlannerError) as exc:
            row.message(str(exc), error=True)
            return False
        row.message("")
        return True

    def _reason(self) -> Reason | None:
        pressed = self.query_one("#reason", RadioSet).pressed_button
        if pressed is None or not pressed.id:
            return None
        return Reason(pressed.id.removeprefix("reason-"))

    def _answers(self, *, show: bool = False) -> Answers | None:
        """The answers of steps 1-3, or None (with the errors shown next to the fields)."""
        if not self._step1_ok():
            if show:
                self._show_step(1)
            return None
        reason = self._reason()
        if reason is None:
            return None
        errors: dict[str, str] = {}
        travel_text = self.query_one("#travel", Input).value.strip() or "0"
        travel = 0
        try:
            travel = parse_minutes(travel_text, what="travel")
        except (ValueError, PlannerError) as exc:
            errors["travel"] = str(exc)
        length = self.original.minutes
        try:
            length = parse_minutes(self.query_one("#length", Input).value, what="length")
            if length < 1:
                raise ValueError("length: a meeting lasts at least 1 minute")
        except (ValueError, PlannerError) as exc:
            errors["length"] = str(exc)
        lead_kind = self.query_one("#lead", Select).value
        colleague = " ".join(self.query_one("#colleague", Input).value.split())
        if lead_kind == "colleague" and (not colleague or colleague.lower() == ME):
            errors["colleague"] = "type the name of the colleague who leads it"
        for name in ("travel", "length", "colleague"):
            row = self.query_one(f"#field-{name}", FieldRow)
            if name in errors:
                row.message(errors[name], error=True)
            elif name == "colleague":
                self._sync_colleague_label()
            else:
                row.message("")
        if errors:
            return None
        self.decision_meeting = self.original.with_changes(
            location=self.query_one("#location", Select).value,
            travel_minutes=travel,
            end=_shift(self.original.start, length),
            lead=colleague if lead_kind == "colleague" else ME,
            topic=self.query_one("#topic", Select).value,
        )
        return Answers(
            reason=reason,
            topic=self.query_one("#topic", Select).value,
            flexible=self.query_one("#flexible", Checkbox).value,
            tier=self.query_one("#tier", Select).value,
            share=parse_share(self.query_one("#share", Input).value),
            colleague=colleague if lead_kind == "me" and colleague else None,
        )

    # --- step 4: the recommendation ---------------------------------------------------------

    def _advise(self, answers: Answers) -> bool:
        from planner.application.advice import advise_meeting

        m = self.decision_meeting
        key = (answers, m.location, m.travel_minutes, m.end, m.lead, m.topic)
        if key == self._answers_key and self.suggestions:
            return True
        try:
            suggestions = advise_meeting(self.app.store, m, answers, self.app.clock)
        except PlannerError as exc:
            self.notify(f"No advice: {exc}", severity="error", markup=False, timeout=10)
            return False
        self._answers_key = key
        self.suggestions = suggestions
        self.choice = None
        head = self.query_one("#advice-head", Static)
        before = suggestions[0].load_before
        status = status_word(before.day_status)
        parts: list = [
            f"{short_date(before.day)} is ",
            (status, f"bold $load-{before.day_status.value}"),
        ]
        reasons = [__import__("planner.words.load", fromlist=["problem"]).problem(p, self.tz) for p in before.day_problems]
        if reasons:
            parts.append(": " + "; ".join(reasons))
        else:
            parts.append(f": {format_minutes(before.day_minutes)} of meetings")
        parts.append(".\nBest first; enter or ^n picks the highlighted one.")
        head.update(Content.assemble(*parts))
        options = self.query_one("#suggestions", OptionList)
        options.clear_options()
        for number, s in enumerate(suggestions, 1):
            if number > 1:
                options.add_option(None)
            options.add_option(Option(self._suggestion_prompt(number, s), id=s.strategy.value))
        options.highlighted = 0
        return True

    def _suggestion_prompt(self, number: int, s: Suggestion) -> Content:
        parts: list = [
            (f"{number}. {STRATEGY_TEXT[s.strategy]}", "bold"),
            (f"  frees {format_minutes(s.minutes_freed)}", "bold $success" if s.minutes_freed else "$text-muted"),
            "\n",
            s.why,
        ]
        after, before = s.load_after, s.load_before
        if (after.day_status, after.day_minutes) != (before.day_status, before.day_minutes):
            parts += [
                "\nDay afterwards: ",
                (status_word(after.day_status), f"bold $load-{after.day_status.value}"),
                f", {format_minutes(after.day_minutes)} (now {format_minutes(before.day_minutes)})",
            ]
        if s.warning:
            parts += ["\n", ("⚠ " + s.warning, "$warning")]
        return Content.assemble(*parts)

    async def _pick(self) -> None:
        options = self.query_one("#suggestions", OptionList)
        if options.highlighted is None or not self.suggestions:
            self.notify("Pick one of the suggestions first.", markup=False)
            return
        picked = options.get_option_at_index(options.highlighted).id
        self.choice = next(s for s in self.suggestions if s.strategy.value == picked)
        if self.choice.strategy is Strategy.KEEP:
            self.query_one("#keep-text", Static).update(
                Content.assemble(
                    ("Keep the meeting. ", "bold"),
                    self.choice.why,
                    "\n\nNo message is needed. Mark it as kept so the week shows you decided, "
                    "or press escape to close without changes.",
                )
            )
            self._show_step("keep")
            return
        await self._build_details()
        self._show_step(5)

    # --- step 5: the details ----------------------------------------------------------------

    def _slot_label(self, slot) -> str:
        tz = self.tz
        start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
        return f"{short_date(start.date())} {start:%H:%M}-{end:%H:%M}  (that day {format_minutes(slot.day_minutes_after)} with it)"

    async def _build_details(self) -> None:
        s = self.choice
        key = (s.strategy, s.new_minutes, s.colleague, tuple((x.start, x.end) for x in s.slots), self.decision_meeting.id)
        if key == self._details_key:
            return
        self._details_key = key
        box = self.query_one("#details", Vertical)
        await box.remove_children()
        m = self.decision_meeting
        client = self.client
        lang = client.language
        widgets: list = []
        if s.strategy is Strategy.PHONE:
            saves = (
                f"It saves 2 × {m.travel_each_way} min of travel."
                if m.travel_each_way
                else "There is no travel of yours to save, but it is quicker for both of you."
            )
            widgets.append(
                Static(
                    Content.assemble(
                        ("Phone instead. ", "bold"),
                        f"The message asks {client.greeting_name} to talk by phone at the same time. {saves}\n\n"
                        "Nothing more is needed: press ^n to write it.",
                    ),
                    classes="step-intro",
                )
            )
        elif s.strategy is Strategy.SHORTER:
            widgets.append(
                Static(
                    Content.assemble(
                        ("Shorter. ", "bold"),
                        f"It lasts {format_minutes(m.minutes)} now. How long should it be? "
                        "The message suggests moving the rest to email or phone.",
                    ),
                    classes="step-intro",
                )
            )
            widgets.append(
                FieldRow(
                    "New length",
                    Input(duration_text(s.new_minutes or 30), placeholder="30m, 45, 1h", id="new-length", compact=True),
                    name="new-length",
                )
            )
        elif s.strategy is Strategy.EMAIL:
            widgets.append(
                Static(
                    Content.assemble(
                        ("An email instead. ", "bold"),
                        "What should it cover? One point a line; a line starting with - becomes a bullet. "
                        "Leave it empty to write it in the message itself.",
                    ),
                    classes="step-intro",
                )
            )
            widgets.append(
                TextArea(
                    m.notes, id="summary", classes="details-text",
                    placeholder="e.g. - the new labels are approved\n- samples ship Friday",
                )
            )
        elif s.strategy is Strategy.DELEGATE:
            from planner.services.drafts import default_talking_points

            self._default_points = "\n".join(default_talking_points(m, lang))
            widgets.append(
                Static(
                    Content.assemble(
                        ("Let a colleague go. ", "bold"),
                        "Two messages: a note to the client, and a briefing that equips your colleague to "
                        "speak for you and answer their questions.",
                    ),
                    classes="step-intro",
                )
            )
            widgets.append(
                FieldRow(
                    "Colleague",
                    Input(s.colleague or "", placeholder="who goes instead", id="delegate-colleague", compact=True),
                    name="delegate-colleague",
                )
            )
            widgets.append(Static("Talking points for the briefing, one a line:", classes="step-note"))
            widgets.append(TextArea(self._default_points, id="talking-points", classes="details-text"))
        elif s.strategy in (Strategy.RESCHEDULE, Strategy.CANCEL):
            verb = "Move it" if s.strategy is Strategy.RESCHEDULE else "Cancel it"
            if s.slots:
                widgets.append(
                    Static(
                        Content.assemble(
                            (f"{verb}. ", "bold"),
                            f"Free times in the next {self.settings.slot_window_days} work days "
                            "(lightest day first). The message offers the ticked ones (space ticks):",
                        ),
                        classes="step-intro",
                    )
                )
                widgets.append(
                    SelectionList(
                        *[(Content(self._slot_label(slot)), i, True) for i, slot in enumerate(s.slots)],
                        id="offer",
                        compact=True,
                    )
                )
                if s.strategy is Strategy.RESCHEDULE:
                    widgets.append(
                        FieldRow(
                            "Move it to",
                            Select(
                                [(self._slot_label(slot).split("  (")[0], i) for i, slot in enumerate(s.slots)],
                                value=0, allow_blank=False, id="move-to", compact=True,
                            ),
                            name="move-to",
                        )
                    )
            else:
                extra = (
                    " The calendar keeps the old time until you agree a new one (e edits it then)."
                    if s.strategy is Strategy.RESCHEDULE
                    else ""
                )
                widgets.append(
                    Static(
                        Content.assemble(
                            (f"{verb}. ", "bold"),
                            f"No free time in the next {self.settings.slot_window_days} work days: "
                            f"the message asks {client.greeting_name} to propose times.{extra}",
                        ),
                        classes="step-intro",
                    )
                )
        await box.mount_all(widgets)

    def _details(self, *, show: bool = False) -> dict | None:
        """What step 5 says, or None (with the error next to the field)."""
        s = self.choice
        m = self.decision_meeting
        values: dict = {"new_minutes": None, "colleague": None, "summary": "", "points": (), "slots": (), "move_to": None}
        if s.strategy is Strategy.SHORTER:
            row = self.query_one("#field-new-length", FieldRow)
            try:
                minutes = parse_minutes(self.query_one("#new-length", Input).value, what="new length")
                if not 0 < minutes < m.minutes:
                    raise ValueError(f"new length: shorter than the {format_minutes(m.minutes)} it lasts now")
            except (ValueError, PlannerError) as exc:
                if show:
                    row.message(str(exc), error=True)
                return None
            row.message(f"frees {format_minutes(m.minutes - minutes)}")
            values["new_minutes"] = minutes
        elif s.strategy is Strategy.EMAIL:
            values["summary"] = self.query_one("#summary", TextArea).text
        elif s.strategy is Strategy.DELEGATE:
            row = self.query_one("#field-delegate-colleague", FieldRow)
            who = " ".join(self.query_one("#delegate-colleague", Input).value.split())
            if not who or who.lower() == ME:
                if show:
                    row.message("type the name of the colleague who goes instead", error=True)
                return None
            row.message("")
            values["colleague"] = who
            points = self.query_one("#talking-points", TextArea).text
            values["points"] = tuple(_lines(points)) if points.strip() != self._default_points.strip() else ()
        elif s.strategy in (Strategy.RESCHEDULE, Strategy.CANCEL) and s.slots:
            ticked = sorted(self.query_one("#offer", SelectionList).selected)
            if not ticked:
                if show:
                    self.notify("Tick at least one time to offer (space ticks).", severity="warning", markup=False)
                return None
            values["slots"] = tuple(s.slots[i] for i in ticked)
            if s.strategy is Strategy.RESCHEDULE:
                values["move_to"] = s.slots[self.query_one("#move-to", Select).value]
        return values

    # --- step 6: the message ----------------------------------------------------------------

    def _language(self) -> Language:
        return Language(self.query_one("#language", Select).value)

    async def _compose_message(self, *, force: bool = False) -> None:
        from planner.services.drafts import compose

        details = self._details()
        if details is None:
            return
        lang = self._language()
        m = self.decision_meeting
        key = (
            self.choice.strategy, lang, details["new_minutes"], details["colleague"], details["summary"],
            details["points"], tuple((x.start, x.end) for x in details["slots"]),
            m.location, m.travel_minutes, m.end, m.lead, m.topic,
        )
        if key == self._message_key and not force:
            self._show_load()
            return
        rewritten = self._message_key is not None and self._edited()
        self._message_key = key
        box = self.query_one("#messages", Vertical)
        await box.remove_children()
        error = self.query_one("#message-error", Static)
        try:
            self.drafts = compose(
                m,
                self.client,
                self.choice.strategy,
                settings=self.settings,
                language=lang,
                colleague=details["colleague"],
                new_minutes=details["new_minutes"],
                slots=details["slots"],
                summary=details["summary"],
                talking_points=details["points"],
                count=self.recent,
            )
        except PlannerError as exc:
            self.drafts = []
            self.message_error = str(exc)
            error.update(
                f"The message cannot be written: {exc}\n\nFix or delete that template file and "
                "open the wizard again; you can still apply the change to the calendar (^r)."
            )
            error.display = True
            self._show_load()
            self.refresh_bindings()
            self._sync_apply_button()
            return
        self.message_error = None
        error.update("")
        error.display = False
        if len(self.drafts) == 1:
            await box.mount(MessageEditor(self.drafts[0], id="message-0"))
        else:
            client = self.client
            colleague = details["colleague"] or ""
            titles = [f"To {client.greeting_name}", f"Briefing for {colleague}"]
            tabs = TabbedContent(id="message-tabs")
            await box.mount(tabs)
            for i, (title, draft) in enumerate(zip(titles, self.drafts)):
                await tabs.add_pane(TabPane(Content(title), MessageEditor(draft, id=f"message-{i}"), id=f"pane-{i}"))
        if rewritten:
            self.notify("The message was written afresh for your new answers.", markup=False)
        self._show_load()
        self.refresh_bindings()
        self._sync_apply_button()
        self._focus_step()

    def _editors(self) -> list[MessageEditor]:
        return list(self.query(MessageEditor))

    def _edited(self) -> bool:
        return any(editor.edited for editor in self._editors())

    def _active_editor(self) -> MessageEditor | None:
        editors = self._editors()
        if not editors:
            return None
        tabs = self.query(TabbedContent)
        if tabs:
            active = tabs.first().active
            for editor in editors:
                if editor.id == active.replace("pane-", "message-"):
                    return editor
        return editors[0]

    def _texts(self) -> tuple:
        return tuple((e.subject, e.body) for e in self._editors())

    @on(Select.Changed, "#language")
    async def _language_changed(self, event: Select.Changed) -> None:
        if self.step != 6 or self.choice is None:
            return
        if self._edited():
            from planner.ui.screens.confirm import ConfirmScreen

            lang = self._language()
            previous = next(iter(d.language for d in self.drafts), lang)

            async def answer(yes: bool | None) -> None:
                if yes:
                    await self._compose_message(force=True)
                else:
                    with self.prevent(Select.Changed):
                        self.query_one("#language", Select).value = previous

            self.app.push_screen(
                ConfirmScreen(
                    f"Write the message in {LANGUAGE_TEXT[lang]}? Your edits to the text are lost.",
                    yes="Rewrite it",
                    no="Keep my text",
                ),
                answer,
            )
            return
        await self._compose_message()

    def action_language(self) -> None:
        select = self.query_one("#language", Select)
        select.value = Language.DA if self._language() is Language.EN else Language.EN

    def _meeting_day(self) -> date:
        return self.decision_meeting.start.astimezone(self.tz).date()

    def action_export(self) -> None:
        from planner.services.drafts import drafts_folder, export, recipient

        editors = self._editors()
        if not editors:
            return
        app = self.app
        client = self.client
        folder = drafts_folder(self.settings)
        paths: list[str] = []
        saved: list[Draft] = []
        try:
            for editor in editors:
                draft = editor.draft()
                draft.id = new_id()  # each export is a file of its own, listed on its own under D
                draft.created = datetime.now(self.tz)
                export(draft, folder, client_name=client.name, meeting_day=self._meeting_day(), to=recipient(client, draft))
                paths.append(draft.path)
                saved.append(draft)
        except PlannerError as exc:
            self.notify(f"Not exported: {exc}", severity="error", markup=False, timeout=12)
            return
        self.exported_paths += paths
        self._exported_key = self._texts()
        where = "\n".join(paths)
        if app.store.read_only:
            self.notify(
                f"Exported to\n{where}\n(not listed under D: the planner is read-only)", markup=False, timeout=15
            )
            return

        def record() -> None:
            for draft in saved:
                app.store.save_draft(draft)

        app.write("the draft", record)
        self.notify(f"Exported to\n{where}", title="Message exported", markup=False, timeout=15)

    def action_copy(self) -> None:
        from planner.services.drafts import file_text, recipient

        editor = self._active_editor()
        if editor is None:
            return
        draft = editor.draft()
        self.app.copy_to_clipboard(file_text(draft, to=recipient(self.client, draft)))
        self.notify(
            "Copied (if your terminal allows it); export to file to be sure (^s).", markup=False, timeout=8
        )

    # --- the calendar change ----------------------------------------------------------------

    def _can_apply(self) -> str | None:
        """Why the change cannot be applied now, or None."""
        if self.choice is None:
            return "nothing picked"
        if self.choice.strategy is Strategy.RESCHEDULE and not self.choice.slots:
            return "no free time to move it to"
        return None

    def _changed(self) -> tuple[Meeting, str]:
        """The meeting as the chosen strategy leaves it, and words for what happened."""
        s = self.choice
        details = self._details() or {}
        m = self.decision_meeting
        tz = self.tz
        if s.strategy is Strategy.SHORTER:
            minutes = details.get("new_minutes") or s.new_minutes
            return apply(m, s.strategy, new_minutes=minutes), f"shortened to {format_minutes(minutes)}"
        if s.strategy is Strategy.DELEGATE:
            who = details.get("colleague") or s.colleague
            return apply(m, s.strategy, colleague=who), f"delegated to {who}"
        if s.strategy is Strategy.RESCHEDULE:
            slot = details.get("move_to") or s.slots[0]
            start = slot.start.astimezone(tz)
            return apply(m, s.strategy, slot=slot), f"moved to {short_date(start.date())} {start:%H:%M}"
        words = {
            Strategy.PHONE: "now a phone call",
            Strategy.EMAIL: "replaced by an email",
            Strategy.CANCEL: "cancelled",
            Strategy.KEEP: "marked as kept",
        }[s.strategy]
        return apply(m, s.strategy), words

    def action_apply(self) -> None:
        why_not = self._can_apply()
        if why_not is not None:
            self.notify(f"Cannot change the calendar: {why_not}.", markup=False)
            return
        try:
            changed, words = self._changed()
        except PlannerError as exc:
            self.notify(f"Cannot change the calendar: {exc}", severity="error", markup=False)
            return
        if not self._save(changed):
            return
        self.applied = Applied(self.choice.strategy, changed, words)
        self.notify(
            f"“{changed.title}” is {words}. ^r here or u on the week undoes it.", markup=False, timeout=8
        )
        self._after_change()

    def action_undo_apply(self) -> None:
        if self.applied is None:
            return
        app = self.app
        if not app.write("the undo", lambda: app.store.save_meeting(self.original)):
            return
        if app.last_deleted is self.undo_record:
            app.last_deleted = None
        self.undo_record = None
        self.applied = None
        self.notify(f"Undone: “{self.original.title}” is back as it was.", markup=False)
        self._after_change()

    def _save(self, changed: Meeting) -> bool:
        from planner.application.undo import UndoRecord

        app = self.app
        if not app.write("the change", lambda: app.store.save_meeting(changed)):
            return False
        tz = self.tz
        day = self.original.start.astimezone(tz).date()
        self.undo_record = UndoRecord(
            f"“{self.original.title}” as it was on {short_date(day)} {time_range(self.original, tz)}",
            meetings=[self.original],
        )
        app.last_deleted = self.undo_record
        return True

    def _after_change(self) -> None:
        self._show_load()
        self._sync_apply_button()
        self.refresh_bindings()

    def _sync_apply_button(self) -> None:
        button = self.query_one("#apply", Button)
        if self.applied is not None:
            button.label = "Undo change ^r"
            button.disabled = False
        else:
            button.label = "Apply ^r"
            button.disabled = self._can_apply() is not None
        applied = self.query_one("#applied", Static)
        applied.update(f"Calendar: {self.applied.words}" if self.applied else "Calendar: not changed yet")
        for selector in ("#export", "#copy"):
            self.query_one(selector, Button).disabled = not self.drafts

    def _show_load(self) -> None:
        """The day's (and the week's) load now, and after the change: applied or proposed."""
        if self.choice is None:
            return
        changed: Meeting | None = None
        if self.applied is not None:
            changed = self.applied.meeting
        elif self._can_apply() is None:
            try:
                changed = self._changed()[0]
            except PlannerError:
                changed = None
        settings = self.settings
        names = self.app.client_names()
        tz = self.tz
        others = [x for x in self.nearby if x.id != self.original.id]
        base = self.decision_meeting
        before_pool = others + [base]
        after_pool = others + [changed] if changed is not None else before_pool
        days = [base.start.astimezone(tz).date()]
        if changed is not None and changed.start.astimezone(tz).date() not in days:
            days.append(changed.start.astimezone(tz).date())
        head = "Before → after: " if self.applied is None else "Before → now: "
        parts: list = [(head, "bold")]
        for number, day in enumerate(days):
            b = analyse_day(day, before_pool, settings, names)
            a = analyse_day(day, after_pool, settings, names)
            if number:
                parts.append("\n" + " " * len(head))
            parts += [f"{short_date(day)} ", *self._load_words(b), " → ", *self._load_words(a)]
        wb = analyse_week(days[0], before_pool, settings, names)
        wa = analyse_week(days[0], after_pool, settings, names)
        parts += [
            "\n" + " " * len(head),
            f"week {iso_week(days[0])} {format_minutes(wb.meeting_minutes)} → {format_minutes(wa.meeting_minutes)}"
            f" (limit {format_minutes(settings.week_overload_minutes)})",
        ]
        self.query_one("#load-line", Static).update(Content.assemble(*parts))

    @staticmethod
    def _load_words(load: DayLoad) -> list:
        return [
            (status_word(load.status), f"bold $load-{load.status.value}"),
            f" {format_minutes(load.meeting_minutes)} ({load.meeting_count})",
        ]

    # --- keep -------------------------------------------------------------------------------

    def _mark_kept(self) -> None:
        changed = apply(self.decision_meeting, Strategy.KEEP)
        if not self._save(changed):
            return
        self.notify(f"“{changed.title}” is marked as kept. u on the week undoes it.", markup=False)
        self.dismiss(self.original.id)

    # --- closing ----------------------------------------------------------------------------

    def _unsaved(self) -> str | None:
        """What closing now would throw away, or None."""
        if self.step == 1 and self._step1_values() == self._initial:
            return None
        if self.step == 6 and self.drafts:
            if self._exported_key == self._texts():
                return None
            if self.exported_paths:
                return "Your latest edits to the message are not exported."
            return "The message has not been exported."
        if self.step == 6 and self.message_error is not None:
            return None
        return "Your answers will be thrown away."

    def action_close(self) -> None:
        lost = self._unsaved()
        if lost is None:
            self.dismiss(self.original.id)
            return
        from planner.ui.screens.confirm import ConfirmScreen

        change = ""
        if self.applied is not None:
            change = f" The calendar change stays (“{self.applied.meeting.title}” is {self.applied.words}; u on the week undoes it)."

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(self.original.id)

        self.app.push_screen(
            ConfirmScreen(f"Close the wizard? {lost}{change}", yes="Close", no="Stay"), answer
        )


# --- how the week view opens it (the keys are bound in app.py) -----------------------------------

# (key, app action, name, what it does): for the footer, the help screen and the command palette.
WEEK_KEYS = [
    ("c", "wizard", "Get me out of this meeting", "Advice for the selected meeting, then the message to send"),
    ("D", "drafts", "Drafts", "The messages written so far: preview, copy, export again"),
]


def open_wizard(app) -> None:
    """Open the wizard on the week's selected meeting; the week re-reads itself afterwards."""
    from planner.domain.models import FREE_STATUSES

    week = app.screen
    meeting = getattr(week, "selected_meeting", None)
    if meeting is None:
        app.notify("No meeting selected: pick one with the arrow keys, then press c.", markup=False)
        return
    try:
        meeting = app.store.meeting(meeting.id)
    except PlannerError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    if meeting.status in FREE_STATUSES:
        app.notify(
            f"“{meeting.title}” is already {meeting.status.value}: it takes none of your time. "
            "Press e to change it.",
            markup=False,
        )
        return

    def done(meeting_id: str | None) -> None:
        app.reload()
        week.refresh_week(meeting_id=meeting_id)
        week.refresh_bindings()

    app.push_screen(WizardScreen(meeting), done)


def week_help_rows(week) -> list[tuple[str, str, str]]:
    """The week's help rows with the wizard's and drafts' keys before the command palette's."""
    rows = list(week.help_rows())
    mine = [(key, name, text) for key, _, name, text in WEEK_KEYS]
    at = next((i for i, row in enumerate(rows) if row[0] == "ctrl+p"), len(rows))
    return rows[:at] + mine + rows[at:]
