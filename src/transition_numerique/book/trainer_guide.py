"""Sphinx directive ``trainer-notes``: a chapter's trainer notes, inserted into the trainer guide.

The notes are written once, in the chapter notebook's cells tagged ``formateur``; the guide page
shows them chapter after chapter, so the two never disagree. The cells' own « Notes pour le formateur »
heading is dropped and their sub-headings become rubrics under the guide's chapter heading.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ..chapters import chapter

NOTES_TITLE = re.compile(r"^#+ Notes pour le formateur\s*$", re.MULTILINE)


def trainer_notes(notebook: Path) -> str:
    """The Markdown of the notebook's ``formateur`` cells, without their title heading."""
    cells = nbformat.read(notebook, as_version=4).cells
    notes = [cell.source for cell in cells if "formateur" in cell.metadata.get("tags", [])]
    return "\n\n".join(NOTES_TITLE.sub("", note, count=1).strip() for note in notes)


class TrainerNotes(SphinxDirective):
    """``{trainer-notes} 05``: the trainer notes of chapter 05."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        try:
            item = chapter(self.arguments[0])
        except KeyError as error:
            raise self.error(str(error)) from None
        notebook = Path(self.env.srcdir) / item.notebook
        self.env.note_dependency(str(notebook))
        notes = trainer_notes(notebook)
        if not notes:
            raise self.error(f"{item.notebook} : aucune cellule étiquetée « formateur »")
        container = nodes.container(classes=["tn-trainer-notes"])
        self.state.nested_parse(StringList(notes.splitlines(), source=str(notebook)), 0, container)
        return [container]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("trainer-notes", TrainerNotes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
