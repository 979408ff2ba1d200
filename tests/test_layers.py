"""Dependencies point one way: CLI and UI -> application -> services -> domain (README, "How the
code is laid out"). Checked in the source (an import inside a function counts too) and, for
Textual, in what a fresh interpreter loads."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import planner

ROOT = Path(planner.__file__).parent

# layer -> the planner packages it must never import.
FORBIDDEN = {
    "domain": {"services", "application", "cli", "ui", "words"},
    "words": {"services", "application", "cli", "ui"},
    "services": {"application", "cli", "ui"},
    "application": {"cli", "ui"},
    "cli": {"ui"},
    "ui": {"cli"},
}
LEAVES = ("i18n", "formats")  # every layer may use these; they use nothing of planner's but i18n


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _layer_files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


def test_every_layer_imports_only_downwards():
    offenders = []
    for layer, forbidden in FORBIDDEN.items():
        for path in _layer_files(layer):
            for line, name in _imports(path):
                parts = name.split(".")
                if parts[0] == "planner" and len(parts) > 1 and parts[1] in forbidden:
                    offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
                if parts[0] == "textual" and layer != "ui":
                    offenders.append(f"{path.relative_to(ROOT)}:{line} imports Textual")
                if parts[0] == "argparse" and layer not in ("cli",):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} imports argparse")
    for leaf in LEAVES:
        for line, name in _imports(ROOT / f"{leaf}.py"):
            parts = name.split(".")
            if parts[0] == "planner" and parts[1:2] != ["i18n"]:
                offenders.append(f"{leaf}.py:{line} imports {name}")
    assert offenders == []


def _modules(package: str) -> list[str]:
    module = __import__(f"planner.{package}", fromlist=["_"])
    return sorted(f"{module.__name__}.{m.name}" for m in pkgutil.iter_modules(module.__path__))


@pytest.mark.parametrize(
    "module", _modules("domain") + _modules("services") + _modules("application") + _modules("cli")
)
def test_module_imports_no_textual(module):
    code = (
        "import importlib, sys; importlib.import_module(%r); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb'));"
        "print(','.join(bad))" % module
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    loaded = set(filter(None, out.split(",")))
    assert not any(m.startswith("textual") for m in loaded), f"{module} imports Textual"
    if module.startswith("planner.domain"):
        assert not loaded, f"{module} (domain) imports {sorted(loaded)}"


def test_agenda_command_does_not_import_textual(tmp_path):
    db = tmp_path / "db.json"
    code = (
        "import sys; from planner.cli import main; "
        f"main(['--db', {str(db)!r}, '--today', '2026-12-02', 'demo']); "
        f"main(['--db', {str(db)!r}, '--today', '2026-12-02', 'agenda']); "
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("CLEAN")
    assert "Week 2026-W49" in result.stdout
