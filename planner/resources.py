"""Where the shipped themes and templates are, and where the user's own files go.

A wheel carries ``themes/`` and ``templates/`` inside the package (see pyproject.toml); in a
checkout they sit at the top of the repository. Both are looked for, package first.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "planner"
_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def themes_dir() -> Path:
    return _shipped("themes")


def templates_dir() -> Path:
    return _shipped("templates")


def config_dir() -> Path:
    """The user's config folder: their own themes/ and templates/ go here."""
    if env := os.environ.get("PLANNER_CONFIG_DIR"):
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME)


def data_dir() -> Path:
    if env := os.environ.get("PLANNER_DATA_DIR"):
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)


def state_dir() -> Path:
    """Logs of unexpected errors go here."""
    if env := os.environ.get("PLANNER_STATE_DIR"):
        return Path(env)
    from platformdirs import user_state_path

    return user_state_path(APP_NAME)


def default_db_path() -> Path:
    """``--db`` wins, then ``PLANNER_DB``, then this."""
    return data_dir() / "planner.json"


def default_drafts_dir() -> Path:
    return data_dir() / "drafts"
