"""The interface language: every word a person reads goes through here.

Write a user-facing string as ``_("Next week")``; a count as ``ngettext("{n} meeting", "{n}
meetings", n).format(n=n)``; a string defined at import time (a table of labels) as
``N_("Busy")`` and translate it where it is shown, ``_(label)``. Never build a sentence from
translated pieces glued together: give the translator the whole sentence with named
placeholders (``_("{client} leads it").format(client=...)``).

The catalogues are gettext ones, made with Babel (``python -m planner.locale.build``) and shipped
in the package (planner/locale/<lang>/LC_MESSAGES/planner.mo). The language is the ``language``
setting when it is set, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``da*`` is Danish,
anything else English); :func:`activate` switches it, for argparse's own words too. JSON keys and
enum values are never translated: only human text.

This module is a leaf: every layer may import it, and it imports nothing of planner's.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "planner"
LANGUAGES = ("en", "da")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """The message in the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the interface language."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The message in the interface language, told apart by ``context`` ("key", "status" ...)
    where one English word needs two translations."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it now (translate it where shown)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a string with a context for the catalogue without translating it now (translate it
    where shown with ``pgettext(context, message)``)."""
    return message


def language() -> str:
    """The interface language in use: "en" or "da"."""
    return _language


def from_environment(environ: dict | None = None) -> str:
    """The language the locale asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set;
    ``da*`` is Danish, anything else (C, POSIX, en_US ...) English."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "").strip()
        if value:
            return "da" if value.lower().startswith("da") else "en"
    return "en"


def choose(setting: str | None) -> str:
    """The ``language`` setting when it is one planner speaks, else the locale's."""
    code = str(getattr(setting, "value", setting) or "").lower()
    return code if code in LANGUAGES else from_environment()


def catalogue(code: str) -> _gettext.NullTranslations:
    """The translations for ``code`` (English: the strings as written)."""
    if code == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[code], fallback=True)


def activate(code: str) -> str:
    """Speak ``code`` from now on; argparse's own words ("usage", "error" ...) too. Returns it."""
    global _translations, _language
    code = code if code in LANGUAGES else "en"
    # Already speaking it (GNUTranslations is a NullTranslations too: a loaded catalogue is
    # told by its type; a missing one fell back to the bare class and is looked for again).
    if code == _language and (code == "en" or type(_translations) is not _gettext.NullTranslations):
        return code
    _translations = catalogue(code)
    _language = code
    # argparse asks the module-level gettext (the default domain): point that at planner's catalogue.
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN if code != "en" else "messages")
    os.environ["LANGUAGE"] = code
    return code


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Speak ``code`` for a moment (JSON for scripts is English whatever the interface speaks)."""
    global _translations, _language
    saved = _translations, _language
    _translations, _language = catalogue(code), code
    try:
        yield
    finally:
        _translations, _language = saved

