"""Reading a calendar file: regular files only, at most MAX_BYTES, text decoded line by line.

- Only a regular file is read (also behind a symbolic link). A folder, a device (``/dev/zero``,
  ``/dev/urandom``), a FIFO or a socket is refused by what it is, without reading from it: the file
  is opened without blocking (a FIFO with no writer would otherwise wait forever) and checked on
  the open descriptor, so what is checked is what is read (``files.read_regular``).
- At most MAX_BYTES + 1 bytes are read, whatever ``stat`` said the size was (a file can grow while
  it is read); more than MAX_BYTES is refused.
- The text is UTF-8 (a byte-order mark is skipped; UTF-16 with its mark is read too). A line that
  is not UTF-8 is read as Windows-1252, as old Outlook versions write it, and the preview warns
  with the line numbers: a file mixing the two is read right line by line, never garbled whole.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.i18n import _, ngettext
from planner.services.files import FileTooBig, NotRegularFile, os_reason, read_regular

MAX_BYTES = 20 * 1024 * 1024


def _shown(path: Path) -> str:
    """The path, and where it leads when it is a symbolic link."""
    if path.is_symlink():
        return _("{path} (a link to {target})").format(path=path, target=os.path.realpath(path))
    return str(path)


def read_calendar_bytes(path: str | Path) -> bytes:
    """The file's bytes, or a PlannerError saying why it cannot be a calendar to import."""
    path = Path(path).expanduser()
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise PlannerError(_("no such file: {path}").format(path=path)) from None
    except NotRegularFile as exc:
        if stat.S_ISDIR(exc.mode):
            raise PlannerError(_("{path} is a folder; give the .ics file inside it").format(path=_shown(path))) from None
        raise PlannerError(_("{path} is {kind}, not a calendar file; planner imports regular .ics files only").format(
            path=_shown(path), kind=exc.kind)) from None
    except FileTooBig as exc:
        size = _("{size:.1f} MB").format(size=exc.size / 1024 / 1024) if exc.size is not None else _("more than that")
        raise PlannerError(
            _("{path} is {size}; planner imports calendars up to {limit} MB. Export a shorter date range "
              "from your calendar and import that").format(path=path, size=size, limit=MAX_BYTES // 1024 // 1024)
        ) from None
    except OSError as exc:
        raise PlannerError(_("cannot read {path}: {reason}").format(path=path, reason=os_reason(exc, path))) from None


def decode(raw: bytes, name: str | Path) -> tuple[str, list[str]]:
    """(text, warnings): UTF-8, with lines that are not read as Windows-1252 (see the docstring)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise PlannerError(_("{path} is not an iCalendar file (its text cannot be read)").format(path=name)) from None
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lines: list = re.split(rb"\r\n|\r|\n", raw)
    fallback: list[int] = []
    for number, line in enumerate(lines):
        try:
            lines[number] = line.decode("utf-8")
        except UnicodeDecodeError:
            # Old Outlook versions write Windows-1252: every byte but five decodes.
            lines[number] = line.decode("cp1252", errors="replace")
            fallback.append(number + 1)
    shown = ", ".join(str(n) for n in fallback[:5]) + (", ..." if len(fallback) > 5 else "")
    warning = ngettext(
        "{count} line is not UTF-8 text (line {lines}): read as Windows-1252; check the text of its meeting",
        "{count} lines are not UTF-8 text (lines {lines}): read as Windows-1252; check the text of their meetings",
        len(fallback),
    ).format(count=len(fallback), lines=shown)
    return "\n".join(lines), [warning]


def read_calendar(path: str | Path) -> tuple[str, list[str]]:
    """(text, warnings about how it was read) of a calendar file; PlannerError if it cannot be one."""
    path = Path(path).expanduser()
    return decode(read_calendar_bytes(path), path)


def read_calendar_text(path: str | Path) -> str:
    """The file's text, or a PlannerError saying why it cannot be a calendar to import."""
    return read_calendar(path)[0]
