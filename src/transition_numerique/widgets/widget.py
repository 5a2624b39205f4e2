"""The quiz, self-assessment and profile widgets (anywidget).

Grading and feedback run in the front-end (``widget.js``, shared by every widget, with ``widget.css``) so
that a quiz works in the static book exactly as in JupyterLab. One state model: the widget's traits are
the truth and every view renders from them. In a live kernel a widget is created with the trainee's
saved answers (the progress store); each answer the front-end sets is graded again in Python with the
same rules (:mod:`.grading`) and saved. In the static book the front-end keeps the same traits in the
browser's store instead. ``make execute`` runs with an empty scratch store, so the committed notebooks
carry unanswered widgets. The store is handed in (:class:`AnswerStore`): the trainee's progress store,
wired by :mod:`transition_numerique.learner.home`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import anywidget
import traitlets

from ..course.bank import Bank, ChoixMultiple, ChoixUnique, Echelle, Numerique, VraiFaux
from ..course.exercises import FORMULAS, Calcul, Champs, Liste, Step, Tableau, Texte
from ..course.satisfaction import Questionnaire
from ..reporting import NBSP, ProgressWarning, plural
from .grading import grade
from .markup import block_html, inline_html

_HERE = Path(__file__).parent


def _before_run(name: str, what: str) -> str:
    """The widget's ``text/plain``: what JupyterLab shows in its place until the cell runs (a notebook
    opened fresh is not trusted, so its saved widget outputs show as text), the same on every run."""
    return f"{name}{NBSP}: exécutez la cellule (Maj + Entrée) pour afficher {what}."


class AnswerStore(Protocol):
    """Where a widget's answers and ratings are kept (the trainee's progress store)."""

    path: Path

    def answers(self, chapitre: str) -> Mapping[str, Any]: ...  # entries with ``.reponse``
    def ratings(self, chapitre: str) -> Mapping[str, Any]: ...  # entries with ``.note``
    def record_answer(self, chapitre: str, question_id: str, reponse: Any, correct: bool) -> None: ...
    def record_rating(self, chapitre: str, statement_id: str, note: int) -> None: ...
    def forget(self, chapitre: str, section: Any, ids: Iterable[str]) -> None: ...


def question_payload(question: ChoixUnique | ChoixMultiple | VraiFaux | Numerique) -> dict[str, Any]:
    """What the front-end needs to show and grade one question; Markdown already rendered to HTML."""
    payload: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "objectif": question.objectif,
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


class CourseWidget(anywidget.AnyWidget):
    """One ESM and one stylesheet for every widget of the course; ``kind`` tells the front-end which."""

    _esm = _HERE / "widget.js"
    _css = _HERE / "widget.css"
    kind = traitlets.Unicode().tag(sync=True)


class _BankWidget(CourseWidget):
    """A widget on one chapter's bank, its traits started from the trainee's progress store."""

    chapitre = traitlets.Unicode().tag(sync=True)
    titre = traitlets.Unicode().tag(sync=True)

    def __init__(self, bank: Bank, store: AnswerStore, **traits: Any) -> None:
        self.bank = bank
        self.store = store
        super().__init__(chapitre=bank.chapitre, titre=bank.titre, **traits)

    def _saved(self, section: str) -> Mapping[str, Any]:
        """What the store holds for this chapter; an unreadable store warns and gives nothing."""
        try:
            return getattr(self.store, section)(self.bank.chapitre)
        except OSError as error:
            warnings.warn(
                ProgressWarning(f"progression illisible dans {self.store.path} : {error}"), stacklevel=3
            )
            return {}

    def _save(self, action: Any, *args: Any) -> None:
        """Run one store change; a store that cannot be written warns instead of breaking the widget."""
        try:
            action(self.bank.chapitre, *args)
        except OSError as error:
            warnings.warn(
                ProgressWarning(f"progression non enregistrée dans {self.store.path} : {error}"), stacklevel=2
            )


class Quiz(_BankWidget):
    """Graded questions of one bank; ``answers`` is ``{question id: answer given}``, graded on both sides."""

    questions = traitlets.List().tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)

    def __init__(self, bank: Bank, store: AnswerStore, ids: list[str] | None = None) -> None:
        questions = bank.questions if ids is None else [bank.question(i) for i in ids]
        self.question_ids = [q.id for q in questions]
        super().__init__(bank, store, kind="quiz", questions=[question_payload(q) for q in questions])
        saved = self._saved("answers")
        self.answers = {
            key: saved[key].reponse
            for key in self.question_ids
            if key in saved and self._graded(key, saved[key].reponse, quiet=True) is not None
        }
        self.observe(self._on_answers, names="answers")

    def __repr__(self) -> str:
        count = plural(len(self.question_ids), "question")
        return _before_run(f"Quiz {self.bank.chapitre} — {count}", "le quiz")

    def _graded(self, question_id: str, reponse: Any, quiet: bool = False) -> bool | None:
        """Python's verdict on one answer; None (with a warning unless ``quiet``) if it does not fit."""
        try:
            if question_id not in self.question_ids:
                raise ValueError(f"question inconnue : {question_id!r}")
            return grade(self.bank.question(question_id), reponse)
        except ValueError as error:
            if not quiet:
                warnings.warn(
                    ProgressWarning(f"quiz {self.bank.chapitre}, {question_id} : {error}"), stacklevel=2
                )
            return None

    def _on_answers(self, change: dict[str, Any]) -> None:
        old, new = change["old"], change["new"]
        for question_id, reponse in new.items():
            if question_id not in old or old[question_id] != reponse:
                correct = self._graded(question_id, reponse)
                if correct is not None:
                    self._save(self.store.record_answer, question_id, reponse, correct)
        if gone := sorted(old.keys() - new.keys()):
            self._save(self.store.forget, "quiz", gone)

    def reset(self) -> None:
        """Clear every answer of this quiz: in the store and in every view of the widget."""
        self.answers = {}

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, questions), as the widget shows « 6/8 »."""
        right = sum(bool(self._graded(key, reponse, quiet=True)) for key, reponse in self.answers.items())
        return right, len(self.question_ids)


class Autoevaluation(_BankWidget):
    """The bank's self-assessment statements, each rated on the scale; ``ratings`` is ``{id: note}``."""

    echelle = traitlets.Dict().tag(sync=True)
    affirmations = traitlets.List().tag(sync=True)
    ratings = traitlets.Dict().tag(sync=True)

    def __init__(self, bank: Bank, store: AnswerStore) -> None:
        scale = bank.echelle
        super().__init__(
            bank,
            store,
            kind="autoevaluation",
            echelle={
                "min": scale.min,
                "max": scale.max,
                "libelles": {str(k): v for k, v in sorted(scale.labels().items())},
            },
            affirmations=[{"id": s.id, "enonce": s.enonce} for s in bank.autoevaluation],
        )
        saved = self._saved("ratings")
        self.ratings = {
            key: saved[key].note for key in self._known() if key in saved and self._fits(saved[key].note)
        }
        self.observe(self._on_ratings, names="ratings")

    def __repr__(self) -> str:
        count = plural(len(self.bank.autoevaluation), "affirmation")
        return _before_run(f"Autoévaluation {self.bank.chapitre} — {count}", "l’autoévaluation")

    def _known(self) -> list[str]:
        return [s.id for s in self.bank.autoevaluation]

    def _fits(self, note: Any) -> bool:
        return type(note) is int and self.bank.echelle.min <= note <= self.bank.echelle.max

    def _on_ratings(self, change: dict[str, Any]) -> None:
        old, new = change["old"], change["new"]
        known = set(self._known())
        for statement_id, note in new.items():
            if old.get(statement_id) == note:
                continue
            if statement_id in known and self._fits(note):
                self._save(self.store.record_rating, statement_id, note)
            else:
                warnings.warn(
                    ProgressWarning(
                        f"autoévaluation {self.bank.chapitre}, {statement_id} : note {note!r} refusée"
                    ),
                    stacklevel=2,
                )
        if gone := sorted(old.keys() - new.keys()):
            self._save(self.store.forget, "autoevaluation", gone)

    def reset(self) -> None:
        """Clear every rating of this self-assessment: in the store and in every view of the widget."""
        self.ratings = {}


class SatisfactionStore(Protocol):
    """Where a satisfaction questionnaire is kept (the trainee's progress store)."""

    path: Path

    def satisfaction(self, questionnaire: str) -> Any: ...  # with ``.notes`` and ``.commentaire``
    def record_satisfaction(self, questionnaire: str, notes: dict[str, int], commentaire: str) -> None: ...


class Satisfaction(CourseWidget):
    """A satisfaction questionnaire: the self-assessment's rating scale on its statements (``ratings``,
    ``{id: note}``) and a free text (``commentaire``); both saved together on every change."""

    questionnaire = traitlets.Unicode().tag(sync=True)
    titre = traitlets.Unicode().tag(sync=True)
    consigne = traitlets.Unicode().tag(sync=True)
    question_libre = traitlets.Unicode().tag(sync=True)
    echelle = traitlets.Dict().tag(sync=True)
    affirmations = traitlets.List().tag(sync=True)
    ratings = traitlets.Dict().tag(sync=True)
    commentaire = traitlets.Unicode().tag(sync=True)

    def __init__(self, questionnaire: Questionnaire, echelle: Echelle, store: SatisfactionStore) -> None:
        self.store = store
        self._low, self._high = echelle.min, echelle.max
        super().__init__(
            kind="satisfaction",
            questionnaire=questionnaire.id,
            titre=questionnaire.titre,
            consigne=questionnaire.consigne,
            question_libre=questionnaire.texte_libre,
            echelle={
                "min": echelle.min,
                "max": echelle.max,
                "libelles": {str(k): v for k, v in sorted(echelle.labels().items())},
            },
            affirmations=[{"id": a.id, "enonce": a.enonce} for a in questionnaire.affirmations],
        )
        try:
            saved = store.satisfaction(questionnaire.id)
        except OSError as error:
            warnings.warn(ProgressWarning(f"progression illisible dans {store.path} : {error}"), stacklevel=2)
            saved = None
        if saved is not None:
            self.ratings = self._valid(saved.notes)
            self.commentaire = saved.commentaire
        self.observe(self._on_change, names=["ratings", "commentaire"])

    def __repr__(self) -> str:
        return _before_run(f"Questionnaire de satisfaction — {self.titre}", "le questionnaire")

    def _valid(self, notes: Mapping[str, Any]) -> dict[str, int]:
        known = {a["id"] for a in self.affirmations}
        return {
            k: v for k, v in notes.items() if k in known and type(v) is int and self._low <= v <= self._high
        }

    def _on_change(self, change: dict[str, Any]) -> None:
        notes = self._valid(self.ratings)
        if notes != self.ratings:  # dropped from the widget too, which saves the rest
            warnings.warn(ProgressWarning(f"satisfaction {self.questionnaire} : note refusée"), stacklevel=2)
            self.ratings = notes
            return
        try:
            self.store.record_satisfaction(self.questionnaire, notes, self.commentaire)
        except OSError as error:
            warnings.warn(
                ProgressWarning(f"progression non enregistrée dans {self.store.path} : {error}"), stacklevel=2
            )


class Profil(CourseWidget):
    """The maturity profile drawn in the page (radar, weakest first, action plan, export button).

    ``cours`` (each chapter's question and statement ids, scale and labels), ``catalogue`` and ``regles``
    are what the front-end needs to compute the profile with bilan.py's rules; ``progression`` is the
    store's content (``progress.json``'s ``chapters``), in the book replaced by the browser's.
    """

    cours = traitlets.List().tag(sync=True)
    catalogue = traitlets.Dict().tag(sync=True)
    regles = traitlets.Dict().tag(sync=True)
    progression = traitlets.Dict().tag(sync=True)
    #: the store's satisfaction answers (questionnaire id → answer), carried into the export
    satisfaction = traitlets.Dict().tag(sync=True)
    avertissements = traitlets.List().tag(sync=True)

    def __init__(self, **traits: Any) -> None:
        super().__init__(kind="bilan", **traits)

    def __repr__(self) -> str:
        return _before_run(
            "Profil de maturité numérique", "le radar, vos points faibles, le plan d’action et l’export"
        )


# --- exercise forms ---------------------------------------------------------------------------------


class ExerciseStore(Protocol):
    """Where exercise answers are kept (the trainee's progress store)."""

    path: Path

    def exercises(self, chapitre: str) -> Mapping[str, Any]: ...  # entries with ``.reponse``
    def record_exercise(self, chapitre: str, step_id: str, reponse: Any) -> None: ...
    def forget(self, chapitre: str, section: Any, ids: Iterable[str]) -> None: ...


def step_payload(step: Step) -> dict[str, Any]:
    """What the front-end needs to show one exercise step; Markdown already rendered to HTML."""
    payload = step.model_dump(mode="json")
    payload.update(consigne=inline_html(step.consigne), corrige=block_html(step.corrige))
    if isinstance(step, Calcul):
        formula = FORMULAS[step.formule]
        payload.update(
            libelle=formula["libelle"],
            entrees=[
                {"id": key, "libelle": step.libelles.get(key, label)} for key, label in formula["entrees"]
            ],
            unite=formula["unite"],
        )
    return payload


def _texts(value: Any, keys: set[str]) -> bool:
    """A mapping of texts with only ``keys`` as keys."""
    return (
        isinstance(value, dict) and value.keys() <= keys and all(isinstance(v, str) for v in value.values())
    )


def answer_fits(step: Step, reponse: Any) -> bool:
    """Whether an answer has the shape of the step's form (a text, fields, rows, ticked items)."""
    if isinstance(step, Texte):
        return isinstance(reponse, str)
    if isinstance(step, Champs):
        return _texts(reponse, {c.id for c in step.champs})
    if isinstance(step, Liste):
        known = {e.id for e in step.elements}
        return isinstance(reponse, list) and all(isinstance(i, str) and i in known for i in reponse)
    if isinstance(step, Tableau):
        columns = {c.id: c.type for c in step.colonnes}
        return isinstance(reponse, list) and all(
            isinstance(row, dict)
            and row.keys() <= columns.keys()
            and all(
                isinstance(v, bool) if columns[k] == "oui-non" else isinstance(v, str) for k, v in row.items()
            )
            for row in reponse
        )
    if step.formule == "repartition":
        return _texts(reponse, {"budget", *(p.id for p in step.postes)})
    return _texts(reponse, {key for key, _ in FORMULAS[step.formule]["entrees"]})


class Exercice(CourseWidget):
    """One exercise step's form; ``reponses`` is ``{step id: answer}`` (one entry, none before the
    trainee writes), the shape the browser store binds as for the quizzes. ``edition`` is the trainee
    edition in a kernel; in the book the page's edition wins (the trainer's always shows the corrigé)."""

    chapitre = traitlets.Unicode().tag(sync=True)
    etape = traitlets.Dict().tag(sync=True)
    reponses = traitlets.Dict().tag(sync=True)
    edition = traitlets.Unicode("stagiaire").tag(sync=True)

    def __init__(self, chapitre: str, step: Step, store: ExerciseStore) -> None:
        self.step = step
        self.store = store
        super().__init__(kind="exercice", chapitre=chapitre, etape=step_payload(step))
        try:
            saved = store.exercises(chapitre)
        except OSError as error:
            warnings.warn(ProgressWarning(f"progression illisible dans {store.path} : {error}"), stacklevel=2)
            saved = {}
        if step.id in saved and answer_fits(step, saved[step.id].reponse):
            self.reponses = {step.id: saved[step.id].reponse}
        self.observe(self._on_reponses, names="reponses")

    def __repr__(self) -> str:
        return _before_run(f"Exercice {self.chapitre} — {self.step.titre}", "le formulaire")

    def _on_reponses(self, change: dict[str, Any]) -> None:
        new = change["new"]
        try:
            if self.step.id not in new:
                self.store.forget(self.chapitre, "exercices", [self.step.id])
            elif answer_fits(self.step, new[self.step.id]):
                self.store.record_exercise(self.chapitre, self.step.id, new[self.step.id])
            else:
                message = f"exercice {self.chapitre}, {self.step.id} : réponse refusée"
                warnings.warn(ProgressWarning(message), stacklevel=2)
        except OSError as error:
            message = f"progression non enregistrée dans {self.store.path} : {error}"
            warnings.warn(ProgressWarning(message), stacklevel=2)

    @property
    def reponse(self) -> Any:
        """What the trainee wrote, or None."""
        return self.reponses.get(self.step.id)
