"""Question banks: one YAML file per chapter (``notebooks/quiz/NN.yaml``), validated by pydantic.

The format is the authoring contract of AUTHORING.md. Every problem in a bank (YAML syntax, unknown key,
missing answer, duplicate id, an ``objectif`` that is not one of the chapter's objectives in the course
registry…) becomes one :class:`~transition_numerique.reporting.Issue` naming the file, the question and
the field, in French; :class:`QuizBankError` carries all of them.

Each question names, in ``objectif``, the id of the chapter objective it checks (Qualiopi: learners are
evaluated against the objectives). The model leaves it optional, so that a trainer's draft bank loads;
the course's own banks must fill it for every question (tests/test_quiz_bank.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ..reporting import InputError, Issue, french, location
from . import yaml_files
from .chapters import CHAPTERS, chapter
from .yaml_files import display

#: Environment variable naming the folder of the banks (otherwise found from the working directory).
QUIZ_DIR_ENV = "TRANSITION_NUMERIQUE_QUIZ_DIR"

QUESTION_TYPES = ("choix-unique", "choix-multiple", "vrai-faux", "numerique")
DEFAULT_LABELS = {1: "Pas du tout", 2: "Plutôt pas", 3: "En partie", 4: "Plutôt", 5: "Tout à fait"}
_BANK_NAME = re.compile(r"^\d{2}\.yaml$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
ChapterId = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Choix(_Strict):
    """One option of a multiple-choice question, with its own feedback."""

    texte: Text
    correct: bool = False
    retour: Text | None = None


def _check_choices(choix: list[Choix]) -> list[Choix]:
    if len(choix) < 2:
        raise PydanticCustomError("quiz", "au moins deux choix sont nécessaires (ici {n})", {"n": len(choix)})
    seen: dict[str, int] = {}
    for number, item in enumerate(choix, start=1):
        if item.texte in seen:
            raise PydanticCustomError(
                "quiz", "les choix n°{a} et n°{b} ont le même texte", {"a": seen[item.texte], "b": number}
            )
        seen[item.texte] = number
    return choix


def _correct_numbers(choix: list[Choix]) -> str:
    return ", ".join(f"n°{n}" for n, item in enumerate(choix, start=1) if item.correct)


class _Question(_Strict):
    id: Ident
    question: Text
    explication: Text
    #: the id of the chapter objective the question checks (``objectifs`` in the course registry)
    objectif: Ident | None = None


class ChoixUnique(_Question):
    """Exactly one correct option."""

    type: Literal["choix-unique"]
    choix: list[Choix]

    @field_validator("choix")
    @classmethod
    def _one_correct(cls, choix: list[Choix]) -> list[Choix]:
        _check_choices(choix)
        count = sum(item.correct for item in choix)
        if count == 0:
            raise PydanticCustomError("quiz", "aucun choix n’est marqué « correct: true »")
        if count > 1:
            raise PydanticCustomError(
                "quiz",
                "une question choix-unique a exactement un choix correct (ici {n} : {which})",
                {"n": count, "which": _correct_numbers(choix)},
            )
        return choix


class ChoixMultiple(_Question):
    """At least one correct option; the answer is right when it ticks all of them and nothing else."""

    type: Literal["choix-multiple"]
    choix: list[Choix]

    @field_validator("choix")
    @classmethod
    def _some_correct(cls, choix: list[Choix]) -> list[Choix]:
        _check_choices(choix)
        if not any(item.correct for item in choix):
            raise PydanticCustomError("quiz", "aucun choix n’est marqué « correct: true »")
        return choix


class VraiFaux(_Question):
    """A statement that is true or false."""

    type: Literal["vrai-faux"]
    reponse: bool


class Numerique(_Question):
    """A number, right when within ``tolerance`` (inclusive) of ``reponse``."""

    type: Literal["numerique"]
    reponse: float
    tolerance: float = Field(default=0.0, ge=0)
    unite: Text | None = None


Question = Annotated[ChoixUnique | ChoixMultiple | VraiFaux | Numerique, Field(discriminator="type")]
_QUESTION_MODELS: dict[str, type[_Question]] = {
    "choix-unique": ChoixUnique,
    "choix-multiple": ChoixMultiple,
    "vrai-faux": VraiFaux,
    "numerique": Numerique,
}


class Affirmation(_Strict):
    """A self-assessment statement about the trainee's company, rated on the scale."""

    id: Ident
    enonce: Text


class Echelle(_Strict):
    """The rating scale of the self-assessment; labels are optional for each level."""

    min: int = 1
    max: int = 5
    libelles: dict[int, Text] | None = None

    @field_validator("max")
    @classmethod
    def _above_min(cls, value: int, info: Any) -> int:
        low = info.data.get("min")
        if low is not None and not low < value <= low + 10:
            raise PydanticCustomError("quiz", "max doit dépasser min de 1 à 10 (min = {low})", {"low": low})
        return value

    @field_validator("libelles")
    @classmethod
    def _in_range(cls, labels: dict[int, str] | None, info: Any) -> dict[int, str] | None:
        low, high = info.data.get("min"), info.data.get("max")
        if labels and low is not None and high is not None:
            outside = sorted(key for key in labels if not low <= key <= high)
            if outside:
                raise PydanticCustomError(
                    "quiz",
                    "libellé {keys} hors de l’échelle {low} à {high}",
                    {"keys": ", ".join(map(str, outside)), "low": low, "high": high},
                )
        return labels

    def labels(self) -> dict[int, str]:
        """The labels to show: the bank's own, or the default ones on the default scale (1 to 5)."""
        if self.libelles is not None:
            return dict(self.libelles)
        return dict(DEFAULT_LABELS) if (self.min, self.max) == (1, 5) else {}


class Bank(_Strict):
    """One chapter's bank: graded questions and self-assessment statements."""

    chapitre: ChapterId
    titre: Text
    echelle: Echelle = Echelle()
    autoevaluation: list[Affirmation] = []
    questions: list[Question] = []

    def question(self, question_id: str) -> ChoixUnique | ChoixMultiple | VraiFaux | Numerique:
        """Return the question with this id (KeyError naming the bank otherwise)."""
        for item in self.questions:
            if item.id == question_id:
                return item
        raise KeyError(f"question inconnue dans la banque {self.chapitre} : {question_id!r}")


class QuizBankError(InputError):
    """One or more invalid question banks; ``issues`` lists every problem found."""


# --- finding the banks ------------------------------------------------------------------------------


def find_quiz_dir(start: Path | None = None) -> Path:
    """The folder of the banks: ``$TRANSITION_NUMERIQUE_QUIZ_DIR``, else ``./quiz``, else the first
    ``notebooks/quiz`` found walking up from the working directory (notebooks run from notebooks/ or
    exercises/)."""
    if os.environ.get(QUIZ_DIR_ENV):
        folder = Path(os.environ[QUIZ_DIR_ENV])
        if not folder.is_dir():
            raise QuizBankError([Issue(str(folder), f"dossier introuvable (variable {QUIZ_DIR_ENV})")])
        return folder
    here = (start or Path.cwd()).resolve()
    candidates = [here / "quiz", *(folder / "notebooks" / "quiz" for folder in (here, *here.parents))]
    for folder in candidates:
        if folder.is_dir():
            return folder
    raise QuizBankError(
        [
            Issue(
                str(here),
                "aucun dossier de banques (quiz/ ou notebooks/quiz/ en remontant) ; "
                f"indiquez-le dans la variable {QUIZ_DIR_ENV}",
            )
        ]
    )


def bank_path(chapitre: str, quiz_dir: Path | None = None) -> Path:
    """The file of one chapter's bank."""
    return (quiz_dir or find_quiz_dir()) / f"{chapitre}.yaml"


# --- reading one file -------------------------------------------------------------------------------


def read_yaml(path: Path, label: str) -> Any:
    """Read a YAML file written by a trainer (:func:`.yaml_files.read_yaml`), as a :class:`QuizBankError`."""
    return yaml_files.read_yaml(path, label, QuizBankError)


def load_bank_file(path: Path) -> Bank:
    """Read and validate one bank file; raise :class:`QuizBankError` listing all its problems."""
    label = display(path)
    data = read_yaml(path, label)
    if not isinstance(data, dict):
        raise QuizBankError([Issue(label, "le fichier doit être une table de clés (chapitre, titre…)")])
    issues = _duplicate_ids(data, label)
    bank: Bank | None = None
    try:
        bank = Bank.model_validate(data)
    except ValidationError as error:
        issues += [_issue(label, data, detail) for detail in error.errors()]
    if bank is not None:
        issues += _chapter_issues(bank, path, label) or _objective_issues(bank, label)
    if issues or bank is None:
        raise QuizBankError(issues)
    return bank


def load_bank(chapitre: str, quiz_dir: Path | None = None) -> Bank:
    """The validated bank of one chapter, from the banks folder (see :func:`find_quiz_dir`)."""
    return load_bank_file(bank_path(chapitre, quiz_dir))


def check_banks(quiz_dir: Path | None = None) -> list[Bank]:
    """Validate every bank of the folder; raise one :class:`QuizBankError` listing every problem."""
    folder = quiz_dir or find_quiz_dir()
    if not folder.is_dir():
        raise QuizBankError([Issue(display(folder), "dossier introuvable")])
    banks: list[Bank] = []
    issues: list[Issue] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    for path in files:
        if not _BANK_NAME.match(path.name):
            issues.append(Issue(display(path), "nom attendu : NN.yaml (numéro du chapitre)"))
            continue
        try:
            banks.append(load_bank_file(path))
        except QuizBankError as error:
            issues += error.issues
    if not files:
        issues.append(Issue(display(folder), "aucune banque (NN.yaml) dans ce dossier"))
    if issues:
        raise QuizBankError(issues)
    return banks


# --- turning problems into readable French ----------------------------------------------------------


def _chapter_issues(bank: Bank, path: Path, label: str) -> list[Issue]:
    known = [c.id for c in CHAPTERS]
    if bank.chapitre not in known:
        message = f"chapitre inconnu « {bank.chapitre} » (connus : {', '.join(known)})"
        return [Issue(label, message, field="chapitre")]
    if _BANK_NAME.match(path.name) and path.stem != bank.chapitre:
        message = f"« {bank.chapitre} » ne correspond pas au nom du fichier ({path.name})"
        return [Issue(label, message, field="chapitre")]
    return []


def _objective_issues(bank: Bank, label: str) -> list[Issue]:
    """Each ``objectif`` is the id of one of the chapter's objectives in the course registry."""
    known = chapter(bank.chapitre).objectives_by_id
    return [
        Issue(
            label,
            f"objectif inconnu « {question.objectif} » (objectifs du chapitre {bank.chapitre} dans le "
            f"registre : {', '.join(known)})",
            item=f"question « {question.id} »",
            field="objectif",
        )
        for question in bank.questions
        if question.objectif is not None and question.objectif not in known
    ]


def _item_label(data: dict[str, Any], section: str, index: int) -> str:
    noun = "question" if section == "questions" else "affirmation"
    entries = data.get(section)
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
        return f"{noun} « {entry['id']} »"
    return f"{noun} n°{index + 1}"


def _duplicate_ids(data: dict[str, Any], label: str) -> list[Issue]:
    """Ids are unique across the questions and the statements of a bank."""
    first: dict[str, str] = {}
    issues = []
    for section in ("autoevaluation", "questions"):
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            where = f"{'question' if section == 'questions' else 'affirmation'} n°{index + 1}"
            if ident in first:
                message = f"identifiant « {ident} » déjà utilisé ({first[ident]})"
                issues.append(Issue(label, message, item=where, field="id"))
            else:
                first[ident] = where
    return issues


_TYPES_TEXT = ", ".join(QUESTION_TYPES)
#: Messages of this format's own (the tolerance is « positive »); the others come from reporting.french.
_MESSAGES = {
    "union_tag_not_found": f"manquant (types prévus : {_TYPES_TEXT})",
    "greater_than_equal": "doit être positive ou nulle",
}


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the format allows at ``loc`` (the parent of an unknown key)."""
    model: type[BaseModel] | None = None
    if loc == ():
        model = Bank
    elif loc == ("echelle",):
        model = Echelle
    elif len(loc) == 2 and loc[0] == "autoevaluation":
        model = Affirmation
    elif len(loc) == 3 and loc[0] == "questions":
        model = _QUESTION_MODELS.get(loc[2])
    elif len(loc) == 5 and loc[0] == "questions" and loc[3] == "choix":
        model = Choix
    return list(model.model_fields) if model else []


def _issue(label: str, data: dict[str, Any], detail: Any) -> Issue:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    item = None
    field_loc = loc
    if len(loc) >= 2 and loc[0] in ("questions", "autoevaluation") and isinstance(loc[1], int):
        item = _item_label(data, loc[0], loc[1])
        field_loc = loc[2:]
        if loc[0] == "questions" and field_loc and field_loc[0] in QUESTION_TYPES:
            field_loc = field_loc[1:]  # the discriminated union's tag
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        message = "clé inconnue" + (f" (clés prévues ici : {', '.join(allowed)})" if allowed else "")
    elif kind == "union_tag_invalid":
        message = f"type inconnu « {detail['ctx']['tag']} » (types prévus : {_TYPES_TEXT})"
        field_loc = ("type",)
    elif kind == "union_tag_not_found":
        message = _MESSAGES[kind]
        field_loc = ("type",)
    elif kind == "string_pattern_mismatch":
        message = (
            'deux chiffres entre guillemets, par exemple "05"'
            if loc == ("chapitre",)
            else "minuscules, chiffres et tirets seulement, par exemple « reseau-ou-media »"
        )
    elif kind == "string_type" and loc == ("chapitre",):
        message = 'doit être un texte entre guillemets, par exemple "05"'
    elif kind == "quiz":
        message = detail["msg"]
    else:
        message = _MESSAGES.get(kind) or french(detail)
    return Issue(label, message, item=item, field=location(field_loc) or None)
