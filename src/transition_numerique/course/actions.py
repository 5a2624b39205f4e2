"""The bilan's action catalogue: ``actions.yaml``, validated by pydantic.

For each of the eight problems: a short label (radar, tables) and actions drawn from the chapter's
« À retenir » section, each with an impact (``fort`` | ``moyen``) and an effort (``faible`` |
``important``). Every problem in the file becomes one :class:`~transition_numerique.reporting.Issue`
naming the file, the problem or action and the field; :class:`ActionsError` carries all of them. The
file is read with the question banks' YAML reader, which refuses duplicate keys and locates syntax
errors by line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..reporting import InputError, Issue, french
from .bank import Ident, Text
from .chapters import PROBLEMS
from .yaml_files import read_yaml

DEFAULT_PATH = Path(__file__).with_name("actions.yaml")
MIN_ACTIONS = 2

Impact = Literal["fort", "moyen"]
Effort = Literal["faible", "important"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Action(_Strict):
    """One thing to do, with its impact and its effort."""

    id: Ident
    action: Text
    impact: Impact
    effort: Effort

    @property
    def gain_rapide(self) -> bool:
        """High impact for little effort: the first actions of a plan."""
        return self.impact == "fort" and self.effort == "faible"


class ProblemActions(_Strict):
    """One problem's short label and actions."""

    chapitre: str
    libelle: Text
    actions: list[Action]


class Catalogue(_Strict):
    """The whole file: one entry per problem, in the file's order."""

    problemes: list[ProblemActions]

    def of(self, chapitre: str) -> ProblemActions:
        """The entry of one problem (KeyError if the catalogue has none)."""
        for entry in self.problemes:
            if entry.chapitre == chapitre:
                return entry
        raise KeyError(f"aucune action pour le chapitre {chapitre!r}")


class ActionsError(InputError):
    """An invalid action catalogue; ``issues`` lists every problem found."""


def _entry(data: Any, index: int, key: str) -> Any:
    entries = data.get(key) if isinstance(data, dict) else None
    return entries[index] if isinstance(entries, list) and index < len(entries) else None


def _item(data: Any, loc: tuple[Any, ...]) -> tuple[str | None, tuple[Any, ...]]:
    """« problème « 03 », action « veille » » and the rest of ``loc``, read from the raw data."""
    if len(loc) < 2 or loc[0] != "problemes" or not isinstance(loc[1], int):
        return None, loc
    problem = _entry(data, loc[1], "problemes")
    chapitre = problem.get("chapitre") if isinstance(problem, dict) else None
    item = f"problème « {chapitre} »" if isinstance(chapitre, str) else f"problème n°{loc[1] + 1}"
    if len(loc) >= 4 and loc[2] == "actions" and isinstance(loc[3], int):
        action = _entry(problem, loc[3], "actions")
        ident = action.get("id") if isinstance(action, dict) else None
        label = f"action « {ident} »" if isinstance(ident, str) else f"action n°{loc[3] + 1}"
        return f"{item}, {label}", loc[4:]
    return item, loc[2:]


def _issue(label: str, data: Any, detail: Any) -> Issue:
    item, rest = _item(data, tuple(detail["loc"]))
    message = french(detail)
    if detail["type"] == "string_pattern_mismatch":
        message += ", par exemple «\u00a0fiche-google\u00a0»"
    field = " › ".join(str(part) for part in rest) or None
    return Issue(label, message, item=item, field=field)


def _coverage_issues(catalogue: Catalogue, label: str) -> list[Issue]:
    """Each of the eight problems exactly once, enough actions, ids unique in the file."""
    issues = []
    expected = [problem.id for problem in PROBLEMS]
    seen_chapters: set[str] = set()
    seen_ids: dict[str, str] = {}
    for entry in catalogue.problemes:
        item = f"problème « {entry.chapitre} »"
        if entry.chapitre not in expected:
            message = f"chapitre inconnu (attendus : {', '.join(expected)})"
            issues.append(Issue(label, message, item=item, field="chapitre"))
        elif entry.chapitre in seen_chapters:
            issues.append(Issue(label, "chapitre déjà décrit plus haut", item=item, field="chapitre"))
        seen_chapters.add(entry.chapitre)
        if len(entry.actions) < MIN_ACTIONS:
            message = f"au moins {MIN_ACTIONS} actions sont nécessaires (ici {len(entry.actions)})"
            issues.append(Issue(label, message, item=item, field="actions"))
        for action in entry.actions:
            where = f"{item}, action « {action.id} »"
            if action.id in seen_ids:
                message = f"identifiant déjà utilisé ({seen_ids[action.id]})"
                issues.append(Issue(label, message, item=where, field="id"))
            seen_ids.setdefault(action.id, item)
    missing = [chapitre for chapitre in expected if chapitre not in seen_chapters]
    if missing:
        message = f"aucune action pour le chapitre {', '.join(missing)}"
        issues.append(Issue(label, message, field="problemes"))
    return issues


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate an action catalogue; raise :class:`ActionsError` listing all its problems."""
    source = path or DEFAULT_PATH
    label = str(source)
    data = read_yaml(source, label, ActionsError)
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as error:
        raise ActionsError(_issue(label, data, detail) for detail in error.errors()) from None
    issues = _coverage_issues(catalogue, label)
    if issues:
        raise ActionsError(issues)
    return catalogue


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the package, read once."""
    return load_catalogue()
