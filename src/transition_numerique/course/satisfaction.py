"""The satisfaction questionnaires (Qualiopi indicator 30): ``notebooks/quiz/satisfaction/satisfaction.yaml``.

One scale for every questionnaire (:class:`~.bank.Echelle`, the self-assessment's), and per
questionnaire: statements rated on it (:class:`~.bank.Affirmation`) and one open question. The end of
course questionnaire (``fin-de-formation``) sits at the end of the bilan; the « à froid » one (``a-froid``)
is the one the trainer sends weeks later, through the same widget. Errors name the file, the
questionnaire and the field, as the banks' do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator

from ..reporting import NBSP, InputError, Issue, french, location
from .bank import Affirmation, Echelle, Ident, Text, _Strict, find_quiz_dir
from .yaml_files import display, read_yaml

FIN_DE_FORMATION, A_FROID = "fin-de-formation", "a-froid"


class SatisfactionError(InputError):
    """The questionnaires file is invalid; the issues name the file, questionnaire and field."""


class Questionnaire(_Strict):
    id: Ident
    titre: Text
    consigne: Text
    affirmations: list[Affirmation]
    texte_libre: Text

    @field_validator("affirmations")
    @classmethod
    def _some(cls, items: list[Affirmation]) -> list[Affirmation]:
        if not items:
            raise ValueError("au moins une affirmation")
        ids = [item.id for item in items]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"identifiant en double{NBSP}: {', '.join(twice)}")
        return items


class Questionnaires(_Strict):
    echelle: Echelle = Echelle()
    questionnaires: list[Questionnaire]

    @field_validator("questionnaires")
    @classmethod
    def _unique(cls, items: list[Questionnaire]) -> list[Questionnaire]:
        ids = [item.id for item in items]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"questionnaire en double{NBSP}: {', '.join(twice)}")
        return items

    def get(self, questionnaire: str) -> Questionnaire:
        """The questionnaire of that id; ``KeyError`` naming the known ones otherwise."""
        for item in self.questionnaires:
            if item.id == questionnaire:
                return item
        raise KeyError(
            f"questionnaire inconnu{NBSP}: {questionnaire!r} ({', '.join(q.id for q in self.questionnaires)})"
        )


def default_path(quiz_dir: Path | None = None) -> Path:
    """``satisfaction/satisfaction.yaml`` in the banks' folder."""
    return (quiz_dir or find_quiz_dir()) / "satisfaction" / "satisfaction.yaml"


def load_questionnaires(path: Path | None = None) -> Questionnaires:
    """Read and validate the questionnaires; :class:`SatisfactionError` lists every problem located."""
    source = path or default_path()
    label = display(source)
    data = read_yaml(source, label, SatisfactionError)
    if not isinstance(data, dict):
        raise SatisfactionError(
            [Issue(label, "le fichier doit être une table de clés (echelle, questionnaires)")]
        )
    try:
        return Questionnaires.model_validate(data)
    except ValidationError as error:
        raise SatisfactionError([_issue(label, data, detail) for detail in error.errors()]) from None


def _issue(label: str, data: dict[str, Any], detail: Any) -> Issue:
    loc = tuple(detail["loc"])
    item = None
    if len(loc) >= 2 and loc[0] == "questionnaires" and isinstance(loc[1], int):
        entries = data.get("questionnaires") or []
        entry = entries[loc[1]] if loc[1] < len(entries) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        item = f"questionnaire « {name} »" if name else f"questionnaire n°{loc[1] + 1}"
        loc = loc[2:]
    message = detail["msg"] if detail["type"] == "quiz" else french(detail)  # the bank's own messages
    return Issue(label, message, item=item, field=location(loc) or None)
