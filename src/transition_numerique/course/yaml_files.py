"""Reading the YAML files authors write (question banks, the action catalogue, the course registry).

PyYAML keeps the last of two equal keys silently and reports syntax errors in English; here a duplicate
key is an error, and every problem becomes an :class:`~transition_numerique.reporting.Issue` naming the
file and the line, raised as the caller's own error class.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..reporting import NBSP, InputError, Issue


class _UniqueKeyLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue  # an unhashable key: construct_mapping reports it
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"clé «{NBSP}{key}{NBSP}» en double", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


def display(path: Path) -> str:
    """The path as an author knows it: relative to the current folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, label: str, error: type[InputError]) -> Any:
    """The file's data; a missing or unreadable file, a syntax error or a duplicate key raises
    ``error`` naming the file (``label``) and, where known, the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error([Issue(label, "fichier introuvable")]) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise error([Issue(label, f"lecture impossible ({problem})")]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        what = " ".join(filter(None, [problem.context, problem.problem]))
        line = mark.line + 1 if mark else None
        raise error([Issue(label, f"erreur de syntaxe YAML{NBSP}: {what}", line=line)]) from None
    except yaml.YAMLError as problem:
        raise error([Issue(label, f"erreur de syntaxe YAML{NBSP}: {problem}")]) from None
