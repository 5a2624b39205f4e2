"""Put French typography where it belongs in the course's prose files, in place.

Usage: ``python tools/typographie.py FILE…`` (Markdown pages, notebooks, question banks and other YAML,
Python modules). Replaces a plain space before ; : ! ? % » and after « with U+00A0, and a straight
apostrophe between two letters with the typographic one (’), the rules that tests/test_prose.py
checks (each text must be left unchanged by :func:`fix_text`). Only notebook Markdown cells are
touched; code, inline code and URLs are left alone; in Python, only string literals that are not
docstrings (the texts a trainee reads). No library does this for Markdown, YAML and Python in place,
hence this short script.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from pathlib import Path

import nbformat

NBSP = "\u00a0"
# Code blocks (not MyST directives, whose text is prose), inline code, URLs, link targets, HTML comments
# (the registry's markers).
PROTECTED = re.compile(
    r"(^```(?!\{)[^\n]*\n.*?^```|`[^`\n]*`|https?://\S+|\]\([^)]*\)|<!--.*?-->)", re.DOTALL | re.MULTILINE
)
BEFORE = re.compile(r"(?<=\S) ([;:!?%»])")
AFTER = re.compile(r"« ")
APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
#: a Python string literal's prefix (f, r, b…) and opening quote
LITERAL_OPENING = re.compile(r"[A-Za-z]*(\'\'\'|\"\"\"|\'|\")")
#: an apostrophe in a single-quoted YAML scalar, written twice
YAML_APOSTROPHE = re.compile(r"(?<=[^\W\d_])''(?=[^\W\d_])")


def fix_text(text: str) -> str:
    """Fix the spacing of a Markdown text, leaving code and URLs as they are."""
    parts = PROTECTED.split(text)
    for index in range(0, len(parts), 2):
        spaced = AFTER.sub("«" + NBSP, BEFORE.sub(NBSP + r"\1", parts[index]))
        parts[index] = APOSTROPHE.sub("’", spaced)
    return "".join(parts)


def fix_yaml(text: str) -> str:
    """Fix only the values of a YAML file (never a ``key: value`` separator or a comment)."""
    lines = []
    for line in text.splitlines(keepends=True):
        match = re.match(r"^(\s*(?:- )?[\w-]+: |\s*- |\s+)(.*)$", line, re.DOTALL)
        if match and not line.lstrip().startswith("#"):
            line = match.group(1) + fix_text(YAML_APOSTROPHE.sub("’", match.group(2)))
        lines.append(line)
    return "".join(lines)


def fix_python(text: str) -> str:
    """Typographic apostrophes in the string literals of a module, docstrings and comments aside."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    lines = text.splitlines(keepends=True)
    edits = []
    for index, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        before = next(
            (t for t in reversed(tokens[:index]) if t.type not in (tokenize.NL, tokenize.COMMENT)), None
        )
        after = next((t for t in tokens[index + 1 :] if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
        statement = before is None or before.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        if statement and after is not None and after.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            continue  # a docstring (or a bare string statement)
        opening = LITERAL_OPENING.match(token.string)
        start, end = opening.end(), len(token.string) - len(opening.group(1))
        fixed = token.string[:start] + APOSTROPHE.sub("’", token.string[start:end]) + token.string[end:]
        if fixed != token.string:
            edits.append((token.start, token.end, fixed))
    for (row, col), (end_row, end_col), fixed in reversed(edits):
        head, tail = lines[row - 1][:col], lines[end_row - 1][end_col:]
        lines[row - 1 : end_row] = [head + fixed + tail]
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
    fixers = {".yaml": fix_yaml, ".yml": fix_yaml, ".py": fix_python}
    fixed = fixers.get(path.suffix, fix_text)(text)
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
