"""Two editions of the book from one source: the trainee edition and the trainer edition.

Cells tagged ``solution`` (worked solutions of the exercises) and ``formateur`` (trainer notes) are
dropped from the trainee edition and kept in the trainer edition. The edition is chosen by the
environment variable ``TRANSITION_NUMERIQUE_EDITION`` (``stagiaire`` by default, or ``formateur``),
which ``make book-formateur`` sets; Jupyter Book 1 has no command-line switch for a config value.

``read_notebook`` is registered in _config.yml through myst-nb's documented ``nb_custom_formats`` hook,
which lets a project replace the reader of ``.ipynb`` files; the cells are marked with myst-nb's own
``remove-cell`` tag, so nothing else of myst-nb's rendering changes. This module is also the Sphinx
extension that names the trainer edition in the page titles.
"""

from __future__ import annotations

import os
from typing import Any

import nbformat

EDITION_VARIABLE = "TRANSITION_NUMERIQUE_EDITION"
EDITIONS = ("stagiaire", "formateur")
HIDDEN_FROM_TRAINEES = frozenset({"solution", "formateur"})


def current_edition() -> str:
    """The edition being built, validated."""
    edition = os.environ.get(EDITION_VARIABLE, "stagiaire")
    if edition not in EDITIONS:
        raise ValueError(f"{EDITION_VARIABLE}={edition!r} : valeurs possibles {', '.join(EDITIONS)}")
    return edition


def read_notebook(text: str) -> nbformat.NotebookNode:
    """myst-nb reader for ``.ipynb``: in the trainee edition, remove solutions and trainer notes."""
    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    if current_edition() == "stagiaire":
        for cell in notebook.cells:
            tags = cell.metadata.get("tags", [])
            if HIDDEN_FROM_TRAINEES.intersection(tags):
                cell.metadata["tags"] = [*tags, "remove-cell"]
    return notebook


def _name_the_edition(app: Any, config: Any) -> None:
    if current_edition() == "formateur":
        config.html_title = f"{config.html_title or config.project} — édition formateur"


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _name_the_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
