"""The Danish catalogue is complete and compiled, and formats.json is what Babel gives now.

Each test extracts or compiles with Babel in memory (file times are useless in a fresh clone):
a marked string missing from the .po, an empty or fuzzy Danish entry, a .mo that is not the
.po compiled, or a formats.json that differs from ``compile_formats`` fails here with the
message named.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog  # Babel: the test extra installs it
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from planner.locale.build import KEYWORDS, LANGUAGES, compile_formats, formats_path, sources

LOCALE = Path(__file__).resolve().parents[2] / "planner" / "locale"
PO = LOCALE / "da" / "LC_MESSAGES" / "planner.po"
MO = LOCALE / "da" / "LC_MESSAGES" / "planner.mo"


def _key(message_id, context) -> tuple:
    first = message_id[0] if isinstance(message_id, (tuple, list)) else message_id
    return (context or "", first)


def extracted() -> dict[tuple, object]:
    """Every marked string in planner/ and argparse, as `python -m planner.locale.build` extracts them."""
    found: dict[tuple, object] = {}
    for source in sources():
        path = Path(source)
        if path.is_dir():
            items = ((msg[2], msg[4]) for msg in extract_from_dir(str(path), keywords=KEYWORDS))
        else:
            items = ((msg[1], msg[3]) for msg in extract_from_file("python", str(path), keywords=KEYWORDS))
        for message_id, context in items:
            found[_key(message_id, context)] = message_id
    return found


@pytest.fixture(scope="module")
def danish() -> Catalog:
    with PO.open("rb") as fh:
        return read_po(fh, locale="da")


def test_every_marked_string_is_in_the_danish_catalogue(danish):
    in_po = {_key(m.id, m.context) for m in danish if m.id}
    missing = sorted(set(extracted()) - in_po)
    assert not missing, f"not in {PO.name} (run `python -m planner.locale.build`, then translate): {missing[:10]}"


def test_every_danish_entry_is_translated_and_none_is_fuzzy(danish):
    empty, fuzzy = [], []
    for message in danish:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            empty.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not empty, f"untranslated in {PO.name}: {empty[:10]}"
    assert not fuzzy, f"fuzzy in {PO.name}: {fuzzy[:10]}"


def test_no_entry_is_left_over_from_strings_the_code_no_longer_has(danish):
    wanted = set(extracted())
    stale = [m.id for m in danish if m.id and _key(m.id, m.context) not in wanted]
    assert not stale, f"in {PO.name} but in no code (run `python -m planner.locale.build`): {stale[:10]}"


def test_the_compiled_catalogue_is_the_po_compiled(danish):
    compiled = BytesIO()
    write_mo(compiled, danish)
    compiled.seek(0)
    with MO.open("rb") as fh:
        shipped = read_mo(fh)
    fresh = read_mo(compiled)

    def entries(catalog: Catalog) -> dict:
        return {(m.context, tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id):
                tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string for m in catalog if m.id}

    assert entries(shipped) == entries(fresh), f"{MO.name} is not {PO.name} compiled: run `python -m planner.locale.build`"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_formats_json_is_what_babel_gives_now(code):
    shipped = json.loads(formats_path(code).read_text(encoding="utf-8"))
    assert shipped == compile_formats(code), f"{formats_path(code)} is stale: run `python -m planner.locale.build`"


# Names a call passes besides the English's own, for a translation that writes it differently:
# the week heading is "2026-W49" in English and "Uge 49" ({number}, not zero-padded) in Danish.
EXTRA = {"{year}-W{week}": {"number"}}


def test_placeholders_of_each_translation_match_the_english():
    """A Danish sentence names the same {placeholders} as the English (a plural's singular may
    leave out {n} when it says "one" in words)."""
    from string import Formatter

    def names(text: str) -> set[str]:
        try:
            return {field for _lit, field, _spec, _conv in Formatter().parse(text) if field}
        except ValueError:
            return set()

    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    wrong = []
    for message in catalog:
        if not message.id or "python-brace-format" not in message.flags:
            continue
        if isinstance(message.id, tuple):
            english = names(message.id[1])
            if names(message.string[1]) != english or not names(message.string[0]) <= english:
                wrong.append(message.id)
        elif message.id in EXTRA:
            if not names(message.string) <= names(message.id) | EXTRA[message.id]:
                wrong.append(message.id)
        elif names(message.string) != names(message.id):
            wrong.append(message.id)
    assert not wrong, f"placeholders differ: {wrong[:10]}"
