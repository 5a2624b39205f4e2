"""Exercise answer forms: one YAML file per chapter (``notebooks/exercices/NN.yaml``), validated by pydantic.

An exercise file lists the chapter's steps (``etapes``), each one form the trainee fills in a notebook or
in the book (``exercice("04", "calendrier")``): a free text, labelled fields, an editable table with typed
columns, a checklist, or a calculator. Each step carries its model answer (``corrige``, Markdown). Every
problem becomes an :class:`~transition_numerique.reporting.Issue` naming the file, the step and the field,
in French; :class:`ExerciseError` carries all of them. The format is described in AUTHORING.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..reporting import InputError, Issue, french, location
from . import yaml_files
from .bank import ChapterId, Ident, Text, find_quiz_dir
from .chapters import CHAPTERS
from .yaml_files import display

#: Environment variable naming the folder of the exercise files (otherwise beside the quiz banks).
EXERCISES_DIR_ENV = "TRANSITION_NUMERIQUE_EXERCISES_DIR"
_FILE_NAME = re.compile(r"^\d{2}\.yaml$")

STEP_TYPES = ("texte", "champs", "tableau", "liste", "calcul")
COLUMN_TYPES = ("texte", "date", "oui-non", "nombre", "choix")
#: the calculators: what each one asks (input id, label) and what it computes (shown as the trainee types)
FORMULAS: dict[str, dict[str, Any]] = {
    "engagement": {
        "libelle": "Taux d’engagement",
        "entrees": [
            ("interactions", "Interactions (réactions, commentaires, partages)"),
            ("portee", "Portée"),
        ],
        "unite": "%",
    },
    "clic": {
        "libelle": "Taux de clic",
        "entrees": [("clics", "Clics"), ("impressions", "Impressions")],
        "unite": "%",
    },
    "conversion": {
        "libelle": "Taux de conversion",
        "entrees": [("conversions", "Conversions (ventes, devis, inscriptions)"), ("clics", "Clics")],
        "unite": "%",
    },
    "repartition": {"libelle": "Répartition du budget", "entrees": [], "unite": "%"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class _Step(_Strict):
    id: Ident
    titre: Text
    consigne: Text
    corrige: Text


class Texte(_Step):
    """A free, multi-line answer; ``mots`` is the number of words suggested (a guide, not a limit)."""

    type: Literal["texte"]
    mots: int | None = Field(default=None, gt=0)


class Champ(_Strict):
    """A labelled field; ``caracteres`` is a length guide shown as the trainee types (a title's 60)."""

    id: Ident
    libelle: Text
    caracteres: int | None = Field(default=None, gt=0)


def _unique_ids(items: list[Any], noun: str) -> list[Any]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{noun} «\u00a0{item.id}\u00a0» en double")
        seen.add(item.id)
    return items


class Champs(_Step):
    """Short labelled fields, one line each."""

    type: Literal["champs"]
    champs: list[Champ] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> Champs:
        _unique_ids(self.champs, "champ")
        return self


class Colonne(_Strict):
    """A column of an editable table; ``choix`` lists the values of a ``choix`` column."""

    id: Ident
    libelle: Text
    type: Literal["texte", "date", "oui-non", "nombre", "choix"] = "texte"
    choix: list[Text] | None = None

    @model_validator(mode="after")
    def _choices(self) -> Colonne:
        if self.type == "choix" and not self.choix:
            raise ValueError("une colonne de type choix doit lister ses valeurs (choix)")
        if self.type != "choix" and self.choix is not None:
            raise ValueError("choix n’est permis que pour une colonne de type choix")
        return self


class Equilibre(_Strict):
    """A computed check of a table: no value of ``colonne`` (a text or a choice, or « oui » of a yes/no
    column) is on more than ``max`` % of the filled rows."""

    colonne: Ident
    max: float = Field(gt=0, le=100)


class Tableau(_Step):
    """An editable table: typed columns, ``lignes`` empty rows to start with, rows added and removed."""

    type: Literal["tableau"]
    colonnes: list[Colonne] = Field(min_length=1)
    lignes: int = Field(default=3, ge=1, le=50)
    equilibre: list[Equilibre] = []
    #: a weighted score per row, shown ranked as the trainee types: number column id → weight in %
    #: (the weights sum to 100); the rows are named by their first column
    score: dict[str, int] = {}

    @model_validator(mode="after")
    def _columns(self) -> Tableau:
        _unique_ids(self.colonnes, "colonne")
        kinds = {c.id: c.type for c in self.colonnes}
        if self.score and (
            sum(self.score.values()) != 100 or any(kinds.get(c) != "nombre" for c in self.score)
        ):
            raise ValueError("score : des colonnes de type nombre dont les poids font 100")
        for check in self.equilibre:
            if kinds.get(check.colonne) not in ("texte", "choix", "oui-non"):
                raise ValueError(
                    f"equilibre : «\u00a0{check.colonne}\u00a0» n’est pas une colonne texte, choix ou oui-non"
                )
        return self


class Element(_Strict):
    """A checklist item; ``poids`` (1 to 3) counts in the list's score."""

    id: Ident
    texte: Text
    poids: int = Field(default=1, ge=1, le=3)


class Liste(_Step):
    """A checklist, with a weighted score out of 100 when ``score`` is set."""

    type: Literal["liste"]
    elements: list[Element] = Field(min_length=1)
    #: show the score as items are ticked: ticked weights over all weights, out of 100
    score: bool = False

    @model_validator(mode="after")
    def _ids(self) -> Liste:
        _unique_ids(self.elements, "élément")
        return self


class Calcul(_Step):
    """A calculator showing its result as the trainee types; ``repartition`` splits a budget over
    ``postes`` and must sum to 100 %; ``libelles`` renames the formula's inputs."""

    type: Literal["calcul"]
    formule: Literal["engagement", "clic", "conversion", "repartition"]
    postes: list[Champ] = []
    #: other labels for the formula's inputs, by input id (« Visites de la page » for « Clics »)
    libelles: dict[str, Text] = {}

    @model_validator(mode="after")
    def _postes(self) -> Calcul:
        if (self.formule == "repartition") != bool(self.postes):
            raise ValueError("postes est obligatoire pour la formule repartition, et réservé à elle")
        _unique_ids(self.postes, "poste")
        known = [key for key, _ in FORMULAS[self.formule]["entrees"]]
        if unknown := sorted(self.libelles.keys() - set(known)):
            raise ValueError(
                f"libelles : entrée inconnue {', '.join(unknown)} (entrées : {', '.join(known) or 'aucune'})"
            )
        return self


Step = Annotated[Texte | Champs | Tableau | Liste | Calcul, Field(discriminator="type")]


class ExerciseFile(_Strict):
    """One chapter's exercise forms."""

    chapitre: ChapterId
    etapes: list[Step] = Field(min_length=1)

    def etape(self, step_id: str) -> Texte | Champs | Tableau | Liste | Calcul:
        for step in self.etapes:
            if step.id == step_id:
                return step
        known = ", ".join(s.id for s in self.etapes)
        raise ExerciseError(
            [
                Issue(
                    f"exercices {self.chapitre}", f"étape inconnue «\u00a0{step_id}\u00a0» (étapes : {known})"
                )
            ]
        )


class ExerciseError(InputError):
    """One or more invalid exercise files; ``issues`` lists every problem found."""


def find_exercises_dir() -> Path:
    """``$TRANSITION_NUMERIQUE_EXERCISES_DIR``, else ``exercices/`` beside the quiz banks' folder."""
    if os.environ.get(EXERCISES_DIR_ENV):
        return Path(os.environ[EXERCISES_DIR_ENV])
    return find_quiz_dir().parent / "exercices"


def _step_label(data: dict[str, Any], index: int) -> str:
    steps = data.get("etapes")
    entry = steps[index] if isinstance(steps, list) and index < len(steps) else None
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f"étape «\u00a0{entry['id']}\u00a0»"
    return f"étape n°{index + 1}"


def _issue(label: str, data: dict[str, Any], detail: Any) -> Issue:
    loc = tuple(detail["loc"])
    item = None
    if len(loc) >= 2 and loc[0] == "etapes" and isinstance(loc[1], int):
        item = _step_label(data, loc[1])
        loc = loc[2:]
        if loc and loc[0] in STEP_TYPES:
            loc = loc[1:]  # the discriminated union's tag
    kind = detail["type"]
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        message = f"type inconnu ou manquant (types prévus : {', '.join(STEP_TYPES)})"
        loc = ("type",)
    elif kind == "literal_error" and loc and loc[-1] == "formule":
        message = f"formule inconnue (formules prévues : {', '.join(FORMULAS)})"
    else:
        message = french(detail)
    return Issue(label, message, item=item, field=location(loc) or None)


def load_exercise_file(path: Path) -> ExerciseFile:
    """Read and validate one exercise file; raise :class:`ExerciseError` listing all its problems."""
    label = display(path)
    data = yaml_files.read_yaml(path, label, ExerciseError)
    if not isinstance(data, dict):
        raise ExerciseError([Issue(label, "le fichier doit être une table de clés (chapitre, etapes)")])
    try:
        exercises = ExerciseFile.model_validate(data)
    except ValidationError as error:
        raise ExerciseError([_issue(label, data, detail) for detail in error.errors()]) from None
    issues = []
    seen: set[str] = set()
    for step in exercises.etapes:
        if step.id in seen:
            issues.append(
                Issue(label, "identifiant déjà utilisé", item=f"étape «\u00a0{step.id}\u00a0»", field="id")
            )
        seen.add(step.id)
    if exercises.chapitre not in {c.id for c in CHAPTERS}:
        issues.append(Issue(label, f"chapitre inconnu «\u00a0{exercises.chapitre}\u00a0»", field="chapitre"))
    elif _FILE_NAME.match(path.name) and path.stem != exercises.chapitre:
        issues.append(Issue(label, f"ne correspond pas au nom du fichier ({path.name})", field="chapitre"))
    if issues:
        raise ExerciseError(issues)
    return exercises


def load_exercises(chapitre: str, folder: Path | None = None) -> ExerciseFile:
    """The validated exercise file of one chapter."""
    return load_exercise_file((folder or find_exercises_dir()) / f"{chapitre}.yaml")


def check_exercises(folder: Path | None = None) -> list[ExerciseFile]:
    """Validate every exercise file of the folder; raise one :class:`ExerciseError` listing every problem."""
    folder = folder or find_exercises_dir()
    if not folder.is_dir():
        raise ExerciseError([Issue(display(folder), "dossier introuvable")])
    files, issues = [], []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        if not _FILE_NAME.match(path.name):
            issues.append(Issue(display(path), "nom attendu : NN.yaml (numéro du chapitre)"))
            continue
        try:
            files.append(load_exercise_file(path))
        except ExerciseError as error:
            issues += error.issues
    if issues:
        raise ExerciseError(issues)
    return files
