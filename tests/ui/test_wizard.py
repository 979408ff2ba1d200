"""The “get me out of this meeting” wizard as a new user meets it on the demo week: select a
meeting, press c, answer, pick a strategy, adjust and export the message, apply the change, and
see the week's load change. Also back/escape, keep, undo, template errors and small terminals."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.domain.load import DayStatus
from planner.domain.models import Location, Status
from support.ui import (
    TODAY, WIDE, choose_reason, column_text, make_app, meeting_by_title, open_demo, pick, screen_text, select, week,
    widget_text,
)


@pytest.fixture
def demo(tmp_path):
    store = open_demo(tmp_path / "planner.json")
    store.save_settings(store.settings().with_changes(drafts_dir=str(tmp_path / "drafts")))
    yield store
    store.close()


def drafts_dir(store) -> Path:
    return Path(store.settings().drafts_dir)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def advice_text(app) -> str:
    """The suggestions of step 4, as the list shows them."""
    from textual.widgets import OptionList

    options = app.screen.query_one("#suggestions", OptionList)
    return "\n".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))


def step_line(app) -> str:
    return str(app.screen.query_one("#wizard-step").content)


async def walk_to_advice(pilot, title: str, reason: str) -> None:
    await select(pilot, title)
    await pilot.press("c")
    await pilot.pause()
    assert "Step 1 of 6" in step_line(pilot.app)
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert "Step 2 of 6" in step_line(pilot.app)
    await choose_reason(pilot, reason)
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert "Step 3 of 6" in step_line(pilot.app)
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert "Step 4 of 6" in step_line(pilot.app)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", "\n": "enter"}.get(c, c) for c in text])
    await pilot.pause()


def editors(app):
    from planner.ui.widgets.message_editor import MessageEditor

    return list(app.screen.query(MessageEditor))


async def set_language(pilot, lang: str) -> None:
    from textual.widgets import Select

    select = pilot.app.screen.query_one("#language", Select)
    if select.value != lang:
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
    assert select.value == lang
    assert all(e.original.language == lang for e in editors(pilot.app))


async def edit_message(pilot, text: str, index: int = 0) -> None:
    """Type at the start of a message's text, as a user would."""
    from textual.widgets import TextArea

    area = editors(pilot.app)[index].query_one("#body", TextArea)
    area.focus()
    area.move_cursor((0, 0))
    await pilot.pause()
    await type_text(pilot, text)


def exported(store) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(drafts_dir(store).glob("*.md"))}


def tuesday(app):
    return week(app).week.days[1]


SUBJECT = {"en": "Subject: ", "da": "Emne: "}


# --- end to end, one strategy at a time, in both languages --------------------------------------


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_phone_instead_of_the_trip(demo, lang):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
        assert "Tue 1 Dec is OVERLOADED" in widget_text(app)
        assert "Phone instead saves 2 × 20 min of travel" in advice_text(app)
        await pick(pilot, "phone")
        assert "Step 5 of 6" in step_line(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 6 of 6" in step_line(app)
        await set_language(pilot, lang)
        mine = "Ring på 20 30 40 50. " if lang == "da" else "Call me on 20 30 40 50. "
        await edit_message(pilot, mine)
        editor = editors(app)[0]
        assert editor.body.startswith(mine)
        assert editor.query_one("#preview").source.startswith(mine)  # the preview follows the text
        await pilot.press("ctrl+s")
        await pilot.pause()
        files = exported(demo)
        assert list(files) == ["2026-12-01-koebenhavns-kaffekompagni-phone.md"]
        body = files["2026-12-01-koebenhavns-kaffekompagni-phone.md"]
        assert body.startswith(SUBJECT[lang])
        assert mine in body  # the edited text is what gets exported
        assert ("telefon" in body) if lang == "da" else ("phone" in body)
        assert any("Exported to" in n and "koebenhavns-kaffekompagni-phone.md" in n for n in notices(app))
        [draft] = demo.drafts()
        assert draft.strategy == "phone" and draft.language == lang and draft.path.endswith("-phone.md")
        assert draft.body.startswith(mine)

        await pilot.press("ctrl+r")
        await pilot.pause()
        meeting = meeting_by_title(demo, "Smagning af nye etiketter")
        assert meeting.status is Status.PHONE and meeting.location is Location.PHONE
        assert "Calendar: now a phone call" in widget_text(app)
        await pilot.press("ctrl+n")  # done: exported, nothing to lose
        await pilot.pause()
        assert week(app) is app.screen
        assert tuesday(app).meeting_minutes == 390 - 40  # the trip both ways is gone


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_email_takes_tuesday_out_of_overload(demo, lang):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert tuesday(app).status is DayStatus.OVERLOADED
        await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
        from textual.widgets import OptionList

        first = app.screen.query_one("#suggestions", OptionList).get_option_at_index(0)
        assert first.id == "email"  # flexible client, routine topic: the top pick
        assert "Day afterwards: busy, 4 h 50 min (now 6 h 30 min)" in str(first.prompt)
        await pick(pilot, "email")
        await pilot.pause()
        assert app.focused.id == "summary"
        await type_text(pilot, "- nye etiketter er godkendt\n- prøver sendes fredag")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await set_language(pilot, lang)
        assert "Before → after: Tue 1 Dec OVERLOADED 6 h 30 min (6) → busy 4 h 50 min (5)" in widget_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Before → now: Tue 1 Dec OVERLOADED 6 h 30 min (6) → busy 4 h 50 min (5)" in widget_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [(name, body)] = exported(demo).items()
        assert name == "2026-12-01-koebenhavns-kaffekompagni-email.md"
        assert body.startswith(SUBJECT[lang])
        assert "- nye etiketter er godkendt\n- prøver sendes fredag" in body
        assert "Til: Ask Frølich, ask@kaffekompagni.dk" in body if lang == "da" else "To: Ask Frølich" in body
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.EMAIL
        await pilot.press("ctrl+n")
        await pilot.pause()
        # The week shows it: Tuesday is no longer overloaded.
        assert tuesday(app).status is DayStatus.BUSY
        assert "OVERLOADED" not in column_text(app, 1)
        assert "busy  4h50/5h" in column_text(app, 1)
        # u on the week undoes the change.
        await pilot.press("u")
        await pilot.pause()
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.PLANNED
        assert "OVERLOADED" in column_text(app, 1)


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_shorter_account_review(demo, lang):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Account review Q4", "repetitive")
        assert "You have met Nordlys Energi A/S 3 times in the last 6 weeks" in advice_text(app)
        await pick(pilot, "shorter")
        from textual.widgets import Input

        length = app.screen.query_one("#new-length", Input)
        assert length.value == "30m"  # 90 min becomes 30
        length.focus()
        length.value = ""
        await type_text(pilot, "2h")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 5 of 6" in step_line(app)  # longer than it is: not accepted
        assert "shorter than the 1 h 30 min it lasts now" in widget_text(app)
        length.value = ""
        await type_text(pilot, "45")
        await pilot.press("enter")
        await pilot.pause()
        assert "Step 6 of 6" in step_line(app)
        await set_language(pilot, lang)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [(name, body)] = exported(demo).items()
        assert name == "2026-12-03-nordlys-energi-a-s-shorter.md"
        assert ("45 minutter" in body) if lang == "da" else ("45 minutes" in body)
        await pilot.press("ctrl+r")
        await pilot.pause()
        meeting = meeting_by_title(demo, "Account review Q4")
        assert meeting.minutes == 45 and meeting.status is Status.SHORTENED
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert week(app).week.days[3].meeting_minutes == 250 - 45


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_delegate_writes_the_note_and_the_briefing(demo, lang):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Facadeskitser: gennemgang", "workload")
        from textual.widgets import OptionList

        options = app.screen.query_one("#suggestions", OptionList)
        assert options.get_option_at_index(0).id == "delegate"
        assert "Jonas leads this meeting" in str(options.get_option_at_index(0).prompt)
        await pick(pilot, "delegate")
        from textual.widgets import Input, TextArea

        assert app.screen.query_one("#delegate-colleague", Input).value == "Jonas"
        points = app.screen.query_one("#talking-points", TextArea)
        points.focus()
        points.move_cursor(points.document.end)
        await type_text(pilot, "\nHusk tegningerne fra mandag")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await set_language(pilot, lang)
        assert len(editors(app)) == 2  # the note to the client and the briefing for Jonas
        assert "Briefing for Jonas" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        files = exported(demo)
        assert sorted(files) == [
            "2026-12-01-boelgen-arkitekter-delegate-briefing.md",
            "2026-12-01-boelgen-arkitekter-delegate.md",
        ]
        briefing = files["2026-12-01-boelgen-arkitekter-delegate-briefing.md"]
        assert "- Husk tegningerne fra mandag" in briefing
        assert "Jonas" in briefing
        assert "Line" in files["2026-12-01-boelgen-arkitekter-delegate.md"]  # Line Østergaard, the contact
        assert sorted(d.kind for d in demo.drafts()) == ["briefing", "client"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        meeting = meeting_by_title(demo, "Facadeskitser: gennemgang")
        assert meeting.status is Status.DELEGATED and meeting.lead == "Jonas"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert tuesday(app).meeting_minutes == 390 - 40
        assert tuesday(app).meeting_count == 5


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_reschedule_moves_it_to_the_picked_slot(demo, lang):
    from textual.widgets import Select, SelectionList

    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Smagning af nye etiketter", "conflict")
        await pick(pilot, "reschedule")
        offer = app.screen.query_one("#offer", SelectionList)
        assert offer.option_count == 3
        assert "Mon 7 Dec 09:00-10:00" in str(offer.get_option_at_index(0).prompt)
        assert app.focused is offer
        await pilot.press("down", "down", "space")  # untick Wed 9 Dec
        await pilot.pause()
        assert sorted(offer.selected) == [0, 1]
        move_to = app.screen.query_one("#move-to", Select)
        move_to.value = 1  # Tue 8 Dec
        await pilot.press("ctrl+n")
        await pilot.pause()
        await set_language(pilot, lang)
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = widget_text(app)
        assert "Tue 1 Dec OVERLOADED 6 h 30 min (6) → busy 4 h 50 min (5)" in text
        assert "Tue 8 Dec ok 0 min (0) → ok 1 h 40 min (1)" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        [(name, body)] = exported(demo).items()
        assert name == "2026-12-01-koebenhavns-kaffekompagni-reschedule.md"
        if lang == "da":
            assert "mandag den 7. december kl. 9.00–10.00" in body
            assert "tirsdag den 8. december" in body and "onsdag den 9. december" not in body
        else:
            assert "Monday 7 December, 09:00–10:00" in body
            assert "Tuesday 8 December" in body and "Wednesday 9 December" not in body
        meeting = meeting_by_title(demo, "Smagning af nye etiketter")
        assert meeting.status is Status.RESCHEDULED
        assert (meeting.start.day, meeting.start.hour) == (8, 9)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert tuesday(app).status is DayStatus.BUSY
        assert "Smagning af nye etiketter" not in column_text(app, 1)


# --- keep, undo, back and escape ------------------------------------------------------------------


async def test_keep_for_a_key_client_and_a_weak_reason(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Kampagneplan 2027", "dislike")
        from textual.widgets import OptionList

        top = app.screen.query_one("#suggestions", OptionList).get_option_at_index(0)
        assert top.id == "keep"
        assert "[VIP] Ærø & Co is a key client and disliking meetings is not a strong reason" in str(top.prompt)
        await pick(pilot, "keep")
        assert "Step 5 of 5" in step_line(app)
        assert "No message is needed" in widget_text(app)
        await pilot.press("ctrl+n")  # mark as kept
        await pilot.pause()
        assert app.screen is week(app)
        assert meeting_by_title(demo, "Kampagneplan 2027").status is Status.KEPT
        assert demo.drafts() == [] and not drafts_dir(demo).exists()
        await pilot.press("u")
        await pilot.pause()
        assert meeting_by_title(demo, "Kampagneplan 2027").status is Status.PLANNED


async def test_apply_is_undone_in_the_wizard(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Workshop: ny webshop", "workload")
        await pick(pilot, "phone")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert meeting_by_title(demo, "Workshop: ny webshop").status is Status.PHONE
        assert app.last_deleted is not None  # the week's u could undo it too
        assert "Undo change" in screen_text(app)  # the footer and the button say what ^r does now
        await pilot.press("ctrl+r")
        await pilot.pause()
        meeting = meeting_by_title(demo, "Workshop: ny webshop")
        assert meeting.status is Status.PLANNED and meeting.location is Location.CLIENT_SITE
        assert meeting.travel_minutes == 35
        assert app.last_deleted is None
        assert "Calendar: not changed yet" in widget_text(app)


async def test_back_keeps_answers_and_escape_asks_before_throwing_them_away(demo):
    from planner.ui.screens.confirm import ConfirmScreen
    from planner.ui.screens.wizard import WizardScreen

    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await select(pilot, "Smagning af nye etiketter")
        # Untouched first step: escape closes at once.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is week(app)
        # With answers: escape asks; "n" stays where it was, answers intact.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await choose_reason(pilot, "repetitive")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 3 of 6" in step_line(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Your answers will be thrown away" in widget_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert "Step 3 of 6" in step_line(app)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "Step 2 of 6" in step_line(app)
        assert app.screen.query_one("#reason").pressed_button.id == "reason-repetitive"
        await pilot.press("ctrl+b", "ctrl+b")  # back on step 1 goes nowhere
        await pilot.pause()
        assert "Step 1 of 6" in step_line(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is week(app)
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.PLANNED
        assert demo.drafts() == []


async def test_closing_an_unexported_message_asks_and_says_the_change_stays(demo):
    from planner.ui.screens.confirm import ConfirmScreen

    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "email")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+n")  # done, but nothing exported
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = widget_text(app)
        assert "The message has not been exported" in question
        assert "The calendar change stays" in question
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is week(app)
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.EMAIL


async def test_invalid_answers_are_explained_next_to_the_field(demo):
    from textual.widgets import Input, Select

    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await select(pilot, "Kampagneplan 2027")
        await pilot.press("c")
        await pilot.pause()
        share = app.screen.query_one("#share", Input)
        share.value = "lots"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 1 of 6" in step_line(app)
        assert 'type a percentage like "25"' in widget_text(app)
        share.value = "30 %"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+n")  # no reason yet
        await pilot.pause()
        assert "Step 2 of 6" in step_line(app)
        assert "Pick a reason first" in widget_text(app)
        await choose_reason(pilot, "workload")
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.query_one("#lead", Select).value = "colleague"
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 3 of 6" in step_line(app)
        assert "type the name of the colleague who leads it" in widget_text(app)
        app.screen.query_one("#colleague", Input).value = "Mads Ørsted"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 4 of 6" in step_line(app)
        assert "Mads Ørsted leads this meeting" in advice_text(app)


async def test_copy_says_it_may_not_reach_the_clipboard(demo):
    app = make_app(demo)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "phone")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert len(copied) == 1 and copied[0].startswith("Emne: ")
        assert "Hej Ask" in copied[0]
        assert any("Copied (if your terminal allows it); export to file to be sure" in n for n in notices(app))


async def test_export_never_overwrites(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "phone")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        first = exported(demo)
        await edit_message(pilot, "PS: ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        files = exported(demo)
        assert sorted(files) == [
            "2026-12-01-koebenhavns-kaffekompagni-phone-2.md",
            "2026-12-01-koebenhavns-kaffekompagni-phone.md",
        ]
        assert files["2026-12-01-koebenhavns-kaffekompagni-phone.md"] == first["2026-12-01-koebenhavns-kaffekompagni-phone.md"]
        assert "PS: " in files["2026-12-01-koebenhavns-kaffekompagni-phone-2.md"]
        assert len(demo.drafts()) == 2


# --- templates ------------------------------------------------------------------------------------


@pytest.fixture
def broken_template(tmp_path, monkeypatch):
    """A user template (English phone) with an unknown placeholder, in the config folder."""
    from planner.resources import config_dir

    path = config_dir() / "templates" / "en" / "phone.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\nsubject: Phone $meeting_date\n---\nHi $contact, call me on $mobile.\n", encoding="utf-8")
    return path


async def test_broken_user_template_gives_a_start_notice_and_a_clear_error(demo, broken_template):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        start = [n for n in notices(app) if "unknown placeholder $mobile" in n]
        assert start and str(broken_template) in start[0]
        await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
        await pick(pilot, "phone")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(editors(app)) == 1  # Danish (the client's language) is fine
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        text = widget_text(app)
        assert "The message cannot be written" in text
        assert "unknown placeholder $mobile" in text and str(broken_template) in text
        assert editors(app) == []
        await pilot.press("ctrl+s", "ctrl+o")  # nothing to export or copy: nothing happens
        await pilot.pause()
        assert not drafts_dir(demo).exists()
        await pilot.press("ctrl+r")  # the calendar change still works
        await pilot.pause()
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.PHONE
        await pilot.press("ctrl+l")  # back to Danish: the message is there again
        await pilot.pause()
        await pilot.pause()
        assert len(editors(app)) == 1
        assert "The message cannot be written" not in widget_text(app)


# --- how it opens, small terminals, user text ----------------------------------------------------


async def test_c_needs_a_meeting_that_still_takes_time(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        meeting = meeting_by_title(demo, "Opfølgning")
        demo.save_meeting(meeting.with_changes(status=Status.CANCELLED))
        week(app).refresh_week()
        await select(pilot, "Opfølgning")
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is week(app)
        assert any("“Opfølgning” is already cancelled" in n for n in notices(app))


async def test_help_footer_and_palette_know_c_and_d(demo):
    app = make_app(demo)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        assert "c Get out" in screen_text(app) and "D Drafts" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = widget_text(app)
        assert "Get me out of this meeting: Advice for the selected meeting" in text
        assert "Drafts: The messages written so far" in text
        await pilot.press("escape")
        await pilot.pause()
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Get me out of this meeting" in names and "Drafts" in names


async def test_user_text_is_not_markup(demo):
    app = make_app(demo)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await select(pilot, "Kampagneplan 2027")
        await pilot.press("c")
        await pilot.pause()
        assert "[VIP] Ærø & Co: Kampagneplan 2027, Tue 1 Dec 10:35-11:30" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals(demo, size):
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        week(app).show_week(TODAY, meeting_id=meeting_by_title(demo, "Smagning af nye etiketter").id)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await choose_reason(pilot, "workload")
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        await pick(pilot, "email")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Step 6 of 6" in step_line(app)
        next_button = app.screen.query_one("#next")
        if size == (80, 24):
            text = screen_text(app)
            assert "Done ^n" in text and "Export ^s" in text and "Apply ^r" in text
            assert "^l Language" in text
            assert next_button.region.bottom <= 23
        await pilot.press("ctrl+r", "ctrl+s")
        await pilot.pause()
        assert meeting_by_title(demo, "Smagning af nye etiketter").status is Status.EMAIL
        assert len(exported(demo)) == 1


async def test_read_only_planner_exports_but_does_not_change_the_calendar(tmp_path):
    from planner.services.store import Store

    store = open_demo(tmp_path / "planner.json")
    store.save_settings(store.settings().with_changes(drafts_dir=str(tmp_path / "drafts")))
    store.close()
    with Store.open(tmp_path / "planner.json", read_only=True) as readonly:
        app = make_app(readonly)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await walk_to_advice(pilot, "Smagning af nye etiketter", "workload")
            await pick(pilot, "phone")
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert any(n.startswith("Read-only: the change cannot be saved") for n in notices(app))
            assert meeting_by_title(readonly, "Smagning af nye etiketter").status is Status.PLANNED
            assert "Calendar: not changed yet" in widget_text(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert [p.name for p in (tmp_path / "drafts").glob("*.md")] == [
                "2026-12-01-koebenhavns-kaffekompagni-phone.md"
            ]
            assert any("not listed under D: the planner is read-only" in n for n in notices(app))
            assert readonly.drafts() == []
