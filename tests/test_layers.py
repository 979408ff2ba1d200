"""DESIGN.md §6: dependencies point one way. Domain and services never import Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import planner.domain
import planner.services


def _modules(package) -> list[str]:
    return sorted(f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__))


@pytest.mark.parametrize("module", _modules(planner.domain) + _modules(planner.services))
def test_module_imports_no_textual(module):
    code = (
        "import importlib, sys; importlib.import_module(%r); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb') );"
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
        "import sys; from planner.services.cli import main; "
        f"main(['--db', {str(db)!r}, '--today', '2026-12-02', 'demo']); "
        f"main(['--db', {str(db)!r}, '--today', '2026-12-02', 'agenda']); "
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("CLEAN")
    assert "Week 2026-W49" in result.stdout


def test_services_and_domain_never_import_the_ui():
    """Checked in the source too: an import inside a function would not show in sys.modules."""
    import ast
    from pathlib import Path

    root = Path(planner.domain.__file__).parent.parent
    offenders = []
    for layer in ("domain", "services"):
        for path in sorted((root / layer).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")
                    if top[0] == "textual" or top[:2] == ["planner", "ui"] or (
                        layer == "domain" and top[:2] == ["planner", "services"]
                    ):
                        offenders.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    assert offenders == []
