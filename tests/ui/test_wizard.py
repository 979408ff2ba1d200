"""The “get me out of this meeting” wizard as a person walks it on the demo week: the keys they
press, what the screen says, what lands in the calendar and the drafts folder. (Its decisions are
tested without a screen in tests/app/test_wizard.py.)

The clock is Monday, 30 November 08:00, so the whole demo week is still ahead.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain.models import Location, Status
from support.ui import (
    MONDAY, WIDE, editors, make_app, meeting_by_title, notices, open_demo, open_on, pick, screen_text, step_line,
    to_advice, to_message, type_into, until, week, widget_text,
)



def drafts_dir(store) -> Path:
    return Path(store.settings().drafts_dir)


def exported(store) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(drafts_dir(store).glob("*.md"))}






def advice_text(app) -> str:
    from textual.widgets import OptionList

    found = app.screen.query_one("#suggestions", OptionList)
    return "\n".join(str(found.get_option_at_index(i).prompt) for i in range(found.option_count))


def options(app) -> list[str]:
    from textual.widgets import OptionList

    found = app.screen.query_one("#suggestions", OptionList)
    return [found.get_option_at_index(i).id for i in range(found.option_count) if found.get_option_at_index(i).id]




# --- end to end ---------------------------------------------------------------------------------------


async def test_a_short_video_call_instead_of_the_trip(demo):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Workshop: ny webshop", "workload")
        assert "A 45-min call (phone or video) instead of 60 min at their office" in advice_text(app)
        await pick(pilot, "phone")
        await pilot.press("down", "enter")  # the radio set: from phone to video
        await until(pilot, lambda: app.screen.query_one("#by").pressed_button.id == "by-video")
        await type_into(pilot, "#new-length", "40m")
        await to_message(pilot)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(exported(demo)) == 1)
        [(name, text)] = exported(demo).items()
        assert name == "2026-12-03-fjordhus-bryggeri-phone.md"
        assert text.startswith("Emne: ")  # Fjordhus writes in Danish
        await pilot.press("ctrl+r")
        await until(pilot, lambda: meeting_by_title(demo, "Workshop: ny webshop").status is Status.PHONE)
        changed = meeting_by_title(demo, "Workshop: ny webshop")
        assert (changed.location, changed.minutes, changed.travel_minutes) == (Location.VIDEO, 40, 0)
        assert "Calendar: now a video call of 40 min" in widget_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is week(app))
        assert week(app).selected_meeting.location is Location.VIDEO


async def test_a_clash_resolved_by_a_new_time(demo):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Quarterly KPIs", "conflict")
        assert "Clashes with Nordlys Energi A/S 14:30-15:15" in widget_text(app)
        assert options(app)[0] in ("reschedule", "shorter")
        await pick(pilot, "reschedule")
        assert "Free times in the next 10 work days" in widget_text(app)
        await to_message(pilot)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: meeting_by_title(demo, "Quarterly KPIs").status is Status.RESCHEDULED)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(exported(demo)) == 1)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is week(app))
        wednesday = week(app).week.days[2]
        assert not wednesday.double_booked


async def test_a_meeting_that_has_ended_is_refused(demo):
    app = make_app(demo, today=date(2026, 12, 2))  # Wednesday: Tuesday's meetings are over
    async with app.run_test(size=WIDE) as pilot:
        screen = week(app)
        screen.show_week(MONDAY, meeting_id=meeting_by_title(demo, "Kampagneplan 2027").id)
        await until(pilot, lambda: screen.selected_meeting is not None)
        await pilot.press("c")
        await until(pilot, lambda: any("ended Tue 1 Dec, 11:30" in n for n in notices(app)))
        assert app.screen is screen


async def test_keep_for_a_key_client_and_a_weak_reason(demo):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Kampagneplan 2027", "dislike")
        assert options(app)[0] == "keep"
        await pick(pilot, "keep")
        assert "Step 5 of 5" in step_line(app) and "the article says keep it" in widget_text(app)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is week(app))
        assert meeting_by_title(demo, "Kampagneplan 2027").status is Status.KEPT
        await pilot.press("u")  # the week's undo takes it back
        await until(pilot, lambda: meeting_by_title(demo, "Kampagneplan 2027").status is Status.PLANNED)


async def test_delegate_writes_the_note_and_the_briefing(demo):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Byggemøde", "workload")
        assert options(app)[0] == "delegate"
        await pick(pilot, "delegate")
        await to_message(pilot)
        assert len(editors(app)) == 2
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(exported(demo)) == 2)
        names = sorted(exported(demo))
        assert names == ["2026-12-02-boelgen-arkitekter-delegate-briefing.md", "2026-12-02-boelgen-arkitekter-delegate.md"]
        assert len(demo.drafts()) == 2


async def test_back_keeps_answers_and_escape_asks_before_throwing_them_away(demo):
    from textual.widgets import Input

    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Statusmøde", "workload")
        await pilot.press("ctrl+b", "ctrl+b", "ctrl+b")
        await until(pilot, lambda: "Step 1 of 6" in step_line(app))
        assert app.screen.query_one("#reason").pressed_button.id == "reason-workload"
        share = app.screen.query_one("#share", Input)
        share.value = "35"
        await pilot.press("escape")
        await until(pilot, lambda: "Close the wizard? Your answers will be thrown away." in widget_text(app))
        await pilot.press("escape")  # stay
        await until(pilot, lambda: "Step 1 of 6" in step_line(app))
        assert app.screen.query_one("#share", Input).value == "35"


async def test_invalid_answers_are_explained_next_to_the_field(demo):
    from textual.widgets import Input

    from support.ui import field_message

    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await open_on(pilot, "Statusmøde")
        app.screen.query_one("#share", Input).value = "lots"
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "is not a percentage" in field_message(app, "share"))
        assert "Step 1 of 6" in step_line(app)
        app.screen.query_one("#share", Input).value = "21"
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Step 2 of 6" in step_line(app))
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Pick a reason first" in widget_text(app))


async def test_a_broken_user_template_says_so_and_the_change_can_still_be_applied(demo, tmp_path, monkeypatch):
    folder = Path(tmp_path / "config" / "templates" / "da")
    folder.mkdir(parents=True)
    for name in ("phone.md", "phone-shorter.md"):  # a call, and a shorter call
        (folder / name).write_text("---\nsubject: Hej\n---\nRing på $mobile\n", encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG_DIR", str(tmp_path / "config"))
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: any("unknown placeholder $mobile" in n for n in notices(app)))
        await to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "phone")
        await to_message(pilot)
        assert "The message cannot be written" in widget_text(app) and "$mobile" in widget_text(app)
        assert editors(app) == []
        await pilot.press("ctrl+r")
        await until(pilot, lambda: meeting_by_title(demo, "Smagning af nye etiketter").status is Status.PHONE)
        await pilot.press("ctrl+l")  # English: the shipped template is fine
        await until(pilot, lambda: len(editors(app)) == 1)
        assert "cannot be written" not in widget_text(app)


async def test_the_message_language_switch_asks_before_throwing_edits_away(demo):
    from textual.widgets import TextArea

    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "email")
        await to_message(pilot)
        body = editors(app)[0].query_one("#body", TextArea)
        assert "Hej" in body.text
        body.focus()
        await pilot.press("X", "Y")
        await until(pilot, lambda: editors(app)[0].edited)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: "Your edits to the text are lost" in widget_text(app))
        await pilot.press("y")  # rewrite it
        await until(pilot, lambda: editors(app) and "Hi " in editors(app)[0].body)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals(demo, size):
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=size) as pilot:
        await to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "email")
        from textual.widgets import TextArea

        app.screen.query_one("#summary", TextArea).focus()
        await pilot.press(*"Godkendt")  # what the email covers: an email without it is not exported
        await to_message(pilot)
        if size == (80, 24):
            text = screen_text(app)
            assert "Done ^n" in text and "Export ^s" in text and "Apply ^r" in text
            assert app.screen.query_one("#next").region.bottom <= 23
        await pilot.press("ctrl+r", "ctrl+s")
        await until(pilot, lambda: len(exported(demo)) == 1)
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.EMAIL


async def test_read_only_planner_exports_but_does_not_change_the_calendar(tmp_path):
    from planner.services.store import Store

    store = open_demo(tmp_path / "planner.json")
    store.save_settings(store.settings().with_changes(drafts_dir=str(tmp_path / "drafts")))
    store.close()
    with Store.open(tmp_path / "planner.json", read_only=True) as readonly:
        app = make_app(readonly, today=MONDAY)
        async with app.run_test(size=WIDE) as pilot:
            await to_advice(pilot, "Smagning af nye etiketter", "workload")
            await pick(pilot, "phone")
            await to_message(pilot)
            await pilot.press("ctrl+r")
            await until(pilot, lambda: any(n.startswith("Read-only: the change cannot be saved") for n in notices(app)))
            assert meeting_by_title(readonly, "Smagning af nye etiketter").status is Status.PLANNED
            await pilot.press("ctrl+s")
            await until(pilot, lambda: (tmp_path / "drafts").is_dir() and any((tmp_path / "drafts").glob("*.md")))
            assert readonly.drafts() == []


async def test_the_message_as_an_email_draft_and_in_the_mail_program(demo, monkeypatch):
    import email
    from email import policy

    import planner.services.mail as mail

    demo.save_settings(demo.settings().with_changes(email="anna@holm.dk"))
    opened: list[str] = []
    monkeypatch.setattr(mail, "open_in_mail_program", lambda url: opened.append(url) or True)
    app = make_app(demo, today=MONDAY)
    async with app.run_test(size=WIDE) as pilot:
        await to_advice(pilot, "Statusmøde", "workload")
        await pick(pilot, "phone")
        await to_message(pilot)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: any(drafts_dir(demo).glob("*.eml")) if drafts_dir(demo).exists() else False)
        [path] = drafts_dir(demo).glob("*.eml")
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message["From"] == "Anna Holm <anna@holm.dk>" and message["X-Unsent"] == "1"
        assert message.get_body(("plain",)).get_content().startswith("Hej Søren,")
        # The calendar update rides along: the meeting was made in planner, so Anna organises it.
        assert any(part.get_content_type() == "text/calendar" for part in message.walk())
        app.screen.query_one("#next").focus()  # m types into the text; from a button it opens the mail program
        await pilot.press("m")
        await until(pilot, lambda: any("Opened in your mail program" in n for n in notices(app)))
        assert opened[0].startswith("mailto:soren@aeroeco.dk?subject=")
