"""Theme files: the shipped ``themes/*.toml`` and the user's own in ``<config>/themes``.

A theme file is plain TOML; this module only reads and checks it (no Textual here: the UI turns
a :class:`ThemeSpec` into a ``textual.theme.Theme``). A file looks like::

    name = "planner-dark"
    dark = true
    primary = "#4f9dde"
    background = "#15171c"
    # ... any of COLOR_KEYS

    [variables]
    load-ok = "#4ebf71"
    load-busy = "#e5a50a"
    load-overloaded = "#e0454f"

A broken file never stops the planner: :func:`load_themes` returns the good themes and a list of
problems, each naming the file and what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.i18n import _

DEFAULT_THEME = "planner-dark"

# The colours a Textual theme takes (textual.theme.Theme's fields).
COLOR_KEYS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
# The planner's own theme variables, used by the stylesheet as $load-ok etc.
LOAD_VARIABLES = ("load-ok", "load-busy", "load-overloaded")

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*", re.IGNORECASE)
_OTHER_KEYS = {"name", "dark", "variables", "luminosity_spread", "text_alpha", "description"}


class ThemeFileError(PlannerError):
    """A theme file that cannot be used; the message names the file."""


@dataclass(slots=True)
class ThemeSpec:
    """A theme as read from a file: its name, whether it is dark, its colours and variables."""

    name: str
    dark: bool
    colors: dict[str, str]
    variables: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    luminosity_spread: float | None = None
    text_alpha: float | None = None


def theme_dirs() -> list[Path]:
    """Where themes are looked for: the shipped ones first, then the user's own (which win)."""
    from planner.resources import config_dir, themes_dir

    return [themes_dir(), config_dir() / "themes"]


def parse_theme(text: str, *, path: Path | None = None) -> ThemeSpec:
    """Read one theme from TOML text. Raises ThemeFileError saying what is wrong and where."""
    import tomllib

    where = str(path) if path else "theme"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(_("{where}: not valid TOML ({why})").format(where=where, why=exc)) from exc
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ThemeFileError(_('{where}: needs a name = "my-theme" line (letters, digits, - and _)').format(where=where))
    unknown = sorted(set(data) - set(COLOR_KEYS) - _OTHER_KEYS)
    if unknown:
        raise ThemeFileError(_("{where}: unknown key {keys}; colours are {colours}, own variables go under "
                               "[variables]").format(where=where, keys=", ".join(unknown), colours=", ".join(COLOR_KEYS)))
    colors: dict[str, str] = {}
    for key in COLOR_KEYS:
        if key in data:
            value = data[key]
            if not isinstance(value, str) or not value.strip():
                raise ThemeFileError(_('{where}: {key} must be a colour such as "#4f9dde"').format(where=where, key=key))
            colors[key] = value.strip()
    if "primary" not in colors:
        raise ThemeFileError(_('{where}: needs a primary colour, e.g. primary = "#4f9dde"').format(where=where))
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(_("{where}: dark must be true or false").format(where=where))
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError(_('{where}: [variables] must be a table of name = "value" lines').format(where=where))
    for key, value in variables.items():
        if not isinstance(value, str):
            raise ThemeFileError(_('{where}: variable {key} must be a string such as "#4ebf71"').format(
                where=where, key=key))
    spec = ThemeSpec(name=name, dark=dark, colors=colors, variables=dict(variables), path=path)
    for key in ("luminosity_spread", "text_alpha"):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ThemeFileError(_("{where}: {key} must be a number").format(where=where, key=key))
            setattr(spec, key, float(value))
    return spec


def read_theme_file(path: Path) -> ThemeSpec:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeFileError(_("{where}: cannot be read ({why})").format(where=path, why=exc)) from exc
    return parse_theme(text, path=path)


def load_themes(dirs: Iterable[Path] | None = None) -> tuple[list[ThemeSpec], list[str]]:
    """Every theme in ``dirs`` (default :func:`theme_dirs`), in name order per folder.

    Returns the themes and the problems (one sentence per broken file). A later folder's theme
    replaces an earlier one of the same name, so a user can restyle ``planner-dark``.
    """
    found: dict[str, ThemeSpec] = {}
    problems: list[str] = []
    for folder in dirs if dirs is not None else theme_dirs():
        try:
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as exc:
            problems.append(_("{where}: cannot be read ({why})").format(where=folder, why=exc))
            continue
        for path in files:
            try:
                spec = read_theme_file(path)
            except ThemeFileError as exc:
                problems.append(str(exc))
                continue
            found[spec.name] = spec
    return list(found.values()), problems
