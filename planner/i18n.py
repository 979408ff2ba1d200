"""The interface language: every word a person reads goes through here.

Write a user-facing string as ``_("Next week")``; a count as ``ngettext("{n} meeting", "{n}
meetings", n).format(n=n)``; a string defined at import time (a table of labels) as
``N_("Busy")`` and translate it where it is shown, ``_(label)``. Never build a sentence from
translated pieces glued together: give the translator the whole sentence with named
placeholders (``_("{client} leads it").format(client=...)``).

The catalogues are gettext ones. Until a language is chosen (``set_language``) the strings come
back as written, in English. JSON keys and enum values are never translated: only human text.

This module is a leaf: every layer may import it, and it imports nothing of planner's.
"""

from __future__ import annotations

import gettext as _gettext

DOMAIN = "planner"

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


def language() -> str:
    """The interface language in use: "en" or "da"."""
    return _language


def use_translations(translations: _gettext.NullTranslations, code: str) -> None:
    """Switch the interface language (the catalogue loader calls this)."""
    global _translations, _language
    _translations = translations
    _language = code
