"""Text from outside is cleaned where it enters and made visible where it is printed."""

from __future__ import annotations

from hypothesis import given, strategies as st

from planner.domain.text import clean_block, clean_line, is_clean_line, printable


def test_escape_sequences_and_line_breaks_leave_a_one_line_field():
    assert clean_line("\x1b[41mEvil\r\nCo\x00") == "[41mEvil Co"
    assert clean_line("\x1b]0;evil-title\x07Status") == "]0;evil-titleStatus"
    assert clean_line("  Acme\tA/S  ") == "Acme A/S"


def test_names_people_write_are_kept_as_typed():
    for name in ("[VIP] Ærø & Co", "Dr. Åsa O'Brien-Løvgren", "Café ☕ 👩\u200d💻", "Q4 *final* review_v2"):
        assert clean_line(name) == name


def test_bidi_overrides_are_removed():
    assert clean_line("invoice\u202egpj.exe") == "invoicegpj.exe"


def test_notes_keep_their_lines_and_tabs():
    assert clean_block("one\r\ntwo\rthree\n\tfour\x1b[2J  ") == "one\ntwo\nthree\n\tfour[2J"


def test_printable_shows_control_characters_instead_of_sending_them():
    assert printable("\x1b]52;c;cm0gLXJmIH4=\x07") == "\\x1b]52;c;cm0gLXJmIH4=\\x07"
    assert printable("a\nb\tc æ") == "a\nb\tc æ"


@given(st.text())
def test_a_cleaned_line_has_no_control_characters_and_stays_clean(text):
    line = clean_line(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line)
    assert is_clean_line(line)
    assert "\n" not in clean_line(text)


@given(st.text())
def test_printable_output_has_no_escape_character(text):
    assert "\x1b" not in printable(text)
    assert "\x07" not in printable(text)
