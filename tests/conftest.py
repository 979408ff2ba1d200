"""Shared fixtures: a real store in a temp folder, and a CLI runner that captures what a user sees."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from support import TODAY


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's data, config or state folders, nor the checkout: each test runs
    in a folder of its own (a command that writes to a relative path, such as export-ics, writes
    there)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.chdir(home)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("PLANNER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("PLANNER_STATE_DIR", str(home / "state"))
    monkeypatch.delenv("PLANNER_DB", raising=False)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """Every test starts in the C locale (English, whatever the machine's LANG) and leaves the
    interface in English for the next; a test that wants Danish sets LANG or the setting."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    from planner.i18n import activate

    activate("en")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "planner.json"


@pytest.fixture
def store(db_path):
    from planner.services.store import Store

    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def demo_store(store):
    from planner.services.demo import fill_demo

    fill_demo(store, TODAY)
    return store


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(db_path, capsys):
    """Run the CLI in-process against the test's database."""
    from planner.cli import main

    def run(*args: str, db: Path | None = db_path, today: date | None = TODAY) -> CliResult:
        argv = []
        if db is not None:
            argv += ["--db", str(db)]
        if today is not None:
            argv += ["--today", today.isoformat()]
        try:
            code = main(argv + list(args))
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_planner(tmp_path):
    """Run the installed CLI in a subprocess, as a user's shell would."""

    def run(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "planner", *args],
            capture_output=True, text=True, env=full_env, timeout=timeout, cwd=tmp_path,
        )

    return run
