"""The banks as GIFT, Moodle's plain-text question format (``qformat_gift``).

Each text is prefixed ``[html]`` (question, options, feedback and general feedback alike, so that an
option starting with « [ » is never read as a format) and escaped as Moodle's own exporter does
(``repchar``): a backslash before ``\\ ~ = # { } :``, and line breaks written ``\\n``, since a blank line
ends a question and a line starting with ``//`` is a comment. The category line is not escaped: Moodle
reads it before unescaping anything, and only doubles a « / » inside a name. Comments carry the question's
idnumber and its objective's tag in Moodle's ``[id:…]`` and ``[tag:…]`` syntax, which the import reads,
and the objective's text for whoever reads the file. What the export holds and why is told in
:mod:`.questions`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..course.bank import Bank, ChoixMultiple, ChoixUnique, VraiFaux
from ..course.chapters import chapter
from ..reporting import NBSP, plural
from .questions import (
    AnyQuestion,
    ExportError,
    category_path,
    check,
    choice_fractions,
    feedback_html,
    header,
    number,
    objectives,
    option_html,
    question_html,
    question_name,
    question_tags,
    statements_note,
)

_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:"}


def escape(text: str) -> str:
    """A text as GIFT holds it: special characters after a backslash, line breaks as ``\\n``."""
    escaped = "".join(_SPECIAL.get(char, char) for char in text)
    return escaped.replace("\r", "").replace("\n", "\\n")


def _html(text: str) -> str:
    return "[html]" + escape(text)


def _comment(text: str) -> str:
    return "\n".join(f"// {line}" for line in text.splitlines())


def _category(bank: Bank) -> str:
    item = chapter(bank.chapitre)
    lines = [
        f"// {item.heading}{NBSP}: {plural(len(bank.questions), 'question')}. Objectifs du chapitre, et "
        f"l’étiquette des questions qui les vérifient{NBSP}:",
        *(f"// - {tag}{NBSP}: {text}" for tag, text in objectives(bank)),
    ]
    if note := statements_note(bank):
        lines.append(_comment(note))
    lines.append(f"$CATEGORY: {category_path(bank)}")
    return "\n".join(lines)


def _question(bank: Bank, question: AnyQuestion) -> str:
    name = question_name(bank, question)
    lines = [f"// {name}"]
    if question.objectif:
        text = chapter(bank.chapitre).objectives_by_id[question.objectif]
        lines.append(f"// Objectif vérifié{NBSP}: {text}")
    lines.append(" ".join([f"// [id:{name}]", *(f"[tag:{tag}]" for tag in question_tags(bank, question))]))
    lines.append(f"::{escape(name)}::{_html(question_html(question.question))}{{")
    if isinstance(question, ChoixUnique | ChoixMultiple):
        for option, fraction in zip(question.choix, choice_fractions(question), strict=True):
            single = "=" if option.correct else "~"
            mark = single if isinstance(question, ChoixUnique) else f"~%{fraction}%"
            feedback = f"#{_html(feedback_html(option.retour))}" if option.retour else ""
            lines.append(f"\t{mark}{_html(option_html(option.texte))}{feedback}")
    elif isinstance(question, VraiFaux):
        lines.append("\tTRUE" if question.reponse else "\tFALSE")
    else:
        lines.append(f"\t#{number(question.reponse)}:{number(question.tolerance)}")
    lines.append(f"\t####{_html(feedback_html(question.explication))}")
    lines.append("}")
    return "\n".join(lines)


def gift(banks: Sequence[Bank]) -> str:
    """The banks as one GIFT file: per bank, its category, then its questions in order."""
    issues = check(banks)
    if issues:
        raise ExportError(issues)
    blocks = [_comment(header("GIFT"))]
    for bank in banks:
        blocks.append(_category(bank))
        blocks.extend(_question(bank, question) for question in bank.questions)
    return "\n\n".join(blocks) + "\n"
