"""Sphinx directives of the trainer guide: ``trainer-notes`` (a chapter's notes) and ``programme``.

``trainer-notes``: the notes are written once, in the chapter notebook's cells tagged ``formateur``; the guide
page shows them chapter after chapter, from the prise en main (00) to the bilan (09), so the two never
disagree. The cells' own « Notes pour le formateur » heading is dropped and their sub-headings become
rubrics under the guide's chapter heading. A notebook without such a cell may have its notes written in the
directive's body instead, until they move into the notebook (both at once is an error).

``programme``: one of the registry's programmes (:data:`transition_numerique.course.chapters.PROGRAMMES`), one
table per half-day, its times computed from the chapters' room minutes; a half-day whose lines do not fill
it exactly stops the build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ..course.chapters import PROGRAMMES, REGISTRY, entry, misfits, programme_markdown

NOTES_TITLE = re.compile(r"^#+ Notes pour le formateur\s*$", re.MULTILINE)


def trainer_notes(notebook: Path) -> str:
    """The Markdown of the notebook's ``formateur`` cells, without their title heading."""
    cells = nbformat.read(notebook, as_version=4).cells
    notes = [cell.source for cell in cells if "formateur" in cell.metadata.get("tags", [])]
    return "\n\n".join(NOTES_TITLE.sub("", note, count=1).strip() for note in notes)


class TrainerNotes(SphinxDirective):
    """``{trainer-notes} 05``: the trainer notes of chapter 05 (00 to 09)."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            item = entry(self.arguments[0])
        except KeyError as error:
            raise self.error(str(error)) from None
        notebook = Path(self.env.srcdir) / item.notebook
        self.env.note_dependency(str(notebook))
        notes = trainer_notes(notebook)
        if notes and self.content:
            raise self.error(
                f"{item.notebook} a sa cellule « formateur » : retirez le texte de la directive "
                f"trainer-notes {item.id}, les notes viennent du notebook"
            )
        container = nodes.container(classes=["tn-trainer-notes"])
        if notes:
            self.state.nested_parse(StringList(notes.splitlines(), source=str(notebook)), 0, container)
        elif self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        else:
            raise self.error(f"{item.notebook} : aucune cellule étiquetée « formateur »")
        return [container]


class ProgrammeDirective(SphinxDirective):
    """``{programme} deux-jours``: the programme's half-days, drawn from the registry."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ident = self.arguments[0]
        if ident not in PROGRAMMES:
            known = ", ".join(PROGRAMMES)
            raise self.error(f"programme inconnu « {ident} » (programmes du registre : {known})")
        programme = PROGRAMMES[ident]
        problems = misfits(programme)
        if problems:
            raise self.error(" ; ".join(problems))
        self.env.note_dependency(str(REGISTRY))
        container = nodes.container(classes=["tn-programme"])
        markdown = programme_markdown(programme)
        self.state.nested_parse(StringList(markdown.splitlines(), source=str(REGISTRY)), 0, container)
        return [container]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("trainer-notes", TrainerNotes)
    app.add_directive("programme", ProgrammeDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
