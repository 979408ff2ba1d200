"""Message templates (DESIGN.md §5): find, check and fill them.

A template is ``templates/<lang>/<name>.md``: a front matter holding the subject line, then the
Markdown body::

    ---
    subject: Our meeting on $meeting_date
    ---
    Hi $contact,
    ...

A user's own copy in ``<config dir>/templates/<lang>/<name>.md`` wins over the shipped one.
Placeholders are ``string.Template`` ones (``$client`` or ``${client}``; ``$$`` is a dollar sign),
limited to :data:`PLACEHOLDERS`. Never ``str.format`` (it reaches object attributes) and never a
template engine that runs code. An unknown placeholder, a stray ``$`` or a broken front matter is a
:class:`TemplateError` naming the file, the line and the placeholder; :func:`check_templates` lists
every such problem for a start-up notice.

Values are Markdown-escaped before they go into the body (:func:`md_escape`), except the ones in
:data:`RAW_PLACEHOLDERS`, which drafts.py builds as Markdown from escaped parts. The subject is plain
text and gets the plain values.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.models import Language

TEMPLATE_NAMES = ("phone", "shorter", "email", "delegate", "delegate-briefing", "reschedule", "cancel")

PLACEHOLDERS = frozenset(
    {
        "contact",  # who the message is addressed to (the contact person, else the client)
        "first_name",  # for the greeting: the contact's first name (else the client's name)
        "client",  # the client's name
        "meeting_title",
        "meeting_date",  # "Tuesday 1 December" / "tirsdag den 1. december"
        "meeting_time",  # "14:00" / "14.00"
        "duration",  # "90 minutes" / "90 minutter"
        "new_duration",  # shorter: the proposed length
        "slots",  # a Markdown list of free times (reschedule, cancel)
        "colleague",  # delegate: who goes instead
        "talking_points",  # delegate-briefing: a Markdown list
        "questions",  # delegate-briefing: a Markdown list of likely questions
        "summary",  # email: what the email covers (Markdown)
        "sender",  # your name
        "signature",  # your signature (else your name)
        "count",  # meetings with this client in the last 6 weeks
    }
)
# Already Markdown (built by drafts.py from escaped parts): not escaped again.
RAW_PLACEHOLDERS = frozenset({"slots", "talking_points", "questions", "summary"})
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
        raise PlannerError(f"there is no message template {name!r}; the templates are {', '.join(TEMPLATE_NAMES)}")


def template_path(name: str, language: Language | str) -> Path:
    """The file the template comes from: the user's copy if there is one, else the shipped one."""
    _check_name(name)
    lang = Language(language).value
    user = user_templates_dir() / lang / f"{name}.md"
    if user.is_file():
        return user
    return shipped_templates_dir() / lang / f"{name}.md"


def load_template(name: str, language: Language | str) -> MessageTemplate:
    """Read and check one template (the user's copy first). TemplateError if it cannot be used."""
    path = template_path(name, language)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError(f"template {path} is missing: reinstall planner or put your own copy there", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"template {path} cannot be read ({exc}): save it as UTF-8 text", path=path) from None
    return parse_template(
        text, path=path, name=name, language=Language(language), user=_is_under(path, user_templates_dir())
    )


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
) -> MessageTemplate:
    """Split the front matter from the body and check every placeholder; TemplateError naming
    ``path`` (and line and placeholder) when something is wrong."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    how = f"start the file with a line {_FENCE}, then a line 'subject: ...', then a line {_FENCE}"
    if not lines or lines[0].strip() != _FENCE:
        raise TemplateError(f"template {path}: broken front matter: no front matter; {how}", path=path)
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise TemplateError(
            f"template {path}: broken front matter: the front matter is not closed; {how}", path=path
        ) from None
    subject: str | None = None
    subject_line = 0
    for number in range(1, close):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not key:
            raise TemplateError(
                f"template {path}, line {number + 1}: broken front matter: expected 'subject: ...', "
                f"got {line.strip()!r}",
                path=path,
            )
        if key != "subject":
            raise TemplateError(
                f"template {path}, line {number + 1}: broken front matter: unknown key {key!r} "
                "(only 'subject' is allowed)",
                path=path,
            )
        subject = _unquote(value.strip())
        subject_line = number + 1
    if subject is None or not subject.strip():
        raise TemplateError(f"template {path}: broken front matter: no subject line; {how}", path=path)
    if "\n" in subject:
        raise TemplateError(f"template {path}: the subject must be one line", path=path)

    body_lines = lines[close + 1 :]
    first_body_line = close + 2
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        first_body_line += 1
    body = "\n".join(body_lines).rstrip() + "\n"
    if not body.strip():
        raise TemplateError(f"template {path}: the message body is empty; write the message below the front matter", path=path)

    _check_placeholders(subject, path, subject_line)
    _check_placeholders(body, path, first_body_line)
    return MessageTemplate(
        name=name, language=Language(language), path=path, subject=subject, body=body, user=user
    )


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _check_placeholders(text: str, path: Path, first_line: int) -> None:
    for match in string.Template.pattern.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        if match.group("invalid") is not None:
            snippet = text[match.start() : match.start() + 12].split("\n")[0]
            raise TemplateError(
                f"template {path}, line {line}: a '$' that starts no placeholder ({snippet!r}); "
                "write $$ for a dollar sign or use one of: " + _KNOWN_LIST,
                path=path,
                placeholder=snippet,
            )
        ident = match.group("named") or match.group("braced")
        if ident is not None and ident not in PLACEHOLDERS:
            raise TemplateError(
                f"template {path}, line {line}: unknown placeholder ${ident}; the known ones are "
                + _KNOWN_LIST,
                path=path,
                placeholder=ident,
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
                problems.append(
                    f"template folder {entry}: not a language; use {', '.join(sorted(languages))}"
                )
            elif entry.is_dir():
                for file in sorted(entry.glob("*.md")):
                    if file.stem not in TEMPLATE_NAMES:
                        problems.append(
                            f"template {file}: not a template name, so it is never used; the names are "
                            + ", ".join(TEMPLATE_NAMES)
                        )
    return problems


# --- filling in -----------------------------------------------------------------------------------


def render(template: MessageTemplate, values: Mapping[str, object]) -> Rendered:
    """Fill the template. Body values are Markdown-escaped (except RAW_PLACEHOLDERS); the subject
    gets plain values on one line; a signature keeps its lines. A placeholder with no value becomes empty."""
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
    subject = string.Template(template.subject).substitute(plain)
    body = string.Template(template.body).substitute(body_values)
    return Rendered(subject=" ".join(subject.split()), body=body)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Markdown escaping ----------------------------------------------------------------------------

# Characters that can start Markdown anywhere in a line: emphasis, code, links, HTML and autolinks,
# backslash escapes, table cells.
_ALWAYS = frozenset("\\`*_[]<>|")
_ENTITY = re.compile(r"&(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)")
# At the start of a line: an ATX heading, a list item, a thematic break or a setext underline.
_BLOCK_START = re.compile(r"#{1,6}(?:\s|$)|[-+](?:\s|$)|[-\s]+$|=[=\s]*$|~~~")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Text that renders literally in CommonMark, on one line, with as few backslashes as will do.

    ``[VIP] Ærø & Co`` -> ``\\[VIP\\] Ærø & Co``. Whitespace (newlines included) becomes single spaces.
    Escaped everywhere: \\ ` * _ (not inside a word) [ ] < > | and an & that starts an entity
    (&amp;). At the start, only where they would start a block: "# " (heading), "- " / "+ " (list),
    "---" / "===" (thematic break, setext underline), "~~~" (code fence) and the dot or bracket of "1." / "1)".
    """
    text = _one_line(text)
    if not text:
        return ""
    out = []
    last = len(text) - 1
    for i, char in enumerate(text):
        if char == "_" and 0 < i < last and text[i - 1].isalnum() and text[i + 1].isalnum():
            out.append(char)  # snake_case: an underscore inside a word never emphasises
        elif char in _ALWAYS:
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = _ENTITY.sub(r"\\&", "".join(out))
    if _BLOCK_START.match(escaped):
        escaped = "\\" + escaped
    return _ORDERED.sub(lambda m: f"{m[1]}\\{m[2]}", escaped, count=1)


def md_lines(text: str) -> str:
    """Several lines kept as lines (a signature): each escaped, joined by hard breaks."""
    lines = [md_escape(line) for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    return "  \n".join(lines)


_BULLET = re.compile(r"^\s*[-*+•]\s+")


def md_block(text: str) -> str:
    """A person's multi-line text as Markdown: blank lines separate paragraphs, lines starting
    with "- ", "* " or "• " become list items, everything else is escaped (see md_escape)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    previous_item = False
    for line in lines:
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            previous_item = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if out and out[-1] != "" and not previous_item:
                out.append("")
            out.append("- " + md_escape(line[bullet.end() :]))
            previous_item = True
        else:
            if previous_item:
                out.append("")
            out.append(md_escape(line))
            previous_item = False
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def md_list(items: Iterable[str]) -> str:
    """A Markdown bullet list of plain-text items (each escaped)."""
    return "\n".join(f"- {md_escape(item)}" for item in items if item and item.strip())


# --- dates and times in the message language ------------------------------------------------------

_DAYS = {
    Language.EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    Language.DA: ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
}
_MONTHS = {
    Language.EN: (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    Language.DA: (
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ),
}


def format_date(day: date, language: Language | str) -> str:
    """ "Tuesday 1 December" / "tirsdag den 1. december"."""
    lang = Language(language)
    weekday, month = _DAYS[lang][day.weekday()], _MONTHS[lang][day.month - 1]
    if lang is Language.DA:
        return f"{weekday} den {day.day}. {month}"
    return f"{weekday} {day.day} {month}"


def format_time(moment: datetime, language: Language | str) -> str:
    """ "14:00" / "14.00" (Danish writes the clock with a dot: kl. 14.00)."""
    if Language(language) is Language.DA:
        return f"{moment.hour}.{moment.minute:02d}"
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_duration(minutes: int, language: Language | str) -> str:
    """30 -> "30 minutes" / "30 minutter"; 60 -> "an hour" / "en time"; 120 -> "2 hours" / "2 timer"."""
    lang = Language(language)
    if minutes == 60:
        return "en time" if lang is Language.DA else "an hour"
    if minutes > 60 and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} timer" if lang is Language.DA else f"{hours} hours"
    if lang is Language.DA:
        return "1 minut" if minutes == 1 else f"{minutes} minutter"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def format_span(start: datetime, end: datetime, language: Language | str) -> str:
    """ "Wednesday 2 December, 09:00-10:30" / "onsdag den 2. december kl. 9.00-10.30" (local times:
    pass them converted to the user's zone)."""
    lang = Language(language)
    times = f"{format_time(start, lang)}–{format_time(end, lang)}"
    if lang is Language.DA:
        return f"{format_date(start.date(), lang)} kl. {times}"
    return f"{format_date(start.date(), lang)}, {times}"
