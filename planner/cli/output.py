"""What the command line writes to the terminal: user text made safe (planner.domain.text), errors
as one line on stderr.

Text from a data file or a calendar may hold control characters written before planner cleaned
input, or by another program: every line printed goes through :func:`printable`, and JSON has its
C1 control characters escaped too (json escapes the rest).
"""

from __future__ import annotations

import json
import re
import sys

from planner.domain.text import printable
from planner.i18n import _

PROG = "planner"
_C1 = re.compile("[\x7f-\x9f\u2028\u2029]")


def say(text: str = "", *, file=None) -> None:
    """Print a line (or lines) of text a person reads."""
    print(printable(text), file=file or sys.stdout)


def write(text: str, *, file=None) -> None:
    """Write text as it is laid out (no newline added), made safe."""
    (file or sys.stdout).write(printable(text))


def error(message: str) -> None:
    print(_("{prog}: error: {message}").format(prog=PROG, message=printable(message)), file=sys.stderr)


def note(message: str) -> None:
    """A line on stderr that is not an error (``note: ...``)."""
    print(printable(message), file=sys.stderr)


def dump_json(payload) -> str:
    """JSON for scripts: UTF-8 as it is, every control character escaped."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


class ProgressLine:
    """How far a long job is, on one line of a terminal's standard error, rewritten in place and
    cleared at the end (``planner sync``, a big ``planner import``). Nothing at all when the
    stream is not a terminal (a pipe, a file, a log): there stderr holds only errors and notes.

    ``tty`` overrides ``stream.isatty()`` (tests)."""

    def __init__(self, stream, *, tty: bool | None = None) -> None:
        self.stream = stream
        self.shown = bool(stream is not None and (stream.isatty() if tty is None else tty))
        self._dirty = False

    def show(self, text: str) -> None:
        if not self.shown:
            return
        self.stream.write("\r\x1b[2K" + printable(text))
        self.stream.flush()
        self._dirty = True

    def clear(self) -> None:
        if self._dirty:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._dirty = False

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc) -> None:
        self.clear()
