"""Two editions of the book from one source: the trainee edition and the trainer edition.

Cells tagged ``solution`` (worked solutions of the exercises) and ``formateur`` (trainer notes) are
dropped from the trainee edition and kept in the trainer edition. The edition is chosen by the
environment variable ``TRANSITION_NUMERIQUE_EDITION`` (``stagiaire`` by default, or ``formateur``),
which ``make book-formateur`` sets; Jupyter Book 1 has no command-line switch for a config value.
The trainer edition also has pages of its own (the trainer guide): its table of contents is
``_toc.yml`` plus a « Formateur » part, printed by ``python -m transition_numerique.book.editions``.
``_toc.yml`` itself is generated from the course's registry (:mod:`transition_numerique.course.chapters`), and
tests/test_registry.py checks that both editions' tables of contents follow it.

``read_notebook`` is registered in _config.yml through myst-nb's documented ``nb_custom_formats`` hook,
which lets a project replace the reader of ``.ipynb`` files; the cells are marked with myst-nb's own
``remove-cell`` tag, so nothing else of myst-nb's rendering changes. This module is also the Sphinx
extension that names the trainer edition in the page titles and tells the widgets which book they are in.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import yaml

from ..course import chapters

EDITION_VARIABLE = "TRANSITION_NUMERIQUE_EDITION"
EDITIONS = ("stagiaire", "formateur")
HIDDEN_FROM_TRAINEES = frozenset({"solution", "formateur"})
TRAINER_PART = {
    "caption": "Formateur",
    "chapters": [{"file": "book/guide-formateur"}, {"file": "formateur/tableau-equipe"}],
}


def current_edition() -> str:
    """The edition being built, validated."""
    edition = os.environ.get(EDITION_VARIABLE, "stagiaire")
    if edition not in EDITIONS:
        raise ValueError(f"{EDITION_VARIABLE}={edition!r} : valeurs possibles {', '.join(EDITIONS)}")
    return edition


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def is_course_call(source: str) -> bool:
    """A code cell the book's readers need not see, only its output: imports of the course and one-call
    statements with literal arguments (``quiz("05")``, ``figures.ad_spend_world()``,
    ``exemple = bilan.charger("….json")``). Exercise cells that teach a calculation stay visible."""
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        return False
    for node in statements:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("transition_numerique"):
            continue
        value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
        if isinstance(value, ast.Name):
            continue
        if isinstance(value, ast.Call):
            arguments = [*value.args, *(keyword.value for keyword in value.keywords)]
            if all(_literal(argument) for argument in arguments):
                continue
        return False
    return bool(statements)


def read_notebook(text: str) -> nbformat.NotebookNode:
    """myst-nb reader for ``.ipynb``: the course's one-call cells show their output only (both editions);
    in the trainee edition, solutions and trainer notes are removed."""
    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    trainee = current_edition() == "stagiaire"
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if trainee and HIDDEN_FROM_TRAINEES.intersection(tags):
            cell.metadata["tags"] = [*tags, "remove-cell"]
        elif cell.cell_type == "code" and is_course_call(cell.source):
            cell.metadata["tags"] = [*tags, "remove-input"]
    return notebook


def trainer_toc(trainee_toc: Path | None = None) -> dict[str, Any]:
    """The trainer edition's table of contents: the trainee one (the file ``trainee_toc``, or the one the
    registry of chapters gives) with the « Formateur » part first."""
    if trainee_toc is None:
        toc = chapters.trainee_toc()
    else:
        toc = yaml.safe_load(trainee_toc.read_text(encoding="utf-8"))
    toc["parts"] = [TRAINER_PART, *toc["parts"]]
    return toc


def _name_the_edition(app: Any, config: Any) -> None:
    if current_edition() == "formateur":
        config.html_title = f"{config.html_title or config.project} — édition formateur"


def _declare_the_book(app: Any) -> None:
    """Tell the widgets of every page that the browser is the trainee's home, and for which edition
    (widget.js keys the browser store by edition and book folder, so two books never mix)."""
    book = json.dumps({"edition": current_edition()})
    app.add_js_file(None, body=f"window.transitionNumeriqueLivre = {book};")


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _name_the_edition)
    app.connect("builder-inited", _declare_the_book)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    yaml.safe_dump(trainer_toc(root / "_toc.yml"), sys.stdout, allow_unicode=True, sort_keys=False)
