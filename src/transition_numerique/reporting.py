"""Reporting bad input and counting things in French, once for the whole package.

An :class:`Issue` locates one problem (file, line, item, field) with a French message; an
:class:`InputError` carries every issue found, so an author or a trainee reads them all at once. Banks,
the action catalogue, the chart data and exports raise subclasses of it. :func:`french` translates one
pydantic error: pydantic has no French messages, hence the table. :func:`plural` and :func:`join`
(babel's list patterns) word counts and lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from babel.lists import format_list

NBSP = "\u00a0"


class Issue(NamedTuple):
    """One problem in one input file, located as precisely as the file allows."""

    file: str
    message: str
    item: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.describe()

    def describe(self, file: bool = True) -> str:
        """« file, ligne 3, question « x », champ « y » : message », or the same without the file."""
        where = [self.file] if file else []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.item:
            where.append(self.item)
        if self.field:
            kind = "colonne" if self.file.endswith(".csv") else "champ"
            where.append(f"{kind} «{NBSP}{self.field}{NBSP}»")
        return f"{', '.join(where)}{NBSP}: {self.message}" if where else self.message


class ProgressWarning(UserWarning):
    """Progress that could not be read, written or counted: a file moved aside, a bank left out, a
    note ignored. A warning, not an error: the trainee's notebook goes on."""


class InputError(ValueError):
    """Input that cannot be used; ``issues`` lists every problem found, one per line of the message."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "clé inconnue",
    "string_type": "doit être un texte",
    "string_too_short": "ne doit pas être vide",
    "string_pattern_mismatch": "minuscules, chiffres et tirets seulement",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
    "finite_number": "doit être un nombre fini",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "list_type": f"doit être une liste (lignes commençant par «{NBSP}-{NBSP}»)",
    "dict_type": "doit être une table de clés (clé: valeur)",
    "model_type": "doit être une table de clés (clé: valeur)",
    "model_attributes_type": "doit être une table de clés (clé: valeur)",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "datetime_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM:SS",
    "datetime_from_date_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM:SS",
    "json_invalid": "JSON invalide",
    "url_parsing": "adresse web invalide",
}


_BOUNDS = {
    "greater_than_equal": "supérieur ou égal à",
    "greater_than": "supérieur à",
    "less_than_equal": "inférieur ou égal à",
    "less_than": "inférieur à",
}


def french(detail: Any) -> str:
    """One pydantic error detail (``ValidationError.errors()``) as a French message."""
    kind = detail["type"]
    if kind in _BOUNDS:
        bound = next(iter(detail.get("ctx", {}).values()), None)
        if kind == "greater_than_equal" and bound == 0:
            return "doit être positif ou nul"
        return (
            f"doit être {_BOUNDS[kind]} {bound:g}"
            if isinstance(bound, float)
            else f"doit être {_BOUNDS[kind]} {bound}"
        )
    if kind == "literal_error":
        return f"valeur attendue{NBSP}: {detail['ctx']['expected']} (ici «{NBSP}{detail['input']}{NBSP}»)"
    if kind in ("value_error", "assertion_error"):
        return str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "json_invalid":
        return f"JSON invalide{NBSP}: {detail['ctx']['error']}"
    return _MESSAGES.get(kind, f"valeur refusée ({detail['msg']})")


def location(parts: Iterable[Any]) -> str:
    """A pydantic location as authors read it: questions › n°2 › choix."""
    return " › ".join(f"n°{part + 1}" if isinstance(part, int) else str(part) for part in parts)


def plural_s(count: int) -> str:
    """The French plural mark for ``count`` things: « s » from 2 on, nothing for 0 and 1."""
    return "s" if count > 1 else ""


def plural(count: int, word: str, many: str | None = None) -> str:
    """« 0 question », « 1 question », « 2 questions »; ``many`` for an irregular plural."""
    return f"{count} {many if count > 1 and many else word + plural_s(count)}"


def join(items: Iterable[str]) -> str:
    """« a », « a et b », « a, b et c »: babel's French list pattern."""
    items = list(items)
    return format_list(items, locale="fr") if items else ""
