"""The trainee's widgets: each created from their progress store and saving its answers there.

These are the calls the notebooks make (``quiz("05")``, ``autoevaluation("05")``,
``exercice("05", "plan")``); the widgets
themselves (:mod:`transition_numerique.widgets.widget`) know nothing of where the store lives.
"""

from __future__ import annotations

from ..course.bank import QuizBankError, load_bank
from ..course.exercises import load_exercises
from ..reporting import Issue
from ..widgets.widget import Autoevaluation, Exercice, Quiz
from .progress import ProgressStore


def quiz(chapitre: str, ids: list[str] | None = None) -> Quiz:
    """The chapter's graded quiz: the whole bank, or the questions ``ids`` in that order."""
    bank = load_bank(chapitre)
    if ids is not None:
        unknown = [i for i in ids if i not in {q.id for q in bank.questions}]
        if unknown or len(set(ids)) != len(ids) or not ids:
            message = f"liste de questions invalide : {ids!r} (inconnues : {', '.join(unknown) or 'aucune'})"
            raise QuizBankError([Issue(f"banque {chapitre}", message, field="ids")])
    return Quiz(bank, ProgressStore(), ids)


def autoevaluation(chapitre: str) -> Autoevaluation:
    """The chapter's self-assessment (diagnostic d'entrée), rated on the bank's scale."""
    bank = load_bank(chapitre)
    if not bank.autoevaluation:
        raise QuizBankError([Issue(f"banque {chapitre}", "aucune affirmation", field="autoevaluation")])
    return Autoevaluation(bank, ProgressStore())


def exercice(chapitre: str, etape: str) -> Exercice:
    """One step of the chapter's exercises as a form (``exercice("04", "calendrier")``), started from
    the trainee's saved answer and saving each change."""
    return Exercice(chapitre, load_exercises(chapitre).etape(etape), ProgressStore())
