"""The banks as Moodle XML (``qformat_xml``), the format Moodle exports and imports with the most detail.

Written with :mod:`xml.etree.ElementTree`, which escapes every text as entities (« < », « & », « > »):
an HTML text, a ``]]>`` or a ``<script>`` inside a bank text needs no CDATA section and cannot end one.
XML 1.0 cannot carry most control characters at all (a YAML double-quoted ``"\\x07"`` can make one):
such a text is refused, naming the bank, the question and the field. What the export holds and why
(names, categories, grades, tags, the self-assessment left out) is told in :mod:`.questions`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

from ..course.bank import Bank, ChoixMultiple, ChoixUnique, Numerique, VraiFaux
from ..course.chapters import chapter
from ..reporting import NBSP, Issue
from .questions import (
    AnyQuestion,
    ExportError,
    bank_file,
    category_idnumber,
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

#: Characters XML 1.0 cannot hold (its ``Char`` production).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HEADER = f" {header('Moodle XML')} "


def _texts(bank: Bank, question: AnyQuestion) -> Iterator[tuple[str, str]]:
    """Every text of a question the export writes, with the field that holds it."""
    yield "question", question.question
    yield "explication", question.explication
    if isinstance(question, ChoixUnique | ChoixMultiple):
        for number_, option in enumerate(question.choix, start=1):
            yield f"choix › n°{number_} › texte", option.texte
            if option.retour:
                yield f"choix › n°{number_} › retour", option.retour
    if isinstance(question, Numerique) and question.unite:
        yield "unite", question.unite


def _xml_issues(banks: Sequence[Bank]) -> list[Issue]:
    issues = []
    for bank in banks:
        for question in bank.questions:
            for field, text in _texts(bank, question):
                if found := _NOT_XML.search(text):
                    issues.append(
                        Issue(
                            bank_file(bank),
                            f"caractère de contrôle U+{ord(found[0]):04X} impossible en XML",
                            item=f"question «{NBSP}{question.id}{NBSP}»",
                            field=field,
                        )
                    )
    return issues


def _text(parent: ET.Element, tag: str, text: str, format_: str | None = "html") -> ET.Element:
    """``<tag format="html"><text>…</text></tag>``, Moodle's shape for every text."""
    element = ET.SubElement(parent, tag, {"format": format_} if format_ else {})
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _category(bank: Bank) -> ET.Element:
    item = chapter(bank.chapitre)
    goals = "".join(
        f"<li><code>{html.escape(tag)}</code>{NBSP}: {html.escape(text)}</li>"
        for tag, text in objectives(bank)
    )
    info = (
        f"<p>{html.escape(item.heading)}. Objectifs du chapitre, et l’étiquette des questions qui les "
        f"vérifient{NBSP}:</p><ul>{goals}</ul>"
    )
    if note := statements_note(bank):
        info += f"<p>{html.escape(note)}</p>"
    element = ET.Element("question", {"type": "category"})
    _text(element, "category", category_path(bank), None)
    _text(element, "info", info)
    _value(element, "idnumber", category_idnumber(bank))
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str, format_: str = "html") -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": format_})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", feedback)
    return answer


def _question(bank: Bank, question: AnyQuestion) -> ET.Element:
    kind = {"choix-unique": "multichoice", "choix-multiple": "multichoice", "vrai-faux": "truefalse"}
    element = ET.Element("question", {"type": kind.get(question.type, "numerical")})
    _text(element, "name", question_name(bank, question), None)
    _text(element, "questiontext", question_html(question.question))
    _text(element, "generalfeedback", feedback_html(question.explication))
    _value(element, "defaultgrade", "1")
    _value(element, "penalty", "1" if isinstance(question, VraiFaux) else "0.3333333")
    _value(element, "hidden", "0")
    _value(element, "idnumber", question_name(bank, question))
    if isinstance(question, ChoixUnique | ChoixMultiple):
        _value(element, "single", "true" if isinstance(question, ChoixUnique) else "false")
        _value(element, "shuffleanswers", "false")
        _value(element, "answernumbering", "abc")
        for option, fraction in zip(question.choix, choice_fractions(question), strict=True):
            _answer(element, fraction, option_html(option.texte), feedback_html(option.retour))
    elif isinstance(question, VraiFaux):
        for value in (True, False):
            fraction = "100" if value == question.reponse else "0"
            _answer(element, fraction, "true" if value else "false", "", "moodle_auto_format")
    else:
        answer = _answer(element, "100", number(question.reponse), "", "moodle_auto_format")
        _value(answer, "tolerance", number(question.tolerance))
        if question.unite:
            unit = ET.SubElement(ET.SubElement(element, "units"), "unit")
            _value(unit, "multiplier", "1")
            _value(unit, "unit_name", question.unite)
        _value(element, "unitgradingtype", "0")  # the unit is optional and not graded
        _value(element, "unitpenalty", "0.1")
        _value(element, "showunits", "0" if question.unite else "3")  # typed after the number, or none
        _value(element, "unitsleft", "0")
    tags = question_tags(bank, question)
    if tags:
        holder = ET.SubElement(element, "tags")
        for tag in tags:
            _text(holder, "tag", tag, None)
    return element


def moodle_xml(banks: Sequence[Bank]) -> str:
    """The banks as one Moodle XML file: per bank, its category, then its questions in order."""
    issues = check(banks) + _xml_issues(banks)
    if issues:
        raise ExportError(issues)
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(HEADER))
    for bank in banks:
        quiz.append(_category(bank))
        quiz.extend(_question(bank, question) for question in bank.questions)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
