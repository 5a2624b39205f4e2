"""The trainee's progress: answers and ratings saved in a JSON file, results per chapter, exports.

The file is ``platformdirs.user_data_dir("transition-numerique")/progress.json``, or the path in
``$TRANSITION_NUMERIQUE_PROGRESS`` (shared JupyterHub setups, tests). Every write replaces the file
atomically; a file that cannot be read is moved aside (never overwritten) with a warning naming both
paths, and a fresh progress starts. Exports are what the trainer's team picture reads.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..chapters import CHAPTERS, chapter
from .bank import DEFAULT_LABELS, Bank, bank_path, find_quiz_dir, load_bank_file

PROGRESS_ENV = "TRANSITION_NUMERIQUE_PROGRESS"
SCHEMA_VERSION = 1


class ProgressWarning(UserWarning):
    """The progress file could not be read and was moved aside."""


class ProgressError(ValueError):
    """An export file that is not a valid progress export; the message names the file and fields."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- the stored file --------------------------------------------------------------------------------


class StoredAnswer(_Model):
    """The last answer checked for one question, graded in Python."""

    reponse: bool | int | float | str | list[int]
    correct: bool
    date: datetime


class StoredRating(_Model):
    """The last rating given to one self-assessment statement."""

    note: int
    date: datetime


class StoredChapter(_Model):
    quiz: dict[str, StoredAnswer] = {}
    autoevaluation: dict[str, StoredRating] = {}


class ProgressFile(_Model):
    """Schema of ``progress.json`` (version 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    chapters: dict[str, StoredChapter] = {}


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
    """Read-modify-write access to one progress file; each change reloads the file first, so that two
    notebooks open at once do not erase each other's answers."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def load(self) -> ProgressFile:
        """The stored progress; an unreadable file is moved aside and an empty progress returned."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ProgressFile()
        try:
            return ProgressFile.model_validate_json(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            reason = f"encodage : {error.reason}"
        except ValidationError as error:
            reason = _first_error(error)
        self._move_aside(reason)
        return ProgressFile()

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
                f"Il a été mis de côté sous {aside} ; une progression vierge commence."
            ),
            stacklevel=3,
        )

    def _update(self, chapitre: str, section: str, key: str, value: BaseModel | None) -> None:
        data = self.load()
        entries = getattr(data.chapters.setdefault(chapitre, StoredChapter()), section)
        if value is None:
            entries.pop(key, None)
        else:
            entries[key] = value
        write_atomic(self.path, data.model_dump_json(indent=2) + "\n")

    def record_answer(self, chapitre: str, question_id: str, reponse: Any, correct: bool) -> None:
        """Save the answer checked for one question."""
        answer = StoredAnswer(reponse=reponse, correct=correct, date=_now())
        self._update(chapitre, "quiz", question_id, answer)

    def forget_answer(self, chapitre: str, question_id: str) -> None:
        """Drop the answer of a question the trainee tries again or resets."""
        self._update(chapitre, "quiz", question_id, None)

    def record_rating(self, chapitre: str, statement_id: str, note: int) -> None:
        """Save the rating of one self-assessment statement."""
        self._update(chapitre, "autoevaluation", statement_id, StoredRating(note=note, date=_now()))

    def forget_rating(self, chapitre: str, statement_id: str) -> None:
        """Drop the rating of a statement (self-assessment reset)."""
        self._update(chapitre, "autoevaluation", statement_id, None)


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    if detail["type"] == "json_invalid":
        return f"JSON invalide : {detail['ctx']['error']}"
    where = ".".join(str(part) for part in detail["loc"])
    return f"{where} : {detail['msg']}" if where else detail["msg"]


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
    """One chapter's results: quiz score, ratings, maturity (mean rating rescaled to 0 to 100), and
    whether each answered question was right (``reponses``, empty in exports made before it existed)."""

    chapitre: str
    titre: str
    quiz: QuizScore
    autoevaluation: dict[str, int]
    maturite: float | None = Field(ge=0, le=100)
    reponses: dict[str, bool] = {}

    @model_validator(mode="after")
    def _answers_match_score(self) -> ChapterResult:
        if self.reponses and (len(self.reponses), sum(self.reponses.values())) != (
            self.quiz.answered,
            self.quiz.correct,
        ):
            raise ValueError("reponses ne correspond pas au score du quiz (answered, correct)")
        return self


def _s(count: int) -> str:
    return "s" if count > 1 else ""


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
                f" ({score.answered} répondue{_s(score.answered)}),"
                f" {rated} affirmation{_s(rated)} notée{_s(rated)}, maturité {maturity}"
            )
        if len(lines) == 1:
            lines.append("Aucun chapitre commencé.")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class ProgressExport(_Model):
    """The file a trainee hands to the trainer (schema version 1)."""

    schema_version: Literal[1]
    exported_at: datetime
    participant: str | None = None
    chapters: dict[str, ChapterResult]


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
                f"chapitre {chapitre} : notes hors de l'échelle {low} à {high} ignorées "
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
    )


def progress(store: ProgressStore | None = None, quiz_dir: Path | None = None) -> Progress:
    """The trainee's results for every chapter that has a bank or stored answers."""
    stored = (store or ProgressStore()).load()
    folder = quiz_dir or find_quiz_dir()
    results = {}
    for item in CHAPTERS:
        path = bank_path(item.id, folder)
        bank = load_bank_file(path) if path.is_file() else None
        record = stored.chapters.get(item.id)
        if bank is not None or record is not None:
            results[item.id] = _result(item.id, bank, record or StoredChapter())
    return Progress(chapters=results)


def export_progress(
    path: str | os.PathLike[str],
    participant: str | None = None,
    store: ProgressStore | None = None,
    quiz_dir: Path | None = None,
) -> Path:
    """Write the results to ``path`` as a versioned JSON export for the trainer; return the path."""
    result = progress(store, quiz_dir)
    export = ProgressExport(
        schema_version=SCHEMA_VERSION,
        exported_at=_now(),
        participant=participant,
        chapters=result.chapters,
    )
    target = Path(path)
    write_atomic(target, export.model_dump_json(indent=2) + "\n")
    return target


def load_export(path: str | os.PathLike[str]) -> ProgressExport:
    """Read and validate one export; :class:`ProgressError` names the file and every faulty field."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProgressError(f"{source} : export illisible ({error})") from None
    try:
        return ProgressExport.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            where = " › ".join(str(part) for part in detail["loc"]) or "document"
            problems.append(f"{source}, champ « {where} » : {detail['msg']}")
        raise ProgressError("\n".join(problems)) from None
