"""The package's shape: no public name hides a subpackage, and the layers do not import back up."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import transition_numerique

PACKAGE = Path(transition_numerique.__file__).parent
#: which subpackages each one may import (reporting is shared by all)
ALLOWED = {
    "course": set(),
    "widgets": {"course"},
    "figures": set(),
    "learner": {"course", "widgets", "figures"},
    "trainer": {"course", "widgets", "figures", "learner"},
    "book": {"course", "widgets", "figures", "learner", "trainer"},
    "lms": {"course", "widgets", "figures", "learner", "trainer", "book"},
}


def test_every_module_imports_and_no_name_shadows_a_subpackage() -> None:
    for info in pkgutil.walk_packages([str(PACKAGE)], "transition_numerique."):
        module = importlib.import_module(info.name)
        parent, _, name = info.name.rpartition(".")
        assert getattr(importlib.import_module(parent), name) is module, f"{parent}.{name} est caché"


def imported_subpackages(path: Path) -> set[str]:
    """The transition_numerique subpackages a module imports (relative or absolute)."""
    own = path.relative_to(PACKAGE).parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(own[: len(own) - node.level])
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith("transition_numerique."):
                parts = node.module.split(".")[1:]
            else:
                continue
            if parts:
                found.add(parts[0])
    return found


def test_layers_never_import_back_up() -> None:
    problems = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            wrong = imported_subpackages(path) - allowed - {layer, "reporting"}
            if wrong:
                problems.append(f"{path.relative_to(PACKAGE)} importe {sorted(wrong)}")
    assert problems == []
