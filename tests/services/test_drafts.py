"""Drafts: composing the messages, file names, safe and atomic export, recording in the store."""

from __future__ import annotations

import errno
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.errors import PlannerError
from planner.domain.models import Client, Language, Location, Meeting, Settings, Strategy, Tier, Topic
from planner.domain.slots import Slot
from planner.services.drafts import (
    MARKDOWN_PRESET,
    compose,
    draft_stem,
    drafts_folder,
    export,
    file_text,
    first_name,
    markdown_parser,
    save_drafts,
    slugify,
)

TZ = ZoneInfo("Europe/Copenhagen")
START = datetime(2026, 12, 1, 14, 0, tzinfo=TZ)
SETTINGS = Settings(name="Anna Holm", signature="Anna Holm\nHolm & Partners")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=TZ)


def make(*, lang=Language.EN, name="[VIP] Ærø & Co", contact="Søren Ærbø", minutes=90, lead="me", notes=""):
    client = Client(name=name, tier=Tier.KEY, contact=contact, email="soeren@aeroe.dk", language=lang)
    meeting = Meeting(
        client_id=client.id, title="Kampagneplan 2027", start=START, end=START + timedelta(minutes=minutes),
        location=Location.CLIENT_SITE, travel_minutes=30, lead=lead, notes=notes, topic=Topic.IMPORTANT,
    )
    return client, meeting


def slots():
    return [
        Slot(start=datetime(2026, 12, d, 9, 0, tzinfo=TZ), end=datetime(2026, 12, d, 10, 30, tzinfo=TZ),
             day_minutes_after=90)
        for d in (7, 8, 9)
    ]


# --- composing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", [Language.EN, Language.DA])
@pytest.mark.parametrize("strategy", ["phone", "shorter", "email", "delegate", "reschedule", "cancel"])
def test_the_closing_and_the_signature_render_on_their_own_lines(lang, strategy):
    client, meeting = make(lang=lang, lead="Jonas")
    drafts = compose(meeting, client, strategy, settings=SETTINGS, now=NOW, slots=slots(), colleague="Jonas")
    html = markdown_parser().render(drafts[0].body)
    closing = "Venlig hilsen" if lang is Language.DA else "Best regards,"
    assert f"{closing}<br />\nAnna Holm<br />\nHolm &amp; Partners</p>" in html


def test_phone_in_english():
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS, now=NOW)
    assert draft.subject == "Our meeting on Tuesday 1 December: could we do it by phone?"
    assert draft.body.startswith("Hi Søren,\n")
    assert "on Tuesday 1 December at 14:00 (Kampagneplan 2027)" in draft.body
    assert "Best regards,  \nAnna Holm  \nHolm & Partners" in draft.body
    assert (draft.strategy, draft.language, draft.kind, draft.meeting_id) == (
        Strategy.PHONE, Language.EN, "client", meeting.id)
    assert draft.created == NOW and draft.path == ""


def test_client_language_picks_danish_and_lang_overrides():
    client, meeting = make(lang=Language.DA)
    [draft] = compose(meeting, client, Strategy.PHONE, settings=SETTINGS, now=NOW)
    assert draft.language is Language.DA
    assert draft.subject == "Vores møde tirsdag den 1. december – kan vi tage det over telefonen?"
    assert draft.body.startswith("Hej Søren,\n")  # one greeting style: a comma, as with "Hej,"
    assert "tirsdag den 1. december kl. 14.00 (Kampagneplan 2027)" in draft.body
    assert "Venlig hilsen" in draft.body
    [english] = compose(meeting, client, Strategy.PHONE, settings=SETTINGS, language="en", now=NOW)
    assert english.language is Language.EN and english.body.startswith("Hi Søren,")


def test_shorter_names_both_lengths():
    client, meeting = make(minutes=90)
    [en] = compose(meeting, client, "shorter", settings=SETTINGS)
    assert "in 30 minutes rather than 90 minutes" in en.body
    [da] = compose(meeting, client, "shorter", settings=SETTINGS, language="da", new_minutes=45)
    assert "på 45 minutter i stedet for 90 minutter" in da.body


def test_shorter_refuses_a_longer_length():
    client, meeting = make(minutes=60)
    with pytest.raises(PlannerError, match="less than the current 60 min"):
        compose(meeting, client, "shorter", settings=SETTINGS, new_minutes=60)


def test_email_summary_is_escaped_and_defaults_to_notes():
    client, meeting = make(notes="Budget is *on track*\n- launch [week 3]")
    [draft] = compose(meeting, client, "email", settings=SETTINGS)
    assert "Budget is \\*on track\\*\n\n- launch \\[week 3\\]" in draft.body
    [given] = compose(meeting, client, "email", settings=SETTINGS, summary="All good <b>really</b>")
    assert "All good \\<b\\>really\\</b\\>" in given.body
    client2, bare = make()
    [empty] = compose(bare, client2, "email", settings=SETTINGS, language="da")
    assert "_Skriv opdateringen om Kampagneplan 2027 her._" in empty.body


def test_reschedule_lists_the_slots_in_the_message_language():
    client, meeting = make(lang=Language.DA)
    [draft] = compose(meeting, client, "reschedule", settings=SETTINGS, slots=slots())
    assert "- mandag den 7. december kl. 9.00–10.30\n- tirsdag den 8. december kl. 9.00–10.30\n" in draft.body
    [en] = compose(meeting, client, "cancel", settings=SETTINGS, slots=slots(), language="en")
    assert "Would one of these times work for you instead?\n\n- Monday 7 December from 9:00 to 10:30\n" in en.body
    assert en.subject == "Cancelling our meeting on Tuesday 1 December"
    [one] = compose(meeting, client, "cancel", settings=SETTINGS, slots=slots()[:1], language="en")
    assert ("Would this time work for you instead?\n\n- Monday 7 December from 9:00 to 10:30\n\n"
            "If it doesn't suit you, just send me") in one.body
    [da] = compose(meeting, client, "cancel", settings=SETTINGS, slots=slots()[:1])
    assert "Kunne dette tidspunkt passe dig i stedet?" in da.body and "Hvis det ikke passer dig" in da.body


def test_reschedule_without_free_slots_says_so():
    client, meeting = make()
    [draft] = compose(meeting, client, "reschedule", settings=SETTINGS, slots=[])
    assert "Could you send me a couple of times that suit you? I'll make it work." in draft.body
    assert "- " not in draft.body  # no empty list, no line for the person to fill in


def test_delegate_gives_a_client_note_and_a_briefing():
    client, meeting = make(lang=Language.DA, lead="Jonas", notes="Vis de tre koncepter\nBudget: 400.000 kr.")
    note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, count=4, now=NOW)
    assert (note.kind, briefing.kind) == ("client", "briefing")
    assert "Jonas holder mødet som planlagt, uden mig" in note.body  # he leads already
    assert briefing.body.startswith("Hej Jonas,\n")
    assert briefing.subject == "Briefing: Kampagneplan 2027 med [VIP] Ærø & Co tirsdag den 1. december"
    assert "mødet med \\[VIP\\] Ærø & Co (Kampagneplan 2027)" in briefing.body
    assert "**Det skal du nå igennem**\n\n- Vis de tre koncepter\n- Budget: 400.000 kr.\n" in briefing.body
    assert "- Hvad betyder det for budget og tidsplan?" in briefing.body  # an important topic
    assert "- Hvorfor er Anna ikke med?" in briefing.body
    assert "Antal møder" not in briefing.body  # no robotic count line
    assert "- Kontaktperson: Søren Ærbø (soeren@aeroe.dk)" in briefing.body
    assert briefing.body.endswith("Tak for hjælpen!  \nAnna\n")
    html = markdown_parser().render(briefing.body)
    assert "[VIP] Ærø &amp; Co" in html and "<a " not in html
    assert html.count("<li>") >= 6


def test_delegate_with_given_points_and_colleague():
    client, meeting = make()
    note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, colleague="Mads",
                             talking_points=["Show *the* numbers"], questions=["When is launch?"])
    assert "my colleague Mads will take it in my place" in note.body
    assert note.subject == "Kampagneplan 2027 on Tuesday 1 December: Mads will take the meeting"
    assert "- Show \\*the\\* numbers" in briefing.body and "- When is launch?" in briefing.body


def test_delegate_needs_a_colleague_and_keep_needs_no_message():
    client, meeting = make(lead="me")
    with pytest.raises(PlannerError, match="--colleague NAME"):
        compose(meeting, client, "delegate", settings=SETTINGS)
    with pytest.raises(PlannerError, match="needs no message"):
        compose(meeting, client, "keep", settings=SETTINGS)


def test_first_name_for_greetings():
    assert first_name(Client(name="Acme", contact="Jane Miller")) == "Jane"
    assert first_name(Client(name="Acme")) == ""  # the greeting is then "Hi," / "Hej,"
    assert first_name(Client(name="Acme", contact="Dr. Åsa O'Brien-Løvgren")) == "Åsa"


# --- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,slug", [
    ("[VIP] Ærø & Co", "vip-aeroe-co"),
    ("Ærø", "aeroe"),
    ("Åse Ø. Holm", "aase-oe-holm"),
    ("Grøn Rådgivning ApS", "groen-raadgivning-aps"),
    ("Café Müller (Berlin)", "cafe-muller-berlin"),
    ("Straße", "strasse"),
    ("  ../../etc/passwd  ", "etc-passwd"),
    ("!!!", "client"),
    ("", "client"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slug_is_short():
    slug = slugify("word " * 40)
    assert len(slug) <= 60 and not slug.endswith("-") and slug.startswith("word-word")


def test_draft_stem():
    day = START.date()
    assert draft_stem(day, "[VIP] Ærø & Co", Strategy.PHONE) == "2026-12-01-vip-aeroe-co-phone"
    assert draft_stem(day, "Acme", "delegate", "briefing") == "2026-12-01-acme-delegate-briefing"


# --- export -------------------------------------------------------------------------------------


def test_export_writes_subject_to_and_body(tmp_path):
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS)
    path = export(draft, tmp_path / "drafts", client_name=client.name, meeting_day=START.date(),
                  to="Søren Ærbø, soeren@aeroe.dk")
    assert path == tmp_path / "drafts" / "2026-12-01-vip-aeroe-co-phone.md"
    assert draft.path == str(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "Subject: Our meeting on Tuesday 1 December: could we do it by phone?  \n"
        "To: Søren Ærbø, soeren@aeroe.dk\n\nHi Søren,\n"
    )
    assert text == file_text(draft, to="Søren Ærbø, soeren@aeroe.dk")
    assert MARKDOWN_PRESET == "commonmark"
    assert "<p>Hi Søren,</p>" in markdown_parser().render(text)


def test_export_never_overwrites(tmp_path):
    client, meeting = make(lang=Language.DA)
    [draft] = compose(meeting, client, "phone", settings=SETTINGS)
    first = tmp_path / "2026-12-01-vip-aeroe-co-phone.md"
    first.write_text("my own edits", encoding="utf-8")
    paths = [export(draft, tmp_path, client_name=client.name, meeting_day=START.date()) for _ in range(2)]
    assert [p.name for p in paths] == ["2026-12-01-vip-aeroe-co-phone-2.md", "2026-12-01-vip-aeroe-co-phone-3.md"]
    assert first.read_text(encoding="utf-8") == "my own edits"
    assert "Emne: Vores møde tirsdag den 1. december" in paths[0].read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2026-12-01-vip-aeroe-co-phone-2.md", "2026-12-01-vip-aeroe-co-phone-3.md",
        "2026-12-01-vip-aeroe-co-phone.md",
    ]  # no temp files left behind


def test_export_is_atomic_when_the_write_fails(tmp_path, monkeypatch):
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS)

    def broken_fsync(fd):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(PlannerError, match="cannot write the draft"):
        export(draft, tmp_path, client_name=client.name, meeting_day=START.date())
    assert list(tmp_path.iterdir()) == []
    assert draft.path == ""


def test_export_syncs_before_the_file_appears(tmp_path, monkeypatch):
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS)
    seen = []
    real_fsync, real_link = os.fsync, os.link

    def fsync(fd):
        seen.append("fsync")
        return real_fsync(fd)

    def link(src, dst):
        seen.append("link")
        assert Path(src).read_text(encoding="utf-8") == file_text(draft)  # complete before it appears
        return real_link(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "link", link)
    export(draft, tmp_path, client_name=client.name, meeting_day=START.date())
    assert seen[:2] == ["fsync", "link"]


def test_export_without_hard_links_still_never_overwrites(tmp_path, monkeypatch):
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS)

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    a = export(draft, tmp_path, client_name=client.name, meeting_day=START.date())
    b = export(draft, tmp_path, client_name=client.name, meeting_day=START.date())
    assert (a.name, b.name) == ("2026-12-01-vip-aeroe-co-phone.md", "2026-12-01-vip-aeroe-co-phone-2.md")
    assert len(list(tmp_path.iterdir())) == 2


def test_export_into_an_unwritable_place_is_a_user_error(tmp_path):
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PlannerError, match="cannot create the drafts folder"):
        export(draft, blocker / "drafts", client_name=client.name, meeting_day=START.date())


# --- the store ------------------------------------------------------------------------------------


def test_drafts_folder_setting_and_default(tmp_path):
    assert drafts_folder(Settings(drafts_dir=str(tmp_path / "mine"))) == tmp_path / "mine"
    default = drafts_folder(Settings())
    assert default == Path(os.environ["PLANNER_DATA_DIR"]) / "drafts"


def test_save_drafts_exports_and_records(store, tmp_path):
    client, meeting = make(lead="Jonas")
    store.save_client(client)
    store.save_meeting(meeting)
    store.save_settings(SETTINGS.with_changes(drafts_dir=str(tmp_path / "out")))
    drafts = compose(meeting, client, "delegate", settings=store.settings())
    paths = save_drafts(store, drafts, meeting=meeting, client=client)
    assert [p.name for p in paths] == [
        "2026-12-01-vip-aeroe-co-delegate.md", "2026-12-01-vip-aeroe-co-delegate-briefing.md"]
    assert all(p.parent == tmp_path / "out" for p in paths)
    saved = {d.kind: d for d in store.drafts()}
    assert saved["client"].path == str(paths[0]) and saved["briefing"].path == str(paths[1])
    assert saved["briefing"].body == drafts[1].body
    assert "To: Søren Ærbø, soeren@aeroe.dk" in paths[0].read_text(encoding="utf-8")
    assert "To:" not in paths[1].read_text(encoding="utf-8")  # the briefing goes to the colleague


def test_save_drafts_as_email_drafts(store, tmp_path):
    import email
    import email.policy

    client, meeting = make()
    store.save_client(client)
    store.save_meeting(meeting)
    store.save_settings(SETTINGS.with_changes(email="anna@holm.dk"))
    drafts = compose(meeting, client, "shorter", settings=store.settings(), new_minutes=45, now=NOW)
    from planner.services.mail import eml_writer

    writer = eml_writer(meeting, client, store.settings(), details={"new_minutes": 45}, now=NOW)
    [path] = save_drafts(store, drafts, meeting=meeting, client=client, folder=tmp_path, write=writer)
    assert path.name == "2026-12-01-vip-aeroe-co-shorter.eml"
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == drafts[0].subject
    assert [d.path for d in store.drafts()] == [str(path)]


def test_compose_wants_an_aware_now():
    client, meeting = make()
    with pytest.raises(ValueError, match="time-zone aware"):
        compose(meeting, client, "phone", settings=SETTINGS, now=datetime(2026, 11, 30, 9, 0))
