"""The wizard's state and steps without a screen: what each step accepts and refuses, where it
goes next, and what lands in the calendar and the drafts folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from planner.application.clock import Clock
from planner.application.undo import last_change
from planner.application.wizard import Step, Wizard, open_wizard_on
from planner.domain.advice import MeetingOver
from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Language, Location, Reason, Status, Strategy, Tier, Topic
from support import CPH

MONDAY = Clock(datetime(2026, 11, 30, 8, 0, tzinfo=CPH))


@pytest.fixture
def demo(demo_store, tmp_path):
    demo_store.save_settings(demo_store.settings().with_changes(drafts_dir=str(tmp_path / "drafts")))
    return demo_store


def meeting(store, title):
    return next(m for m in store.meetings() if m.title == title and m.start >= MONDAY.now)


def walk(store, title, reason, clock=MONDAY, **facts) -> Wizard:
    wizard = Wizard(store, meeting(store, title), clock)
    client = wizard.client
    assert wizard.set_relationship(client.tier, "" if client.share is None else f"{client.share:g}") == {}
    assert wizard.set_reason(reason) == {}
    f = wizard.facts
    values = dict(location=f.location, travel=str(f.travel), length=str(f.length),
                  colleague_leads=f.colleague_leads, lead=f.lead, topic=f.topic, flexible=f.flexible)
    values.update(facts)
    assert wizard.set_meeting(**values) == {}
    assert wizard.step is Step.ADVICE
    return wizard


def test_a_meeting_that_has_ended_does_not_open(demo):
    friday_evening = Clock(datetime(2026, 12, 4, 18, 0, tzinfo=CPH))
    with pytest.raises(MeetingOver, match="ended Fri 4 Dec"):
        Wizard(demo, meeting(demo, "Weekly sync (short)"), friday_evening)


def test_a_cancelled_meeting_does_not_open(demo):
    m = meeting(demo, "Opfølgning")
    demo.save_meeting(m.with_changes(status=Status.CANCELLED))
    with pytest.raises(PlannerError, match="takes none of your time"):
        open_wizard_on(demo, demo.meeting(m.id), MONDAY)


def test_steps_refuse_what_is_wrong_and_say_where(demo):
    wizard = Wizard(demo, meeting(demo, "Account review Q4"), MONDAY)
    assert wizard.set_relationship(Tier.KEY, "150")["share"].startswith("share of business: 150 is not a percentage")
    assert wizard.step is Step.RELATIONSHIP
    assert wizard.set_relationship(Tier.KEY, "28") == {} and wizard.step is Step.REASON
    assert "Pick a reason" in wizard.set_reason(None)["reason"]
    assert wizard.set_reason(Reason.WORKLOAD) == {}
    errors = wizard.set_meeting(location=Location.OUR_OFFICE, travel="soon", length="0", colleague_leads=True, lead="",
                                topic=Topic.IMPORTANT, flexible=False)
    assert set(errors) == {"travel", "length", "lead"} and wizard.step is Step.MEETING
    assert wizard.back() is Step.REASON and wizard.back() is Step.RELATIONSHIP and wizard.back() is Step.RELATIONSHIP


def test_the_advice_uses_the_corrected_facts(demo):
    # The calendar says video; the person corrects it to their office with 40 min travel each way.
    wizard = walk(demo, "Weekly sync", Reason.WORKLOAD, location=Location.CLIENT_SITE, travel="40")
    call = wizard.advice.find(Strategy.PHONE)
    assert call is not None and call.minutes_freed >= 80


def test_phone_by_video_shorter_applied_and_undone(demo):
    wizard = walk(demo, "Workshop: ny webshop", Reason.WORKLOAD)
    assert wizard.choose(Strategy.PHONE) is Step.DETAILS
    assert wizard.set_details(by=CallKind.VIDEO, new_length="45m") == {}
    assert wizard.step is Step.MESSAGE
    words = wizard.apply()
    assert words == "now a video call of 45 min"
    stored = demo.meeting(wizard.original.id)
    assert (stored.location, stored.minutes, stored.travel_minutes, stored.status) == (
        Location.VIDEO, 45, 0, Status.PHONE)
    assert last_change(demo).meetings[0] == wizard.original  # u on the week undoes it too
    wizard.undo_apply()
    assert demo.meeting(wizard.original.id) == wizard.original


def test_keep_marks_the_meeting_kept(demo):
    wizard = walk(demo, "Kampagneplan 2027", Reason.DISLIKE)
    first = wizard.advice[0]
    assert first.strategy is Strategy.KEEP and first.rule == "weighty-weak-reason"
    assert wizard.choose(Strategy.KEEP) is Step.KEEP and wizard.number == 5 and wizard.total == 5
    wizard.mark_kept()
    assert demo.meeting(wizard.original.id).status is Status.KEPT


def test_details_refuse_a_length_that_is_not_shorter(demo):
    wizard = walk(demo, "Account review Q4", Reason.WORKLOAD)
    wizard.choose(Strategy.SHORTER)
    assert wizard.details.new_minutes == 60  # an important topic loses at most a third
    assert "shorter than the 1 h 30 min" in wizard.set_details(new_length="2h")["new-length"]
    assert wizard.step is Step.DETAILS


def test_delegate_needs_a_colleague_and_writes_two_messages(demo, tmp_path):
    wizard = walk(demo, "Byggemøde", Reason.WORKLOAD)
    assert wizard.advice[0].rule == "colleague-leads"
    wizard.choose(Strategy.DELEGATE)
    assert "colleague" in wizard.set_details(colleague="  ")
    assert wizard.set_details(colleague="Jonas Friis", talking_points=("Facade samples", "")) == {}
    drafts = wizard.compose(Language.DA)
    assert [d.kind for d in drafts] == ["client", "briefing"]
    paths = wizard.export(drafts)
    assert all(Path(p).is_file() for p in paths)
    assert "Facade samples" in Path(paths[1]).read_text(encoding="utf-8")
    assert len(demo.drafts()) == 2
    assert wizard.unsaved(tuple((d.subject, d.body) for d in drafts)) is None
    assert wizard.unsaved((("changed", "text"),)) == "Your latest edits to the message are not exported."


def test_reschedule_offers_ticked_times_and_moves_to_the_picked_one(demo):
    wizard = walk(demo, "Quarterly KPIs", Reason.CONFLICT)
    first = wizard.advice[0]
    assert first.solves  # under a clash, what removes the overlap comes first
    wizard.choose(Strategy.RESCHEDULE)
    assert wizard.set_details(offer=()) == {"offer": "Tick at least one time to offer (space ticks)."}
    assert wizard.set_details(offer=(0, 2), move_to=2) == {}
    slot = wizard.choice.slots[2]
    wizard.apply()
    moved = demo.meeting(wizard.original.id)
    assert (moved.start, moved.status) == (slot.start, Status.RESCHEDULED)


def test_closing_says_what_would_be_lost(demo):
    wizard = Wizard(demo, meeting(demo, "Statusmøde"), MONDAY)
    assert wizard.unsaved() is None
    assert wizard.unsaved(edited_step1=True) == "Your answers will be thrown away."
