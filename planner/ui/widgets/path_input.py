"""The import dialog's path field: ``~`` works, Tab completes a folder or an .ics file (the newest
file first), and the typed folder's .ics files can be listed under the field.

Only what the person typed is extended, so "~/Dow" becomes "~/Downloads/", not "/home/...";
hidden entries are offered once a "." is typed; nothing is cached (the file system changes),
and a huge folder stays cheap (at most SCAN_LIMIT entries are looked at).
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester
from textual.widgets import Input

from planner.i18n import _
from planner.ui.actions import bindings

SCAN_LIMIT = 5000  # folder entries looked at for completion


def split_path(value: str) -> tuple[str, str]:
    """("~/Downloads/", "wor") from "~/Downloads/wor": the typed folder and the name begun in it."""
    cut = max(value.rfind("/"), value.rfind(os.sep))
    return value[: cut + 1], value[cut + 1 :]


def typed_folder(typed: str) -> Path:
    return Path(os.path.expanduser(typed)) if typed else Path.cwd()


def _entries(folder: Path) -> list[tuple[str, bool, float]]:
    """(name, is a folder, modified) of the folders and .ics files in ``folder``; [] if unreadable."""
    found: list[tuple[str, bool, float]] = []
    try:
        with os.scandir(folder) as scan:
            for n, entry in enumerate(scan):
                if n >= SCAN_LIMIT:
                    break
                try:
                    if entry.is_dir():
                        found.append((entry.name, True, 0.0))
                    elif entry.name.lower().endswith(".ics") and entry.is_file():
                        found.append((entry.name, False, entry.stat().st_mtime))
                except OSError:
                    continue
    except OSError:
        return []
    return found


def suggest_path(value: str) -> str | None:
    """The typed path completed: an .ics file (the newest first) or a folder (with its "/").

    Only what the person typed is extended, so "~/Dow" becomes "~/Downloads/", not "/home/...".
    Hidden entries are offered only once a "." is typed."""
    if not value or value.endswith(("/.", "/..")) or value in (".", ".."):
        return None
    typed, prefix = split_path(value)
    entries = [e for e in _entries(typed_folder(typed)) if e[0].startswith(prefix) and e[0] != prefix]
    if not prefix.startswith("."):
        entries = [e for e in entries if not e[0].startswith(".")]
    files = sorted((e for e in entries if not e[1]), key=lambda e: (-e[2], e[0]))
    folders = sorted((e for e in entries if e[1]), key=lambda e: e[0].lower())
    if files:
        return typed + files[0][0]
    if folders and prefix:  # an empty name in a folder: only files are worth offering
        return typed + folders[0][0] + "/"
    return None


def folder_files(value: str) -> tuple[str, list[str]]:
    """The typed folder as typed (or "this folder") and its .ics files, newest first."""
    typed, _rest = split_path(value)
    files = sorted((e for e in _entries(typed_folder(typed)) if not e[1]), key=lambda e: (-e[2], e[0]))
    return typed or _("this folder"), [e[0] for e in files]


class PathSuggester(Suggester):
    """Completes folders and .ics files; the file system changes, so nothing is cached."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return suggest_path(value)


class PathInput(Input):
    """An Input where Tab takes the completion shown (and moves on when there is none)."""

    BINDINGS = bindings("import-path")

    def action_complete(self) -> None:
        suggestion = suggest_path(self.value) if self.cursor_at_end else None
        if suggestion and suggestion != self.value:
            self.value = suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
