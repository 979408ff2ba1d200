"""The UI and the UI test helpers use Textual's public API only: no attribute or method of
Textual's whose name starts with an underscore is read, called or overridden."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

import textual

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [*sorted((ROOT / "planner" / "ui").rglob("*.py")), ROOT / "tests" / "support" / "ui.py"]


@cache
def textual_private_names() -> frozenset[str]:
    """Every ``_name`` Textual defines: methods, class attributes, instance attributes."""
    names: set[str] = set()
    pattern = re.compile(r"(?:def |self\.)(_[a-z]\w*)\s*[(:=]")
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return frozenset(names)


def private_uses(path: Path, textual_names: frozenset[str]) -> list[str]:
    """``x._name`` where Textual defines ``_name``: on self, only if one of the class's Textual
    bases has it (planner's own ``self._cards`` is fine); on anything else, always."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = None
    if path.is_relative_to(ROOT / "planner"):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    found = []
    for cls_node in [None, *[n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]]:
        cls = getattr(module, cls_node.name, None) if cls_node is not None and module else None
        bases = [b for b in inspect.getmro(cls) if b.__module__.startswith("textual")] if inspect.isclass(cls) else []
        nodes = ast.walk(cls_node) if cls_node is not None else ast.walk(tree)
        for node in nodes:
            if isinstance(node, ast.FunctionDef) and cls_node is not None and node in cls_node.body:
                if node.name.startswith("_") and not node.name.startswith("__"):
                    if any(node.name in defined_by(b) for b in bases):
                        found.append(f"{path.name}:{node.lineno} overrides {node.name}")
            if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
                continue
            on_self = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if on_self and cls_node is None:
                continue  # seen with its class
            if on_self:
                if any(node.attr in defined_by(b) for b in bases):
                    found.append(f"{path.name}:{node.lineno} self.{node.attr}")
            elif node.attr in textual_names:
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return sorted(set(found))


@cache
def defined_by(cls: type) -> frozenset[str]:
    """The underscore names a Textual class defines itself: in its body or set on self."""
    names = {name for name in vars(cls) if name.startswith("_")}
    try:
        names.update(re.findall(r"self\.(_[a-z]\w*)\s*[:=]", inspect.getsource(cls)))
    except (OSError, TypeError):
        pass
    return frozenset(names)


def test_no_private_textual_api():
    names = textual_private_names()
    uses = [use for path in CHECKED for use in private_uses(path, names)]
    assert uses == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    names = textual_private_names()
    sample = tmp_path / "sample.py"
    sample.write_text("def f(app):\n    return app.screen._compositor, app._notifications\n", encoding="utf-8")
    assert len(private_uses(sample, names)) == 2
