"""“Get me out of this meeting”: the wizard's state and its steps, in plain Python.

The screen (planner/ui/screens/wizard) shows one step at a time and hands what the person typed to
these methods; everything it decides is decided here, and tested without a screen:

1. ``relationship``: tier and share of business (prefilled from the client, for this decision only);
   how often you met them lately.
2. ``reason``: why you want out.
3. ``meeting``: the facts the calendar may have wrong: where, travel, length, who leads, the topic,
   whether the client is flexible.
4. ``advice``: the judged options (planner.domain.advice), best first. Keep goes to ``keep``.
5. ``details``: what the chosen option needs: a call by phone or video and its length, the new
   length, what the email covers, the colleague and the talking points, the times to offer and
   the one to move to.
6. ``message``: the message(s), editable; export, copy, apply the change to the calendar (undo).

A meeting that has ended cannot be opened (:class:`~planner.domain.advice.MeetingOver`); one that
is under way gets only "wrap up early".
"""

from __future__ import annotations

from enum import StrEnum

from planner.application.advice import nearby_meetings
from planner.application.changes import Details, change_words, changed_meetings, save_change
from planner.application.clock import Clock
from planner.application.undo import UndoRecord
from planner.domain.advice import Advice, Answers, Suggestion, advise, apply, recent_count
from planner.domain.advice.situation import situation
from planner.domain.amounts import parse_minutes, parse_share
from planner.domain.errors import PlannerError
from planner.domain.models import (
    ME,
    CallKind,
    Draft,
    FREE_STATUSES,
    Language,
    Location,
    Meeting,
    Reason,
    Strategy,
    Tier,
    Topic,
)
from planner.domain.text import clean_line
from planner.domain.timeutil import shift, zone
from planner.i18n import _


class Step(StrEnum):
    RELATIONSHIP = "relationship"
    REASON = "reason"
    MEETING = "meeting"
    ADVICE = "advice"
    DETAILS = "details"
    MESSAGE = "message"
    KEEP = "keep"


ORDER = (Step.RELATIONSHIP, Step.REASON, Step.MEETING, Step.ADVICE, Step.DETAILS, Step.MESSAGE)
BACK = {Step.REASON: Step.RELATIONSHIP, Step.MEETING: Step.REASON, Step.ADVICE: Step.MEETING,
        Step.DETAILS: Step.ADVICE, Step.MESSAGE: Step.DETAILS, Step.KEEP: Step.ADVICE}


class Facts:
    """Step 3: the meeting as the person says it is (the calendar may have it wrong)."""

    __slots__ = ("location", "travel", "length", "colleague_leads", "lead", "topic", "flexible", "colleague")

    def __init__(self, meeting: Meeting, flexible: bool) -> None:
        self.location = meeting.location
        self.travel = meeting.travel_minutes
        self.length = meeting.minutes
        self.colleague_leads = not meeting.led_by_me
        self.lead = "" if meeting.led_by_me else meeting.lead
        self.topic = meeting.topic
        self.flexible = flexible
        self.colleague = ""  # someone who could go in your place when you lead it


class Wizard:
    """One run of the wizard on one meeting. Raises PlannerError at the start for a meeting that
    takes none of your time or has ended."""

    def __init__(self, store, meeting: Meeting, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.original = store.meeting(meeting.id)
        self.client = store.client(self.original.client_id)
        self.settings = store.settings()
        self.tz = zone(self.settings.timezone)
        self.nearby = nearby_meetings(store, self.original, clock)
        self.recent = recent_count(self.nearby, self.original)
        # Refuse a meeting that has ended (or takes no time) before anything is asked.
        situation(self.original, self.client, Answers.prefilled(self.original, self.client, Reason.WORKLOAD),
                  meetings=self.nearby, settings=self.settings, now=clock.now)
        self.step = Step.RELATIONSHIP
        self.tier: Tier = self.client.tier
        self.share: float | None = self.client.share
        self.reason: Reason | None = None
        self.facts = Facts(self.original, self.client.flexible)
        self.advice: Advice | None = None
        self._advice_key = None
        self.choice: Suggestion | None = None
        self.details = Details()
        self.language: Language = self.client.language
        self.drafts: list[Draft] = []
        self.message_error: str | None = None
        self.exported: list[str] = []
        self.exported_texts: tuple | None = None
        self.applied: UndoRecord | None = None
        self.applied_words = ""

    # --- moving between steps ----------------------------------------------------------------------

    @property
    def number(self) -> int:
        """The step's number (1-6); keep is step 5 of 5."""
        return 5 if self.step is Step.KEEP else ORDER.index(self.step) + 1

    @property
    def total(self) -> int:
        return 5 if self.step is Step.KEEP else 6

    def back(self) -> Step:
        if self.step is not Step.RELATIONSHIP:
            self.step = BACK[self.step]
        return self.step

    # --- step 1 ----------------------------------------------------------------------------------------

    def set_relationship(self, tier: Tier, share: str) -> dict[str, str]:
        try:
            self.share = parse_share(share)
        except PlannerError as exc:
            return {"share": str(exc)}
        self.tier = Tier(tier)
        self.step = Step.REASON
        return {}

    # --- step 2 ----------------------------------------------------------------------------------------

    def set_reason(self, reason: Reason | None) -> dict[str, str]:
        if reason is None:
            return {"reason": _("Pick a reason first (arrow keys, then space or enter).")}
        self.reason = Reason(reason)
        self.step = Step.MEETING
        return {}

    # --- step 3 ----------------------------------------------------------------------------------------

    def set_meeting(self, *, location: Location, travel: str, length: str, colleague_leads: bool, lead: str,
                    topic: Topic, flexible: bool, colleague: str = "") -> dict[str, str]:
        """The corrected facts; the errors by field (travel, length, lead), or {} and on to advice."""
        errors: dict[str, str] = {}
        facts = self.facts
        try:
            facts.travel = parse_minutes(travel.strip() or "0", what=_("travel"))
        except PlannerError as exc:
            errors["travel"] = str(exc)
        try:
            facts.length = parse_minutes(length, what=_("length"), allow_zero=False)
        except PlannerError as exc:
            errors["length"] = str(exc)
        name = clean_line(lead)
        if colleague_leads and (not name or name.casefold() == ME):
            errors["lead"] = _("type the name of the colleague who leads it")
        facts.location, facts.topic, facts.flexible = Location(location), Topic(topic), bool(flexible)
        facts.colleague_leads, facts.lead = colleague_leads, name
        facts.colleague = clean_line(colleague) if not colleague_leads else ""
        if errors:
            return errors
        try:
            self.advise()
        except PlannerError as exc:
            return {"advice": str(exc)}
        self.step = Step.ADVICE
        return {}

    @property
    def meeting(self) -> Meeting:
        """The meeting as step 3 says it is (the decision is made on this)."""
        f = self.facts
        return self.original.with_changes(
            location=f.location, travel_minutes=f.travel, end=shift(self.original.start, f.length),
            lead=f.lead if f.colleague_leads else ME, topic=f.topic,
        )

    @property
    def answers(self) -> Answers:
        return Answers(reason=self.reason or Reason.WORKLOAD, topic=self.facts.topic, flexible=self.facts.flexible,
                       tier=self.tier, share=self.share, colleague=self.facts.colleague or None)

    # --- step 4 ----------------------------------------------------------------------------------------

    def advise(self) -> Advice:
        meeting, answers = self.meeting, self.answers
        key = (answers, meeting.location, meeting.travel_minutes, meeting.end, meeting.lead, meeting.topic)
        if key != self._advice_key or self.advice is None:
            self.advice = advise(meeting, self.client, answers, meetings=self.nearby, settings=self.settings,
                                 now=self.clock.now, client_names={c.id: c.name for c in self.store.clients()})
            self._advice_key = key
            self.choice = None
        return self.advice

    def choose(self, strategy: Strategy | str) -> Step:
        """Pick one of the suggestions: keep goes to its own last step, the rest to the details."""
        found = self.advice.find(strategy) if self.advice else None
        if found is None:
            raise PlannerError(_("that option is not among the suggestions"))
        if found is not self.choice:
            self.choice = found
            self.details = self.default_details()
        self.step = Step.KEEP if found.strategy is Strategy.KEEP else Step.DETAILS
        return self.step

    # --- step 5 ----------------------------------------------------------------------------------------

    def default_details(self) -> Details:
        s = self.choice
        meeting = self.meeting
        details = Details(new_minutes=s.new_minutes, new_start=s.new_start, colleague=s.colleague,
                          offer=tuple(s.slots), move_to=s.slots[0] if s.slots else None)
        if s.strategy is Strategy.PHONE:
            details.by = CallKind.VIDEO if meeting.location is Location.OUR_OFFICE else CallKind.PHONE
        if s.strategy is Strategy.EMAIL:
            details.summary = meeting.notes
        return details

    def default_talking_points(self) -> list[str]:
        from planner.services.drafts import default_talking_points

        return default_talking_points(self.meeting, self.language)

    def set_details(self, *, new_length: str | None = None, by: CallKind | None = None, colleague: str | None = None,
                    talking_points: tuple[str, ...] | None = None, summary: str | None = None,
                    offer: tuple[int, ...] | None = None, move_to: int | None = None) -> dict[str, str]:
        """What step 5 says; the errors by field, or {} and on to the message."""
        s, d, meeting = self.choice, self.details, self.meeting
        errors: dict[str, str] = {}
        if new_length is not None:
            try:
                minutes = parse_minutes(new_length, what=_("new length"), allow_zero=False)
            except PlannerError as exc:
                errors["new-length"] = str(exc)
            else:
                limit = meeting.minutes if s.strategy is Strategy.SHORTER else meeting.minutes + 1
                if minutes >= limit:
                    errors["new-length"] = _("new length: shorter than the {length} it lasts now").format(
                        length=_duration(meeting.minutes))
                else:
                    d.new_minutes = None if minutes == meeting.minutes else minutes
        if by is not None:
            d.by = CallKind(by)
        if colleague is not None:
            who = clean_line(colleague)
            if not who or who.casefold() == ME:
                errors["colleague"] = _("type the name of the colleague who goes instead")
            d.colleague = who
        if talking_points is not None:
            d.talking_points = tuple(p for p in (clean_line(x) for x in talking_points) if p)
        if summary is not None:
            d.summary = summary
        if offer is not None:
            if not offer and s.slots:
                errors["offer"] = _("Tick at least one time to offer (space ticks).")
            d.offer = tuple(s.slots[i] for i in sorted(offer) if i < len(s.slots))
        if move_to is not None and s.slots:
            d.move_to = s.slots[move_to]
        if errors:
            return errors
        self.step = Step.MESSAGE
        return {}

    # --- step 6 ----------------------------------------------------------------------------------------

    def compose(self, language: Language | None = None) -> list[Draft]:
        """Write the message(s) in ``language`` (default the client's); the error is kept in
        ``message_error`` (a broken template) and the calendar change can still be applied."""
        from planner.application.drafts import compose_messages

        if language is not None:
            self.language = Language(language)
        try:
            self.drafts = compose_messages(self.store, self.meeting, self.client, self.choice, self.details,
                                           language=self.language, clock=self.clock, reason=self.reason,
                                           nearby=self.nearby)
        except PlannerError as exc:
            self.drafts, self.message_error = [], str(exc)
        else:
            self.message_error = None
        return self.drafts

    def message_details(self):
        """What the message says beyond the strategy (for an email draft's calendar update)."""
        from planner.application.drafts import message_details

        return message_details(self.choice, self.details, reason=self.reason)

    def export(self, drafts: list[Draft], fmt: str = "md") -> list[str]:
        """Export the drafts as the person edited them (Markdown, or an email draft ``eml``);
        recorded under D unless read-only."""
        from planner.application.drafts import export_drafts

        paths = export_drafts(self.store, drafts, meeting=self.meeting, client=self.client, clock=self.clock,
                              fmt=fmt, details=self.message_details().as_mapping())
        self.exported += paths
        self.exported_texts = tuple((d.subject, d.body) for d in drafts)
        return paths

    def can_apply(self) -> str | None:
        """Why the change cannot be applied now, or None."""
        if self.choice is None:
            return _("nothing picked")
        if self.applied is not None:
            return _("it is applied already")
        if self.choice.strategy is Strategy.RESCHEDULE and not self.choice.slots:
            return _("no free time to move it to")
        return None

    def changed(self) -> list[Meeting]:
        return changed_meetings(self.meeting, self.choice, self.details)

    def apply(self) -> str:
        """Apply the change to the calendar (one write, remembered for undo); the words for it."""
        why_not = self.can_apply()
        if why_not is not None:
            raise PlannerError(_("Cannot change the calendar: {why}.").format(why=why_not))
        changed = self.changed()
        originals = [self.original] + [m for m in self.nearby if m.id in {c.id for c in changed[1:]}]
        words = change_words(self.choice.strategy, changed, self.tz)
        self.applied = save_change(self.store, originals, changed, _("“{title}” as it was").format(
            title=self.original.title))
        self.applied_words = words
        return words

    def undo_apply(self) -> None:
        from planner.application.meetings import undo

        if self.applied is None:
            return
        undo(self.store, self.applied)
        self.applied, self.applied_words = None, ""

    def mark_kept(self) -> str:
        """Keep: mark the meeting as kept (undoable)."""
        changed = [apply(self.meeting, Strategy.KEEP)]
        self.applied = save_change(self.store, [self.original], changed, _("“{title}” as it was").format(
            title=self.original.title))
        self.applied_words = change_words(Strategy.KEEP, changed, self.tz)
        return self.applied_words

    def loads(self):
        """The load the change makes: per day it touches (the meeting's, and a new time's) the day
        before and after, then the week before and after. The change applied, else proposed."""
        from planner.domain.load import analyse_day, analyse_week

        names = {c.id: c.name for c in self.store.clients()}
        others = [m for m in self.nearby if m.id != self.original.id]
        try:
            changed = self.changed() if self.can_apply() is None or self.applied is not None else []
        except PlannerError:
            changed = []
        before = others + [self.meeting]
        ids = {m.id for m in changed}
        after = [m for m in before if m.id not in ids] + changed if changed else before
        days = [self.meeting.start.astimezone(self.tz).date()]
        for m in changed[:1]:
            day = m.start.astimezone(self.tz).date()
            if day not in days:
                days.append(day)
        per_day = [(analyse_day(d, before, self.settings, names), analyse_day(d, after, self.settings, names))
                   for d in days]
        week = (analyse_week(days[0], before, self.settings, names), analyse_week(days[0], after, self.settings, names))
        return per_day, week

    # --- closing ---------------------------------------------------------------------------------------

    def unsaved(self, texts: tuple | None = None, *, edited_step1: bool = False) -> str | None:
        """What closing now would throw away (a sentence), or None. ``texts``: the message as
        shown (subject, body) pairs."""
        if self.step is Step.RELATIONSHIP and not edited_step1:
            return None
        if self.step is Step.MESSAGE:
            if self.message_error is not None and not self.drafts:
                return None
            if texts is not None and texts == self.exported_texts:
                return None
            if self.exported:
                return _("Your latest edits to the message are not exported.")
            return _("The message has not been exported.")
        return _("Your answers will be thrown away.")


def _duration(minutes: int) -> str:
    from planner.formats import duration

    return duration(minutes)


def open_wizard_on(store, meeting: Meeting, clock: Clock) -> Wizard:
    """The wizard for a meeting, or PlannerError saying why it cannot help with it."""
    if meeting.status in FREE_STATUSES:
        raise PlannerError(
            _("“{title}” is already {status}: it takes none of your time. Press e to change it.").format(
                title=meeting.title, status=meeting.status.value)
        )
    return Wizard(store, meeting, clock)
