"""The trainee's progress: answers and ratings saved in a JSON file, results per chapter, exports.

The file is ``platformdirs.user_data_dir("transition-numerique")/progress.json``, or the path in
``$TRANSITION_NUMERIQUE_PROGRESS`` (shared JupyterHub setups, tests). Every change is a locked
load-change-write (``progress.json.lock`` beside it) and replaces the file atomically; a file that
cannot be read is moved aside (never overwritten) with a warning naming both paths, and a fresh
progress starts. Exports are what the trainer's team picture reads, and what :func:`importer` merges
back into a store.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

import platformdirs
from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..course.bank import DEFAULT_LABELS, Bank, QuizBankError, bank_path, find_quiz_dir, load_bank_file
from ..course.chapters import CHAPTERS, chapter
from ..reporting import NBSP, InputError, Issue, ProgressWarning, french, join, location, plural, plural_s
from ..widgets.grading import grade

PROGRESS_ENV = "TRANSITION_NUMERIQUE_PROGRESS"
SCHEMA_VERSION = 1
#: seconds a change waits for another process's change before giving up (:class:`ProgressLockError`)
LOCK_TIMEOUT = 10.0

Section = Literal["quiz", "autoevaluation", "exercices"]
SECTIONS: tuple[Section, ...] = ("quiz", "autoevaluation", "exercices")
#: an answer as the front-end sends it: option index, list of indexes, boolean, or the text typed
Reponse = bool | int | float | str | list[int]


class ProgressError(InputError):
    """An export file that is not a valid progress export; the issues name the file and fields."""


class ProgressLockError(TimeoutError):
    """The progress file stayed locked by another process longer than the timeout (an ``OSError``, so
    that the widgets warn instead of breaking)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- the stored file --------------------------------------------------------------------------------


class StoredAnswer(_Model):
    """The last answer checked for one question, graded in Python."""

    reponse: Reponse
    correct: bool
    date: datetime


class StoredRating(_Model):
    """The last rating given to one self-assessment statement."""

    note: int
    date: datetime


class StoredExercise(_Model):
    """The last answer written in one exercise step's form (its shape is the step's: a text, fields,
    table rows, ticked items), not graded."""

    reponse: Any
    date: datetime


class StoredChapter(_Model):
    quiz: dict[str, StoredAnswer] = {}
    autoevaluation: dict[str, StoredRating] = {}
    #: exercise answers by step id; absent from files written before exercise forms existed
    exercices: dict[str, StoredExercise] = {}


class SatisfactionAnswer(_Model):
    """One satisfaction questionnaire as the trainee last saved it: a rating per statement and the
    free text (kept as typed; escaped wherever it is shown)."""

    notes: dict[str, int] = {}
    commentaire: str = ""
    date: datetime


class ProgressFile(_Model):
    """Schema of ``progress.json`` (version 1); ``satisfaction`` (questionnaire id → answer) was added
    later, optional."""

    schema_version: Literal[1] = SCHEMA_VERSION
    chapters: dict[str, StoredChapter] = {}
    satisfaction: dict[str, SatisfactionAnswer] = {}


def default_path() -> Path:
    """``$TRANSITION_NUMERIQUE_PROGRESS`` if set, else ``progress.json`` in the user data folder."""
    if os.environ.get(PROGRESS_ENV):
        return Path(os.environ[PROGRESS_ENV])
    return Path(platformdirs.user_data_dir("transition-numerique", appauthor=False)) / "progress.json"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file of the same folder, then ``os.replace`` it onto ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the replace
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


class ProgressStore:
    """Access to one progress file, safe when several notebooks (kernels) save at once.

    Every change reloads the file, applies itself and writes the file back atomically, while holding a
    :class:`filelock.FileLock` on ``<file>.lock``: two kernels are two processes, so a thread lock
    would not do, and filelock locks across processes on Linux, macOS and Windows alike (``flock`` or
    ``msvcrt``; the system releases the lock of a kernel that dies). Reading takes no lock: the file is
    only ever replaced whole. A lock held longer than ``timeout`` seconds raises
    :class:`ProgressLockError` instead of waiting forever.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.lock_path = self.path.with_name(f"{self.path.name}.lock")
        self.timeout = timeout
        self._lock = FileLock(self.lock_path, timeout=timeout)

    # --- reading ----------------------------------------------------------------------------------

    def load(self) -> ProgressFile:
        """The stored progress; an unreadable file is moved aside and an empty progress returned."""
        read = self._read()
        if isinstance(read, ProgressFile):
            return read
        with self._locked():  # read again: another kernel may have moved it aside or replaced it
            read = self._read()
            if isinstance(read, str):
                self._move_aside(read)
                return ProgressFile()
            return read

    def answers(self, chapitre: str) -> dict[str, StoredAnswer]:
        """The saved answers of one chapter, by question id."""
        record = self.load().chapters.get(chapitre)
        return dict(record.quiz) if record else {}

    def ratings(self, chapitre: str) -> dict[str, StoredRating]:
        """The saved ratings of one chapter, by statement id."""
        record = self.load().chapters.get(chapitre)
        return dict(record.autoevaluation) if record else {}

    def satisfaction(self, questionnaire: str) -> SatisfactionAnswer | None:
        """The saved answer to one satisfaction questionnaire, if any."""
        return self.load().satisfaction.get(questionnaire)

    def exercises(self, chapitre: str) -> dict[str, StoredExercise]:
        """The saved exercise answers of one chapter, by step id."""
        record = self.load().chapters.get(chapitre)
        return dict(record.exercices) if record else {}

    def _read(self) -> ProgressFile | str:
        """The stored progress (empty without a file), or why the file cannot be read."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ProgressFile()
        try:
            return ProgressFile.model_validate_json(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            return f"encodage{NBSP}: {error.reason}"
        except ValidationError as error:
            return _first_error(error)

    def _move_aside(self, reason: str) -> None:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{number}")
        self.path.rename(aside)
        warnings.warn(
            ProgressWarning(
                f"Le fichier de progression {self.path} était illisible ({reason}). "
                f"Il a été mis de côté sous {aside}{NBSP}; une progression vierge commence."
            ),
            stacklevel=3,
        )

    # --- changing ---------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the file lock (re-entrant within one thread)."""
        try:
            self._lock.acquire(poll_interval=0.01)
        except Timeout:
            seconds = f"{self.timeout:g}".replace(".", ",")
            raise ProgressLockError(
                f"La progression {self.path} est verrouillée par un autre notebook depuis plus de "
                f"{seconds}{NBSP}s (verrou {self.lock_path}){NBSP}: rien n’a été enregistré. "
                "Réessayez dans un instant."
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _change(self, change: Callable[[ProgressFile], bool]) -> None:
        """Load, apply ``change`` (True if it changed something) and write back, under the lock."""
        with self._locked():
            data = self.load()
            if change(data):
                write_atomic(self.path, data.model_dump_json(indent=2) + "\n")

    def _update(self, chapitre: str, section: Section, key: str, value: BaseModel | None) -> None:
        """Set one entry, or drop it when ``value`` is None."""
        if value is None:
            self.forget(chapitre, section, [key])
            return

        def change(data: ProgressFile) -> bool:
            getattr(data.chapters.setdefault(chapitre, StoredChapter()), section)[key] = value
            return True

        self._change(change)

    def record_answer(self, chapitre: str, question_id: str, reponse: Any, correct: bool) -> None:
        """Save the answer checked for one question."""
        answer = StoredAnswer(reponse=reponse, correct=correct, date=_now())
        self._update(chapitre, "quiz", question_id, answer)

    def forget_answer(self, chapitre: str, question_id: str) -> None:
        """Drop the answer of a question the trainee tries again or resets."""
        self.forget(chapitre, "quiz", [question_id])

    def record_rating(self, chapitre: str, statement_id: str, note: int) -> None:
        """Save the rating of one self-assessment statement."""
        self._update(chapitre, "autoevaluation", statement_id, StoredRating(note=note, date=_now()))

    def record_exercise(self, chapitre: str, step_id: str, reponse: Any) -> None:
        """Save what the trainee wrote in one exercise step."""
        self._update(chapitre, "exercices", step_id, StoredExercise(reponse=reponse, date=_now()))

    def forget_rating(self, chapitre: str, statement_id: str) -> None:
        """Drop the rating of a statement (self-assessment reset)."""
        self.forget(chapitre, "autoevaluation", [statement_id])

    def record_satisfaction(self, questionnaire: str, notes: dict[str, int], commentaire: str) -> None:
        """Save one questionnaire's ratings and free text (dropped when both are empty)."""

        def change(data: ProgressFile) -> bool:
            if notes or commentaire.strip():
                answer = SatisfactionAnswer(notes=notes, commentaire=commentaire, date=_now())
                data.satisfaction[questionnaire] = answer
            else:
                data.satisfaction.pop(questionnaire, None)
            return True

        self._change(change)

    def forget(self, chapitre: str, section: Section, ids: Iterable[str]) -> None:
        """Drop several answers (``"quiz"``), ratings (``"autoevaluation"``) or exercise answers
        (``"exercices"``) of one chapter in one locked write (« Réinitialiser »); ids not saved are
        ignored."""
        if section not in SECTIONS:
            raise ValueError(f"section inconnue{NBSP}: {section!r} (quiz, autoevaluation ou exercices)")
        keys = list(ids)

        def change(data: ProgressFile) -> bool:
            entries = getattr(data.chapters.setdefault(chapitre, StoredChapter()), section)
            for key in keys:
                entries.pop(key, None)
            return True  # written even if nothing was saved: the chapter is then on file, as started

        self._change(change)


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = location(detail["loc"])
    return f"{where}{NBSP}: {french(detail)}" if where else french(detail)


# --- results per chapter ----------------------------------------------------------------------------


class QuizScore(_Model):
    """Questions answered, answered right, and in the chapter's bank."""

    answered: int = Field(ge=0)
    correct: int = Field(ge=0)
    total: int = Field(ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> QuizScore:
        if not self.correct <= self.answered <= self.total:
            raise ValueError("il faut correct <= answered <= total")
        return self


class ChapterResult(_Model):
    """One chapter's results: quiz score, ratings, maturity (mean rating rescaled to 0 to 100), whether
    each answered question was right (``reponses``) and the answer given (``reponses_donnees``, what
    :func:`importer` reads back); both empty in exports made before they existed."""

    chapitre: str
    titre: str
    quiz: QuizScore
    autoevaluation: dict[str, int]
    maturite: float | None = Field(ge=0, le=100)
    reponses: dict[str, bool] = {}
    reponses_donnees: dict[str, Reponse] = {}
    #: what the trainee wrote in each exercise step, by step id; empty in older exports
    exercices: dict[str, Any] = {}

    @model_validator(mode="after")
    def _answers_match_score(self) -> ChapterResult:
        if self.reponses and (len(self.reponses), sum(self.reponses.values())) != (
            self.quiz.answered,
            self.quiz.correct,
        ):
            raise ValueError("reponses ne correspond pas au score du quiz (answered, correct)")
        if self.reponses and self.reponses_donnees and self.reponses_donnees.keys() != self.reponses.keys():
            raise ValueError("reponses_donnees et reponses doivent porter sur les mêmes questions")
        return self


class Progress(_Model):
    """Results per chapter, in the course's order; displays as a short French summary."""

    chapters: dict[str, ChapterResult]

    def __repr__(self) -> str:
        lines = ["Progression dans la formation"]
        for result in self.chapters.values():
            score = result.quiz
            maturity = "—" if result.maturite is None else f"{round(result.maturite)}/100"
            rated = len(result.autoevaluation)
            lines.append(
                f"{result.chapitre} {result.titre}\u00a0: quiz {score.correct}/{score.total}"
                f" ({score.answered} répondue{plural_s(score.answered)}),"
                f" {rated} affirmation{plural_s(rated)} notée{plural_s(rated)}, maturité {maturity}"
            )
        if len(lines) == 1:
            lines.append("Aucun chapitre commencé.")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class ObjectiveResult(_Model):
    """One chapter objective in an export: its questions, those answered and answered right, and the
    status :func:`~transition_numerique.learner.bilan.statut_objectif` gave them at export time."""

    questions: int = Field(ge=0)
    repondues: int = Field(ge=0)
    justes: int = Field(ge=0)
    statut: str


class Positioning(_Model):
    """A chapter's diagnostic d'entrée as positioning: maturity and the date of the first rating."""

    maturite: float | None = Field(ge=0, le=100)
    date: datetime | None = None


class ProgressExport(_Model):
    """The file a trainee hands to the trainer (schema version 1).

    ``objectifs`` (chapter → objective id → result), ``positionnement`` (chapter → positioning) and
    ``satisfaction`` (questionnaire id → answer) were added later and are optional: an export made
    before them loads with them empty."""

    schema_version: Literal[1]
    exported_at: datetime
    participant: str | None = None
    chapters: dict[str, ChapterResult]
    objectifs: dict[str, dict[str, ObjectiveResult]] = {}
    positionnement: dict[str, Positioning] = {}
    satisfaction: dict[str, SatisfactionAnswer] = {}


def maturity(ratings: list[int], low: int, high: int) -> float | None:
    """Mean rating rescaled from ``low`` to ``high`` onto 0 to 100 (one decimal); None without one."""
    if not ratings:
        return None
    mean = sum(ratings) / len(ratings)
    return round((mean - low) / (high - low) * 100, 1)


def _result(chapitre: str, bank: Bank | None, record: StoredChapter) -> ChapterResult:
    if bank is None:  # answers kept for a chapter whose bank is gone: still reported
        answers = record.quiz
        ratings = {key: value.note for key, value in record.autoevaluation.items()}
        total, low, high = len(answers), min(DEFAULT_LABELS), max(DEFAULT_LABELS)
    else:
        question_ids = {q.id for q in bank.questions}
        answers = {key: value for key, value in record.quiz.items() if key in question_ids}
        statement_ids = {s.id for s in bank.autoevaluation}
        ratings = {k: v.note for k, v in record.autoevaluation.items() if k in statement_ids}
        total, low, high = len(bank.questions), bank.echelle.min, bank.echelle.max
    outside = sorted(key for key, value in ratings.items() if not low <= value <= high)
    if outside:  # the bank's scale changed since these ratings were given
        warnings.warn(
            ProgressWarning(
                f"chapitre {chapitre}{NBSP}: notes hors de l’échelle {low} à {high} ignorées "
                f"({', '.join(outside)})"
            ),
            stacklevel=3,
        )
        ratings = {key: value for key, value in ratings.items() if key not in outside}
    return ChapterResult(
        chapitre=chapitre,
        titre=chapter(chapitre).title,
        quiz=QuizScore(answered=len(answers), correct=sum(a.correct for a in answers.values()), total=total),
        autoevaluation=ratings,
        maturite=maturity(list(ratings.values()), low, high),
        reponses={key: answer.correct for key, answer in answers.items()},
        reponses_donnees={key: answer.reponse for key, answer in answers.items()},
        exercices={key: entry.reponse for key, entry in record.exercices.items()},
    )


def _bank_problem(error: QuizBankError) -> str:
    """The first problem of an invalid bank (it names the file), and how many others."""
    first = str(error.issues[0]) if error.issues else str(error)
    others = len(error.issues) - 1
    return first + (
        f" (et {others} autre{plural_s(others)} problème{plural_s(others)})" if others > 0 else ""
    )


def progress(store: ProgressStore | None = None, quiz_dir: Path | None = None) -> Progress:
    """The trainee's results for every chapter that has a bank or stored answers.

    A bank that fails validation does not stop the others: its chapter is left out, with a
    :class:`ProgressWarning` naming the chapter and the file (its answers stay stored).
    """
    stored = (store or ProgressStore()).load()
    folder = quiz_dir or find_quiz_dir()
    results = {}
    for item in CHAPTERS:
        path = bank_path(item.id, folder)
        try:
            bank = load_bank_file(path) if path.is_file() else None
        except QuizBankError as error:
            warnings.warn(
                ProgressWarning(
                    f"chapitre {item.id} laissé de côté, sa banque de questions {path} est invalide"
                    f"{NBSP}: {_bank_problem(error)}. Vos réponses à ce chapitre restent enregistrées"
                    f"{NBSP}; prévenez votre formateur."
                ),
                stacklevel=2,
            )
            continue
        record = stored.chapters.get(item.id)
        if bank is not None or record is not None:
            results[item.id] = _result(item.id, bank, record or StoredChapter())
    return Progress(chapters=results)


def write_export(
    path: str | os.PathLike[str],
    chapters: dict[str, ChapterResult],
    participant: str | None = None,
    **optional: Any,
) -> Path:
    """Write ``chapters`` to ``path`` as a versioned JSON export, atomically; return the path.

    ``optional`` are the export's optional fields (``objectifs``, ``positionnement``…)."""
    export = ProgressExport(
        schema_version=SCHEMA_VERSION,
        exported_at=_now(),
        participant=participant,
        chapters=chapters,
        **optional,
    )
    target = Path(path)
    write_atomic(target, export.model_dump_json(indent=2) + "\n")
    return target


def export_progress(
    path: str | os.PathLike[str],
    participant: str | None = None,
    store: ProgressStore | None = None,
    quiz_dir: Path | None = None,
) -> Path:
    """Write the results to ``path`` as a versioned JSON export for the trainer; return the path.

    A chapter whose bank is invalid is left out (see :func:`progress`)."""
    return write_export(path, progress(store, quiz_dir).chapters, participant)


def _validate_export(source: Path, data: Any) -> ProgressExport:
    try:
        return ProgressExport.model_validate(data)
    except ValidationError as error:
        issues = (
            Issue(str(source), french(d), field=location(d["loc"]) or "document") for d in error.errors()
        )
        raise ProgressError(issues) from None


def load_export(path: str | os.PathLike[str]) -> ProgressExport:
    """Read and validate one export; :class:`ProgressError` names the file and every faulty field."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProgressError([Issue(str(source), f"export illisible ({error})")]) from None
    return _validate_export(source, data)


# --- importing an export ----------------------------------------------------------------------------

_EXPORT_KEYS = ("schema_version", "exported_at", "chapters")
_JSON_KINDS = {list: "une liste", str: "un texte", bool: "un booléen", int: "un nombre", float: "un nombre"}


class ImportSkip(NamedTuple):
    """One answer or rating of an export that :func:`importer` could not take, and why."""

    chapitre: str
    section: Section
    id: str
    raison: str


@dataclass(frozen=True)
class ImportReport:
    """What :func:`importer` merged into the store; displays as a short French summary."""

    source: Path
    answers_added: int = 0
    ratings_added: int = 0
    exercises_added: int = 0
    #: entries the store already held: the store's are kept
    kept: int = 0
    skipped: tuple[ImportSkip, ...] = ()
    #: quiz answers of an export made before ``reponses_donnees`` existed: counted, not importable
    not_importable: int = 0
    #: satisfaction questionnaires taken from the export (those the store did not hold)
    satisfaction_added: int = 0

    def __repr__(self) -> str:
        counts = (
            (self.answers_added, "réponse", None),
            (self.ratings_added, "note", None),
            (self.exercises_added, "réponse d’exercice", "réponses d’exercice"),
        )
        added = [(n, noun, many) for n, noun, many in counts if n]
        if added:
            total = self.answers_added + self.ratings_added + self.exercises_added
            parts = [join(plural(n, noun, many) for n, noun, many in added) + f" ajoutée{plural_s(total)}"]
        else:
            parts = ["aucune réponse ni note ajoutée"]
        if self.kept:
            parts.append(f"{self.kept} déjà enregistrée{plural_s(self.kept)}, conservée{plural_s(self.kept)}")
        reasons = Counter((skip.section, skip.raison) for skip in self.skipped)
        for (section, raison), n in reasons.items():
            noun = "réponse" if section == "quiz" else "note"
            parts.append(f"{n} {noun}{plural_s(n)} ignorée{plural_s(n)} ({raison})")
        if self.satisfaction_added:
            n = self.satisfaction_added
            parts.append(f"{n} questionnaire{plural_s(n)} de satisfaction ajouté{plural_s(n)}")
        if self.not_importable:
            n = self.not_importable
            parts.append(
                f"{n} réponse{plural_s(n)} de quiz non importable{plural_s(n)} "
                "(export antérieur, sans les réponses données)"
            )
        lines = [f"Import de {self.source.name}{NBSP}: " + f"{NBSP}; ".join(parts)]
        for skip in self.skipped:
            what = "question" if skip.section == "quiz" else "affirmation"
            lines.append(f"- chapitre {skip.chapitre}, {what} «{NBSP}{skip.id}{NBSP}»{NBSP}: {skip.raison}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def _read_import(source: Path) -> ProgressExport:
    """The export in ``source``, or a :class:`ProgressError` saying in French what the file is instead."""

    def fail(message: str) -> ProgressError:
        return ProgressError([Issue(str(source), message)])

    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail("fichier introuvable") from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"lecture impossible ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"ligne {error.lineno}, colonne {error.colno}"
        raise fail(f"ce n’est pas un fichier JSON valide (erreur {where})") from None
    if not isinstance(data, dict):
        kind = _JSON_KINDS.get(type(data), "null")
        raise fail(f"un export de progression est un objet JSON {{…}}, ce fichier contient {kind}")
    if "exported_at" not in data and "chapters" in data:
        try:
            ProgressFile.model_validate(data)
        except ValidationError:
            pass
        else:
            raise fail(
                "c’est un fichier de progression (progress.json), pas un export. Exportez d’abord vos "
                "résultats (export_progress ou bilan.exporter), puis importez le fichier exporté."
            )
    missing = [key for key in _EXPORT_KEYS if key not in data]
    if missing:
        n = len(missing)
        absent = f"clé{plural_s(n)} {', '.join(missing)} absente{plural_s(n)}"
        if n == len(_EXPORT_KEYS):
            absent = f"aucune des clés attendues{NBSP}: {', '.join(_EXPORT_KEYS)}"
        raise fail(f"ce n’est pas un export de progression de la formation ({absent})")
    if data["schema_version"] != SCHEMA_VERSION:
        raise fail(
            f"version de schéma {data['schema_version']!r} non prise en charge "
            f"(cette version de la formation lit la version {SCHEMA_VERSION})"
        )
    known = [item.id for item in CHAPTERS]
    if isinstance(data["chapters"], dict):
        unknown = [key for key in data["chapters"] if key not in known]
        if unknown:
            n = len(unknown)
            raise fail(
                f"chapitre{plural_s(n)} inconnu{plural_s(n)} {', '.join(unknown)} "
                f"(chapitres de la formation{NBSP}: {', '.join(known)})"
            )
    return _validate_export(source, data)


Entry = StoredAnswer | StoredRating | StoredExercise


def _candidates(
    export: ProgressExport, folder: Path
) -> tuple[list[tuple[str, Section, str, Entry]], list[ImportSkip], int]:
    """What the export could add, checked against the current banks: (entries, skipped, not importable)."""
    entries: list[tuple[str, Section, str, Entry]] = []
    skipped: list[ImportSkip] = []
    not_importable = 0
    for chapitre, result in export.chapters.items():
        path = bank_path(chapitre, folder)
        bank: Bank | None = None
        reason = f"pas de banque {path.name}"
        try:
            bank = load_bank_file(path) if path.is_file() else None
        except QuizBankError:
            reason = f"banque {path.name} invalide"
        if not result.reponses_donnees:
            not_importable += result.quiz.answered
        for question_id, reponse in result.reponses_donnees.items():
            if bank is None:
                skipped.append(ImportSkip(chapitre, "quiz", question_id, reason))
                continue
            try:
                correct = grade(bank.question(question_id), reponse)
            except KeyError:
                skipped.append(ImportSkip(chapitre, "quiz", question_id, "question supprimée depuis"))
                continue
            except ValueError:
                skipped.append(ImportSkip(chapitre, "quiz", question_id, "question modifiée depuis"))
                continue
            answer = StoredAnswer(reponse=reponse, correct=correct, date=export.exported_at)
            entries.append((chapitre, "quiz", question_id, answer))
        statements = {s.id for s in bank.autoevaluation} if bank else set()
        for statement_id, note in result.autoevaluation.items():
            if bank is None:
                why = reason
            elif statement_id not in statements:
                why = "affirmation supprimée depuis"
            elif not bank.echelle.min <= note <= bank.echelle.max:
                why = f"hors de l’échelle {bank.echelle.min} à {bank.echelle.max}"
            else:
                rating = StoredRating(note=note, date=export.exported_at)
                entries.append((chapitre, "autoevaluation", statement_id, rating))
                continue
            skipped.append(ImportSkip(chapitre, "autoevaluation", statement_id, why))
        for step_id, reponse in result.exercices.items():
            entries.append(
                (chapitre, "exercices", step_id, StoredExercise(reponse=reponse, date=export.exported_at))
            )
    return entries, skipped, not_importable


def importer(
    path: str | os.PathLike[str], store: ProgressStore | None = None, quiz_dir: Path | None = None
) -> ImportReport:
    """Continue in JupyterLab what was started elsewhere: merge an export into the progress store.

    A trainee who started in the static book exports the results there, then runs, in JupyterLab,
    ``importer("mes-resultats.json")``: ratings, answers and questionnaires join the store, and the
    chapters and the bilan show them. Each answer is graded again with the current bank; an answer or
    a rating that no longer fits it is skipped and reported. What the store already holds is kept
    (the store wins). Everything is merged in one locked write. A file that is not an export raises
    :class:`ProgressError` naming the file and the problem, and the store is left untouched. The banks
    are found as for the widgets (``quiz_dir``, else :func:`~.bank.find_quiz_dir`).
    """
    source = Path(path)
    export = _read_import(source)
    entries, skipped, not_importable = _candidates(export, quiz_dir or find_quiz_dir())
    added: Counter[str] = Counter()
    kept = 0

    def merge(data: ProgressFile) -> bool:
        nonlocal kept
        added.clear()
        kept = 0
        for chapitre, section, key, value in entries:
            saved = getattr(data.chapters.setdefault(chapitre, StoredChapter()), section)
            if key in saved:
                kept += 1
            else:
                saved[key] = value
                added[section] += 1
        for questionnaire, answer in export.satisfaction.items():
            if questionnaire in data.satisfaction:
                kept += 1
            else:
                data.satisfaction[questionnaire] = answer
                added["satisfaction"] += 1
        return bool(added)

    (store or ProgressStore())._change(merge)
    return ImportReport(
        source=source,
        answers_added=added["quiz"],
        ratings_added=added["autoevaluation"],
        exercises_added=added["exercices"],
        kept=kept,
        skipped=tuple(skipped),
        not_importable=not_importable,
        satisfaction_added=added["satisfaction"],
    )
