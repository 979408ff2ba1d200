"""Message templates: the shipped ones, user overrides, checks, Markdown escaping, dates in Danish."""

from __future__ import annotations

import os
import re
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.models import Language
from planner.services.drafts import markdown_parser
from planner.services.templates import (
    PLACEHOLDERS,
    TEMPLATE_LIMIT,
    TEMPLATE_NAMES,
    TemplateError,
    check_templates,
    format_date,
    format_duration,
    format_span,
    format_time,
    load_template,
    md_block,
    md_escape,
    md_lines,
    parse_template,
    render,
    shipped_templates_dir,
    template_path,
    user_templates_dir,
)

TZ = ZoneInfo("Europe/Copenhagen")


def inline_text(markdown: str) -> str:
    """The text a reader sees, asserting it is one plain paragraph: no emphasis, link, code, HTML,
    heading or list crept in."""
    tokens = markdown_parser().parse(markdown)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], [t.type for t in tokens]
    parts = []
    for child in tokens[1].children:
        assert child.type in ("text", "softbreak"), child.type
        parts.append("\n" if child.type == "softbreak" else child.content)
    return "".join(parts)


def user_template(name: str, lang: str, text: str) -> Path:
    path = user_templates_dir() / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped templates ------------------------------------------------------------------------


def test_shipped_templates_are_all_there_and_valid():
    assert check_templates() == []
    for lang in Language:
        for name in TEMPLATE_NAMES:
            template = load_template(name, lang)
            assert not template.user
            assert template.path == shipped_templates_dir() / lang.value / f"{name}.md"
            assert template.subject.strip()
            assert template.placeholders <= PLACEHOLDERS


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_danish_templates_are_danish(name):
    text = (shipped_templates_dir() / "da" / f"{name}.md").read_text(encoding="utf-8")
    assert any(ch in text for ch in "æøå"), "Danish text without æ, ø or å is suspicious"
    assert "Ã" not in text  # no mojibake
    greeting = "Hej $colleague_first_name," if name == "delegate-briefing" else "$greeting"
    assert greeting in text
    words = re.sub(r"\$\{?\w+\}?", "", text)  # the placeholders are English names
    english = ("Hi ", "Best regards", "meeting", "Thank you", " the ")
    assert not any(word in words for word in english)


def test_danish_closing_and_english_closing():
    for name in TEMPLATE_NAMES:
        if name == "delegate-briefing":
            continue
        assert "Venlig hilsen  \n$signature" in load_template(name, "da").body  # a Markdown line break
        assert "Best regards,  \n$signature" in load_template(name, "en").body


def test_every_strategy_template_uses_the_meeting_date():
    for lang in Language:
        for name in TEMPLATE_NAMES:
            template = load_template(name, lang)
            if name == "less-often":  # a series: the period and its dates instead
                assert {"period_end", "kept", "dropped"} <= template.placeholders
            else:
                assert "meeting_date" in template.placeholders
    for lang in Language:
        for name in ("reschedule", "cancel", "cancel-sick"):
            assert "new_times" in load_template(name, lang).placeholders
        assert {"new_date", "new_time"} <= load_template("reschedule-to", lang).placeholders
        assert "changes" in load_template("day-plan", lang).placeholders
        assert {"new_duration", "duration"} <= load_template("shorter", lang).placeholders
        assert {"talking_points", "questions"} <= load_template("delegate-briefing", lang).placeholders
        assert "summary" in load_template("email", lang).placeholders


# --- parsing and checking -----------------------------------------------------------------------


def test_unknown_placeholder_names_file_line_and_placeholder():
    path = user_template("phone", "en", "---\nsubject: Hi\n---\nHello $contact,\n\nSee you, $clinet.\n")
    with pytest.raises(TemplateError) as info:
        load_template("phone", "en")
    message = str(info.value)
    assert str(path) in message and "line 6" in message and "$clinet" in message
    assert info.value.placeholder == "clinet" and info.value.path == path


def test_unknown_placeholder_in_subject():
    path = user_template("email", "da", "---\nsubject: Møde ${dato}\n---\nHej\n")
    with pytest.raises(TemplateError, match=r"line 2: unknown placeholder \$dato") as info:
        load_template("email", "da")
    assert str(path) in str(info.value)


def test_stray_dollar_is_an_error_and_double_dollar_a_dollar():
    user_template("phone", "en", "---\nsubject: Hi\n---\nIt costs $5.\n")
    with pytest.raises(TemplateError, match=r"write \$\$ for a dollar sign"):
        load_template("phone", "en")
    user_template("phone", "en", "---\nsubject: Hi\n---\nIt costs $$5, $contact.\n")
    rendered = render(load_template("phone", "en"), {"contact": "Jane"})
    assert rendered.body == "It costs $5, Jane.\n"


@pytest.mark.parametrize("text,expected", [
    ("Hello $contact\n", "no front matter"),
    ("---\nsubject: Hi\nHello\n", "not closed"),
    ("---\n---\nHello\n", "no subject line"),
    ("---\nsubject:   \n---\nHello\n", "no subject line"),
    ("---\ntitle: Hi\n---\nHello\n", "unknown key 'title'"),
    ("---\nsubject Hi\n---\nHello\n", "expected 'subject: ...'"),
    ("---\nsubject: Hi\n---\n\n\n", "body is empty"),
])
def test_broken_front_matter_names_the_file(text, expected):
    path = user_template("cancel", "en", text)
    with pytest.raises(TemplateError, match=expected) as info:
        load_template("cancel", "en")
    assert str(path) in str(info.value)


def test_check_templates_lists_problems_for_startup():
    bad = user_template("reschedule", "da", "---\nsubject: Flyt\n---\nHej $kontakt\n")
    stray = user_template("phne", "en", "---\nsubject: x\n---\nx\n")
    (user_templates_dir() / "de").mkdir(parents=True)
    problems = check_templates()
    assert len(problems) == 3
    assert any(str(bad) in p and "$kontakt" in p for p in problems)
    assert any(str(stray) in p and "not a template name" in p for p in problems)
    assert any("not a language" in p for p in problems)


def test_user_override_wins_then_shipped():
    assert template_path("phone", "en") == shipped_templates_dir() / "en" / "phone.md"
    path = user_template("phone", "en", "---\nsubject: Ring? $meeting_date\n---\nYo $first_name, phone?\n")
    template = load_template("phone", "en")
    assert template.user and template.path == path
    rendered = render(template, {"first_name": "Jane", "meeting_date": "Tuesday 1 December"})
    assert rendered.subject == "Ring? Tuesday 1 December"
    assert rendered.body == "Yo Jane, phone?\n"
    # The other language still comes from the shipped folder.
    assert not load_template("phone", "da").user


def test_crlf_and_bom_are_fine():
    user_template("phone", "en", "\ufeff---\r\nsubject: 'Quoted: $client'\r\n---\r\nHi $contact\r\n")
    rendered = render(load_template("phone", "en"), {"client": "Acme", "contact": "Jane"})
    assert rendered.subject == "Quoted: Acme" and rendered.body == "Hi Jane\n"


def test_unknown_template_name_is_a_user_error():
    with pytest.raises(Exception, match="no message template 'keep'"):
        load_template("keep", "en")


def test_no_str_format_on_user_templates():
    template = parse_template(
        "---\nsubject: {client.__class__}\n---\n{contact.__init__.__globals__} $contact\n",
        path=Path("x.md"), name="phone", language="en",
    )
    rendered = render(template, {"contact": "Jane"})
    assert rendered.subject == "{client.__class__}"
    assert rendered.body == "{contact.__init__.__globals__} Jane\n"


# --- rendering and escaping ---------------------------------------------------------------------


def test_vip_client_name_renders_literally():
    escaped = md_escape("[VIP] Ærø & Co")
    assert escaped == "\\[VIP\\] Ærø & Co"
    assert inline_text(escaped) == "[VIP] Ærø & Co"
    html = markdown_parser().render(f"Hej {escaped}")
    assert "<a" not in html and "[VIP] Ærø &amp; Co" in html


@pytest.mark.parametrize("value", [
    "[VIP] Ærø & Co", "*Acme*", "__init__", "snake_case_name", "`rm -rf`", "<script>alert(1)</script>",
    "<https://evil.example>", "[click](http://x)", "![img](x.png)", "# Not a heading", "## Neither",
    "- not a list", "+ nor this", "1. first", "2) second", "---", "===", "- - -", "> quote",
    "a | b | c", "&amp; stays", "&#65; too", "back\\slash", "ends with \\", "~~~", "AT&T", "x_", "_x",
    "Søren *Ærbø* & Åse", "+45 20 30 40 50", "#hashtag",
])
def test_md_escape_renders_literally(value):
    escaped = md_escape(value)
    assert inline_text(escaped) == value
    assert inline_text(f"Hello {escaped} there") == f"Hello {value} there"
    assert inline_text(f"Hello\n{escaped}") == f"Hello\n{value}"


def test_md_escape_keeps_plain_text_plain():
    assert md_escape("Søren Ærbø") == "Søren Ærbø"
    assert md_escape("+45 20 30 40 50") == "+45 20 30 40 50"
    assert md_escape("Quarterly_review 2027") == "Quarterly_review 2027"
    assert md_escape("Ærø & Co") == "Ærø & Co"
    assert md_escape("  two\nlines  ") == "two lines"


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=40
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_md_escape_property(value):
    expected = " ".join(value.split())
    if not expected:
        return
    escaped = md_escape(value)
    assert inline_text(escaped) == expected
    assert inline_text(f"Dear {escaped}, hi") == f"Dear {expected}, hi"
    assert inline_text(f"Dear\n{escaped}") == f"Dear\n{expected}"


def test_render_escapes_body_values_but_not_the_subject():
    template = parse_template(
        "---\nsubject: Meeting with $client\n---\nHi $contact,\n\n$slots\n\n$signature\n",
        path=Path("t.md"), name="reschedule", language="en",
    )
    rendered = render(template, {
        "client": "[VIP] Ærø & Co",
        "contact": "*Jane*",
        "slots": "- Tuesday 1 December, 09:00–10:00",
        "signature": "Anna Holm\nHolm & Partners\n+45 20 30 40 50",
    })
    assert rendered.subject == "Meeting with [VIP] Ærø & Co"
    assert "Hi \\*Jane\\*," in rendered.body
    assert "- Tuesday 1 December, 09:00–10:00" in rendered.body  # raw: already Markdown
    assert "Anna Holm  \nHolm & Partners  \n+45 20 30 40 50" in rendered.body
    html = markdown_parser().render(rendered.body)
    assert "<em>" not in html and "<li>Tuesday 1 December, 09:00–10:00</li>" in html
    assert "Anna Holm<br />" in html


def test_missing_values_render_empty():
    template = parse_template("---\nsubject: $client\n---\nHi $contact.\n", path=Path("t.md"), name="phone",
                              language="en")
    assert render(template, {}).body == "Hi .\n"


def test_md_block_keeps_lists_and_paragraphs():
    text = "Status on *everything*:\n- item one [draft]\n* item two\n\n1. not a list"
    block = md_block(text)
    assert block == "Status on \\*everything\\*:\n\n- item one \\[draft\\]\n- item two\n\n1\\. not a list"
    html = markdown_parser().render(block)
    assert html.count("<li>") == 2 and "[draft]" in html and "<ol" not in html


def test_md_lines_hard_breaks():
    assert md_lines("A\n\n*B*") == "A  \n\\*B\\*"


# --- dates and times ------------------------------------------------------------------------------


def test_danish_and_english_dates():
    assert format_date(date(2026, 12, 1), "da") == "tirsdag den 1. december"
    assert format_date(date(2026, 12, 1), Language.EN) == "Tuesday 1 December"
    assert format_date(date(2027, 5, 15), "da") == "lørdag den 15. maj"
    assert format_date(date(2027, 3, 7), "da") == "søndag den 7. marts"


def test_times_and_durations():
    moment = datetime(2026, 12, 1, 9, 5, tzinfo=TZ)
    assert format_time(moment, "da") == "9.05" and format_time(moment, "en") == "9:05"
    assert format_duration(30, "da") == "30 minutter" and format_duration(30, "en") == "30 minutes"
    assert format_duration(60, "da") == "en time" and format_duration(60, "en") == "an hour"
    assert format_duration(90, "en") == "90 minutes" and format_duration(120, "da") == "2 timer"
    end = datetime(2026, 12, 1, 10, 30, tzinfo=TZ)
    assert format_span(moment, end, "da") == "tirsdag den 1. december kl. 9.05–10.30"
    assert format_span(moment, end, "en") == "Tuesday 1 December from 9:05 to 10:30"


# --- what a user template may be (size, kind, links) ------------------------------------------------


def _place(name: str = "phone", lang: str = "en") -> Path:
    path = user_templates_dir() / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_a_template_over_64_kb_is_refused_naming_file_and_size():
    path = user_template("phone", "en", "---\nsubject: Hi\n---\n" + "x" * (TEMPLATE_LIMIT + 10) + "\n")
    with pytest.raises(TemplateError, match=r"is 64\.1 KB; a template may be at most 64 KB") as info:
        load_template("phone", "en")
    assert str(path) in str(info.value) and info.value.path == path
    user_template("phone", "en", "---\nsubject: Hi\n---\n" + "x" * (TEMPLATE_LIMIT - 100) + "\n")
    assert load_template("phone", "en").user  # just under the limit is fine


def test_a_huge_template_is_refused_from_its_size_without_reading_it(monkeypatch):
    path = _place()
    with path.open("wb") as handle:
        handle.truncate(1_800_000)  # 1.8 MB (sparse: costs no disk)
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    started = time.perf_counter()
    with pytest.raises(TemplateError, match=r"is 1\.8 MB; a template may be at most 64 KB"):
        load_template("phone", "en")
    assert time.perf_counter() - started < 0.5
    assert reads == []
    assert any("at most 64 KB" in p and str(path) in p for p in check_templates())


def test_a_template_linked_to_a_device_is_refused_by_what_it_is():
    path = _place()
    path.symlink_to("/dev/zero")
    with pytest.raises(TemplateError, match="is a character device, not a regular file") as info:
        load_template("phone", "en")
    assert str(path) in str(info.value)
    assert any("is a character device" in p for p in check_templates())  # the start-up notice names it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_template_that_is_a_fifo_is_refused_without_blocking():
    path = _place("cancel", "da")
    os.mkfifo(path)
    with pytest.raises(TemplateError, match=r"is a FIFO \(named pipe\), not a regular file"):
        load_template("cancel", "da")
    assert any(str(path) in p and "named pipe" in p for p in check_templates())


def test_a_folder_or_a_dangling_link_in_a_template_s_place_is_named():
    folder = _place("email")
    folder.mkdir()
    with pytest.raises(TemplateError, match="is a folder"):
        load_template("email", "en")
    dangling = _place("shorter")
    dangling.symlink_to(dangling.parent / "gone.md")
    with pytest.raises(TemplateError, match="is a link to a file that does not exist"):
        load_template("shorter", "en")


def test_a_link_to_a_real_template_is_used(tmp_path):
    mine = tmp_path / "dotfiles-phone.md"
    mine.write_text("---\nsubject: Ring? $meeting_date\n---\n$greeting Phone?\n", encoding="utf-8")
    _place().symlink_to(mine)
    assert load_template("phone", "en").subject == "Ring? $meeting_date"


@pytest.mark.parametrize("text", [
    "---\nsecret hunter2\n---\nbody\n",
    "---\npassword: hunter2\n---\nbody\n",
    "---\nsubject: x\n---\ntoken $hunter2\n",
    "---\nsubject: x\n---\ncost $$5 and $ hunter2\n",
])
def test_an_error_about_a_linked_template_quotes_nothing_of_the_file(tmp_path, text):
    target = tmp_path / "not-a-template.txt"
    target.write_text(text, encoding="utf-8")
    _place().symlink_to(target)
    with pytest.raises(TemplateError) as info:
        load_template("phone", "en")
    message = str(info.value)
    assert "hunter2" not in message and "password" not in message and "secret" not in message
    assert "line " in message and str(_place()) in message
