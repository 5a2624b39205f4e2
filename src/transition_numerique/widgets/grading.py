"""Grading of one answer, in Python, for the progress store.

The widget grades in its front-end (``widget.js``: ``grade`` and ``parseNumber``) so that it works in the
static book without a kernel; this module applies the very same rules when an answer reaches the
kernel, so that the store never trusts the browser's verdict. ``tests/fixtures/quiz/grading_cases.yaml``
is the one table of cases both sides are tested against.

Answers, as the front-end sends them (JSON): an option index (``choix-unique``), a list of distinct
option indexes (``choix-multiple``), a boolean (``vrai-faux``), the text typed (``numerique``). An index
is a number of integer value, ``1.0`` as ``1``: JSON, hence JavaScript, does not tell them apart.
Anything else does not fit the question: ``grade`` raises ``ValueError``, and only that.
"""

from __future__ import annotations

import re
from typing import Any

from ..course.bank import ChoixMultiple, ChoixUnique, Numerique, VraiFaux

_SPACES = re.compile("[ \t\n\r\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
#: Room for binary rounding (4.6 - 4.5 > 0.1 in floating point) so that the tolerance is inclusive.
_EPSILON = 1e-9


def parse_number(text: object) -> float | None:
    """« 4,5 », « 4.5 », « 1 234,5 », « -2 » (or a minus sign) → a float; ``None`` if not one number."""
    if not isinstance(text, str):
        return None
    cleaned = _SPACES.sub("", text).replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned) if _NUMBER.match(cleaned) else None


def within(value: float, target: float, tolerance: float) -> bool:
    """``|value - target| <= tolerance``, the bound included despite binary rounding."""
    return abs(value - target) <= tolerance + _EPSILON * max(1.0, abs(target))


def _index(value: Any, count: int) -> int:
    """An option index: an int, or a float of integer value (not NaN, not infinite), in ``0..count-1``."""
    number = not isinstance(value, bool) and isinstance(value, int | float)
    if not number or (isinstance(value, float) and not value.is_integer()) or not 0 <= value < count:
        raise ValueError(f"numéro de choix invalide : {value!r} (0 à {count - 1})")
    return int(value)


def grade(question: ChoixUnique | ChoixMultiple | VraiFaux | Numerique, reponse: Any) -> bool:
    """Whether ``reponse`` is right; ``ValueError`` when it does not fit the question's type."""
    if isinstance(question, ChoixUnique):
        return question.choix[_index(reponse, len(question.choix))].correct
    if isinstance(question, ChoixMultiple):
        if not isinstance(reponse, list):
            raise ValueError(f"liste de choix attendue, reçu {reponse!r}")
        chosen = [_index(value, len(question.choix)) for value in reponse]
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"choix en double : {reponse!r}")
        return set(chosen) == {n for n, item in enumerate(question.choix) if item.correct}
    if isinstance(question, VraiFaux):
        if not isinstance(reponse, bool):
            raise ValueError(f"true ou false attendu, reçu {reponse!r}")
        return reponse is question.reponse
    if not isinstance(reponse, str):
        raise ValueError(f"texte saisi attendu, reçu {reponse!r}")
    value = parse_number(reponse)
    if value is None:
        raise ValueError(f"nombre attendu, reçu {reponse!r}")
    return within(value, question.reponse, question.tolerance)
