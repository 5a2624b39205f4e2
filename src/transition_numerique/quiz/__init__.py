"""Quizzes and self-assessments: question banks (:mod:`.bank`), the widgets (:mod:`.widget`) and the
trainee's progress store (:mod:`.progress`).

The package ``transition_numerique`` exports the function ``quiz`` under the name of this subpackage:
import from the submodules (``from transition_numerique.quiz.bank import load_bank``), never with
``import transition_numerique.quiz.bank as …``.
"""

from .bank import Bank, QuizBankError, check_banks, find_quiz_dir, load_bank
from .widget import Autoevaluation, Quiz, autoevaluation, quiz

__all__ = [
    "Autoevaluation",
    "Bank",
    "Quiz",
    "QuizBankError",
    "autoevaluation",
    "check_banks",
    "find_quiz_dir",
    "load_bank",
    "quiz",
]
