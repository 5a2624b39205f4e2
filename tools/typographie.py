"""Put French no-break spaces where they belong in the course's prose files, in place.

Usage: ``python tools/typographie.py FILE…`` (Markdown pages, notebooks, question banks). Replaces a
plain space before ; : ! ? % » and after « with U+00A0, the rule that tests/test_prose.py checks.
Only notebook Markdown cells are touched; code, inline code and URLs are left alone. No library does
this for Markdown and YAML in place, hence this short script.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

NBSP = "\u00a0"
# Code blocks (not MyST directives, whose text is prose), inline code, URLs and link targets.
PROTECTED = re.compile(
    r"(^```(?!\{)[^\n]*\n.*?^```|`[^`\n]*`|https?://\S+|\]\([^)]*\))", re.DOTALL | re.MULTILINE
)
BEFORE = re.compile(r"(?<=\S) ([;:!?%»])")
AFTER = re.compile(r"« ")


def fix_text(text: str) -> str:
    """Fix the spacing of a Markdown text, leaving code and URLs as they are."""
    parts = PROTECTED.split(text)
    for index in range(0, len(parts), 2):
        parts[index] = AFTER.sub("«" + NBSP, BEFORE.sub(NBSP + r"\1", parts[index]))
    return "".join(parts)


def fix_yaml(text: str) -> str:
    """Fix only the values of a YAML file (never a ``key: value`` separator or a comment)."""
    lines = []
    for line in text.splitlines(keepends=True):
        match = re.match(r"^(\s*(?:- )?[\w-]+: |\s*- |\s+)(.*)$", line, re.DOTALL)
        if match and not line.lstrip().startswith("#"):
            line = match.group(1) + fix_text(match.group(2))
        lines.append(line)
    return "".join(lines)


def fix_file(path: Path) -> bool:
    """Fix one file in place; return whether it changed."""
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        changed = False
        for cell in notebook.cells:
            if cell.cell_type == "markdown" and (fixed := fix_text(cell.source)) != cell.source:
                cell.source, changed = fixed, True
        if changed:
            nbformat.write(notebook, path)
        return changed
    text = path.read_text(encoding="utf-8")
    fixed = fix_yaml(text) if path.suffix in {".yaml", ".yml"} else fix_text(text)
    if fixed != text:
        path.write_text(fixed, encoding="utf-8")
    return fixed != text


def main(argv: list[str]) -> int:
    for name in argv:
        if fix_file(Path(name)):
            print(f"corrigé : {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
