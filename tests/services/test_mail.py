"""Email drafts (.eml) as a mail program reads them, the calendar update inside, plain text, mailto.

Every .eml is parsed back with Python's ``email`` package (what Thunderbird's import does with the
file) and every calendar part with icalendar; no mail program is started.
"""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from planner.domain.errors import PlannerError
from planner.domain.models import CallKind, Client, Language, Location, Meeting, Settings, Source, Strategy
from planner.domain.slots import Slot
from planner.services.drafts import UnfilledSummary, compose, compose_plan, export, recipient
from planner.services.mail import (
    MAILTO_LIMIT,
    build_eml,
    clipboard_text,
    draft_mailto,
    export_eml,
    mail_command,
    mailto_link,
    plain_body,
    sender_warning,
)
from planner.services.markdown_text import plain_text
from support import CPH

START = datetime(2026, 12, 4, 10, 0, tzinfo=CPH)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=CPH)
SETTINGS = Settings(name="Karen Juhl", signature="Karen Juhl\nJuhl & Partners", email="karen@juhl.dk")


def make(*, lang=Language.DA, title="Produktdemo", contact="Dr. Åsa O'Brien-Løvgren", name="[VIP] Ærø & Co",
         notes="Vis de tre koncepter", organizer="", lead="me", source=None):
    client = Client(name=name, contact=contact, email="aasa@aeroe.dk", language=lang, notes="CFO: Jens")
    meeting = Meeting(client_id=client.id, title=title, start=START, end=START + timedelta(minutes=90),
                      location=Location.CLIENT_SITE, travel_minutes=30, notes=notes, organizer=organizer,
                      lead=lead, source=source)
    return client, meeting


def slots():
    return [Slot(start=datetime(2026, 12, d, 9, 0, tzinfo=CPH), end=datetime(2026, 12, d, 10, 30, tzinfo=CPH),
                 day_minutes_after=90) for d in (7, 8)]


def occurrences(client):
    first = Meeting(client_id=client.id, title="Ugentlig status", start=START, end=START + timedelta(hours=1))
    return [first.with_changes(id=f"occ{k}", start=START + timedelta(weeks=k), end=START + timedelta(weeks=k, hours=1),
                               source=Source("weekly@acme", (START + timedelta(weeks=k)).strftime("%Y%m%dT%H%M%S")))
            for k in range(6)]


def parse(data: bytes):
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert not message.defects
    for part in message.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
    return message


def parts(message) -> dict[str, list]:
    found: dict[str, list] = {}
    for part in message.walk():
        found.setdefault(part.get_content_type(), []).append(part)
    return found


def text_of(part) -> str:
    """A text part's content as a program reads it (the file has CRLF line ends)."""
    return part.get_content().replace("\r\n", "\n")


def calendar_of(message) -> Calendar | None:
    found = parts(message).get("text/calendar")
    if not found:
        return None
    assert len(found) == 1
    return Calendar.from_ical(found[0].get_content())


# Every kind of message: (label, strategy, keywords); "plan" is a day plan.
CASES = [
    ("phone", "phone", {}),
    ("video", "phone", {"by": CallKind.VIDEO}),
    ("phone-shorter", "phone", {"new_minutes": 30}),
    ("video-shorter", "phone", {"by": "video", "new_minutes": 45}),
    ("shorter", "shorter", {}),
    ("email", "email", {"summary": "Tallene ser fine ud\n- lancering i uge 3"}),
    ("delegate", "delegate", {"colleague": "Mads Kjær"}),
    ("delegate-without-me", "delegate", {"lead": "Mads Kjær"}),
    ("reschedule", "reschedule", {"slots": "slots"}),
    ("reschedule-to", "reschedule", {"new_start": "slot"}),
    ("cancel", "cancel", {"slots": "slots"}),
    ("cancel-sick", "cancel", {"reason": "sick"}),
    ("less-often", "less-often", {"series": True}),
    ("plan", None, {}),
]
# What calendar update each sends for a meeting you organise.
METHOD = {"phone": "REQUEST", "video": "REQUEST", "phone-shorter": "REQUEST", "video-shorter": "REQUEST",
          "shorter": "REQUEST", "email": "CANCEL", "reschedule-to": "REQUEST", "cancel": "CANCEL",
          "cancel-sick": "CANCEL", "less-often": "CANCEL"}


def render_case(label, strategy, keywords, lang, **make_kw):
    """(drafts, meeting, client, details or changes) for one case."""
    keywords = dict(keywords)
    lead = keywords.pop("lead", "me")
    client, meeting = make(lang=lang, lead=lead, **make_kw)
    if keywords.pop("series", False):
        series = occurrences(client)
        meeting = series[0]
        keywords.update(dropped=series[1::2], kept=series[2::2])
    if keywords.get("slots") == "slots":
        keywords["slots"] = slots()
    if keywords.get("new_start") == "slot":
        keywords["new_start"] = slots()[0].start
    if strategy is None:
        later = meeting.with_changes(id="later", title="Workshop", start=START + timedelta(hours=3),
                                     end=START + timedelta(hours=4))
        changes = [(meeting, "shorter", {}), (later, "cancel", {"slots": slots()})]
        return compose_plan(client, changes, settings=SETTINGS, now=NOW), meeting, client, {"changes": changes}
    drafts = compose(meeting, client, strategy, settings=SETTINGS, now=NOW, **keywords)
    details = {k: v for k, v in keywords.items() if k != "recent"}
    return drafts, meeting, client, {"details": details}


@pytest.mark.parametrize("lang", list(Language))
@pytest.mark.parametrize("label,strategy,keywords", CASES, ids=[c[0] for c in CASES])
def test_every_message_renders_as_md_and_eml(tmp_path, label, strategy, keywords, lang):
    drafts, meeting, client, extra = render_case(label, strategy, keywords, lang)
    for draft in drafts:
        name = "day-plan" if label == "plan" and draft.kind == "client" else None
        md = export(draft, tmp_path, client_name=client.name, meeting_day=START.date(), to=recipient(client, draft),
                    name=name)
        assert md.suffix == ".md" and draft.subject in md.read_text(encoding="utf-8")
        path = export_eml(draft, tmp_path, meeting=meeting, client=client, settings=SETTINGS, now=NOW,
                          meeting_day=START.date(), name=name, **extra)
        assert path.suffix == ".eml" and path.stem == md.stem
        message = parse(path.read_bytes())
        assert message["Subject"] == draft.subject
        assert message["X-Unsent"] == "1"
        assert message["From"].addresses[0].addr_spec == "karen@juhl.dk"
        assert message["From"].addresses[0].display_name == "Karen Juhl"
        assert message["Date"].datetime == NOW
        found = parts(message)
        plain = text_of(found["text/plain"][0])
        assert plain == plain_body(draft)
        assert "\\" not in plain and "**" not in plain
        assert "Juhl & Partners" in plain or draft.kind == "briefing"
        html = text_of(found["text/html"][0])
        assert "Juhl &amp; Partners" in html or draft.kind == "briefing"
        if draft.kind == "briefing":
            assert message["To"] is None and calendar_of(message) is None
            continue
        assert message["To"].addresses[0].addr_spec == "aasa@aeroe.dk"
        assert message["To"].addresses[0].display_name == "Dr. Åsa O'Brien-Løvgren"
        method = METHOD.get(label)
        if label == "plan":
            assert "text/calendar" not in found and len(found["application/ics"]) == 2  # two events: attached
            for attachment in found["application/ics"]:
                assert Calendar.from_ical(attachment.get_content())["METHOD"] in ("REQUEST", "CANCEL")
        elif method is None:
            assert "text/calendar" not in found and "application/ics" not in found
        else:
            calendar = calendar_of(message)
            assert calendar["METHOD"] == method
            [attachment] = found["application/ics"]
            assert attachment.get_filename() == "invite.ics"
            assert Calendar.from_ical(attachment.get_content()).to_ical() == calendar.to_ical()
            assert found["text/calendar"][0].get_param("method") == method


def test_the_eml_structure_is_alternative_inside_mixed_with_the_invite():
    client, meeting = make()
    [draft] = compose(meeting, client, "shorter", settings=SETTINGS, now=NOW)
    message = parse(build_eml(draft, meeting, client, SETTINGS, now=NOW))
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html", "text/calendar"]
    assert attachment.get_content_disposition() == "attachment"
    for part in alternative.iter_parts():
        assert part.get_content_charset() == "utf-8"
    raw = build_eml(draft, meeting, client, SETTINGS, now=NOW)
    assert b"\r\n" in raw and b"\r\r\n" not in raw


def test_no_calendar_part_when_the_client_organises():
    client, meeting = make(organizer="aasa@aeroe.dk")
    [draft] = compose(meeting, client, "shorter", settings=SETTINGS, now=NOW)
    message = parse(build_eml(draft, meeting, client, SETTINGS, now=NOW))
    assert message.get_content_type() == "multipart/alternative"
    assert "text/calendar" not in parts(message)
    assert "could you update the invitation?" in plain_body(draft) or "opdatere invitationen" in plain_body(draft)


def test_no_calendar_part_and_no_from_without_your_address():
    client, meeting = make()
    bare = SETTINGS.with_changes(email="")
    [draft] = compose(meeting, client, "cancel", settings=bare, now=NOW)
    message = parse(build_eml(draft, meeting, client, bare, now=NOW))
    assert message["From"] is None and "text/calendar" not in parts(message)
    assert sender_warning(bare) is not None and sender_warning(SETTINGS) is None


def test_shorter_sends_a_new_end_with_the_next_sequence():
    client, meeting = make(lang=Language.EN)
    [draft] = compose(meeting, client, "shorter", settings=SETTINGS, now=NOW)
    calendar = calendar_of(parse(build_eml(draft, meeting, client, SETTINGS, now=NOW, sequences={meeting.id: 2})))
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.id}@planner"
    assert event["SEQUENCE"] == 3
    assert event.decoded("DTSTART") == START and event.decoded("DTEND") == START + timedelta(minutes=30)
    assert str(event["ORGANIZER"]) == "mailto:karen@juhl.dk" and event["ORGANIZER"].params["CN"] == "Karen Juhl"
    assert str(event["ATTENDEE"]) == "mailto:aasa@aeroe.dk" and event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert calendar.walk("VTIMEZONE")  # the zone travels with it


def test_a_call_sends_the_new_location_and_keeps_the_imported_uid():
    source = Source("abc-123@google.com", "20261204T090000Z")
    client, meeting = make(lang=Language.EN, organizer="Karen@Juhl.dk", source=source)
    [draft] = compose(meeting, client, "phone", settings=SETTINGS, by="video", new_minutes=30, now=NOW)
    calendar = calendar_of(parse(build_eml(draft, meeting, client, SETTINGS, now=NOW,
                                           details={"by": "video", "new_minutes": 30})))
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "abc-123@google.com"
    assert event.decoded("RECURRENCE-ID") == datetime(2026, 12, 4, 9, 0, tzinfo=event.decoded("RECURRENCE-ID").tzinfo)
    assert str(event["LOCATION"]) == "Video call"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert event["SEQUENCE"] == 1


def test_a_chosen_new_time_moves_the_event_and_cancel_cancels_it():
    client, meeting = make()
    new = slots()[1].start
    [draft] = compose(meeting, client, "reschedule", settings=SETTINGS, new_start=new, now=NOW)
    [event] = calendar_of(parse(build_eml(draft, meeting, client, SETTINGS, now=NOW,
                                          details={"new_start": new}))).walk("VEVENT")
    assert event.decoded("DTSTART") == new and event.decoded("DTEND") == new + timedelta(minutes=90)
    [draft] = compose(meeting, client, "cancel", settings=SETTINGS, now=NOW)
    calendar = calendar_of(parse(build_eml(draft, meeting, client, SETTINGS, now=NOW)))
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == START


def test_less_often_cancels_the_skipped_occurrences_of_the_series_in_one_update():
    client, _meeting = make()
    series = occurrences(client)
    dropped, kept = series[1::2], series[2::2]
    [draft] = compose(series[0], client, "less-often", settings=SETTINGS, dropped=dropped, kept=kept, now=NOW)
    calendar = calendar_of(parse(build_eml(draft, series[0], client, SETTINGS, now=NOW,
                                           details={"dropped": dropped, "kept": kept})))
    events = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and len(events) == len(dropped)
    assert {str(e["UID"]) for e in events} == {"weekly@acme"}
    assert sorted(e.decoded("RECURRENCE-ID").replace(tzinfo=None) for e in events) == [
        m.start.replace(tzinfo=None) for m in dropped]


def test_a_briefing_goes_to_no_one_and_carries_no_invite():
    client, meeting = make()
    _note, briefing = compose(meeting, client, "delegate", settings=SETTINGS, colleague="Mads", now=NOW)
    message = parse(build_eml(briefing, meeting, client, SETTINGS, now=NOW))
    assert message["To"] is None and "text/calendar" not in parts(message)


def test_an_unfilled_email_and_a_bad_address_are_refused(tmp_path):
    client, meeting = make(notes="")
    [draft] = compose(meeting, client, "email", settings=SETTINGS, now=NOW)
    with pytest.raises(UnfilledSummary):
        export_eml(draft, tmp_path, meeting=meeting, client=client, settings=SETTINGS, now=NOW)
    assert list(tmp_path.iterdir()) == []
    client, meeting = make()
    bad = client.with_changes(email="not an address")
    [draft] = compose(meeting, bad, "phone", settings=SETTINGS, now=NOW)
    with pytest.raises(PlannerError, match="'not an address' is not an email address"):
        build_eml(draft, meeting, bad, SETTINGS, now=NOW)
    idn = client.with_changes(email="aasa@bageriet-ærø.dk")
    message = parse(build_eml(draft, meeting, idn, SETTINGS, now=NOW))
    assert message["To"].addresses[0].domain == "bageriet-ærø.dk".encode("idna").decode() == "xn--bageriet-r-l6a1t.dk"


def test_export_eml_never_overwrites(tmp_path):
    client, meeting = make()
    [draft] = compose(meeting, client, "phone", settings=SETTINGS, now=NOW)
    first = tmp_path / "2026-12-04-vip-aeroe-co-phone.eml"
    first.write_bytes(b"mine")
    path = export_eml(draft, tmp_path, meeting=meeting, client=client, settings=SETTINGS, now=NOW)
    assert path.name == "2026-12-04-vip-aeroe-co-phone-2.eml" and draft.path == str(path)
    assert first.read_bytes() == b"mine"
    assert {p.name for p in tmp_path.iterdir()} == {first.name, path.name}  # no temp files left


# --- user text never becomes markup ---------------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
                min_size=1, max_size=30).filter(lambda s: s.strip())
_HOSTILE = st.sampled_from(["Q4 *final* review_v2 [draft]", "<script>alert(1)</script>", "[VIP] Ærø & Co",
                            "<b>bold</b> & <i>x</i>", "`code` __init__ ~~~", "# heading", "1. first", "&amp; &#65;",
                            "[click](javascript:alert(1))", "<https://evil.example>", "a | b", "- dash"])
_VALUE = st.one_of(_HOSTILE, _TEXT)
_ALLOWED_TAGS = {"html", "head", "meta", "title", "body", "p", "br", "ul", "li", "strong"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_VALUE, contact=_VALUE, name=_VALUE, notes=_VALUE, strategy=st.sampled_from(["phone", "email", "delegate"]),
       lang=st.sampled_from(list(Language)))
def test_user_text_is_plain_in_the_text_part_and_never_html_in_the_html_part(title, contact, name, notes, strategy, lang):
    client = Client(name=name, contact=f"Anna {contact}", email="anna@example.com", language=lang, notes=notes)
    meeting = Meeting(client_id=client.id, title=title, start=START, end=START + timedelta(minutes=90),
                      location=Location.CLIENT_SITE, notes=notes)
    drafts = compose(meeting, client, strategy, settings=SETTINGS, now=NOW, colleague=f"Mads {contact}",
                     summary=notes)
    for draft in drafts:
        message = parse(build_eml(draft, meeting, client, SETTINGS, now=NOW))
        found = parts(message)
        plain = text_of(found["text/plain"][0])
        assert f"({_one_line(title)})" in plain  # literally, without escapes
        if strategy == "email" or draft.kind == "briefing":
            assert _one_line(notes) in plain
        tags = _Tags()
        tags.feed(text_of(found["text/html"][0]))
        assert tags.tags <= _ALLOWED_TAGS, tags.tags
        assert f"({_one_line(title)})" in "".join(tags.text)
        assert message["Subject"] == draft.subject
        calendar = calendar_of(message)
        if calendar is not None:
            assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == _one_line(title)


def test_plain_text_of_an_edited_body():
    body = ("Hi \\*Jane\\*,\n\n**Points**\n\n- one [draft]\n- two\n\n1. first\n2. second\n\n"
            "See [the plan](https://example.com/plan) or <https://example.com>.  \nThanks,  \nAnna\n")
    assert plain_text(body) == (
        "Hi *Jane*,\n\nPoints\n\n- one [draft]\n- two\n\n1. first\n2. second\n\n"
        "See the plan (https://example.com/plan) or https://example.com.\nThanks,\nAnna\n"
    )
    assert plain_text("<b>typed</b> &amp; kept") == "<b>typed</b> & kept\n"


# --- copy and mailto ------------------------------------------------------------------------------


def test_clipboard_text_is_the_plain_message():
    client, meeting = make(lang=Language.EN, title="Q4 *final* review_v2 [draft]")
    [draft] = compose(meeting, client, "phone", settings=SETTINGS, now=NOW)
    text = clipboard_text(draft, to=recipient(client, draft))
    assert text.startswith("Subject: Our meeting on Friday 4 December: could we do it by phone?\n"
                           "To: Dr. Åsa O'Brien-Løvgren, aasa@aeroe.dk\n\nHi Åsa,\n")
    assert "(Q4 *final* review_v2 [draft])" in text and "\\" not in text


def test_mailto_link_carries_to_subject_and_the_plain_text():
    client, meeting = make(title="Q4 *final* & more")
    [draft] = compose(meeting, client, "phone", settings=SETTINGS, now=NOW)
    link = draft_mailto(draft, client)
    assert link.fits and link.url.startswith("mailto:aasa@aeroe.dk?subject=")
    query = link.url.split("?", 1)[1]
    fields = dict(pair.split("=", 1) for pair in query.split("&"))
    assert set(fields) == {"subject", "body"}
    assert unquote(fields["subject"]) == draft.subject
    assert unquote(fields["body"]) == plain_body(draft).replace("\n", "\r\n")
    assert " " not in link.url and "\n" not in link.url and "%0D%0A" in link.url
    assert "%C3%B8" in link.url  # ø as UTF-8


def test_a_mailto_link_that_is_too_long_says_so():
    long = mailto_link("a@b.dk", "Hej", "Ærø " * 400)
    assert not long.fits and len(long.url) > MAILTO_LIMIT
    assert mailto_link("a@b.dk", "Hej", "kort").fits


def test_the_mail_program_command_per_platform(monkeypatch):
    url = "mailto:a@b.dk?subject=x"
    assert mail_command(url, "darwin") == ["open", url]
    assert mail_command(url, "win32") is None
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/xdg-open" if name == "xdg-open" else None)
    assert mail_command(url, "linux") == ["/usr/bin/xdg-open", url]
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert mail_command(url, "linux") is None


def test_briefings_and_plans_get_the_right_mailto_recipient():
    client, meeting = make()
    note, briefing = compose(meeting, client, Strategy.DELEGATE, settings=SETTINGS, colleague="Mads", now=NOW)
    assert draft_mailto(note, client).url.startswith("mailto:aasa@aeroe.dk?")
    assert draft_mailto(briefing, client).url.startswith("mailto:?subject=")
