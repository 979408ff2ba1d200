"""The words of every message: what a client or a colleague reads, in Danish and English.

Each test states a rule of the wording (short notice, illness, the colleague introduced, greetings,
subjects, calls, the email's update, the new end time, the chosen time, less often, a day plan).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from planner.domain.errors import PlannerError
from planner.domain.models import (
    CallKind,
    Client,
    Language,
    Location,
    Meeting,
    Reason,
    Settings,
    Source,
    Strategy,
)
from planner.domain.slots import Slot
from planner.services.drafts import UnfilledSummary, check_ready, compose, compose_plan, export, file_text
from planner.services.mail import plain_body
from planner.services.message_words import first_name, format_duration, greeting
from planner.services.templates import SUBJECT_LIMIT, shorten
from support import CPH

START = datetime(2026, 12, 4, 10, 0, tzinfo=CPH)  # Friday 4 December
FAR = datetime(2026, 10, 20, 9, 0, tzinfo=CPH)  # six weeks ahead
SETTINGS = Settings(name="Karen Juhl", signature="Karen Juhl\nJuhl & Partners", email="karen@juhl.dk")


def make(*, lang=Language.DA, contact="Søren Ærbø", minutes=90, lead="me", notes="", title="Produktdemo",
         location=Location.CLIENT_SITE, organizer="", client_notes=""):
    client = Client(name="Bageriet Ærø", contact=contact, email="soeren@aeroe.dk", language=lang, notes=client_notes)
    meeting = Meeting(
        client_id=client.id, title=title, start=START, end=START + timedelta(minutes=minutes),
        location=location, travel_minutes=30, lead=lead, notes=notes, organizer=organizer,
    )
    return client, meeting


def slots(days=(7, 8, 9)):
    return [Slot(start=datetime(2026, 12, d, 9, 0, tzinfo=CPH), end=datetime(2026, 12, d, 10, 30, tzinfo=CPH),
                 day_minutes_after=90) for d in days]


def one(meeting, client, strategy, **kw):
    kw.setdefault("now", FAR)
    drafts = compose(meeting, client, strategy, settings=SETTINGS, **kw)
    return drafts[0]


# --- short notice, reasons, new times -------------------------------------------------------------


@pytest.mark.parametrize("hours_before,said", [(1, True), (47, True), (49, False), (24 * 42, False)])
def test_cancel_says_short_notice_only_within_48_hours(hours_before, said):
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "cancel", now=START - timedelta(hours=hours_before), slots=slots())
    assert ("I'm sorry for the short notice." in draft.body) is said
    client, meeting = make(lang=Language.DA)
    draft = one(meeting, client, "cancel", now=START - timedelta(hours=hours_before), slots=slots())
    assert ("Jeg beklager det korte varsel." in draft.body) is said
    assert "  " not in draft.body.replace("  \n", "\n")  # no gap where the sentence would be


def test_cancel_when_sick_says_so_plainly_and_offers_new_times():
    client, meeting = make()
    draft = one(meeting, client, "cancel", reason=Reason.SICK, slots=slots(), now=START - timedelta(hours=20))
    assert draft.body.startswith(
        "Hej Søren,\n\nJeg er desværre blevet syg og må aflyse vores møde fredag den 4. december kl. 10.00 "
        "(Produktdemo). Jeg beklager det korte varsel."
    )
    assert "Jeg vil meget gerne finde et nyt tidspunkt, når jeg er rask igen." in draft.body
    assert "- mandag den 7. december kl. 9.00–10.30\n" in draft.body
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "cancel", reason="sick", slots=slots())
    assert "Unfortunately I'm unwell and have to cancel our meeting on Friday 4 December at 10:00" in draft.body
    assert draft.subject == "Our meeting on Friday 4 December: I'm unwell and have to cancel"
    assert "I'd like to find a new time once I'm better." in draft.body
    assert "short notice" not in draft.body


def test_cancel_without_free_times_asks_for_some():
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "cancel")
    assert "Could you send me a couple of times that suit you? I'll make it work." in draft.body
    assert "\n- " not in draft.body


# --- delegate and the briefing --------------------------------------------------------------------


def test_delegate_when_you_led_introduces_the_colleague():
    client, meeting = make()
    note, _briefing = compose(meeting, client, "delegate", settings=SETTINGS, colleague="Mads Kjær", now=FAR)
    assert note.subject == "Produktdemo fredag den 4. december: Mads Kjær tager mødet"
    assert "så min kollega Mads Kjær tager mødet i mit sted." in note.body
    assert "Mads er sat grundigt ind i det hele" in note.body
    client, meeting = make(lang=Language.EN)
    note, _briefing = compose(meeting, client, "delegate", settings=SETTINGS, colleague="Mads Kjær", now=FAR)
    assert note.subject == "Produktdemo on Friday 4 December: Mads Kjær will take the meeting"
    assert "so my colleague Mads Kjær will take it in my place." in note.body
    assert "Mads has been fully briefed" in note.body


def test_delegate_when_the_colleague_leads_says_they_go_without_you():
    client, meeting = make(lead="Mads Kjær")
    note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, now=FAR)
    assert note.subject == "Produktdemo fredag den 4. december: Mads Kjær holder mødet uden mig"
    assert "Mads Kjær holder mødet som planlagt, uden mig" in note.body
    assert "i mit sted" not in note.body
    assert briefing.body.startswith("Hej Mads,\n")


def test_briefing_greets_by_first_name_asks_about_the_sender_and_signs_on_two_lines():
    client, meeting = make(lead="Mads Kjær")
    _note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, now=FAR)
    assert briefing.body.startswith("Hej Mads,\n")
    assert "- Hvorfor er Karen ikke med? Sig, at du har det fulde overblik" in briefing.body
    assert "Hvorfor er jeg ikke med" not in briefing.body
    assert briefing.body.endswith("Tak for hjælpen!  \nKaren\n")  # a hard break: two lines
    assert "Antal" not in briefing.body and "seneste seks uger" not in briefing.body
    client, meeting = make(lang=Language.EN, lead="Mads Kjær")
    _note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, now=FAR)
    assert "- Why isn't Karen here?" in briefing.body
    assert briefing.body.endswith("Thanks again!  \nKaren\n")
    assert "Thank you for covering for me at the meeting with" in briefing.body


def test_briefing_talking_points_come_from_what_is_known():
    client, meeting = make(lead="Mads Kjær", notes="Vis de tre koncepter\n- Budget: 400.000 kr.",
                           client_notes="Foretrækker korte møder\nCFO: Jens Holm")
    earlier = [
        meeting.with_changes(id=f"m{k}", title=f"Statusmøde {k}", start=START - timedelta(days=7 * k),
                             end=START - timedelta(days=7 * k) + timedelta(hours=1), notes="Aftalte ny tidsplan")
        for k in (1, 2, 3, 4)
    ]
    other_client = earlier[0].with_changes(id="x", client_id="someone-else", title="Andet")
    later = earlier[0].with_changes(id="later", title="Senere", start=START + timedelta(days=3),
                                    end=START + timedelta(days=3, hours=1))
    _note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, now=FAR,
                              talking_points=["Spørg til budgettet", "Vis de tre koncepter"],
                              recent=[*earlier, other_client, later])
    body = briefing.body
    assert "- Spørg til budgettet\n- Vis de tre koncepter\n- Budget: 400.000 kr.\n" in body  # typed, then notes once
    assert "**Godt at vide om Bageriet Ærø**\n\n- Kontaktperson: Søren Ærbø (soeren@aeroe.dk)\n" in body
    assert "- Foretrækker korte møder\n- CFO: Jens Holm" in body
    assert ("**Vores seneste møder med dem**\n\n- fredag den 27. november: Statusmøde 1 (Aftalte ny tidsplan)\n"
            "- fredag den 20. november: Statusmøde 2") in body
    assert "Statusmøde 4" not in body and "Andet" not in body and "Senere" not in body


def test_briefing_without_notes_or_history_has_no_empty_sections():
    client, meeting = make(lang=Language.EN, lead="Mads", contact="")
    _note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, now=FAR)
    assert "- The agenda as planned: Produktdemo" in briefing.body
    assert "Good to know" not in briefing.body and "Our recent meetings" not in briefing.body
    assert "\n\n\n" not in briefing.body


# --- greetings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("contact,name", [
    ("Dr. Åsa O'Brien-Løvgren", "Åsa"), ("Mr. John Smith", "John"), ("Fru Karen Holm", "Karen"),
    ("Prof. Dr. Anne-Marie Ærbø", "Anne-Marie"), ("Søren", "Søren"), ("Dr. Hansen", "Dr. Hansen"),
    ("", ""), ("  ", ""),
])
def test_first_name_skips_titles(contact, name):
    assert first_name(contact) == name


def test_greetings_name_the_person_or_no_one_in_one_style():
    assert greeting("Åsa", Language.EN) == "Hi Åsa," and greeting("Åsa", Language.DA) == "Hej Åsa,"
    assert greeting("", Language.EN) == "Hi," and greeting("", Language.DA) == "Hej,"
    client, meeting = make(contact="Dr. Åsa O'Brien-Løvgren", lang=Language.EN)
    assert one(meeting, client, "phone").body.startswith("Hi Åsa,\n")
    client, meeting = make(contact="")
    for strategy in ("phone", "shorter", "reschedule"):
        body = one(meeting, client, strategy).body
        assert body.startswith("Hej,\n") and "Bageriet" not in body.split("\n")[0]


# --- subjects -------------------------------------------------------------------------------------


def test_subjects_are_plain_text_and_never_escaped():
    client, meeting = make(lang=Language.EN, title="Q4 *final* review_v2 [draft]")
    draft = one(meeting, client, "email", summary="All good")
    assert draft.subject == "Q4 *final* review_v2 [draft] on Friday 4 December: an update by email instead"
    assert file_text(draft).startswith("Subject: Q4 *final* review_v2 [draft] on Friday 4 December: an update by "
                                       "email instead\n")
    assert "Q4 \\*final\\* review_v2 \\[draft\\]" in draft.body  # the Markdown body keeps its escapes


def test_long_subjects_are_cut_at_a_word_boundary_keeping_what_changes():
    title = "Quarterly account performance review with the whole regional marketing team and guests"
    client, meeting = make(title=title)
    note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, colleague="Mads Kjær", now=FAR)
    for subject in (note.subject, briefing.subject):
        assert len(subject) <= SUBJECT_LIMIT
        assert "…" in subject
    assert note.subject.endswith(": Mads Kjær tager mødet")  # the title gave way, not the news
    assert note.subject.startswith("Quarterly account performance")
    assert shorten("Quarterly account review", 15) == "Quarterly…"
    assert shorten("Short", 15) == "Short"


# --- calls, shorter, email, reschedule ------------------------------------------------------------


def test_phone_says_when_you_call_and_asks_about_the_number():
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "phone")
    assert "I'll call you at 10:00; just let me know if I should use a different number." in draft.body
    assert "unless another number suits you" not in draft.body
    client, meeting = make()
    assert "Jeg ringer til dig kl. 10.00 – sig til, hvis jeg skal ringe på et andet nummer." in one(meeting, client, "phone").body


def test_video_has_its_own_words():
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "phone", by=CallKind.VIDEO)
    assert draft.subject == "Our meeting on Friday 4 December: could we do it by video?"
    assert "as a video call instead of meeting in person" in draft.body
    assert "I'll send you a link to the call beforehand." in draft.body
    assert "call you at" not in draft.body
    client, meeting = make()
    assert "som videomøde i stedet for at mødes fysisk" in one(meeting, client, "phone", by="video").body


def test_a_shorter_call_is_one_suggestion():
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "phone", by="video", new_minutes=30)
    assert "as a video call and keep it to 30 minutes, rather than 90 minutes at your office?" in draft.body
    assert "we would finish by 10:30" in draft.body
    client, meeting = make(location=Location.OUR_OFFICE)
    draft = one(meeting, client, "phone", new_minutes=30)
    assert "til et telefonmøde på 30 minutter i stedet for 90 minutter hos os?" in draft.body
    assert "og så er vi færdige kl. 10.30" in draft.body
    same = one(meeting, client, "phone", new_minutes=90)  # not shorter: the plain call
    assert "telefonmøde på" not in same.body
    with pytest.raises(PlannerError, match="shorter call"):
        one(meeting, client, "phone", new_minutes=120)


def test_shorter_states_the_new_end_and_takes_the_rest_by_mail():
    client, meeting = make()
    draft = one(meeting, client, "shorter", new_minutes=45)
    assert "på 45 minutter i stedet for 90 minutter, så vi er færdige kl. 10.45." in draft.body
    assert "tager jeg bagefter på mail" in draft.body and "pr. mail" not in draft.body
    client, meeting = make(lang=Language.EN)
    assert "so we would finish at 10:30." in one(meeting, client, "shorter").body


def test_email_gives_the_update_without_asking_first():
    client, meeting = make(lang=Language.EN, notes="Numbers are up 12 %")
    draft = one(meeting, client, "email")
    assert "here is the update by email instead of our meeting" in draft.body
    assert "Would it suit you" not in draft.body
    assert "Numbers are up 12 %" in draft.body
    check_ready(draft)  # written: nothing to refuse


def test_an_email_whose_update_is_the_placeholder_is_refused(tmp_path):
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "email")
    assert "_Write the update on Produktdemo here._" in draft.body  # shown for the person to fill
    with pytest.raises(UnfilledSummary, match="write what the email covers") as info:
        export(draft, tmp_path, client_name=client.name, meeting_day=START.date())
    assert info.value.field == "summary"
    assert list(tmp_path.iterdir()) == []
    edited = draft.with_changes(body=draft.body.replace("_Write the update on Produktdemo here._", "Write the "
                                                        "update on Produktdemo here."))
    with pytest.raises(UnfilledSummary):
        check_ready(edited)  # edited around it, still the placeholder
    written = draft.with_changes(body=draft.body.replace("_Write the update on Produktdemo here._", "All on track."))
    check_ready(written)
    client, meeting = make(lang=Language.DA)
    with pytest.raises(UnfilledSummary):
        check_ready(one(meeting, client, "email"))


def test_reschedule_says_at_that_time_and_proposes_a_chosen_time():
    client, meeting = make(lang=Language.EN)
    draft = one(meeting, client, "reschedule", slots=slots())
    assert "as I won't be able to give it the attention it deserves then." in draft.body
    assert "current time" not in draft.body
    chosen = one(meeting, client, "reschedule", new_start=slots()[1].start)
    assert chosen.subject == "Could we move our meeting on Friday 4 December to Tuesday 8 December?"
    assert "Could we meet on Tuesday 8 December at 9:00 instead?" in chosen.body
    client, meeting = make()
    chosen = one(meeting, client, "reschedule", new_start=slots()[1].start)
    assert "Kan vi mødes tirsdag den 8. december kl. 9.00 i stedet?" in chosen.body
    assert "på det tidspunkt" in chosen.body


def test_the_calendar_sentence_follows_who_organises():
    client, mine = make(lang=Language.EN)
    assert "just accept the updated invitation" in one(mine, client, "shorter").body
    client, theirs = make(lang=Language.EN, organizer="soeren@aeroe.dk")
    body = one(theirs, client, "shorter").body
    assert "could you update the invitation?" in body and "accept" not in body
    client, imported_mine = make(lang=Language.EN, organizer="MAILTO:Karen@Juhl.dk")
    assert "just accept the updated invitation" in one(imported_mine, client, "shorter").body
    assert "You'll receive a cancellation in your calendar." in one(mine, client, "cancel").body
    assert "cancellation" not in one(theirs, client, "cancel").body
    assert "invitation" not in one(mine, client, "reschedule", slots=slots()).body  # no new time yet


# --- less often and a day plan --------------------------------------------------------------------


def series(client, weeks=8):
    first = Meeting(client_id=client.id, title="Ugentlig status", start=START, end=START + timedelta(hours=1),
                    source=Source("weekly@acme"))
    return [first.with_changes(id=f"occ{k}", start=START + timedelta(weeks=k),
                               end=START + timedelta(weeks=k, hours=1),
                               source=Source("weekly@acme", (START + timedelta(weeks=k)).strftime("%Y%m%dT%H%M%SZ")))
            for k in range(weeks)]


def test_less_often_names_the_dates_kept_and_skipped():
    client, _meeting = make()
    occurrences = series(client)
    draft = one(occurrences[0], client, "less-often", dropped=occurrences[1::2], kept=occurrences[2::2])
    assert draft.subject == "Ugentlig status – skal vi mødes lidt sjældnere i en periode?"
    assert "Kan vi frem til fredag den 22. januar nøjes med at mødes hver anden gang?" in draft.body
    assert "Så holder vi disse møder:\n\n- fredag den 18. december\n- fredag den 1. januar\n" in draft.body
    assert "og springer disse over:\n\n- fredag den 11. december\n" in draft.body
    with pytest.raises(PlannerError, match="occurrences to skip"):
        one(occurrences[0], client, "less-often")


def test_a_day_plan_is_one_message_per_client():
    client, meeting = make(lang=Language.EN)
    lunch = meeting.with_changes(id="lunch", title="Lunch", start=START + timedelta(hours=2),
                                 end=START + timedelta(hours=3))
    workshop = meeting.with_changes(id="ws", title="Workshop", start=START + timedelta(hours=4),
                                    end=START + timedelta(hours=6), location=Location.OUR_OFFICE)
    drafts = compose_plan(client, [
        (workshop, "reschedule", {"slots": slots()[:2]}),
        (meeting, Strategy.PHONE, {"by": "video", "new_minutes": 30}),
        (lunch, "delegate", {"colleague": "Mads Kjær"}),
        (lunch, "keep", {}),
    ], settings=SETTINGS, now=START - timedelta(hours=20))
    plan, briefing = drafts
    assert plan.subject == "Changes to our meetings on Friday 4 December"
    assert plan.meeting_id == meeting.id and plan.kind == "client"
    assert plan.body.startswith("Hi Søren,\n\nI need to make a few changes to our meetings on Friday 4 December. "
                                "I'm sorry for the short notice.\n\n"
                                "- Produktdemo at 10:00: could we do it as a video call and keep it to 30 minutes, "
                                "rather than 90 minutes at your office? I'll send you a link.\n"
                                "- Lunch at 12:00: my colleague Mads Kjær will take it in my place.\n"
                                "- Workshop at 14:00: could we move it? I can do Monday 7 December from 9:00 to 10:30 "
                                "or Tuesday 8 December from 9:00 to 10:30.\n")
    assert "just accept the updated invitation." in plan.body  # one invitation changes
    assert briefing.kind == "briefing" and briefing.body.startswith("Hi Mads,")


def test_a_plan_over_several_days_names_each_day():
    client, meeting = make()
    later = meeting.with_changes(id="later", title="Workshop", start=START + timedelta(days=3),
                                 end=START + timedelta(days=3, hours=2))
    [plan] = compose_plan(client, [(meeting, "shorter", {}), (later, "cancel", {"reason": "sick"})],
                          settings=SETTINGS, now=FAR)
    assert plan.subject == "Ændringer i vores møder fredag den 4. december og mandag den 7. december"
    assert "- Produktdemo fredag den 4. december kl. 10.00: kan vi nøjes med 30 minutter" in plan.body
    assert "- Workshop mandag den 7. december kl. 10.00: mødet bliver jeg desværre nødt til at aflyse." in plan.body
    assert "Du får de opdaterede invitationer i kalenderen." in plan.body
    assert "korte varsel" not in plan.body


def test_a_plan_of_one_change_is_that_change_s_own_message():
    client, meeting = make()
    [draft] = compose_plan(client, [(meeting, "shorter", {"new_minutes": 45})], settings=SETTINGS, now=FAR)
    assert draft.body == one(meeting, client, "shorter", new_minutes=45).body
    with pytest.raises(PlannerError, match="nothing to write"):
        compose_plan(client, [(meeting, "keep", {})], settings=SETTINGS, now=FAR)


# --- dates, lengths, the plain text ---------------------------------------------------------------


def test_lengths_read_naturally():
    assert [format_duration(n, "en") for n in (30, 60, 90, 120, 150, 135)] == [
        "30 minutes", "an hour", "90 minutes", "2 hours", "2½ hours", "2 hours and 15 minutes"]
    assert [format_duration(n, "da") for n in (1, 60, 150, 135)] == [
        "1 minut", "en time", "2½ time", "2 timer og 15 minutter"]


def test_danish_messages_keep_aeoeaa_and_danish_dates():
    client, meeting = make(title="Årsmøde på Ærø")
    for strategy in ("phone", "shorter", "reschedule", "cancel"):
        draft = one(meeting, client, strategy, slots=slots())
        text = plain_body(draft)
        assert "fredag den 4. december kl. 10.00 (Årsmøde på Ærø)" in text
        assert "Ã" not in text and "\\" not in text
