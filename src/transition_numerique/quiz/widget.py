"""The quiz and self-assessment widgets (anywidget), the calls the notebooks make.

Grading and feedback run in the front-end (``quiz.js``, shared by both widgets, with ``quiz.css``) so
that a quiz works in the static book exactly as in JupyterLab. In a live kernel the front-end sends
each checked answer (or rating) back through a synced dict; Python grades it again with the same rules
(:mod:`.grading`) and saves it in the progress store. Widgets are always created unanswered.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .bank import Bank, BankIssue, ChoixMultiple, ChoixUnique, Numerique, QuizBankError, VraiFaux, load_bank
from .grading import grade
from .markup import block_html, inline_html
from .progress import ProgressStore, ProgressWarning

_HERE = Path(__file__).parent
_STORAGE_PREFIX = "transition-numerique"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def question_payload(question: ChoixUnique | ChoixMultiple | VraiFaux | Numerique) -> dict[str, Any]:
    """What the front-end needs to show and grade one question; Markdown already rendered to HTML."""
    payload: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "question": inline_html(question.question),
        "explication": block_html(question.explication),
    }
    if isinstance(question, ChoixUnique | ChoixMultiple):
        payload["choix"] = [
            {"texte": inline_html(c.texte), "correct": c.correct, "retour": block_html(c.retour or "")}
            for c in question.choix
        ]
    elif isinstance(question, VraiFaux):
        payload["reponse"] = question.reponse
    else:
        payload.update(reponse=question.reponse, tolerance=question.tolerance, unite=question.unite or "")
    return payload


class _BankWidget(anywidget.AnyWidget):
    """One ESM and one stylesheet for both widgets; ``data["kind"]`` tells the front-end which."""

    _esm = _HERE / "quiz.js"
    _css = _HERE / "quiz.css"
    data = traitlets.Dict().tag(sync=True)

    def __init__(self, bank: Bank, data: dict[str, Any], store: ProgressStore | None = None) -> None:
        self.bank = bank
        self.store = store or ProgressStore()
        super().__init__(data={"chapitre": bank.chapitre, "titre": bank.titre, **data})

    def _save(self, action: Any, *args: Any) -> None:
        """Run one store change; a store that cannot be written warns instead of breaking the widget."""
        try:
            action(self.bank.chapitre, *args)
        except OSError as error:
            warnings.warn(
                ProgressWarning(f"progression non enregistrée dans {self.store.path} : {error}"), stacklevel=2
            )


class Quiz(_BankWidget):
    """Graded questions of one bank; ``answers`` is ``{id: {"reponse": …, "correct": bool}}``."""

    answers = traitlets.Dict().tag(sync=True)

    def __init__(self, bank: Bank, ids: list[str] | None = None, store: ProgressStore | None = None) -> None:
        questions = bank.questions if ids is None else [bank.question(i) for i in ids]
        key = "*" if ids is None else ",".join(ids)
        data = {
            "kind": "quiz",
            "storage": f"{_STORAGE_PREFIX}/quiz/{bank.chapitre}/{key}",
            "questions": [question_payload(q) for q in questions],
        }
        self.question_ids = [q.id for q in questions]
        super().__init__(bank, data, store)
        self.observe(self._on_answers, names="answers")

    def __repr__(self) -> str:
        return f"Quiz {self.bank.chapitre} — {_plural(len(self.question_ids), 'question')}"

    def _graded(self, question_id: str, entry: Any) -> bool | None:
        """Python's verdict on one answer from the front-end; None (with a warning) if it does not fit."""
        try:
            if question_id not in self.question_ids or not isinstance(entry, dict):
                raise ValueError(f"réponse inattendue : {entry!r}")
            return grade(self.bank.question(question_id), entry.get("reponse"))
        except ValueError as error:
            warnings.warn(
                ProgressWarning(f"quiz {self.bank.chapitre}, {question_id} : {error}"), stacklevel=2
            )
            return None

    def _on_answers(self, change: dict[str, Any]) -> None:
        old, new = change["old"], change["new"]
        for question_id, entry in new.items():
            if old.get(question_id) != entry:
                correct = self._graded(question_id, entry)
                if correct is not None:
                    self._save(self.store.record_answer, question_id, entry["reponse"], correct)
        for question_id in old.keys() - new.keys():
            self._save(self.store.forget_answer, question_id)

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, questions), as the widget shows « 6/8 »."""
        right = sum(bool(self._graded(key, entry)) for key, entry in self.answers.items())
        return right, len(self.question_ids)


class Autoevaluation(_BankWidget):
    """The bank's self-assessment statements, each rated on the scale; ``ratings`` is ``{id: note}``."""

    ratings = traitlets.Dict().tag(sync=True)

    def __init__(self, bank: Bank, store: ProgressStore | None = None) -> None:
        scale = bank.echelle
        data = {
            "kind": "autoevaluation",
            "storage": f"{_STORAGE_PREFIX}/autoevaluation/{bank.chapitre}",
            "echelle": {
                "min": scale.min,
                "max": scale.max,
                "libelles": {str(k): v for k, v in sorted(scale.labels().items())},
            },
            "affirmations": [{"id": s.id, "enonce": s.enonce} for s in bank.autoevaluation],
        }
        super().__init__(bank, data, store)
        self.observe(self._on_ratings, names="ratings")

    def __repr__(self) -> str:
        return (
            f"Autoévaluation {self.bank.chapitre} — {_plural(len(self.bank.autoevaluation), 'affirmation')}"
        )

    def _on_ratings(self, change: dict[str, Any]) -> None:
        old, new = change["old"], change["new"]
        known = {s.id for s in self.bank.autoevaluation}
        scale = self.bank.echelle
        for statement_id, note in new.items():
            if old.get(statement_id) == note:
                continue
            if statement_id in known and type(note) is int and scale.min <= note <= scale.max:
                self._save(self.store.record_rating, statement_id, note)
            else:
                warnings.warn(
                    ProgressWarning(
                        f"autoévaluation {self.bank.chapitre}, {statement_id} : note {note!r} refusée"
                    ),
                    stacklevel=2,
                )
        for statement_id in old.keys() - new.keys():
            self._save(self.store.forget_rating, statement_id)


def quiz(chapitre: str, ids: list[str] | None = None) -> Quiz:
    """The chapter's graded quiz: the whole bank, or the questions ``ids`` in that order."""
    bank = load_bank(chapitre)
    if ids is not None:
        unknown = [i for i in ids if i not in {q.id for q in bank.questions}]
        if unknown or len(set(ids)) != len(ids) or not ids:
            message = f"liste de questions invalide : {ids!r} (inconnues : {', '.join(unknown) or 'aucune'})"
            raise QuizBankError([BankIssue(f"banque {chapitre}", message, field="ids")])
    return Quiz(bank, ids)


def autoevaluation(chapitre: str) -> Autoevaluation:
    """The chapter's self-assessment (diagnostic d'entrée), rated on the bank's scale."""
    bank = load_bank(chapitre)
    if not bank.autoevaluation:
        raise QuizBankError([BankIssue(f"banque {chapitre}", "aucune affirmation", field="autoevaluation")])
    return Autoevaluation(bank)
