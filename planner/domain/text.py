"""Text a person typed or a calendar sent, made safe to keep and to show.

A title, a client's name or a note can come from anywhere: typed, imported from an .ics file,
pulled from a calendar server. Control characters in it would reach the terminal raw: an escape
sequence can clear the screen, set the window title or write to the clipboard (OSC 52); a carriage
return or a line feed breaks a one-line layout; a NUL cuts text short. So:

- where text *enters* planner it is cleaned: :func:`clean_line` for one-line fields (title, name,
  lead, contact, email, location), :func:`clean_block` for notes;
- where text *leaves* for a terminal it is made visible: :func:`printable` (an old data file, written
  before the cleaning, can't do harm either).

Removed: the C0 and C1 control characters (tab kept in blocks, line feeds kept in blocks), DEL,
lone surrogates, and the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
can make text display in another order than it reads. Everything else, æ, ø, å, emoji and joiners
included, is kept.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls, surrogates, bidi embeddings/overrides/isolates.
_CONTROL = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_NOT_IN_LINE = re.compile(f"[{_CONTROL}]")
_NOT_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")  # tab, LF kept
_SPACES = re.compile(r"[ \t]+")


def _strip(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub("", text)


def clean_line(text: str) -> str:
    """One line: line breaks and tabs become spaces, other control characters go, runs of spaces
    become one, and the ends are trimmed. ``"\\x1b[2JEvil\\r\\nCo"`` -> ``"[2JEvil Co"``."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text  # nothing to do (the common case: printable leaves out every control character)
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    text = _strip(_NOT_IN_LINE, text)
    return _SPACES.sub(" ", text).strip()


def clean_block(text: str) -> str:
    """Several lines (notes): line endings become ``\\n``, tabs stay, other control characters go,
    trailing spaces on each line and blank lines at the ends are trimmed."""
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", text)
    kept = _strip(_NOT_IN_BLOCK, text)
    lines = [line.rstrip() for line in kept.split("\n")]
    return "\n".join(lines).strip("\n")


def printable(text: str) -> str:
    """Text for a terminal: every control character shown as a visible escape (``\\x1b`` reads
    ``\\x1b``), line feeds and tabs kept. For output only; what is stored is cleaned on entry."""
    if not text:
        return ""
    return "".join(
        ch if ch in "\n\t" or not _NOT_IN_LINE.match(ch) else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def is_clean_line(text: str) -> bool:
    """Whether ``text`` is already what :func:`clean_line` makes of it."""
    return clean_line(text) == text
