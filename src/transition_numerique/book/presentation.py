"""Sphinx extension: the book's « Mode présentation », for a trainer projecting a page to a room.

Every page gets ``book/_assets/tn/presentation.js`` and ``presentation.css`` (served from the book's
own asset folder, so the mode works offline and from file://) and a button among the article's header
buttons. The button is one of sphinx-book-theme's own: the theme fills ``context["header_buttons"]`` at
``html-page-context`` (priority 501) and its ``article-header-buttons.html`` renders that list with its
macros, so one entry appended after it gives a button that sits, looks and gets its tooltip like the
theme's fullscreen button, without a copy of a theme template in book/_templates to keep in step.
The script is small and written for the course (why, in its header): it shows the page's own
sections one at a time and leaves the widgets' views where they are.

Trainer notes (the ``formateur`` cells, whose heading :data:`~.trainer_guide.NOTES_TITLE` recognises)
are marked here, at build time, so the trainer edition never projects them.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .trainer_guide import NOTES_TITLE

KEY = "p"
BUTTON_LABEL = "presentation-button"
TOOLTIP = f"Mode présentation (touche {KEY.upper()})"
TRAINER_NOTES_CLASS = "tn-notes-formateur"


def add_button(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The « Mode présentation » button, last of the theme's header buttons."""
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    buttons.append(
        {
            "type": "javascript",
            "javascript": "transitionNumeriquePresentation.toggle()",
            "tooltip": TOOLTIP,
            "icon": "fas fa-person-chalkboard",
            "label": BUTTON_LABEL,
        }
    )


def mark_trainer_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Class the sections of trainer notes, which presentation.js leaves out of the slides."""
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is not None and NOTES_TITLE.match(f"# {title.astext()}"):
            section["classes"].append(TRAINER_NOTES_CLASS)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_css_file("tn/presentation.css")
    app.add_js_file("tn/presentation.js", defer="defer", **{"data-touche": KEY})
    app.connect("html-page-context", add_button, priority=502)
    app.connect("doctree-read", mark_trainer_notes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
