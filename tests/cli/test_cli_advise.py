"""`planner advise` and `planner draft` against a real store."""

from __future__ import annotations

import argparse
import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.advice import Answers
from planner.domain.errors import PlannerError
from planner.domain.models import Client, Language, Location, Meeting, Reason, Strategy, Tier, Topic
from planner.application.advice import advise_meeting
from planner.application.clock import Clock
from planner.application.drafts import write_drafts as _write_drafts
from planner.cli import Context
from planner.cli.advice import run_advise as _run_advise, run_draft as _run_draft

from support import TODAY

TZ = ZoneInfo("Europe/Copenhagen")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def world(store):
    """Two clients; a 90-min client-site review on Thu 3 Dec; a meeting a colleague leads."""
    nordlys = Client(name="Nordlys Energi", tier=Tier.KEY, share=28, contact="Mette Sørensen",
                     email="mette@nordlys.dk", language=Language.DA, flexible=False)
    acme = Client(name="[VIP] Acme & Co", tier=Tier.REGULAR, contact="Jane Miller", email="jane@acme.com",
                  language=Language.EN, flexible=True)
    review = Meeting(client_id=acme.id, title="Quarterly review", start=at(3, 13), end=at(3, 14, 30),
                     location=Location.CLIENT_SITE, travel_minutes=35, notes="Numbers are up 12 %")
    led = Meeting(client_id=nordlys.id, title="Byggemøde", start=at(3, 9), end=at(3, 10),
                  location=Location.OUR_OFFICE, lead="Jonas", topic=Topic.IMPORTANT)
    mine = Meeting(client_id=nordlys.id, title="Budget 2027", start=at(4, 10), end=at(4, 11),
                   location=Location.VIDEO, topic=Topic.IMPORTANT)
    with store.batch():
        for c in (nordlys, acme):
            store.save_client(c)
        for m in (review, led, mine):
            store.save_meeting(m)
        # Three earlier meetings with Acme in the last six weeks.
        for weeks in (1, 2, 3):
            store.save_meeting(Meeting(client_id=acme.id, title=f"Sync {weeks}", start=at(3, 13) - timedelta(weeks=weeks),
                                       end=at(3, 14) - timedelta(weeks=weeks), location=Location.VIDEO))
    return {"nordlys": nordlys, "acme": acme, "review": review, "led": led, "mine": mine}


def clock(today=TODAY) -> Clock:
    return Clock.start_of(today, "Europe/Copenhagen")


def run_advise(store, args, *, today=TODAY) -> int:
    return _run_advise(Context(args, store, clock(today)))


def run_draft(store, args, *, today=TODAY) -> int:
    return _run_draft(Context(args, store, clock(today)))


def suggestions_for(store, meeting, answers, *, today=TODAY):
    return advise_meeting(store, meeting, answers, clock(today))


def write_drafts(store, meeting, strategy, *, today=TODAY, **kwargs):
    return _write_drafts(store, meeting, strategy, clock(today), **kwargs)


def advise_args(meeting: str, reason: str = "workload", **kw) -> argparse.Namespace:
    return argparse.Namespace(command="advise", meeting=meeting, reason=reason, topic=kw.get("topic"),
                              format=kw.get("format", "text"), colleague=kw.get("colleague"))


def draft_args(meeting: str, strategy: str, **kw) -> argparse.Namespace:
    values = dict(command="draft", meeting=meeting, strategy=strategy, reason="workload", lang=None, out=None,
                  colleague=None, minutes=None, summary="", topic=None, talking_points=[], by="phone", format="md")
    values.update(kw)
    return argparse.Namespace(**values)


# --- advise -------------------------------------------------------------------------------------


def test_advise_text_lists_ranked_suggestions(store, world, capsys):
    review = world["review"]
    assert run_advise(store, advise_args(review.id[:6]), today=TODAY) == 0
    out = capsys.readouterr().out
    print(out)
    assert out.startswith("[VIP] Acme & Co: Quarterly review\nThu 3 Dec, 13:00-14:30 (90 min at their site, 35 min travel each way)")
    # Three meetings in six weeks and a flexible client: email first, saying how many.
    assert "1. email [repetitive]: frees 2 h 30 min" in out
    assert "met [VIP] Acme & Co 3 times in the last 6 weeks" in out
    # The call and the shorter meeting are one suggestion: a 30-min call instead of 90 min there.
    assert "phone [shorter-call]: frees 2 h 10 min" in out
    assert "A 30-min call (phone or video) instead of 90 min at their office" in out
    assert "costs little with a regular client" in out
    assert "Free times: " in out
    assert f"Draft it: planner draft {review.id[:8]} --strategy email" in out
    assert "keep [keep-option]" in out


def test_the_client_is_weighed_in_a_whole_phrase(store, world, capsys):
    """ "an important client", not "a important client": each tier is its own phrase to translate."""
    store.save_client(world["acme"].with_changes(tier=Tier.IMPORTANT))
    assert run_advise(store, advise_args(world["review"].id), today=TODAY) == 0
    out = capsys.readouterr().out
    assert "with an important client" in out and "a important" not in out


def test_advise_json(store, world, capsys):
    led = world["led"]
    assert run_advise(store, advise_args(led.id, "sick", format="json"), today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"] == led.id and data["phase"] == "upcoming"
    strategies = [s["strategy"] for s in data["suggestions"]]
    # A colleague leads it: they can simply hold it, before cancelling.
    assert strategies[:2] == ["delegate", "cancel"]
    cancel = data["suggestions"][1]
    assert {"strategy", "rule", "why", "minutes_freed", "load_before", "load_after", "resolves", "cost",
            "warnings", "warning"} <= set(cancel)
    assert cancel["rule"] == "sick" and cancel["minutes_freed"] == 60
    assert cancel["load_before"]["day"] == "2026-12-03" and cancel["load_before"]["week"] == "2026-W49"
    assert cancel["load_after"]["day_minutes"] == cancel["load_before"]["day_minutes"] - 60
    # Ill on Wednesday: no new time before Friday, the second work day after today.
    assert cancel["slots"] and all(slot["start"] >= "2026-12-04" for slot in cancel["slots"])


def test_advise_key_client_dislike_keeps_first(store, world, capsys):
    run_advise(store, advise_args(world["led"].id, "dislike"), today=TODAY)
    out = capsys.readouterr().out
    assert "1. delegate [colleague-leads]" in out
    assert "2. keep [weighty-weak-reason]" in out
    assert "Warning: Nordlys Energi is a key client and disliking meetings is a weak reason" in out


def test_advise_names_a_colleague_who_could_go(store, world, capsys):
    run_advise(store, advise_args(world["mine"].id, colleague="Mads Kjær"), today=TODAY)
    out = capsys.readouterr().out
    assert "delegate [colleague-named]" in out and "Mads Kjær can go in your place" in out
    assert 'Draft it: planner draft' in out and '--colleague "Mads Kjær"' in out


def test_advise_refuses_a_meeting_that_has_ended(cli, world, db_path):
    result = cli("--now", "2026-12-04 09:00", "advise", world["review"].id[:8], "--reason", "workload", today=None)
    assert result.code == 1
    assert result.err.startswith("planner: error: this meeting ended Thu 3 Dec, 14:30")


def test_advise_under_way_offers_only_wrapping_up(cli, world):
    result = cli("--now", "2026-12-03 13:40", "advise", world["review"].id[:8], "--reason", "workload", today=None)
    assert result.code == 0, result.err
    assert "It is under way" in result.out
    assert "shorter [under-way]" in result.out and "phone" not in result.out.split("\n\n", 1)[1]


def test_advise_topic_option_overrides_the_meeting(store, world, capsys):
    run_advise(store, advise_args(world["review"].id, topic="important", format="json"), today=TODAY)
    strategies = [s["strategy"] for s in json.loads(capsys.readouterr().out)["suggestions"]]
    assert "email" not in strategies


def test_advise_unknown_meeting(store, world):
    with pytest.raises(PlannerError, match="no meeting has an id starting with 'zzz'"):
        run_advise(store, advise_args("zzz"), today=TODAY)


def test_suggestions_for_is_the_wizards_entry(store, world):
    review = world["review"]
    answers = Answers.prefilled(review, world["acme"], Reason.CONFLICT, flexible=False)
    found = suggestions_for(store, review, answers, today=TODAY)
    # Something came up: only what frees that hour solves it, and comes first.
    assert found[0].strategy is Strategy.RESCHEDULE and found[0].rule == "reschedule-conflict" and found[0].slots
    assert found.find(Strategy.PHONE).solves is False


# --- draft ----------------------------------------------------------------------------------------


def test_draft_writes_the_file_and_records_it(store, world, tmp_path, capsys):
    review = world["review"]
    out_dir = tmp_path / "out"
    assert run_draft(store, draft_args(review.id[:8], "phone", out=str(out_dir)), today=TODAY) == 0
    printed = capsys.readouterr().out.strip()
    path = out_dir / "2026-12-03-vip-acme-co-phone.md"
    assert printed == str(path)
    text = path.read_text(encoding="utf-8")
    # The advice proposes a shorter call (30 of 90 min): one message says both.
    assert text.startswith("Subject: Our meeting on Thursday 3 December: a short phone call instead?  \n"
                           "To: Jane Miller, jane@acme.com\n\nHi Jane,")
    assert "by phone and keep it to 30 minutes, rather than 90 minutes at your office?" in text
    [saved] = store.drafts()
    assert (saved.path, saved.strategy, saved.meeting_id) == (str(path), Strategy.PHONE, review.id)


def test_draft_default_folder_and_never_overwrite(store, world, capsys):
    review = world["review"]
    run_draft(store, draft_args(review.id, "email"), today=TODAY)
    run_draft(store, draft_args(review.id, "email"), today=TODAY)
    first, second = capsys.readouterr().out.split()
    folder = Path(os.environ["PLANNER_DATA_DIR"]) / "drafts"
    assert Path(first) == folder / "2026-12-03-vip-acme-co-email.md"
    assert Path(second) == folder / "2026-12-03-vip-acme-co-email-2.md"
    assert "Numbers are up 12 %" in Path(first).read_text(encoding="utf-8")
    assert len(store.drafts()) == 2


def test_draft_settings_folder(store, world, tmp_path, capsys):
    store.save_settings(store.settings().with_changes(drafts_dir=str(tmp_path / "mine")))
    run_draft(store, draft_args(world["review"].id, "shorter", minutes=45), today=TODAY)
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == tmp_path / "mine"
    assert "in 45 minutes rather than 90 minutes" in path.read_text(encoding="utf-8")


def test_draft_delegate_writes_note_and_briefing(store, world, tmp_path, capsys):
    run_draft(store, draft_args(world["led"].id, "delegate", out=str(tmp_path)), today=TODAY)
    note, briefing = (Path(p) for p in capsys.readouterr().out.split())
    assert note.name == "2026-12-03-nordlys-energi-delegate.md"
    assert briefing.name == "2026-12-03-nordlys-energi-delegate-briefing.md"
    assert "Jonas holder mødet som planlagt, uden mig" in note.read_text(encoding="utf-8")
    brief = briefing.read_text(encoding="utf-8")
    assert brief.startswith("Emne: Briefing: Byggemøde med Nordlys Energi torsdag den 3. december")
    assert "Hej Jonas," in brief and "**Spørgsmål, de sikkert vil stille**" in brief
    assert {d.kind for d in store.drafts()} == {"client", "briefing"}


def test_draft_delegate_when_i_lead_needs_a_colleague(store, world, tmp_path, capsys):
    mine = world["mine"]
    with pytest.raises(PlannerError, match="add --colleague NAME"):
        run_draft(store, draft_args(mine.id, "delegate"), today=TODAY)
    assert store.drafts() == []
    run_draft(store, draft_args(mine.id, "delegate", colleague="Mads", out=str(tmp_path)), today=TODAY)
    note, _ = (Path(p) for p in capsys.readouterr().out.split())
    assert "min kollega Mads tager mødet i mit sted" in note.read_text(encoding="utf-8")


def test_draft_strategy_that_does_not_fit(store, world):
    with pytest.raises(PlannerError, match="email does not fit this meeting: email fits a flexible client"):
        run_draft(store, draft_args(world["mine"].id, "email"), today=TODAY)
    with pytest.raises(PlannerError, match="phone does not fit this meeting: .* already by video"):
        run_draft(store, draft_args(world["mine"].id, "phone"), today=TODAY)
    with pytest.raises(PlannerError, match="add --reason sick"):
        run_draft(store, draft_args(world["review"].id, "cancel"), today=TODAY)
    with pytest.raises(PlannerError, match="add --reason workload or --reason conflict"):
        run_draft(store, draft_args(world["review"].id, "reschedule", reason="dislike"), today=TODAY)
    with pytest.raises(PlannerError, match="--minutes is the new length of a shorter meeting or call"):
        run_draft(store, draft_args(world["review"].id, "email", minutes=30), today=TODAY)
    assert store.drafts() == []


def test_draft_cancel_when_sick_offers_the_free_slots(store, world, tmp_path, capsys):
    run_draft(store, draft_args(world["review"].id, "cancel", reason="sick", out=str(tmp_path)), today=TODAY)
    text = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert "I'm unwell and have to cancel our meeting on Thursday 3 December at 13:00" in text
    slot_lines = [line for line in text.splitlines() if line.startswith("- ") and " December from " in line]
    assert len(slot_lines) == 3


def test_draft_lang_overrides_the_client(store, world, tmp_path, capsys):
    run_draft(store, draft_args(world["review"].id, "reschedule", lang="da", out=str(tmp_path)), today=TODAY)
    text = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert text.startswith("Emne: Kan vi flytte vores møde torsdag den 3. december?")
    assert "Hej Jane" in text and "kl. 13.00 (Quarterly review)" in text
    assert store.drafts()[0].language is Language.DA


def test_write_drafts_reuses_the_wizards_suggestion(store, world, tmp_path):
    review = world["review"]
    answers = Answers.prefilled(review, world["acme"], Reason.WORKLOAD)
    [shorter] = [s for s in suggestions_for(store, review, answers, today=TODAY) if s.strategy is Strategy.SHORTER]
    paths = write_drafts(store, review, "shorter", today=TODAY, answers=answers, suggestion=shorter, folder=tmp_path)
    assert "in 30 minutes rather than 90 minutes" in paths[0].read_text(encoding="utf-8")
    with pytest.raises(PlannerError, match="needs no message"):
        write_drafts(store, review, "keep", today=TODAY)


# --- through the command line ---------------------------------------------------------------------


def test_cli_advise_and_draft(cli, db_path, tmp_path):
    from planner.services.store import Store

    with Store.open(db_path) as store:
        acme = Client(name="Acme", flexible=True, contact="Jane Miller")
        store.save_client(acme)
        meeting = Meeting(client_id=acme.id, title="Review", start=at(3, 13), end=at(3, 14),
                          location=Location.CLIENT_SITE, travel_minutes=20)
        store.save_meeting(meeting)
    result = cli("advise", meeting.id[:8], "--reason", "workload", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["suggestions"][0]["strategy"] == "email"
    result = cli("draft", meeting.id[:8], "--strategy", "phone", "--out", str(tmp_path / "d"))
    assert result.code == 0, result.err
    assert Path(result.out.strip()).name == "2026-12-03-acme-phone.md"
    # No name or address set yet: said once, on stderr, with how to set them.
    assert result.err.startswith("note: your name and email address are not set")
    # An email with nothing said about what it covers: refused, nothing written.
    result = cli("draft", meeting.id[:8], "--strategy", "email", "--out", str(tmp_path / "d"))
    assert result.code == 1
    assert "--summary TEXT" in result.err
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["2026-12-03-acme-phone.md"]
    result = cli("draft", meeting.id[:8], "--strategy", "email", "--summary", "Tallene ser fine ud.",
                 "--out", str(tmp_path / "d"))
    assert result.code == 0, result.err
    assert "Tallene ser fine ud." in Path(result.out.strip()).read_text(encoding="utf-8")


def test_cli_errors_are_one_line(cli, db_path):
    from planner.services.store import Store

    with Store.open(db_path) as store:
        acme = Client(name="Acme")
        store.save_client(acme)
        meeting = Meeting(client_id=acme.id, title="Review", start=at(3, 13), end=at(3, 14))
        store.save_meeting(meeting)
    for args in (
        ("advise", "nope", "--reason", "workload"),
        ("draft", "nope", "--strategy", "phone"),
        ("draft", meeting.id, "--strategy", "email"),
        ("draft", meeting.id, "--strategy", "delegate"),
    ):
        result = cli(*args)
        assert result.code == 1, (args, result)
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("planner: error: "), result.err
        assert "Traceback" not in result.err
