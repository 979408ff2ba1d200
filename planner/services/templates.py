"""Message templates: find, check and fill them.

A template is ``templates/<lang>/<name>.md``: a front matter holding the subject line, then the
Markdown body::

    ---
    subject: Our meeting on $meeting_date
    ---
    $greeting
    ...

The names (:data:`TEMPLATE_NAMES`): one per kind of message, chosen by drafts.compose from the
strategy and the facts: ``phone`` / ``video`` (a call instead, same length), ``phone-shorter`` /
``video-shorter`` (a shorter call), ``shorter``, ``email``, ``delegate`` (you led: a colleague
takes it in your place), ``delegate-without-me`` (the colleague already leads and goes without
you), ``delegate-briefing`` (to the colleague), ``reschedule`` (offers free times),
``reschedule-to`` (proposes the chosen new time), ``cancel``, ``cancel-sick`` (you are ill),
``less-often`` (every other occurrence for a while) and ``day-plan`` (several changes to one
client's meetings in one message).

A user's own copy in ``<config dir>/templates/<lang>/<name>.md`` wins over the shipped one. It must
be a regular file (a link to one is fine) of at most :data:`TEMPLATE_LIMIT` bytes: a device, a
named pipe, a folder or a link to nothing at that place is refused by what it is (a
:class:`TemplateError` naming the file, never a silent fall-back), and a large file is refused from
its size before it is read; it is read with that cap whatever its size says. An error about a
template reached through a link names lines but quotes none of its text (the link may point at a
file that is not a template).

Placeholders are ``string.Template`` ones (``$client`` or ``${client}``; ``$$`` is a dollar sign),
limited to :data:`PLACEHOLDERS` (each documented there). Never ``str.format`` (it reaches object
attributes) and never a template engine that runs code. An unknown placeholder, a stray ``$`` or a
broken front matter is a :class:`TemplateError` naming the file, the line and the placeholder;
:func:`check_templates` lists every such problem for a start-up notice.

Values are Markdown-escaped before they go into the body (:func:`md_escape`), except the ones in
:data:`RAW_PLACEHOLDERS`, which drafts.py builds as Markdown from escaped parts. A placeholder may
be empty (``$short_notice`` far ahead, ``$calendar_note`` when there is nothing to say): the
rendered body is tidied (no doubled spaces, no runs of blank lines, no trailing line break). The
subject is plain text, gets the plain values, and is cut at a word boundary to fit
:data:`SUBJECT_LIMIT` characters (the meeting's title is shortened first, so what changes stays).
"""

from __future__ import annotations

import math
import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.models import Language
from planner.i18n import _
from planner.services import message_words
from planner.services.markdown_text import md_block, md_escape, md_lines, md_list  # noqa: F401 (re-exported)

TEMPLATE_NAMES = (
    "phone", "video", "phone-shorter", "video-shorter", "shorter", "email", "delegate",
    "delegate-without-me", "delegate-briefing", "reschedule", "reschedule-to", "cancel", "cancel-sick",
    "less-often", "day-plan",
)

TEMPLATE_LIMIT = 64 * 1024  # bytes: a user's template may be at most this long
SUBJECT_LIMIT = 78  # characters: a subject line is cut at a word boundary to fit

PLACEHOLDERS = frozenset(
    {
        "greeting",  # "Hi Søren," / "Hej Søren," (titles skipped); "Hi," / "Hej," with no contact
        "contact",  # who the message is addressed to (the contact person, else the client)
        "first_name",  # the contact's first name, titles skipped ("" with no contact)
        "client",  # the client's name
        "meeting_title",
        "meeting_date",  # "Tuesday 1 December" / "tirsdag den 1. december" (day-plan: every day, "A and B")
        "meeting_time",  # "14:00" / "14.00"
        "meeting_place",  # " at your office" / " hos jer", " at our office" / " hos os", else ""
        "duration",  # "90 minutes" / "90 minutter"
        "new_duration",  # shorter, phone-shorter, video-shorter: the new length
        "new_end_time",  # shorter, phone-shorter, video-shorter: when it now ends ("14:30")
        "new_date",  # reschedule-to: the chosen day
        "new_time",  # reschedule-to: the chosen time
        "slots",  # reschedule, cancel: a Markdown list of the free times offered (may be empty)
        "new_times",  # reschedule, cancel: the free times with a question, or a request for times
        "short_notice",  # "I'm sorry for the short notice." within 48 h of the meeting, else ""
        "calendar_note",  # what happens to the invitation: "If that suits you, just accept ..." (or "")
        "colleague",  # delegate: who goes instead (full name)
        "colleague_first_name",
        "talking_points",  # delegate-briefing: a Markdown list (typed points, then the meeting's notes)
        "background",  # delegate-briefing: a heading and list about the client (contact, notes), or ""
        "history",  # delegate-briefing: a heading and list of the last meetings with them, or ""
        "questions",  # delegate-briefing: a Markdown list of likely questions
        "summary",  # email: what the email covers (Markdown)
        "kept",  # less-often: a Markdown list of the dates kept
        "dropped",  # less-often: a Markdown list of the dates skipped
        "period_end",  # less-often: the last date of the period ("Tuesday 26 January")
        "changes",  # day-plan: a Markdown list, one line per change
        "sender",  # your name
        "sender_first_name",  # your first name (sign-off to a colleague)
        "signature",  # your signature (else your name)
        "count",  # meetings with this client in the last 6 weeks
    }
)
# Already Markdown (built by drafts.py from escaped parts): not escaped again.
RAW_PLACEHOLDERS = frozenset(
    {"slots", "new_times", "talking_points", "background", "history", "questions", "summary", "kept",
     "dropped", "changes"}
)
# Kept line by line (each line escaped, joined by Markdown hard breaks).
LINE_PLACEHOLDERS = frozenset({"signature"})


class TemplateError(PlannerError):
    """A template that cannot be used: the message names the file (and the placeholder)."""

    def __init__(self, message: str, *, path: Path, placeholder: str | None = None):
        super().__init__(message)
        self.path = path
        self.placeholder = placeholder


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    name: str  # "phone", "delegate-briefing", ...
    language: Language
    path: Path  # where it was read from
    subject: str  # the subject line, placeholders unfilled
    body: str  # Markdown, placeholders unfilled
    user: bool  # True: the user's own copy from the config folder

    @property
    def placeholders(self) -> set[str]:
        return set(string.Template(self.subject).get_identifiers()) | set(
            string.Template(self.body).get_identifiers()
        )


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str  # plain text
    body: str  # Markdown


# --- where templates are ------------------------------------------------------------------------


def shipped_templates_dir() -> Path:
    from planner.resources import templates_dir

    return templates_dir()


def user_templates_dir() -> Path:
    """Where a user's own templates go: ``<config dir>/templates/<lang>/<name>.md``."""
    from planner.resources import config_dir

    return config_dir() / "templates"


def _check_name(name: str) -> None:
    if name not in TEMPLATE_NAMES:
        raise PlannerError(_("there is no message template '{name}'; the templates are {names}").format(
            name=name, names=", ".join(TEMPLATE_NAMES)))


def template_path(name: str, language: Language | str) -> Path:
    """The file the template comes from: the user's copy if there is anything at its place (even a
    file that cannot be used, which load_template then refuses by what it is), else the shipped one."""
    _check_name(name)
    lang = Language(language).value
    user = user_templates_dir() / lang / f"{name}.md"
    if os.path.lexists(user):
        return user
    return shipped_templates_dir() / lang / f"{name}.md"


def load_template(name: str, language: Language | str) -> MessageTemplate:
    """Read and check one template (the user's copy first). TemplateError if it cannot be used."""
    path = template_path(name, language)
    text = _read_capped(path)
    return parse_template(
        text,
        path=path,
        name=name,
        language=Language(language),
        user=_is_under(path, user_templates_dir()),
        quote=not _reached_through_link(path),
    )


def _too_big(path: Path, size: int) -> TemplateError:
    # Rounded up, so that a file just over the limit never reads as the limit itself.
    shown = f"{math.ceil(size / 1024 / 1024 * 10) / 10:.1f} MB" if size >= 1024 * 1024 else (
        f"{math.ceil(size / 1024 * 10) / 10:.1f} KB")
    return TemplateError(
        _("template {path} is {size}; a template may be at most {limit} KB: shorten it").format(
            path=path, size=shown, limit=TEMPLATE_LIMIT // 1024
        ),
        path=path,
    )


def _read_capped(path: Path) -> str:
    """The text of a template: a regular file (links followed) of at most TEMPLATE_LIMIT bytes,
    decoded as UTF-8 (planner.services.files.read_regular: a pipe or device is never read, and the
    read stops one byte past the cap whatever ``stat`` said)."""
    from planner.services.files import FileTooBig, NotRegularFile, read_regular

    try:
        data = read_regular(path, TEMPLATE_LIMIT)
    except FileNotFoundError:
        if os.path.islink(path):
            raise TemplateError(
                _("template {path} is a link to a file that does not exist: fix or remove the link").format(path=path),
                path=path,
            ) from None
        raise TemplateError(
            _("template {path} is missing: reinstall planner or put your own copy there").format(path=path), path=path
        ) from None
    except NotRegularFile as exc:
        raise TemplateError(
            _("template {path} is {kind}, not a regular file: planner reads templates from regular files "
              "only; replace it with a text file or remove it").format(path=path, kind=exc.kind),
            path=path,
        ) from None
    except FileTooBig as exc:
        raise _too_big(path, TEMPLATE_LIMIT + 1 if exc.size is None else exc.size) from None
    except OSError as exc:
        raise TemplateError(
            _("template {path} cannot be read ({reason})").format(path=path, reason=exc.strerror or exc), path=path
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError(
            _("template {path} is not UTF-8 text: save it as UTF-8").format(path=path), path=path
        ) from None


def _reached_through_link(path: Path) -> bool:
    """True when the file or a folder on its way is a symbolic link pointing elsewhere."""
    try:
        return os.path.realpath(path) != os.path.abspath(path)
    except OSError:
        return True


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


# --- parsing and checking -----------------------------------------------------------------------

_FENCE = "---"
_KNOWN_LIST = ", ".join(f"${p}" for p in sorted(PLACEHOLDERS))


def parse_template(
    text: str,
    *,
    path: Path,
    name: str,
    language: Language | str,
    user: bool = False,
    quote: bool = True,
) -> MessageTemplate:
    """Split the front matter from the body and check every placeholder; TemplateError naming
    ``path`` (and line and placeholder) when something is wrong. ``quote=False`` (a file reached
    through a link): errors name the line but quote nothing of the file."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    how = _("start the file with a line {fence}, then a line 'subject: ...', then a line {fence}").format(fence=_FENCE)
    if not lines or lines[0].strip() != _FENCE:
        raise TemplateError(_("template {path}: broken front matter: no front matter; {how}").format(path=path, how=how), path=path)
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise TemplateError(
            _("template {path}: broken front matter: the front matter is not closed; {how}").format(path=path, how=how),
            path=path,
        ) from None
    subject, subject_line = _front_matter(lines[1:close], path, quote)
    if subject is None or not subject.strip():
        raise TemplateError(_("template {path}: broken front matter: no subject line; {how}").format(path=path, how=how), path=path)

    body_lines = lines[close + 1 :]
    first_body_line = close + 2
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        first_body_line += 1
    body = "\n".join(body_lines).rstrip() + "\n"
    if not body.strip():
        raise TemplateError(
            _("template {path}: the message body is empty; write the message below the front matter").format(path=path),
            path=path,
        )

    _check_placeholders(subject, path, subject_line, quote)
    _check_placeholders(body, path, first_body_line, quote)
    return MessageTemplate(
        name=name, language=Language(language), path=path, subject=subject, body=body, user=user
    )


def _front_matter(lines: list[str], path: Path, quote: bool) -> tuple[str | None, int]:
    """(the subject, its line number) from the lines between the fences (line 2 on)."""
    subject: str | None = None
    subject_line = 0
    for number, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not key:
            got = _(", got {line}").format(line=repr(line.strip())) if quote else ""
            raise TemplateError(
                _("template {path}, line {line}: broken front matter: expected 'subject: ...'{got}").format(
                    path=path, line=number, got=got
                ),
                path=path,
            )
        if key != "subject":
            which = f" {key!r}" if quote else ""
            raise TemplateError(
                _("template {path}, line {line}: broken front matter: unknown key{key} (only 'subject' is "
                  "allowed)").format(path=path, line=number, key=which),
                path=path,
            )
        subject = _unquote(value.strip())
        subject_line = number
    return subject, subject_line


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _check_placeholders(text: str, path: Path, first_line: int, quote: bool = True) -> None:
    for match in string.Template.pattern.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        if match.group("invalid") is not None:
            snippet = text[match.start() : match.start() + 12].split("\n")[0]
            raise TemplateError(
                _("template {path}, line {line}: a '$' that starts no placeholder{snippet}; write $$ for a "
                  "dollar sign or use one of: {known}").format(
                    path=path, line=line, snippet=f" ({snippet!r})" if quote else "", known=_KNOWN_LIST
                ),
                path=path,
                placeholder=snippet if quote else None,
            )
        ident = match.group("named") or match.group("braced")
        if ident is not None and ident not in PLACEHOLDERS:
            raise TemplateError(
                _("template {path}, line {line}: unknown placeholder{name}; the known ones are {known}").format(
                    path=path, line=line, name=f" ${ident}" if quote else "", known=_KNOWN_LIST
                ),
                path=path,
                placeholder=ident if quote else None,
            )


def check_templates() -> list[str]:
    """Every problem with the templates in use (one sentence each, naming the file); [] when all
    is well. Also flags files in the user's template folder that are not a known template."""
    problems: list[str] = []
    for language in Language:
        for name in TEMPLATE_NAMES:
            try:
                load_template(name, language)
            except TemplateError as exc:
                problems.append(str(exc))
    root = user_templates_dir()
    if root.is_dir():
        languages = {lang.value for lang in Language}
        for entry in sorted(root.iterdir()):
            if entry.is_dir() and entry.name not in languages:
                problems.append(_("template folder {folder}: not a language; use {languages}").format(
                    folder=entry, languages=", ".join(sorted(languages))))
            elif entry.is_dir():
                for file in sorted(entry.glob("*.md")):
                    if file.stem not in TEMPLATE_NAMES:
                        problems.append(_("template {file}: not a template name, so it is never used; the names "
                                          "are {names}").format(file=file, names=", ".join(TEMPLATE_NAMES)))
    return problems


# --- filling in -----------------------------------------------------------------------------------


def render(template: MessageTemplate, values: Mapping[str, object]) -> Rendered:
    """Fill the template. Body values are Markdown-escaped (except RAW_PLACEHOLDERS); the subject
    gets plain values on one line and is cut to fit SUBJECT_LIMIT (see :func:`fit_subject`); a
    signature keeps its lines. A placeholder with no value becomes empty, and the body is tidied
    around it (see :func:`tidy`)."""
    plain = {key: _one_line(str(values.get(key, "") or "")) for key in PLACEHOLDERS}
    body_values = {}
    for key in PLACEHOLDERS:
        raw = str(values.get(key, "") or "")
        if key in RAW_PLACEHOLDERS:
            body_values[key] = raw.strip("\n")
        elif key in LINE_PLACEHOLDERS:
            body_values[key] = md_lines(raw)
        else:
            body_values[key] = md_escape(raw)
    subject = fit_subject(template.subject, plain)
    body = tidy(string.Template(template.body).substitute(body_values))
    return Rendered(subject=subject, body=body)


def fit_subject(subject_template: str, plain: Mapping[str, str], limit: int = SUBJECT_LIMIT) -> str:
    """The subject filled in, at most ``limit`` characters: when it is longer the meeting's title
    is shortened first (at a word boundary, with "…"), so that what the subject says about the
    change stays; if that is not enough the whole line is cut the same way."""
    template = string.Template(subject_template)

    def fill(values: Mapping[str, str]) -> str:
        return " ".join(template.substitute(values).split())

    subject = fill(plain)
    title = plain.get("meeting_title", "")
    if len(subject) <= limit:
        return subject
    if title and "meeting_title" in template.get_identifiers():
        width = len(title) - (len(subject) - limit)
        while width >= 12:
            shorter = fill({**plain, "meeting_title": shorten(title, width)})
            if len(shorter) <= limit:
                return shorter
            width -= 1
    return shorten(subject, limit)


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters at a word boundary, ending in "…" when cut
    ("Quarterly account review" at 15 -> "Quarterly…")."""
    if len(text) <= width:
        return text
    cut = text[: max(width - 1, 1)]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,.;:–-") + "…"


_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_COMMA = re.compile(r"(?<=\S) +,")


def tidy(body: str) -> str:
    """A rendered body without the marks of an empty placeholder: doubled spaces inside a line,
    a stray single space at a line's end, a space before a comma, runs of blank lines, and a hard
    line break ("  " at the end) on a paragraph's last line. Leading indentation stays."""
    out: list[str] = []
    for line in body.split("\n"):
        content = line.rstrip(" ")
        hard_break = len(line) - len(content) >= 2 and content.strip() != ""
        content = _SPACE_COMMA.sub(",", _SPACES.sub(" ", content))
        if not content.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(content + ("  " if hard_break else ""))
    while out and out[-1] == "":
        out.pop()
    for i, line in enumerate(out):
        if line.endswith("  ") and (i + 1 == len(out) or out[i + 1] == ""):
            out[i] = line.rstrip(" ")
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- dates and times in the message language (the words live in message_words) -------------------

format_date = message_words.format_date
format_time = message_words.format_time
format_date_time = message_words.format_date_time
format_duration = message_words.format_duration
format_span = message_words.format_span
